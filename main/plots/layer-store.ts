// Per layer: its lifecycle snapshot, its plotter and its latest computed plot state with a
// data version. The single writer of layer state; sessions only read versions and snapshots.
import type { PlotState } from '../../shared/plot-state';
import type { LayerConfig } from '../../shared/protocol';
import type { Logger } from '../logging/logger';
import { initialSnapshot, transition, type LayerEvent, type LayerSnapshot } from './layer-state-machine';
import type { Plotter } from './plotters';

export interface LayerRecord {
  readonly id: string;
  readonly config: LayerConfig;
  readonly title: string;
  snapshot: LayerSnapshot;
  plotter: Plotter | null;
  plot: PlotState | null;
  dataVersion: number;
}

export class LayerStore {
  private readonly layers = new Map<string, LayerRecord>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly logger: Logger) {}

  add(id: string, config: LayerConfig, title: string): LayerRecord {
    const record: LayerRecord = { id, config, title, snapshot: initialSnapshot(), plotter: null, plot: null, dataVersion: 0 };
    this.layers.set(id, record);
    this.changed();
    return record;
  }

  remove(id: string): void {
    if (this.layers.delete(id)) this.changed();
  }

  get(id: string): LayerRecord | undefined {
    return this.layers.get(id);
  }

  all(): IterableIterator<LayerRecord> {
    return this.layers.values();
  }

  /**
   * A job started (or restarted): fresh plotter, blank plot until its first data. Blanking is a
   * data change, so the data version moves too: every session then drops the old run's plot.
   */
  startJob(id: string, plotter: Plotter): void {
    const layer = this.layers.get(id);
    if (!layer) return;
    layer.plotter = plotter;
    if (layer.plot !== null) {
      layer.plot = null;
      layer.dataVersion++;
    }
    this.apply(layer, { type: 'job_started' });
  }

  stopJob(id: string): void {
    const layer = this.layers.get(id);
    if (layer) this.apply(layer, { type: 'job_stopped' });
  }

  setPlot(id: string, plot: PlotState): void {
    const layer = this.layers.get(id);
    if (!layer) return;
    layer.plot = plot;
    layer.dataVersion++;
    this.apply(layer, { type: 'data_arrived' });
    this.changed();
  }

  fail(id: string, message: string): void {
    const layer = this.layers.get(id);
    if (layer) this.apply(layer, { type: 'error', message });
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  private apply(layer: LayerRecord, event: LayerEvent): void {
    const result = transition(layer.snapshot, event);
    if (result.kind === 'changed') {
      layer.snapshot = result.snapshot;
      this.changed();
    } else if (result.kind === 'invalid') {
      // Logged, never thrown: an odd event order must not stop the pump.
      this.logger.warn('invalid layer transition', { layer: layer.id, event: event.type, state: layer.snapshot.state, reason: result.reason });
    }
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
