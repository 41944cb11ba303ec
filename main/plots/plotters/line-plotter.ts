// 1-D data of one or more sources as overlaid lines (histogram steps when the coordinate holds
// bin edges), and overlay_1d: each 2-D input sliced along its first dim into overlaid curves
// (e.g. ROI spectra). Series with different units get different y axes, each labelled.
import { minMaxDownsample } from '../../../shared/downsample';
import type { ErrorDisplay, LineMode, LinePlotState, LineSeries, YAxisInfo } from '../../../shared/plot-state';
import type { PlotterName } from '../../../shared/plotters';
import { axisValues, numeric, timeSpan } from './data-access';
import { readParams, type Params } from './params';
import { PlotError, sourceTitle, type Plotter, type PlotterContext, type PlotterInput } from './plotter';
import { TemporalBuffer, timeWindowSpec } from '../temporal-buffer';

interface UnitSeries extends LineSeries {
  unit: string | null;
}

/** y limits of the series on one axis (errors included), padded; positive-only on a log axis. */
export function axisRange(series: LineSeries[], log: boolean, withErrors: boolean): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  let dataMin = Infinity;
  const take = (v: number): void => {
    if (!Number.isFinite(v) || (log && v <= 0)) return;
    if (v < min) min = v;
    if (v > max) max = v;
  };
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) {
      const y = s.y[i];
      take(y);
      if (Number.isFinite(y) && y < dataMin) dataMin = y;
      if (withErrors && s.stddev) {
        take(y - s.stddev[i]);
        take(y + s.stddev[i]);
      }
    }
  }
  if (min === Infinity) return log ? { min: 1, max: 10 } : { min: 0, max: 1 };
  if (log) {
    if (max / min < 1.0001) return { min: min / 2, max: max * 2 };
    // A little room in log space.
    return { min: min / 1.2, max: max * 1.2 };
  }
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    return { min: min >= 0 && min - pad < 0 ? 0 : min - pad, max: max + pad };
  }
  const pad = (max - min) * 0.05;
  // Non-negative data (counts) keeps its baseline at zero, so histograms do not appear to float.
  // Error bars dipping below zero do not move the baseline of non-negative data.
  return { min: min >= 0 || dataMin >= 0 ? 0 : min - pad, max: max + pad };
}

/** Groups series by unit: one y axis per unit, in order of first appearance. */
export function assignAxes(series: UnitSeries[], label: string, log: boolean, withErrors: boolean): { axes: YAxisInfo[]; series: LineSeries[] } {
  const units: (string | null)[] = [];
  for (const s of series) if (!units.includes(s.unit)) units.push(s.unit);
  const axes = units.map((unit): YAxisInfo => {
    const on = series.filter((s) => s.unit === unit);
    // Several units: each axis is named after its series ("motion1 [mm]"), never a bare unit.
    const names = [...new Set(on.map((s) => s.name))];
    const own = names.length <= 2 ? names.join(', ') : `${names[0]}, … (${names.length})`;
    return { label: units.length > 1 ? own : label, unit, log, ...axisRange(on, log, withErrors) };
  });
  return {
    axes,
    series: series.map(({ unit, ...s }) => ({ ...s, axis: units.indexOf(unit) })),
  };
}

export class LinePlotter implements Plotter {
  private readonly p: Params;
  private readonly buffer: TemporalBuffer;

  constructor(
    private readonly ctx: PlotterContext,
    private readonly name: PlotterName = 'lines',
  ) {
    this.p = readParams(name, ctx.params);
    this.buffer = new TemporalBuffer(timeWindowSpec(this.p), ctx.temporality);
  }

  compute(raw: PlotterInput[]): LinePlotState {
    if (raw.length === 0) throw new PlotError('no data');
    const inputs = this.buffer.apply(raw);
    const series: UnitSeries[] = [];
    let xName = '';
    let xUnit: string | null = null;
    for (const { sourceName, data } of inputs) {
      const signal = data.signal;
      const title = sourceTitle(this.ctx, sourceName);
      if (this.name === 'overlay_1d') {
        if (signal.shape.length !== 2) throw new PlotError(`overlay_1d needs 2-D data; ${sourceName} has ${signal.shape.length} dimensions`);
        const [rows, n] = signal.shape as [number, number];
        const y = numeric(signal);
        const sd = data.stddev ? numeric(data.stddev) : null;
        const outer = signal.axes[0] ?? 'dim_0';
        const inner = signal.axes[1] ?? 'dim_1';
        const axis = axisValues(data, inner, n);
        const labels = rowLabels(data, outer, rows);
        xName = axis.name;
        xUnit = axis.unit;
        for (let r = 0; r < rows; r++) {
          series.push({
            ...reduceForDisplay({
              name: inputs.length > 1 ? `${title} ${labels[r]}` : labels[r],
              // Copies, not views: a view would carry the whole buffer across IPC.
              x: axis.values, y: y.slice(r * n, (r + 1) * n), stddev: sd ? sd.slice(r * n, (r + 1) * n) : null,
            }),
            unit: signal.unit,
          });
        }
        continue;
      }
      if (signal.shape.length !== 1) {
        throw new PlotError(`lines needs 1-D data; ${sourceName} has ${signal.shape.length} dimensions`);
      }
      const y = numeric(signal);
      const axis = axisValues(data, signal.axes[0] ?? 'x', y.length);
      xName = axis.name;
      xUnit = axis.unit;
      series.push({ ...reduceForDisplay({ name: title, x: axis.values, y, stddev: data.stddev ? numeric(data.stddev) : null }), unit: signal.unit });
    }
    const first = inputs[0].data;
    const mode = this.p.str('line.mode', 'line') as LineMode;
    const errors = this.p.str('line.errors', 'bars') as ErrorDisplay;
    const yLog = this.p.str('plot_scale.y_scale', 'linear') === 'log';
    const xLog = this.p.str('plot_scale.x_scale', 'linear') === 'log';
    const label = this.ctx.labels?.output ?? (first.name || first.signal.name);
    const { axes, series: placed } = assignAxes(series, label, yLog, errors !== 'none');
    return {
      kind: 'line',
      title: this.ctx.title,
      x: { label: this.ctx.labels?.dims?.[xName] ?? xName, unit: xUnit, log: xLog },
      y: { label: axes[0].label, unit: axes[0].unit },
      yAxes: axes,
      xIsTime: false,
      series: placed,
      yMin: axes[0].min,
      yMax: axes[0].max,
      mode,
      errors,
      ticks: this.p.ticks(),
      ...timeSpan(inputs.map((i) => i.data)),
    };
  }
}

/** Labels of the rows of a 2-D output: its outer coordinate's values (e.g. roi_index), or indices. */
function rowLabels(data: PlotterInput['data'], outer: string, rows: number): string[] {
  for (const name of [outer, 'roi_index', 'roi']) {
    const c = data.coords[name];
    if (c && c.axes.length === 1 && c.axes[0] === outer && c.values.length >= rows) {
      const v = c.values;
      return Array.from({ length: rows }, (_, i) => `${name === outer ? outer : name} ${String(v[i])}${c.unit ? ` ${c.unit}` : ''}`);
    }
  }
  return Array.from({ length: rows }, (_, i) => `${outer} ${i}`);
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
