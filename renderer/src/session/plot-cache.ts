// Latest plot state per layer, outside Vue reactivity, plus the registry of mounted cells and
// the cell presenters kept alive across tab switches. The updater's frame writes here and pushes
// to the presenters directly.
//
// Time series arrive as appended tails of an append-only history (shared/plot-state.ts
// LineSeries.from/total): the cache keeps each layer's history and appends the tail; when it has
// none or missed more than the tail, it fetches the whole history once (`layer.history`).
import { markRaw } from 'vue';
import type { LayerPlot, PollResult } from '../../../shared/protocol';
import type { LinePlotState, LineSeries, PlotState } from '../../../shared/plot-state';
import type { LayerQuery } from '../../../shared/api/layer-queries';

export interface CachedPlot {
  dataVersion: number;
  plot: PlotState;
}

/** A mounted cell that renders some layers; `render` reads the cache itself. */
export interface PresenterHandle {
  layerIds(): readonly string[];
  render(): void;
}

/** Something a cell keeps alive across unmounts (a CellPresenter). */
export interface KeptPresenter {
  detach(): void;
  dispose(): void;
}

export type LayerQueryFn = (q: LayerQuery) => Promise<unknown>;

/** Most points per series a window keeps (as main). */
export const MAX_HISTORY = 1_000_000;

class SeriesHistory {
  x = new Float64Array(1024);
  y = new Float64Array(1024);
  length = 0;

  /** Replaces the contents with points [0, n). */
  reset(x: Float64Array, y: Float64Array): void {
    this.length = 0;
    this.append(x, y, 0);
  }

  append(x: Float64Array, y: Float64Array, start: number): void {
    const add = x.length - start;
    if (add <= 0) return;
    if (this.length + add > this.x.length) {
      const n = Math.min(MAX_HISTORY, Math.max(this.x.length * 2, this.length + add));
      const nx = new Float64Array(n);
      const ny = new Float64Array(n);
      nx.set(this.x.subarray(0, this.length));
      ny.set(this.y.subarray(0, this.length));
      this.x = nx;
      this.y = ny;
    }
    const fit = Math.min(add, this.x.length - this.length);
    this.x.set(x.subarray(start, start + fit), this.length);
    this.y.set(y.subarray(start, start + fit), this.length);
    this.length += fit;
  }
}

interface LayerHistory {
  epoch: string;
  series: Map<string, SeriesHistory>;
  /** A whole-history fetch is in flight. */
  fetching: boolean;
}

export class PlotCache {
  private readonly plots = new Map<string, CachedPlot>();
  private readonly presenters = new Set<PresenterHandle>();
  private readonly kept = new Map<string, KeptPresenter>();
  private readonly histories = new Map<string, LayerHistory>();
  private query: LayerQueryFn | null = null;

  constructor() {
    markRaw(this);
  }

  /** How the cache asks main for whole histories and values (set once by the session runtime). */
  setQuery(fn: LayerQueryFn | null): void {
    this.query = fn;
  }

  /** The query function, for presenters' on-demand values. */
  get queryFn(): LayerQueryFn | null {
    return this.query;
  }

  get(layerId: string): CachedPlot | undefined {
    return this.plots.get(layerId);
  }

  has(layerId: string): boolean {
    return this.plots.has(layerId);
  }

  get size(): number {
    return this.plots.size;
  }

  clear(): void {
    this.plots.clear();
    this.histories.clear();
  }

  /** Stores the result's plots, drops removed layers; returns the layer ids that changed. */
  apply(result: Pick<PollResult, 'plots' | 'removedLayers'> & Partial<Pick<PollResult, 'topology'>>): Set<string> {
    const changed = new Set<string>();
    for (const p of result.plots ?? []) {
      this.set(p);
      changed.add(p.layerId);
    }
    for (const id of result.removedLayers ?? []) {
      this.histories.delete(id);
      if (this.plots.delete(id)) changed.add(id);
    }
    if (result.topology) {
      const cells = new Set<string>();
      for (const g of result.topology.grids) for (const c of g.cells) cells.add(c.id);
      this.pruneExcept(cells);
    }
    return changed;
  }

