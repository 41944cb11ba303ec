// 2-D data as an image. Data with more dimensions is summed over its outer ones (e.g. the
// depth layers of a detector panel), which the title says.
import { colourLevels } from '../../../shared/colour-levels';
import type { ImagePlotState } from '../../../shared/plot-state';
import { axisValues, finiteRange, numeric, timeSpan } from './data-access';
import { PlotError, type Plotter, type PlotterContext, type PlotterInput } from './plotter';

export class ImagePlotter implements Plotter {
  constructor(private readonly ctx: PlotterContext) {}

  compute(inputs: PlotterInput[]): ImagePlotState {
    if (inputs.length === 0) throw new PlotError('no data');
    if (inputs.length > 1) throw new PlotError('image shows one source; pick one');
    const { data, sourceName } = inputs[0];
    const shape = data.signal.shape;
    if (shape.length < 2) throw new PlotError(`image needs 2-D data; ${sourceName} has ${shape.length} dimensions`);
    const height = shape[shape.length - 2];
    const width = shape[shape.length - 1];
    const plane = width * height;
    const raw = numeric(data.signal);
    const layers = raw.length / plane;
    const values = new Float32Array(plane);
    // Sum outer dims; NaN (masked) stays NaN only if masked in every layer.
    for (let i = 0; i < plane; i++) {
      let sum = 0;
      let any = false;
      for (let l = 0; l < layers; l++) {
        const v = raw[l * plane + i];
        if (!Number.isNaN(v)) {
          sum += v;
          any = true;
        }
      }
      values[i] = any ? sum : NaN;
    }
    const yName = data.signal.axes[shape.length - 2] ?? 'y';
    const xName = data.signal.axes[shape.length - 1] ?? 'x';
    const xs = axisValues(data, xName, width);
    const ys = axisValues(data, yName, height);
    const log = this.ctx.params.log !== false;
    const range = finiteRange([values], log);
    const color = { min: range.min, max: range.max, unit: data.signal.unit, log };
    const summed = shape.length > 2 ? ` (sum over ${data.signal.axes.slice(0, -2).join(', ')})` : '';
    return {
      kind: 'image',
      title: this.ctx.title + summed,
      width,
      height,
      values,
      x: { label: xName, unit: xs.unit, ...extent(xs.values) },
      y: { label: yName, unit: ys.unit, ...extent(ys.values) },
      color,
      levels: colourLevels(values, color),
      ...timeSpan([data]),
    };
  }
}

function extent(v: Float64Array): { min: number; max: number } {
  return { min: v[0], max: v[v.length - 1] };
}
