// Static overlays (the reference's static_plots.py): rectangles, vertical and horizontal lines
// drawn from their params alone. compute() needs no data, so the layer is READY at once.
import type { OverlayPlotState } from '../../../shared/plot-state';
import { readParams, type Params } from './params';
import { PlotError, type Plotter, type PlotterContext } from './plotter';

/** "[0,0,10,10], [20,20,30,30]" → [[0,0,10,10], [20,20,30,30]] (the reference's _parse_rectangle_list). */
export function parseRectangles(text: string): number[][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(`[${text.trim()}]`);
  } catch (err) {
    throw new PlotError(`rectangle coordinates: ${err instanceof Error ? err.message : String(err)}`);
  }
  const list = parsed as unknown[];
  if (list.length === 0) throw new PlotError('At least one rectangle is required');
  return list.map((r, i) => {
    if (!Array.isArray(r) || r.length !== 4) throw new PlotError(`Rectangle ${i + 1}: expected 4 coordinates [x0, y0, x1, y1]`);
    if (!r.every((v) => typeof v === 'number' && Number.isFinite(v))) throw new PlotError(`Rectangle ${i + 1}: coordinates must be numbers`);
    return r as number[];
  });
}

/** "10, 20, 30" → [10, 20, 30]. */
export function parsePositions(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const out = parts.map(Number);
  if (out.length === 0) throw new PlotError('At least one position is required');
  const bad = parts.find((s, i) => !Number.isFinite(out[i]));
  if (bad !== undefined) throw new PlotError(`'${bad}' is not a number`);
  return out;
}

export class StaticPlotter implements Plotter {
  private readonly p: Params;
  private readonly state: OverlayPlotState;

  constructor(ctx: PlotterContext, shape: 'rectangles' | 'vlines' | 'hlines') {
    this.p = readParams(shape, ctx.params);
    const items = shape === 'rectangles'
      ? parseRectangles(this.p.str('geometry.coordinates', ''))
      : parsePositions(this.p.str('geometry.positions', '')).map((v) => [v]);
    this.state = {
      kind: 'overlay', title: ctx.title, shape, items,
      style: {
        color: this.p.str('style.color', '#ff0000'),
        lineWidth: this.p.num('style.line_width', 1),
        lineDash: this.p.str('style.line_dash', 'solid'),
        alpha: this.p.num('style.alpha', shape === 'rectangles' ? 0 : 0.7),
      },
      startTime: null, endTime: null,
    };
  }

  /** Inputs are ignored: the overlay is its params. */
  compute(): OverlayPlotState {
    return this.state;
  }
}
