// The "layout" domain of the session API: every layout edit a window can ask for, checked and
// applied by the plot orchestrator, recorded for undo (one history shared by all windows), and
// the export query. A refusal is thrown and so answered to the asking window only.
import type { LayoutCommand } from '../../shared/api/layout-commands';
import type { GridExport, LayoutQuery } from '../../shared/api/layout-queries';
import type { JsonValue } from '../../shared/json';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import { catalogueTemplateToGrid, exportFileName, gridToYaml, yamlToGrid } from './layout-exchange';
import { LayoutRefused, type LayoutSnapshot, type PlotOrchestrator } from './plot-orchestrator';
import { UndoHistory } from './undo-history';

export class LayoutEditor {
  readonly history = new UndoHistory<LayoutSnapshot>();
  /** Inside an edit, undo or redo of this editor (its changes are in the history). */
  private applying = false;
  private known: Set<string>;
  /** Layers other components created (ROI publisher): an undo must not take them away. */
  private readonly external = new Set<string>();

  constructor(
    private readonly plots: PlotOrchestrator,
    private readonly instrument: InstrumentSpec,
  ) {
    this.known = plots.layerIds();
    plots.onChange(() => {
      const ids = plots.layerIds();
      const h = this.history.view();
      // With nothing to undo or redo (e.g. while the layout loads) no layer needs protecting.
      if (!h.canUndo && !h.canRedo) this.external.clear();
      else if (!this.applying) for (const id of ids) if (!this.known.has(id)) this.external.add(id);
      for (const id of this.external) if (!ids.has(id)) this.external.delete(id);
      this.known = ids;
    });
  }

  handle(command: LayoutCommand): JsonValue {
    const p = this.plots;
    switch (command.type) {
      case 'layout.undo': {
        const e = this.history.undo(p.snapshot());
        if (!e) throw new LayoutRefused('nothing to undo');
        this.applyingDo(() => p.restore(e.state, { keepLayers: this.external }));
        return { label: e.label };
      }
      case 'layout.redo': {
        const e = this.history.redo(p.snapshot());
        if (!e) throw new LayoutRefused('nothing to redo');
        this.applyingDo(() => p.restore(e.state, { keepLayers: this.external }));
        return { label: e.label };
      }
      case 'layout.addGrid':
        return this.edit(`add grid '${command.title}'`, () => p.addGrid(command.title, command.rows, command.cols));
      case 'layout.addGridFromTemplate': {
        const template = this.instrument.gridTemplates.find((t) => t.title === command.template);
        if (!template) throw new LayoutRefused(`the instrument has no grid template '${command.template}'`);
        const entry = catalogueTemplateToGrid(template, this.instrument);
        return this.edit(`add grid '${entry.title}' from template`, () => {
          const { gridId, problems } = p.addGridEntry(entry);
          return { gridId, problems };
        });
      }
      case 'layout.importGrid': {
        let entry;
        try {
          entry = yamlToGrid(command.yaml, this.instrument);
        } catch (err) {
          throw new LayoutRefused(err instanceof Error ? err.message : String(err));
        }
        return this.edit(`import grid '${entry.title}'`, () => {
          const { gridId, problems } = p.addGridEntry(entry);
          return { gridId, problems };
        });
      }
      case 'layout.copyGrid': {
        const from = this.gridTitle(command.gridId);
        return this.edit(`copy grid '${from}' as '${command.title}'`, () => p.copyGrid(command.gridId, command.title));
      }
      case 'layout.renameGrid': {
        const from = this.gridTitle(command.gridId);
        return this.edit(`rename grid '${from}' to '${command.title}'`, () => p.renameGrid(command.gridId, command.title));
      }
      case 'layout.replaceGrid': {
        const from = this.gridTitle(command.gridId);
        return this.edit(`edit grid '${from}'`, () => ({ removedCells: p.replaceGrid(command.gridId, command.title, command.rows, command.cols) }));
      }
      case 'layout.moveGrid':
        return this.edit(`move grid '${this.gridTitle(command.gridId)}'`, () => p.moveGrid(command.gridId, command.toIndex));
      case 'layout.setGridEnabled':
        return this.edit(`${command.enabled ? 'show' : 'hide'} grid '${this.gridTitle(command.gridId)}'`, () => p.setGridEnabled(command.gridId, command.enabled));
      case 'layout.removeGrid':
        return this.edit(`remove grid '${this.gridTitle(command.gridId)}'`, () => p.removeGrid(command.gridId));
      case 'layout.addCell':
        return this.edit('add plot', () => p.addCellWithLayer(command.gridId, command.region, command.title, command.layer));
      case 'layout.setCellTitle':
        return this.edit(`rename plot '${this.cellTitle(command.cellId)}'`, () => p.setCellTitle(command.cellId, command.title));
      case 'layout.removeCell':
        return this.edit(`remove plot '${this.cellTitle(command.cellId)}'`, () => p.removeCell(command.cellId));
      case 'layout.addLayer':
        return this.edit(`add layer to '${this.cellTitle(command.cellId)}'`, () => p.addLayer(command.cellId, command.layer, { strict: true }));
      case 'layout.reconfigureLayer': {
        const title = this.cellTitle(p.cellIdOfLayer(command.layerId));
        return this.edit(`configure plot '${title}'`, () => p.updateLayerConfig(command.layerId, command.layer, { strict: true }));
      }
      case 'layout.removeLayer': {
        const title = this.cellTitle(p.cellIdOfLayer(command.layerId));
        return this.edit(`remove layer from '${title}'`, () => p.removeLayer(command.layerId));
      }
    }
  }

  query(query: LayoutQuery): GridExport {
    switch (query.type) {
      case 'layout.exportGrid': {
        const entry = this.plots.gridEntry(query.gridId);
        return { fileName: exportFileName(entry.title), yaml: gridToYaml(entry, this.instrument) };
      }
    }
  }

  /** Runs an edit; when it changed the layout, the state before it becomes an undo step. */
  private edit(label: string, run: () => unknown): JsonValue {
    const before = this.plots.snapshot();
    const version = this.plots.topologyVersion;
    const result = this.applyingDo(run);
    if (this.plots.topologyVersion !== version) this.history.record(label, before);
    return (result ?? null) as JsonValue;
  }

  private applyingDo<T>(run: () => T): T {
    this.applying = true;
    try {
      return run();
    } finally {
      this.applying = false;
    }
  }

  private gridTitle(gridId: string): string {
    const t = this.plots.gridTitle(gridId);
    if (t === null) throw new LayoutRefused('the grid was removed');
    return t;
  }

  private cellTitle(cellId: string | null): string {
    const d = cellId ? this.plots.describeCell(cellId) : null;
    if (!d) throw new LayoutRefused('the plot was removed');
    return d.title;
  }
}