  private set(p: LayerPlot): void {
    let plot = p.plot;
    if (plot.kind === 'line' && plot.historyEpoch) plot = this.extendHistory(p.layerId, plot);
    this.plots.set(p.layerId, { dataVersion: p.dataVersion, plot: markRaw(plot) });
  }

  /** Appends a time series' tail to the kept history; returns the state with whole series. */
  private extendHistory(layerId: string, tail: LinePlotState): LinePlotState {
    let h = this.histories.get(layerId);
    if (!h || h.epoch !== tail.historyEpoch) {
      h = { epoch: tail.historyEpoch!, series: new Map(), fetching: false };
      this.histories.set(layerId, h);
    }
    let complete = true;
    for (const s of tail.series) {
      const from = s.from ?? 0;
      let local = h.series.get(s.name);
      if (!local) {
        local = new SeriesHistory();
        h.series.set(s.name, local);
      }
      if (local.length >= from) local.append(s.x, s.y, local.length - from);
      else if (from > 0) complete = false;
      if (from === 0 && local.length > (s.total ?? s.x.length)) local.reset(s.x, s.y);
    }
    if (!complete) this.fetchHistory(layerId, h);
    return this.withHistory(tail, h);
  }

  private withHistory(state: LinePlotState, h: LayerHistory): LinePlotState {
    const series: LineSeries[] = state.series.map((s) => {
      const local = h.series.get(s.name);
      if (!local) return s;
      return { ...s, x: local.x.subarray(0, local.length), y: local.y.subarray(0, local.length), from: 0, total: local.length };
    });
    return { ...state, series };
  }

  private fetchHistory(layerId: string, h: LayerHistory): void {
    if (h.fetching || !this.query) return;
    h.fetching = true;
    this.query({ type: 'layer.history', layerId }).then(
      (answer) => {
        h.fetching = false;
        const full = answer as LinePlotState | null;
        if (!full || full.kind !== 'line' || full.historyEpoch !== h.epoch || this.histories.get(layerId) !== h) return;
        for (const s of full.series) {
          let local = h.series.get(s.name);
          if (!local) h.series.set(s.name, (local = new SeriesHistory()));
          // The answer may be older or newer than what arrived meanwhile: keep the longer.
          if ((s.total ?? s.x.length) >= local.length) local.reset(s.x, s.y);
        }
        const cached = this.plots.get(layerId);
        if (cached && cached.plot.kind === 'line') {
          this.plots.set(layerId, { dataVersion: cached.dataVersion, plot: markRaw(this.withHistory(cached.plot, h)) });
          this.refresh(new Set([layerId]));
        }
      },
      () => {
        h.fetching = false;
      },
    );
  }

  register(handle: PresenterHandle): () => void {
    this.presenters.add(handle);
    return () => this.presenters.delete(handle);
  }

  /**
   * The presenter of a cell, created once and kept while the cell exists: a tab switch unmounts
   * the cell component but keeps its chart (no dispose/rebuild).
   */
  acquirePresenter<T extends KeptPresenter>(cellId: string, create: () => T): T {
    let p = this.kept.get(cellId) as T | undefined;
    if (!p) {
      p = create();
      this.kept.set(cellId, p);
    }
    return p;
  }

  /** The cell component unmounted: keep its presenter, detached. */
  releasePresenter(cellId: string): void {
    this.kept.get(cellId)?.detach();
  }

  /** Disposes presenters of cells that no longer exist. */
  pruneExcept(liveCells: ReadonlySet<string>): void {
    for (const [id, p] of this.kept) {
      if (liveCells.has(id)) continue;
      p.dispose();
      this.kept.delete(id);
    }
  }

  get presenterCount(): number {
    return this.kept.size;
  }

  /** Re-renders every presenter showing a changed layer (all of them when `changed` is null). */
  refresh(changed: Set<string> | null, onError?: (err: unknown) => void): void {
    for (const handle of this.presenters) {
      if (changed && !handle.layerIds().some((id) => changed.has(id))) continue;
      try {
        handle.render();
      } catch (err) {
        onError?.(err);
      }
    }
  }
}
