// 0-D values of one or more sources, as bars (one bar per source) or as a table (one row per
// source), after the time window and rate normalisation.
import type { LinePlotState, TablePlotState } from '../../../shared/plot-state';
import { numeric, timeSpan } from './data-access';
import { assignAxes } from './line-plotter';
import { readParams, type Params } from './params';
import { PlotError, sourceTitle, type Plotter, type PlotterContext, type PlotterInput } from './plotter';
import { TemporalBuffer, timeWindowSpec } from '../temporal-buffer';

function scalars(ctx: PlotterContext, inputs: PlotterInput[], what: string) {
  return inputs.map(({ sourceName, data }) => {
    if (data.signal.shape.length !== 0) throw new PlotError(`${what} needs 0-D values; ${sourceName} has shape [${data.signal.shape.join(', ')}]`);
    return {
      name: sourceTitle(ctx, sourceName),
      value: numeric(data.signal)[0],
      stddev: data.stddev ? numeric(data.stddev)[0] : null,
      unit: data.signal.unit,
    };
  });
}

export class BarsPlotter implements Plotter {
  private readonly p: Params;
  private readonly buffer: TemporalBuffer;

  constructor(private readonly ctx: PlotterContext) {
    this.p = readParams('bars', ctx.params);
    this.buffer = new TemporalBuffer(timeWindowSpec(this.p), ctx.temporality);
  }

  compute(raw: PlotterInput[]): LinePlotState {
    if (raw.length === 0) throw new PlotError('no data');
    const inputs = this.buffer.apply(raw);
    const rows = scalars(this.ctx, inputs, 'bars');
    const label = this.ctx.labels?.output ?? (inputs[0].data.name || 'value');
    // x is the bar's index; the presenter labels it with the series name.
    const { axes, series } = assignAxes(
      rows.map((r, i) => ({ name: r.name, x: new Float64Array([i]), y: new Float64Array([r.value]), stddev: r.stddev === null ? null : new Float64Array([r.stddev]), unit: r.unit })),
      label, false, true,
    );
    // Bars start at zero.
    for (const a of axes) a.min = Math.min(0, a.min);
    return {
      kind: 'line', title: this.ctx.title,
      x: { label: 'source', unit: null }, y: { label: axes[0].label, unit: axes[0].unit }, yAxes: axes,
      xIsTime: false, series, yMin: axes[0].min, yMax: axes[0].max, mode: 'line', errors: 'bars',
      bars: { horizontal: this.p.bool('orientation.horizontal', false) },
      ...timeSpan(inputs.map((i) => i.data)),
    };
  }
}

export class TablePlotter implements Plotter {
  private readonly p: Params;
  private readonly buffer: TemporalBuffer;

  constructor(private readonly ctx: PlotterContext) {
    this.p = readParams('table', ctx.params);
    this.buffer = new TemporalBuffer(timeWindowSpec(this.p), ctx.temporality);
  }

  compute(raw: PlotterInput[]): TablePlotState {
    if (raw.length === 0) throw new PlotError('no data');
    const inputs = this.buffer.apply(raw);
    return {
      kind: 'table', title: this.ctx.title,
      rows: scalars(this.ctx, inputs, 'table'),
      notation: this.p.str('format.notation', 'auto') as TablePlotState['notation'],
      precision: this.p.num('format.precision', 3),
      ...timeSpan(inputs.map((i) => i.data)),
    };
  }
}
