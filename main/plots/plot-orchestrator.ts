// Grids (tabs) of cells of layers. Owns the topology and its version; wires each layer to
// its data keys and to the run state of its workflow. A layer config change gives the layer
// a new id, so every session drops the old one's presenter and builds a fresh one.
import { randomUUID } from 'node:crypto';
import type { CellView, GridView, LayerConfig, Topology } from '../../shared/protocol';
import type { Logger } from '../logging/logger';
import type { DataStore } from '../data/data-store';
import { dataKeyId } from '../data/data-store';
import { findWorkflow, type InstrumentSpec } from '../instruments/instrument-spec';
import type { LayerStore } from './layer-store';
import { createPlotter, type PlotterInput } from './plotters';
import type { Layout } from './layout';

export interface CellGeometry {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

interface Cell extends CellGeometry {
  id: string;
  title: string | null;
  layerIds: string[];
}

interface Grid {
  id: string;
  title: string;
  rows: number;
  cols: number;
  cells: Cell[];
}

/** What the plot side needs to know about run state (implemented by the job orchestrator). */
export interface RunState {
  currentJob(workflowId: string): string | null;
}

export class PlotOrchestrator {
  private grids: Grid[] = [];
  private version = 1;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly instrument: InstrumentSpec,
    private readonly data: DataStore,
    private readonly layers: LayerStore,
    private readonly runState: RunState,
    private readonly logger: Logger,
  ) {
    data.onCommit((changed) => this.onData(changed));
  }

  get topologyVersion(): number {
    return this.version;
  }

  topology(): Topology {
    return {
      version: this.version,
      grids: this.grids.map((g): GridView => ({
        id: g.id,
        title: g.title,
        rows: g.rows,
        cols: g.cols,
        cells: g.cells.map((c): CellView => {
          const layers = c.layerIds.flatMap((id) => {
            const l = this.layers.get(id);
            return l ? [{ id, config: l.config, title: l.title }] : [];
          });
          return {
            id: c.id, row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan,
            title: c.title ?? layers.map((l) => l.title).join(' + '),
            layers,
          };
        }),
      })),
    };
  }

