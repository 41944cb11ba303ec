// Grids (tabs) of cells of layers. Owns the topology and its version; wires each layer to
// its data keys and to the run state of its workflow. A layer config change gives the layer
// a new id, so every session drops the old one's presenter and builds a fresh one.
//
// Every edit is checked before anything changes, and refusals name the race a window can
// lose ("the grid was removed", "the plot was removed", "that position is already occupied").
// Entries this build cannot use (unknown workflow, a cell that does not fit) are kept verbatim
// as "unavailable" so that saving the layout never drops what the user wrote.
import { randomUUID } from 'node:crypto';
import type { CatalogueView, OutputView } from '../../shared/catalogue';
import type { JsonObject, JsonValue } from '../../shared/json';
import { validateParams } from '../../shared/params';
import { isCompatible, plotterInfo } from '../../shared/plotters';
import { LayerConfigSchema, type CellView, type GridView, type LayerConfig, type Topology, type UnavailableEntry } from '../../shared/protocol';
import type { Logger } from '../logging/logger';
import type { DataStore } from '../data/data-store';
import { dataKeyId } from '../data/data-store';
import { findWorkflow, type InstrumentSpec, type WorkflowSpec } from '../instruments/instrument-spec';
import type { LayerStore } from './layer-store';
import { needsEveryUpdate } from './compute-economy';
import { createPlotter, type PlotterInput } from './plotters';
import { plotterContext } from './plotters/context';
import { CellEntrySchema, GridEntrySchema, describeRaw, zodProblem, type GridEntry, type LayoutFile } from './layout';
import { MAX_GRID_SIZE } from '../../shared/api/layout-commands';

export interface CellGeometry {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/** A layer slot of a cell: a live layer, or an entry kept verbatim that this build cannot draw. */
type LayerSlot =
  | { kind: 'live'; id: string; config: LayerConfig }
  | { kind: 'unavailable'; id: string; raw: JsonValue; reason: string; summary: string };

interface Cell extends CellGeometry {
  id: string;
  title: string | null;
  layers: LayerSlot[];
}

interface Verbatim {
  id: string;
  raw: JsonValue;
  reason: string;
  summary: string;
}

interface Grid {
  id: string;
  title: string;
  rows: number;
  cols: number;
  enabled: boolean;
  cells: Cell[];
  /** Cell entries kept as written that could not be placed. */
  unplaced: Verbatim[];
  /** The whole grid entry could not be used: kept as written. */
  invalid: Verbatim | null;
}

/** The structure of the layout, with layer ids: what undo restores. Plain data (cloneable). */
export type LayoutSnapshot = readonly Grid[];

/** What the plot side needs to know about run state (implemented by the job orchestrator). */
export interface RunState {
  currentJob(workflowId: string): string | null;
}

/** A refusal to show the asking window as is. */
export class LayoutRefused extends Error {
  override name = 'LayoutRefused';
}

export const GRID_REMOVED = 'the grid was removed';
export const PLOT_REMOVED = 'the plot was removed';
export const OCCUPIED = 'that position is already occupied';
export const NOT_ALONE = 'a table or layout-mode plot cannot share a cell with other layers; place it in its own cell';

/** Static overlays (vlines, rectangles, …) are drawn from their params alone: no workflow runs. */
export const STATIC_WORKFLOW_PREFIX = 'static/';
export const isStaticLayer = (c: Pick<LayerConfig, 'workflowId'>): boolean => c.workflowId.startsWith(STATIC_WORKFLOW_PREFIX);

export class PlotOrchestrator {
  private grids: Grid[] = [];
  private version = 1;
  private readonly listeners = new Set<() => void>();
  private catalogue: CatalogueView | null = null;

  constructor(
    private readonly instrument: InstrumentSpec,
    private readonly data: DataStore,
    private readonly layers: LayerStore,
    private readonly runState: RunState,
    private readonly logger: Logger,
  ) {
    data.onCommit((changed) => this.onData(changed));
  }

