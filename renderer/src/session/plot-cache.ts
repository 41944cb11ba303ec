// Latest plot state per layer, outside Vue reactivity, plus the registry of mounted cell
// presenters. The updater's frame writes here and pushes to the presenters directly.
import { markRaw } from 'vue';
import type { LayerPlot, PollResult } from '../../../shared/protocol';
import type { PlotState } from '../../../shared/plot-state';

export interface CachedPlot {
  dataVersion: number;
  plot: PlotState;
}

/** A mounted cell that renders some layers; `render` reads the cache itself. */
export interface PresenterHandle {
  layerIds(): readonly string[];
  render(): void;
}

export class PlotCache {
  private readonly plots = new Map<string, CachedPlot>();
  private readonly presenters = new Set<PresenterHandle>();

  constructor() {
    markRaw(this);
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
  }

  /** Stores the result's plots, drops removed layers; returns the layer ids that changed. */
  apply(result: Pick<PollResult, 'plots' | 'removedLayers'>): Set<string> {
    const changed = new Set<string>();
    for (const p of result.plots ?? []) {
      this.set(p);
      changed.add(p.layerId);
    }
    for (const id of result.removedLayers ?? []) {
      if (this.plots.delete(id)) changed.add(id);
    }
    return changed;
  }

  private set(p: LayerPlot): void {
    this.plots.set(p.layerId, { dataVersion: p.dataVersion, plot: markRaw(p.plot) });
  }

  register(handle: PresenterHandle): () => void {
    this.presenters.add(handle);
    return () => this.presenters.delete(handle);
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
