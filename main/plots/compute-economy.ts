// The reference's hidden-tab economy: a layer that no session shows need not be computed on
// every update — the first session that shows it triggers a compute from the stored data.
// Only layers whose plot depends on the latest data alone may wait; plotters that keep a
// history (time series, correlation histograms, lookback windows, since-start totals) must see
// every update, and static overlays never wait for data.
import type { LayerConfig } from '../../shared/protocol';

const LATEST_ONLY = new Set(['lines', 'overlay_1d', 'image', 'slicer', 'flatten', 'bars', 'table']);

export function needsEveryUpdate(config: LayerConfig): boolean {
  if (!LATEST_ONLY.has(config.plotter)) return true;
  const tw = config.params['time_window'];
  if (tw && typeof tw === 'object' && !Array.isArray(tw)) {
    if (tw['mode'] === 'since_start') return true;
    const seconds = tw['window_duration_seconds'];
    if (typeof seconds === 'number' && seconds > 0) return true;
  }
  return false;
}