  /** Layers some session shows; null until sessions report what they show (then every layer computes). */
  private shown: ReadonlySet<string> | null = null;
  /** Layers whose data changed while no session showed them (main/plots/compute-economy.ts). */
  private readonly stale = new Set<string>();

  /** The union of what sessions show (the gateway calls this when it changes): newly shown stale layers compute now. */
  setShown(shown: ReadonlySet<string>): void {
    this.shown = shown;
    for (const id of [...this.stale]) {
      if (!this.layers.get(id)) this.stale.delete(id);
      if (!shown.has(id)) continue;
      this.stale.delete(id);
      this.compute(id);
    }
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
        enabled: g.enabled,
        unavailable: g.invalid?.reason ?? null,
        unplaced: g.unplaced.map(entry),
        cells: g.cells.map((c): CellView => {
          const layers = c.layers.flatMap((s) => {
            if (s.kind !== 'live') return [];
            const l = this.layers.get(s.id);
            return l ? [{ id: s.id, config: l.config, title: l.title }] : [];
          });
          return {
            id: c.id, row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan,
            title: c.title ?? this.derivedTitle(c),
            userTitle: c.title,
            layers,
            unavailable: c.layers.flatMap((s) => (s.kind === 'unavailable' ? [entry(s)] : [])),
          };
        }),
      })),
    };
  }

  // ---- grids ----------------------------------------------------------------------------

  addGrid(title: string, rows: number, cols: number): string {
    checkSize(rows, cols);
    const grid: Grid = { id: randomUUID(), title, rows, cols, enabled: true, cells: [], unplaced: [], invalid: null };
    this.grids.push(grid);
    this.bump();
    return grid.id;
  }

  renameGrid(gridId: string, title: string): void {
    const grid = this.grid(gridId);
    if (grid.title === title) return;
    grid.title = title;
    this.bump();
  }

  /** New title and size: cells that still fit stay; the others are removed. Returns how many were removed. */
  replaceGrid(gridId: string, title: string, rows: number, cols: number): number {
    const grid = this.grid(gridId);
    checkSize(rows, cols);
    if (grid.invalid) throw new LayoutRefused(`the grid '${grid.title}' is unavailable (${grid.invalid.reason}); remove it instead`);
    const fits = (c: Cell): boolean => c.row + c.rowSpan <= rows && c.col + c.colSpan <= cols;
    const dropped = grid.cells.filter((c) => !fits(c));
    if (grid.title === title && grid.rows === rows && grid.cols === cols) return 0;
    for (const c of dropped) this.dropLayers(c);
    Object.assign(grid, { title, rows, cols, cells: grid.cells.filter(fits) });
    this.bump();
    return dropped.length;
  }

  /** Moves a grid to a position in the order (clamped). */
  moveGrid(gridId: string, toIndex: number): void {
    const grid = this.grid(gridId);
    const from = this.grids.indexOf(grid);
    const to = Math.max(0, Math.min(this.grids.length - 1, toIndex));
    if (from === to) return;
    this.grids.splice(from, 1);
    this.grids.splice(to, 0, grid);
    this.bump();
  }

  setGridEnabled(gridId: string, enabled: boolean): void {
    const grid = this.grid(gridId);
    if (grid.enabled === enabled) return;
    grid.enabled = enabled;
    this.bump();
  }

  removeGrid(gridId: string): void {
    const grid = this.grid(gridId);
    for (const cell of grid.cells) this.dropLayers(cell);
    this.grids = this.grids.filter((g) => g !== grid);
    this.bump();
  }

  /** A copy of a grid under a new title: same cells, same layer configs, new ids. */
  copyGrid(gridId: string, title: string): string {
    const doc = this.gridEntry(gridId);
    return this.addGridEntry({ ...doc, title }).gridId;
  }

  // ---- cells and layers -------------------------------------------------------------------

  /** An empty cell (for building layouts in code; sessions add a cell with its first layer). */
  addCell(gridId: string, geometry: CellGeometry, title: string | null = null): string {
    const grid = this.grid(gridId);
    this.checkRegion(grid, geometry);
    const cell: Cell = { id: randomUUID(), title, layers: [], ...pickGeometry(geometry) };
    grid.cells.push(cell);
    this.bump();
    return cell.id;
  }

  /** A cell over a free region with its first layer, checked as a whole before anything changes. */
  addCellWithLayer(gridId: string, geometry: CellGeometry, title: string | null, config: LayerConfig): { cellId: string; layerId: string } {
    const grid = this.grid(gridId);
    this.checkRegion(grid, geometry);
    const checked = this.checkLayer(config);
    const layerId = this.createLayer(checked);
    const cell: Cell = { id: randomUUID(), title, layers: [{ kind: 'live', id: layerId, config: checked }], ...pickGeometry(geometry) };
    grid.cells.push(cell);
    this.bump();
    return { cellId: cell.id, layerId };
  }

  setCellTitle(cellId: string, title: string | null): void {
    const cell = this.cell(cellId);
    if (cell.title === title) return;
    cell.title = title;
    this.bump();
  }

  removeCell(cellId: string): void {
    for (const grid of this.grids) {
      const cell = grid.cells.find((c) => c.id === cellId);
      if (!cell) continue;
      this.dropLayers(cell);
      grid.cells = grid.cells.filter((c) => c !== cell);
      this.bump();
      return;
    }
    throw new LayoutRefused(PLOT_REMOVED);
  }

  /**
   * Adds a layer on top of a cell's others. `strict` (sessions) also checks the plotter against
   * the output and its parameters; code building layouts may skip that.
   */
  addLayer(cellId: string, config: LayerConfig, { strict = false }: { strict?: boolean } = {}): string {
    const cell = this.cell(cellId);
    const checked = strict ? this.checkLayer(config) : config;
    this.checkComposition([...liveConfigs(cell), checked]);
    const id = this.createLayer(checked);
    cell.layers.push({ kind: 'live', id, config: checked });
    this.bump();
    return id;
  }

  /** Replaces a layer's config: the layer gets a new id at the same position. */
  updateLayerConfig(layerId: string, config: LayerConfig, { strict = false }: { strict?: boolean } = {}): string {
    const { cell, index } = this.slotOf(layerId);
    const checked = strict ? this.checkLayer(config) : config;
    this.checkComposition(cell.layers.flatMap((s, i) => (i === index ? [checked] : s.kind === 'live' ? [s.config] : [])));
    const id = this.createLayer(checked);
    cell.layers[index] = { kind: 'live', id, config: checked };
    this.layers.remove(layerId);
    this.bump();
    return id;
  }

  /** Removing a cell's last layer removes the cell. */
  removeLayer(layerId: string): void {
    const { cell } = this.slotOf(layerId);
    cell.layers = cell.layers.filter((s) => s.id !== layerId);
    this.layers.remove(layerId);
    if (cell.layers.length === 0) this.removeCell(cell.id);
    else this.bump();
  }

  /** Where a layer or cell lives, for labels and refusals. */
  describeCell(cellId: string): { gridTitle: string; title: string } | null {
    for (const g of this.grids) {
      const c = g.cells.find((x) => x.id === cellId);
      if (c) return { gridTitle: g.title, title: c.title ?? this.derivedTitle(c) };
    }
    return null;
  }

  cellIdOfLayer(layerId: string): string | null {
    for (const g of this.grids) for (const c of g.cells) if (c.layers.some((s) => s.id === layerId)) return c.id;
    return null;
  }

  gridTitle(gridId: string): string | null {
    return this.grids.find((g) => g.id === gridId)?.title ?? null;
  }

  // ---- persistence, exchange and undo --------------------------------------------------------

  /** The layout as persisted: no ids; unusable entries exactly as they were read. */
  serialize(): LayoutFile {
    return { grids: this.grids.map((g) => (g.invalid ? g.invalid.raw : (this.entryOf(g) as unknown as JsonValue))) };
  }

  /** One grid as persisted (also the source of export and "save as copy"). */
  gridEntry(gridId: string): GridEntry & { cells: JsonValue[] } {
    const grid = this.grid(gridId);
    if (grid.invalid) throw new LayoutRefused(`the grid '${grid.title}' is unavailable (${grid.invalid.reason})`);
    return this.entryOf(grid);
  }

  /**
   * Builds one grid from a persisted entry. Whatever does not fit is kept verbatim and reported:
   * a grid of the wrong shape as an unavailable grid, a cell that cannot be placed as unplaced,
   * a layer this build cannot draw as an unavailable layer.
   */
  addGridEntry(raw: unknown): { gridId: string; problems: string[] } {
    const problems: string[] = [];
    const parsed = GridEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const reason = zodProblem(parsed.error);
      const summary = describeRaw(raw, 'grid');
      const grid: Grid = {
        id: randomUUID(), title: summary, rows: 1, cols: 1, enabled: false, cells: [], unplaced: [],
        invalid: { id: randomUUID(), raw: toJson(raw), reason, summary },
      };
      this.grids.push(grid);
      this.bump();
      problems.push(`grid '${summary}': ${reason}`);
      return { gridId: grid.id, problems };
    }
    const g = parsed.data;
    const grid: Grid = { id: randomUUID(), title: g.title, rows: g.rows, cols: g.cols, enabled: g.enabled, cells: [], unplaced: [], invalid: null };
    for (const rawCell of g.cells) {
      const cellParsed = CellEntrySchema.safeParse(rawCell);
      let reason: string | null = null;
      if (!cellParsed.success) reason = zodProblem(cellParsed.error);
      else {
        try {
          this.checkRegion(grid, cellParsed.data);
        } catch (err) {
          reason = errorText(err);
        }
      }
      if (reason !== null || !cellParsed.success) {
        const summary = describeRaw(rawCell, 'cell');
        grid.unplaced.push({ id: randomUUID(), raw: toJson(rawCell), reason: reason ?? 'invalid', summary });
        problems.push(`grid '${g.title}': ${summary}: ${reason}`);
        continue;
      }
      const c = cellParsed.data;
      const cell: Cell = { id: randomUUID(), title: c.title, layers: [], ...pickGeometry(c) };
      for (const rawLayer of c.layers) {
        const slot = this.slotFromRaw(rawLayer, liveConfigs(cell));
        if (slot.kind === 'unavailable') problems.push(`grid '${g.title}': ${slot.summary}: ${slot.reason}`);
        cell.layers.push(slot);
      }
      grid.cells.push(cell);
    }
    this.grids.push(grid);
    this.bump();
    return { gridId: grid.id, problems };
  }

  /** Builds grids from a persisted layout (after whatever is there now). */
  load(layout: LayoutFile): string[] {
    return layout.grids.flatMap((g) => this.addGridEntry(g).problems);
  }

  /** The structure with layer ids, for undo. */
  snapshot(): LayoutSnapshot {
    return structuredClone(this.grids);
  }

  /**
   * Restores a snapshot. Layers that still exist with the same config keep their id (their
   * plots stay); the others are created anew (new ids, as any reconfiguration).
   */
  restore(snapshot: LayoutSnapshot, { keepLayers }: { keepLayers?: ReadonlySet<string> } = {}): void {
    const next = structuredClone(snapshot) as Grid[];
    if (keepLayers && keepLayers.size > 0) this.carryOver(next, keepLayers);
    const keep = new Set<string>();
    for (const g of next) {
      for (const c of g.cells) {
        c.layers = c.layers.map((s): LayerSlot => {
          if (s.kind !== 'live') return s;
          const existing = this.layers.get(s.id);
          if (existing && sameJson(existing.config, s.config)) {
            keep.add(s.id);
            return s;
          }
          try {
            const id = this.createLayer(s.config);
            keep.add(id);
            return { ...s, id };
          } catch (err) {
            return { kind: 'unavailable', id: randomUUID(), raw: s.config as unknown as JsonValue, reason: errorText(err), summary: describeRaw(s.config, 'layer') };
          }
        });
      }
    }
    for (const g of this.grids) for (const c of g.cells) for (const s of c.layers) if (s.kind === 'live' && !keep.has(s.id)) this.layers.remove(s.id);
    this.grids = next;
    this.bump();
  }

  /**
   * Layers made outside the undo history (e.g. the ROI publisher storing drawn ROIs in a
   * request layer) survive an undo: in each cell that still exists, such a layer replaces the
   * target's layer of the same data and plotter, or is added.
   */
  private carryOver(next: Grid[], keep: ReadonlySet<string>): void {
    const sameData = (a: LayerConfig, b: LayerConfig): boolean =>
      a.workflowId === b.workflowId && a.outputName === b.outputName && a.plotter === b.plotter && sameJson(a.sourceNames, b.sourceNames);
    for (const g of next) {
      for (const c of g.cells) {
        const current = this.grids.flatMap((x) => x.cells).find((x) => x.id === c.id);
        if (!current) continue;
        for (const slot of current.layers) {
          if (slot.kind !== 'live' || !keep.has(slot.id) || c.layers.some((s) => s.id === slot.id)) continue;
          const i = c.layers.findIndex((s) => s.kind === 'live' && sameData(s.config, slot.config));
          if (i >= 0) c.layers[i] = structuredClone(slot);
          else c.layers.push(structuredClone(slot));
        }
      }
    }
  }

  /** Ids of every live layer in the layout. */
  layerIds(): Set<string> {
    const ids = new Set<string>();
    for (const g of this.grids) for (const c of g.cells) for (const s of c.layers) if (s.kind === 'live') ids.add(s.id);
    return ids;
  }

  // ---- run state ------------------------------------------------------------------------------

  /** A workflow started a new generation: its layers get fresh plotters and wait for data. */
  onJobStarted(workflowId: string): void {
    for (const layer of this.layers.all()) {
      if (layer.config.workflowId !== workflowId) continue;
      this.layers.startJob(layer.id, createPlotter(layer.config.plotter, this.plotterCtx(layer.config, layer.title)));
      this.compute(layer.id);
    }
  }

  /** A workflow stopped: its layers keep their last plot and show STOPPED. */
  onJobStopped(workflowId: string): void {
    for (const layer of this.layers.all()) {
      if (layer.config.workflowId === workflowId) this.layers.stopJob(layer.id);
    }
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Display titles and temporality from the catalogue for a layer's plotter (labels, "since start"). */
  private plotterCtx(config: LayerConfig, title: string) {
    this.catalogue ??= this.instrument.catalogue();
    return plotterContext(this.catalogue, config, title);
  }

  /** The catalogue's description of an output (what plotter compatibility is decided from). */
  outputView(workflowId: string, outputName: string): OutputView | undefined {
    this.catalogue ??= this.instrument.catalogue();
    return this.catalogue.workflows.find((w) => w.id === workflowId)?.outputs.find((o) => o.name === outputName);
  }

  /**
   * A layer config as a session sends it, checked against the catalogue and the plotter
   * registry: known workflow, output and sources; a plotter that can draw the output; valid
   * parameters (completed with their defaults). Throws the reason to refuse.
   */
  checkLayer(config: LayerConfig): LayerConfig {
    const info = plotterInfo(config.plotter);
    if (isStaticLayer(config)) {
      if (info && info.requirements !== null) throw new LayoutRefused(`the ${info.title} plotter needs workflow data; it cannot be a static overlay`);
      if (config.sourceNames.length > 0) throw new LayoutRefused('a static overlay has no sources');
    } else {
      const workflow = this.workflowOf(config);
      if (config.sourceNames.length === 0) throw new LayoutRefused('select at least one source');
      const output = this.outputView(config.workflowId, config.outputName);
      if (info && output) {
        if (info.requirements === null) throw new LayoutRefused(`the ${info.title} plotter is a static overlay; it draws no workflow output`);
        if (!isCompatible(info.requirements, output)) throw new LayoutRefused(`the ${info.title} plotter cannot show ${workflow.title} → ${output.title}`);
      }
    }
    if (!info) return config;
    const { values, problems } = validateParams(info.params, config.params);
    if (problems.length > 0) throw new LayoutRefused(`invalid plot parameters: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    return { ...config, params: values };
  }

  // ---- internals --------------------------------------------------------------------------------

  private entryOf(grid: Grid): GridEntry & { cells: JsonValue[] } {
    const cells: JsonValue[] = grid.cells.map((c) => ({
      row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, title: c.title,
      layers: c.layers.map((s) => (s.kind === 'live' ? (s.config as unknown as JsonValue) : s.raw)),
    }));
    // Unplaced cells go back where they were written: they are the user's, not ours to drop.
    for (const u of grid.unplaced) cells.push(u.raw);
    return { title: grid.title, rows: grid.rows, cols: grid.cols, enabled: grid.enabled, cells };
  }

  private slotFromRaw(raw: unknown, siblings: LayerConfig[]): LayerSlot {
    const parsed = LayerConfigSchema.safeParse(raw);
    const summary = describeRaw(raw, 'layer');
    if (!parsed.success) return { kind: 'unavailable', id: randomUUID(), raw: toJson(raw), reason: zodProblem(parsed.error), summary };
    try {
      this.workflowOf(parsed.data);
      this.checkComposition([...siblings, parsed.data]);
      const id = this.createLayer(parsed.data);
      return { kind: 'live', id, config: parsed.data };
    } catch (err) {
      return { kind: 'unavailable', id: randomUUID(), raw: toJson(raw), reason: errorText(err), summary };
    }
  }

  private workflowOf(config: LayerConfig): WorkflowSpec {
    const workflow = findWorkflow(this.instrument, config.workflowId);
    if (!workflow) throw new LayoutRefused(`unknown workflow ${config.workflowId}`);
    if (!workflow.outputs.some((o) => o.name === config.outputName)) throw new LayoutRefused(`workflow ${workflow.title} has no output ${config.outputName}`);
    const unknown = config.sourceNames.filter((s) => !workflow.sources.includes(s));
    if (unknown.length) throw new LayoutRefused(`workflow ${workflow.title} has no source ${unknown.join(', ')}`);
    return workflow;
  }

  /** A table or layout-mode plot must be alone in its cell (the reference's rule). */
  private checkComposition(configs: LayerConfig[]): void {
    if (configs.length > 1 && configs.some(mustBeAlone)) throw new LayoutRefused(NOT_ALONE);
  }

  private checkRegion(grid: Grid, g: CellGeometry, ignoreCellId: string | null = null): void {
    const { row, col, rowSpan, colSpan } = g;
    if (row < 0 || col < 0 || rowSpan < 1 || colSpan < 1 || row + rowSpan > grid.rows || col + colSpan > grid.cols) {
      throw new LayoutRefused(`that position is outside the ${grid.rows}×${grid.cols} grid`);
    }
    if (grid.cells.some((c) => c.id !== ignoreCellId && overlaps(c, g))) throw new LayoutRefused(OCCUPIED);
  }

  private createLayer(config: LayerConfig): string {
    const id = randomUUID();
    if (isStaticLayer(config)) {
      const title = plotterInfo(config.plotter)?.title ?? config.plotter;
      this.layers.add(id, config, title);
      this.startStatic(id, config, title);
      return id;
    }
    const workflow = this.workflowOf(config);
    const output = workflow.outputs.find((o) => o.name === config.outputName)!;
    const title = `${workflow.title} → ${output.title} (${config.sourceNames.join(', ')})`;
    this.layers.add(id, config, title);
    // A layer added to a running workflow starts at once and shows retained data.
    if (this.runState.currentJob(config.workflowId)) {
      this.layers.startJob(id, createPlotter(config.plotter, this.plotterCtx(config, title)));
      this.compute(id);
    } else if (config.sourceNames.some((sourceName) => this.data.get({ workflowId: config.workflowId, sourceName, outputName: config.outputName }))) {
      // Its workflow is stopped but its data is retained: show that data as STOPPED.
      this.layers.startJob(id, createPlotter(config.plotter, this.plotterCtx(config, title)));
      this.compute(id);
      this.layers.stopJob(id);
    }
    return id;
  }

  /** A static overlay is drawn once from its params; a plotter this build lacks shows as an error. */
  private startStatic(id: string, config: LayerConfig, title: string): void {
    try {
      const plotter = createPlotter(config.plotter, this.plotterCtx(config, title));
      this.layers.startJob(id, plotter);
      this.layers.setPlot(id, plotter.compute([]));
    } catch (err) {
      this.layers.fail(id, errorText(err));
    }
  }

  private onData(changed: ReadonlySet<string>): void {
    for (const layer of this.layers.all()) {
      const { workflowId, outputName, sourceNames } = layer.config;
      if (sourceNames.some((sourceName) => changed.has(dataKeyId({ workflowId, sourceName, outputName })))) {
        if (this.shown && !this.shown.has(layer.id) && layer.plotter && !needsEveryUpdate(layer.config)) this.stale.add(layer.id);
        else this.compute(layer.id);
      }
    }
  }

  private compute(layerId: string): void {
    this.stale.delete(layerId);
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
      const message = errorText(err);
      this.logger.warn('plot compute failed', { layer: layerId, title: layer.title, error: message });
      this.layers.fail(layerId, message);
    }
  }

  private derivedTitle(cell: Cell): string {
    const first = cell.layers[0];
    if (!first) return 'Plot';
    if (first.kind === 'unavailable') return first.summary;
    if (isStaticLayer(first.config)) return plotterInfo(first.config.plotter)?.title ?? first.config.plotter;
    const workflow = findWorkflow(this.instrument, first.config.workflowId);
    return `${workflow?.title ?? first.config.workflowId} (${first.config.sourceNames.join(', ')})`;
  }

  private dropLayers(cell: Cell): void {
    for (const s of cell.layers) if (s.kind === 'live') this.layers.remove(s.id);
  }

  private grid(gridId: string): Grid {
    const grid = this.grids.find((g) => g.id === gridId);
    if (!grid) throw new LayoutRefused(GRID_REMOVED);
    return grid;
  }

  private cell(cellId: string): Cell {
    for (const g of this.grids) for (const c of g.cells) if (c.id === cellId) return c;
    throw new LayoutRefused(PLOT_REMOVED);
  }

  private slotOf(layerId: string): { cell: Cell; index: number } {
    for (const g of this.grids) {
      for (const c of g.cells) {
        const index = c.layers.findIndex((s) => s.id === layerId);
        if (index >= 0) return { cell: c, index };
      }
    }
    throw new LayoutRefused(PLOT_REMOVED);
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

function checkSize(rows: number, cols: number): void {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= MAX_GRID_SIZE;
  if (!ok(rows) || !ok(cols)) throw new LayoutRefused(`grid size ${rows}×${cols} is outside 1–${MAX_GRID_SIZE} × 1–${MAX_GRID_SIZE}`);
}

export function overlaps(a: CellGeometry, b: CellGeometry): boolean {
  return a.row < b.row + b.rowSpan && b.row < a.row + a.rowSpan && a.col < b.col + b.colSpan && b.col < a.col + a.colSpan;
}

/** Exclusive plotters (tables) and layout-mode plots cannot be overlaid with other layers. */
export function mustBeAlone(config: LayerConfig): boolean {
  if (plotterInfo(config.plotter)?.exclusive || config.plotter === 'table') return true;
  const layout = (config.params as JsonObject).layout;
  return !!layout && typeof layout === 'object' && !Array.isArray(layout) && layout.combine_mode === 'layout';
}

function liveConfigs(cell: Cell): LayerConfig[] {
  return cell.layers.flatMap((s) => (s.kind === 'live' ? [s.config] : []));
}

function pickGeometry(g: CellGeometry): CellGeometry {
  return { row: g.row, col: g.col, rowSpan: g.rowSpan, colSpan: g.colSpan };
}

function entry(v: { id: string; summary: string; reason: string }): UnavailableEntry {
  return { id: v.id, summary: v.summary, reason: v.reason };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function toJson(v: unknown): JsonValue {
  return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as JsonValue);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
