// 1-D data of one or more sources as overlaid lines (histograms when the coordinate holds
// bin edges).
import { minMaxDownsample } from '../../../shared/downsample';
import type { LinePlotState, LineSeries } from '../../../shared/plot-state';
import { axisValues, finiteRange, numeric, timeSpan } from './data-access';
import { PlotError, type Plotter, type PlotterContext, type PlotterInput } from './plotter';

export class LinePlotter implements Plotter {
  constructor(private readonly ctx: PlotterContext) {}

  compute(inputs: PlotterInput[]): LinePlotState {
    if (inputs.length === 0) throw new PlotError('no data');
    const series: LineSeries[] = [];
    let xName = '';
    let xUnit: string | null = null;
    for (const { sourceName, data } of inputs) {
      const signal = data.signal;
      if (signal.shape.length !== 1) {
        throw new PlotError(`lines needs 1-D data; ${sourceName} has ${signal.shape.length} dimensions`);
      }
      const y = numeric(signal);
      const axis = axisValues(data, signal.axes[0] ?? 'x', y.length);
      xName = axis.name;
      xUnit = axis.unit;
      series.push(reduceForDisplay({ name: sourceName, x: axis.values, y, stddev: data.stddev ? numeric(data.stddev) : null }));
    }
    const first = inputs[0].data;
    const { min, max } = finiteRange(series.map((s) => s.y));
    const pad = (max - min) * 0.05;
    return {
      kind: 'line',
      title: this.ctx.title,
      x: { label: xName, unit: xUnit },
      y: { label: first.name || first.signal.name, unit: first.signal.unit },
      xIsTime: false,
      series,
      // Non-negative data (counts) keeps its baseline at zero, so bars do not appear to float.
      yMin: min >= 0 ? 0 : min - pad,
      yMax: max + pad,
      ...timeSpan(inputs.map((i) => i.data)),
    };
  }
}

/** More points than any screen shows: decide once here, so huge series never cross IPC whole. */
export const MAX_POINTS_PER_SERIES = 8192;

/**
 * Min/max-decimates a series longer than MAX_POINTS_PER_SERIES (peaks and dips survive). Bin
 * edges become bin centres and standard deviations are dropped, as neither decimates meaningfully.
 */
export function reduceForDisplay(s: LineSeries): LineSeries {
  if (s.y.length <= MAX_POINTS_PER_SERIES) return s;
  let x = s.x;
  if (x.length === s.y.length + 1) {
    x = new Float64Array(s.y.length);
    for (let i = 0; i < x.length; i++) x[i] = (s.x[i] + s.x[i + 1]) / 2;
  }
  const reduced = minMaxDownsample(x, s.y, MAX_POINTS_PER_SERIES / 2 - 4);
  return { name: s.name, x: reduced.x, y: reduced.y, stddev: null };
}
