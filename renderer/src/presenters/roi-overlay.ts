// ROI shapes as ECharts custom series in the image's data coordinates (grid 0), handed to the
// cell presenter as an overlay provider so they follow zoom and resize and appear in PNG exports:
// - readback (what the backend applied): solid, coloured by ROI index, labelled with the index;
// - request (what the user drew, from the request layer's params): dashed, in the params' style.
// Pure: no DOM.
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import type { RoiShape } from '../../../shared/plot-state';
import { roiColor } from '../theme/chart-theme';

const DASH: Record<string, number[] | undefined> = { solid: undefined, dashed: [6, 4], dotted: [2, 3], dotdash: [6, 3, 2, 3] };

export interface RoiStyle {
  /** null: colour by ROI index. */
  color: string | null;
  lineWidth: number;
  lineDash: string;
  fillOpacity: number;
  label: boolean;
}

export const READBACK_STYLE: RoiStyle = { color: null, lineWidth: 2, lineDash: 'solid', fillOpacity: 0.08, label: true };

/** The request style from a request layer's params (reference RectanglesRequestStyle). */
export function requestStyle(params: Record<string, unknown>): RoiStyle {
  const s = (params.style && typeof params.style === 'object' ? params.style : {}) as Record<string, unknown>;
  const color = typeof s.color === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(s.color) ? s.color : '#808080';
  const lineWidth = typeof s.line_width === 'number' && s.line_width >= 0 && s.line_width <= 10 ? s.line_width : 2;
  const lineDash = typeof s.line_dash === 'string' && s.line_dash in DASH ? s.line_dash : 'dashed';
  return { color, lineWidth, lineDash, fillOpacity: 0, label: false };
}

/** The bounding box of a shape (rectangles: their corners). */
function bbox(s: RoiShape): [number, number, number, number] {
  return [Math.min(...s.x), Math.min(...s.y), Math.max(...s.x), Math.max(...s.y)];
}

/** One custom series drawing `shapes` (rectangles when `rect`, else polygons). */
export function roiSeries(id: string, shapes: readonly RoiShape[], rect: boolean, style: RoiStyle): Record<string, unknown> {
  const list = shapes.slice();
  const renderItem = (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const shape = list[params.dataIndex];
    if (!shape) return null as unknown as CustomSeriesRenderItemReturn;
    const color = style.color ?? roiColor(shape.index);
    const lineStyle = { stroke: color, lineWidth: style.lineWidth, lineDash: DASH[style.lineDash], fill: color, fillOpacity: style.fillOpacity, strokeOpacity: 1 };
    let outline: CustomSeriesRenderItemReturn;
    let anchor: number[];
    if (rect) {
      const a = api.coord([shape.x[0], shape.y[0]]);
      const b = api.coord([shape.x[1], shape.y[1]]);
      anchor = [Math.min(a[0], b[0]), Math.min(a[1], b[1])];
      outline = { type: 'rect', shape: { x: anchor[0], y: anchor[1], width: Math.abs(b[0] - a[0]), height: Math.abs(b[1] - a[1]) }, style: lineStyle } as CustomSeriesRenderItemReturn;
    } else {
      const points = shape.x.map((x, i) => api.coord([x, shape.y[i]!]));
      anchor = points.reduce((m, p) => (p[1] < m[1] ? p : m), points[0]!);
      outline = { type: 'polygon', shape: { points }, style: lineStyle } as CustomSeriesRenderItemReturn;
    }
    if (!style.label) return outline;
    return {
      type: 'group',
      children: [
        outline,
        { type: 'text', x: anchor[0]! + 3, y: anchor[1]! + 2, style: { text: String(shape.index), fill: color, fontSize: 11, fontWeight: 'bold', stroke: 'rgba(0,0,0,0.55)', lineWidth: 2 } },
      ],
    } as CustomSeriesRenderItemReturn;
  };
  return {
    type: 'custom', id, name: id, silent: true, animation: false, clip: true, z: 6,
    xAxisIndex: 0, yAxisIndex: 0,
    data: list.map((s) => bbox(s)),
    encode: { x: [0, 2], y: [1, 3] },
    renderItem,
  };
}
