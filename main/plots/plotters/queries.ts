// Answers the `layer.*` queries (shared/api/layer-queries.ts) from the layer store: the latest
// plot state, and what windows fetch on demand instead of receiving with every update
// (full-precision image values, whole time-series histories).
import type { LayerQuery } from '../../../shared/api/layer-queries';
import type { PlotState } from '../../../shared/plot-state';
import type { Plotter } from './plotter';

export interface QueryableLayers {
  get(id: string): { plot: PlotState | null; plotter: Plotter | null } | undefined;
}

export function answerLayerQuery(layers: QueryableLayers, q: LayerQuery): unknown {
  const layer = layers.get(q.layerId);
  if (!layer) throw new Error('the plot was removed');
  if (q.type === 'layer.plot') return layer.plot;
  const answer = layer.plotter?.query?.(q, layer.plot);
  if (answer === undefined) throw new Error(`${q.type} is not available for this plot`);
  return answer;
}