  addGrid(title: string, rows: number, cols: number): string {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows > 6 || cols > 6) {
      throw new RangeError(`grid size ${rows}×${cols} is outside 1–6 × 1–6`);
    }
    const grid: Grid = { id: randomUUID(), title, rows, cols, cells: [] };
    this.grids.push(grid);
    this.bump();
    return grid.id;
  }

  removeGrid(gridId: string): void {
    const grid = this.grids.find((g) => g.id === gridId);
    if (!grid) return;
    for (const cell of grid.cells) for (const id of cell.layerIds) this.layers.remove(id);
    this.grids = this.grids.filter((g) => g !== grid);
    this.bump();
  }

  addCell(gridId: string, geometry: CellGeometry, title: string | null = null): string {
    const grid = this.grids.find((g) => g.id === gridId);
    if (!grid) throw new Error(`no grid ${gridId}`);
    const { row, col, rowSpan, colSpan } = geometry;
    if (row < 0 || col < 0 || rowSpan < 1 || colSpan < 1 || row + rowSpan > grid.rows || col + colSpan > grid.cols) {
      throw new RangeError(`cell ${row},${col} ${rowSpan}×${colSpan} does not fit the ${grid.rows}×${grid.cols} grid`);
    }
    if (grid.cells.some((c) => overlaps(c, geometry))) throw new RangeError('that position is already occupied');
    const cell: Cell = { id: randomUUID(), title, layerIds: [], ...geometry };
    grid.cells.push(cell);
    this.bump();
    return cell.id;
  }

  removeCell(cellId: string): void {
    for (const grid of this.grids) {
      const cell = grid.cells.find((c) => c.id === cellId);
      if (!cell) continue;
      for (const id of cell.layerIds) this.layers.remove(id);
      grid.cells = grid.cells.filter((c) => c !== cell);
      this.bump();
      return;
    }
  }

  addLayer(cellId: string, config: LayerConfig): string {
    const cell = this.findCell(cellId);
    if (!cell) throw new Error(`no cell ${cellId}`);
    const id = this.createLayer(config);
    cell.layerIds.push(id);
    this.bump();
    return id;
  }

  /** Replaces a layer's config: the layer gets a new id at the same position. */
  updateLayerConfig(layerId: string, config: LayerConfig): string {
    const cell = this.cellOfLayer(layerId);
    if (!cell) throw new Error(`no layer ${layerId}`);
    const id = this.createLayer(config);
    cell.layerIds[cell.layerIds.indexOf(layerId)] = id;
    this.layers.remove(layerId);
    this.bump();
    return id;
  }

  /** Removing a cell's last layer removes the cell. */
  removeLayer(layerId: string): void {
    const cell = this.cellOfLayer(layerId);
    if (!cell) return;
    cell.layerIds = cell.layerIds.filter((id) => id !== layerId);
    this.layers.remove(layerId);
    if (cell.layerIds.length === 0) this.removeCell(cell.id);
    else this.bump();
  }

  /** The layout as persisted: no ids, configs only. */
  serialize(): Layout {
    return {
      grids: this.grids.map((g) => ({
        title: g.title, rows: g.rows, cols: g.cols,
        cells: g.cells.map((c) => ({
          row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, title: c.title,
          layers: c.layerIds.flatMap((id) => { const l = this.layers.get(id); return l ? [l.config] : []; }),
        })),
      })),
    };
  }

  /** Builds grids from a persisted layout; a cell or layer that no longer fits is skipped and reported. */
  load(layout: Layout): string[] {
    const problems: string[] = [];
    for (const g of layout.grids) {
      const gridId = this.addGrid(g.title, g.rows, g.cols);
      for (const c of g.cells) {
        let cellId: string;
        try {
          cellId = this.addCell(gridId, c, c.title);
        } catch (err) {
          problems.push(`grid '${g.title}': cell at ${c.row},${c.col}: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
        for (const layer of c.layers) {
          try {
            this.addLayer(cellId, layer);
          } catch (err) {
            problems.push(`grid '${g.title}': ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        if (this.findCell(cellId)?.layerIds.length === 0) this.removeCell(cellId);
      }
    }
    return problems;
  }

  /** A workflow started a new generation: its layers get fresh plotters and wait for data. */
  onJobStarted(workflowId: string): void {
    for (const layer of this.layers.all()) {
      if (layer.config.workflowId !== workflowId) continue;
      this.layers.startJob(layer.id, createPlotter(layer.config.plotter, { title: layer.title, params: layer.config.params }));
      this.compute(layer.id);
    }
  }

  /** A workflow stopped: its layers keep their last plot and show STOPPED. */
  onJobStopped(workflowId: string): void {
    for (const layer of this.layers.all()) {
      if (layer.config.workflowId === workflowId) this.layers.stopJob(layer.id);
    }
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  private createLayer(config: LayerConfig): string {
    const workflow = findWorkflow(this.instrument, config.workflowId);
    if (!workflow) throw new Error(`unknown workflow ${config.workflowId}`);
    const output = workflow.outputs.find((o) => o.name === config.outputName);
    if (!output) throw new Error(`workflow ${workflow.title} has no output ${config.outputName}`);
    const unknown = config.sourceNames.filter((s) => !workflow.sources.includes(s));
    if (unknown.length) throw new Error(`workflow ${workflow.title} has no source ${unknown.join(', ')}`);
    const id = randomUUID();
    const title = `${workflow.title} → ${output.title} (${config.sourceNames.join(', ')})`;
    this.layers.add(id, config, title);
    // A layer added to a running workflow starts at once and shows retained data.
    if (this.runState.currentJob(config.workflowId)) {
      this.layers.startJob(id, createPlotter(config.plotter, { title, params: config.params }));
      this.compute(id);
    } else if (config.sourceNames.some((sourceName) => this.data.get({ workflowId: config.workflowId, sourceName, outputName: config.outputName }))) {
      // Its workflow is stopped but its data is retained: show that data as STOPPED (design §5).
      this.layers.startJob(id, createPlotter(config.plotter, { title, params: config.params }));
      this.compute(id);
      this.layers.stopJob(id);
    }
    return id;
  }

  private onData(changed: ReadonlySet<string>): void {
    for (const layer of this.layers.all()) {
      const { workflowId, outputName, sourceNames } = layer.config;
      if (sourceNames.some((sourceName) => changed.has(dataKeyId({ workflowId, sourceName, outputName })))) {
        this.compute(layer.id);
      }
    }
  }

  private compute(layerId: string): void {
    const layer = this.layers.get(layerId);
    if (!layer || !layer.plotter) return;
    const { workflowId, outputName, sourceNames } = layer.config;
    const inputs: PlotterInput[] = [];
    for (const sourceName of sourceNames) {
      const entry = this.data.get({ workflowId, sourceName, outputName });
      if (entry) inputs.push({ sourceName, data: entry.value });
    }
    if (inputs.length === 0) return;
    try {
      this.layers.setPlot(layerId, layer.plotter.compute(inputs));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn('plot compute failed', { layer: layerId, title: layer.title, error: message });
      this.layers.fail(layerId, message);
    }
  }

  private findCell(cellId: string): Cell | undefined {
    for (const g of this.grids) for (const c of g.cells) if (c.id === cellId) return c;
    return undefined;
  }

  private cellOfLayer(layerId: string): Cell | undefined {
    for (const g of this.grids) for (const c of g.cells) if (c.layerIds.includes(layerId)) return c;
    return undefined;
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

function overlaps(a: CellGeometry, b: CellGeometry): boolean {
  return a.row < b.row + b.rowSpan && b.row < a.row + a.rowSpan && a.col < b.col + b.colSpan && b.col < a.col + a.colSpan;
}
