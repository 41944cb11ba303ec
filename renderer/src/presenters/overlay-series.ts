// Static overlays (rectangles, vertical and horizontal lines from params) as ECharts custom
// series in grid 0's data coordinates: drawn over images and lines alike. Pure: no DOM.
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import type { OverlayPlotState } from '../../../shared/plot-state';

const DASH: Record<string, number[] | undefined> = { solid: undefined, dashed: [6, 4], dotted: [2, 3], dotdash: [6, 3, 2, 3] };

export function overlaySeries(o: OverlayPlotState, id: string): Record<string, unknown> {
  const { color, lineWidth, lineDash, alpha } = o.style;
  const stroke = { stroke: color, lineWidth, lineDash: DASH[lineDash] };
  const renderItem = (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const cs = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    if (o.shape === 'rectangles') {
      const a = api.coord([Number(api.value(0)), Number(api.value(1))]);
      const b = api.coord([Number(api.value(2)), Number(api.value(3))]);
      return {
        type: 'rect',
        shape: { x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), width: Math.abs(b[0] - a[0]), height: Math.abs(b[1] - a[1]) },
        style: { ...stroke, fill: color, opacity: 1, fillOpacity: alpha } as never,
      } as CustomSeriesRenderItemReturn;
    }
    const v = Number(api.value(0));
    if (o.shape === 'vlines') {
      const x = api.coord([v, 0])[0];
      return { type: 'line', shape: { x1: x, y1: cs.y, x2: x, y2: cs.y + cs.height }, style: { ...stroke, opacity: alpha } } as CustomSeriesRenderItemReturn;
    }
    const y = api.coord([0, v])[1];
    return { type: 'line', shape: { x1: cs.x, y1: y, x2: cs.x + cs.width, y2: y }, style: { ...stroke, opacity: alpha } } as CustomSeriesRenderItemReturn;
  };
  return {
    type: 'custom', id, name: o.title, silent: true, animation: false, clip: true, z: 5,
    xAxisIndex: 0, yAxisIndex: 0,
    data: o.items,
    encode: o.shape === 'rectangles' ? { x: [0, 2], y: [1, 3] } : o.shape === 'vlines' ? { x: 0 } : { y: 0 },
    renderItem,
  };
}
