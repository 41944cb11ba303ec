// Compute for the ROI plotters (reference dashboard/roi_readback_plots.py, roi_request_plots.py):
// - readback: the geometry the backend echoes on its roi_rectangle / roi_polygon output, drawn as
//   an overlay coloured by ROI index so that a user sees what the backend actually applied;
// - request: the geometry the user drew, stored in the layer's params (shared/api/roi-commands.ts),
//   with the coordinate units learnt from the same readback (the reference seeds in compute for
//   the same reason: units arrive with the data).
// Both produce a RoiPlotState; the renderer draws it over the cell's image
// (renderer/src/presenters/roi-overlay.ts).
import { ROI_KINDS, roisOfParams, type RoiKind, type RoiPolygon, type RoiRect } from '../../shared/api/roi-commands';
import type { RoiPlotState, RoiShape } from '../../shared/plot-state';
import type { DataArray } from '../../shared/wire/data-array';
import { toFloat64 } from '../../shared/wire/data-array';
import { PlotError, type Plotter, type PlotterContext, type PlotterInput } from './plotters/plotter';
import { timeSpan } from './plotters/data-access';

const DIM: Record<RoiKind, string> = { rectangle: 'bounds', polygon: 'vertex' };

/** ROI shapes of a readback data array (x, y, roi_index along bounds|vertex; empty = none). */
export function readbackShapes(kind: RoiKind, data: DataArray): { shapes: RoiShape[]; xUnit: string | null; yUnit: string | null } {
  const x = data.coords['x'];
  const y = data.coords['y'];
  const index = data.coords['roi_index'];
  const dim = DIM[kind];
  if (!x || !y || !index) throw new PlotError(`ROI readback needs x, y and roi_index (have ${Object.keys(data.coords).join(', ') || 'none'})`);
  if (data.signal.axes[0] !== dim) throw new PlotError(`ROI ${kind} readback lies along '${data.signal.axes[0] ?? '-'}', expected '${dim}'`);
  const xs = toFloat64(x.values);
  const ys = toFloat64(y.values);
  const idx = toFloat64(index.values);
  if (xs.length !== ys.length || xs.length !== idx.length) throw new PlotError('ROI readback: x, y and roi_index lengths differ');
  const shapes: RoiShape[] = [];
  // Rows of one ROI are contiguous (concatenation per index, shared/wire/roi.ts).
  for (let start = 0; start < idx.length;) {
    const id = idx[start]!;
    let end = start;
    while (end < idx.length && idx[end] === id) end++;
    const sx = Array.from(xs.subarray(start, end));
    const sy = Array.from(ys.subarray(start, end));
    if (kind === 'rectangle') {
      if (sx.length !== 2) throw new PlotError(`ROI rectangle ${id} has ${sx.length} rows (expected 2: min, max)`);
      shapes.push({ index: id, x: [Math.min(sx[0]!, sx[1]!), Math.max(sx[0]!, sx[1]!)], y: [Math.min(sy[0]!, sy[1]!), Math.max(sy[0]!, sy[1]!)] });
    } else {
      if (sx.length < 3) throw new PlotError(`ROI polygon ${id} has ${sx.length} vertices (at least 3)`);
      shapes.push({ index: id, x: sx, y: sy });
    }
    start = end;
  }
  return { shapes, xUnit: x.unit, yUnit: y.unit };
}

/** Request shapes (with wire indices) from stored ROIs. */
export function requestShapes(kind: RoiKind, rois: RoiRect[] | RoiPolygon[]): RoiShape[] {
  const offset = ROI_KINDS[kind].indexOffset;
  if (kind === 'rectangle') return (rois as RoiRect[]).map((r, i) => ({ index: offset + i, x: [r.x0, r.x1], y: [r.y0, r.y1] }));
  return (rois as RoiPolygon[]).map((p, i) => ({ index: offset + i, x: [...p.x], y: [...p.y] }));
}

export class RoiPlotter implements Plotter {
  constructor(
    private readonly kind: RoiKind,
    private readonly role: 'readback' | 'request',
    private readonly ctx: PlotterContext,
  ) {}

  compute(inputs: PlotterInput[]): RoiPlotState {
    const input = inputs[0];
    if (!input) throw new PlotError('no ROI readback yet');
    const readback = readbackShapes(this.kind, input.data);
    const shapes = this.role === 'readback' ? readback.shapes : requestShapes(this.kind, roisOfParams(this.kind, this.ctx.params));
    return {
      kind: 'roi',
      title: this.ctx.title,
      role: this.role,
      geometry: this.kind,
      sourceName: input.sourceName,
      shapes,
      xUnit: readback.xUnit,
      yUnit: readback.yUnit,
      ...timeSpan([input.data]),
    };
  }
}

/** The ROI plotter for a plotter name, or null when the name is not an ROI plotter. */
export function createRoiPlotter(name: string, ctx: PlotterContext): Plotter | null {
  switch (name) {
    case 'rectangles_readback':
      return new RoiPlotter('rectangle', 'readback', ctx);
    case 'polygons_readback':
      return new RoiPlotter('polygon', 'readback', ctx);
    case 'rectangles_request':
      return new RoiPlotter('rectangle', 'request', ctx);
    case 'polygons_request':
      return new RoiPlotter('polygon', 'request', ctx);
    default:
      return null;
  }
}
