// 0-D values of one or more sources accumulated into a history over time. The history lives in
// the plotter, so a new job (new plotter) starts a blank history, like the reference's "commit
// blanks the plots". It is not resent whole with every update: each plot state carries the
// points appended recently (a tail, `from`..`total` of an append-only history identified by
// `historyEpoch`); a window appends them to the history it keeps, and fetches the whole history
// once (`layer.history`) when it has none or missed more than the tail. Windows thin it to
// their width. Bounded: at MAX_HISTORY points the oldest half is dropped (a new epoch).
import { randomUUID } from 'node:crypto';
import type { LayerQuery } from '../../../shared/api/layer-queries';
import type { LinePlotState, LineSeries, PlotState } from '../../../shared/plot-state';
import { timeNs } from '../../../shared/wire/data-array';
import { numeric, timeSpan } from './data-access';
import { assignAxes } from './line-plotter';
import { readParams, type Params } from './params';
import { PlotError, sourceTitle, type Plotter, type PlotterContext, type PlotterInput } from './plotter';

/** Points per series kept in main (about 16 MB per series); far beyond the old 20,000 cap. */
export const MAX_HISTORY = 1_000_000;
/** Points of the recent tail sent with every update: covers many missed polls. */
export const TAIL_POINTS = 1024;

export class History {
  t = new Float64Array(1024);
  v = new Float64Array(1024);
  length = 0;
  lastTime: bigint | null = null;
  sum = 0;
  /** Finite value range of the history, kept as points arrive (no scan per update). */
  min = Infinity;
  max = -Infinity;

  constructor(private readonly cap = MAX_HISTORY) {}

  /** Appends a point; returns true when the oldest half had to be dropped (indices moved). */
  push(tMs: number, value: number): boolean {
    let shifted = false;
    if (this.length === this.cap) {
      const keep = Math.floor(this.cap / 2);
      this.t.copyWithin(0, this.length - keep, this.length);
      this.v.copyWithin(0, this.length - keep, this.length);
      this.length = keep;
      shifted = true;
      this.min = Infinity;
      this.max = -Infinity;
      for (let i = 0; i < keep; i++) this.track(this.v[i]);
    }
    if (this.length === this.t.length) {
      const n = Math.min(this.cap, this.t.length * 2);
      const t = new Float64Array(n);
      const v = new Float64Array(n);
      t.set(this.t);
      v.set(this.v);
      this.t = t;
      this.v = v;
    }
    this.t[this.length] = tMs;
    this.v[this.length] = value;
    this.length++;
    this.track(value);
    return shifted;
  }

  private track(v: number): void {
    if (!Number.isFinite(v)) return;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** Copies of points [from, length). */
  slice(from: number): { t: Float64Array; v: Float64Array } {
    return { t: this.t.slice(from, this.length), v: this.v.slice(from, this.length) };
  }
}

export class TimeseriesPlotter implements Plotter {
  private readonly histories = new Map<string, History>();
  private readonly units = new Map<string, string | null>();
  private epoch = randomUUID();
  private readonly p: Params;
  private readonly cumulative: boolean;

  constructor(private readonly ctx: PlotterContext) {
    this.p = readParams('timeseries', ctx.params);
    this.cumulative = this.p.bool('accumulation.cumulative', false);
  }

  compute(inputs: PlotterInput[]): LinePlotState {
    if (inputs.length === 0) throw new PlotError('no data');
    for (const { sourceName, data } of inputs) {
      if (data.signal.shape.length !== 0) {
        throw new PlotError(`timeseries needs 0-D values; ${sourceName} has shape [${data.signal.shape.join(', ')}]`);
      }
      const time = timeNs(data) ?? data.timestamp;
      let h = this.histories.get(sourceName);
      if (!h) this.histories.set(sourceName, (h = new History()));
      // The same stored value is offered again when another source updates; keep it once.
      if (h.lastTime !== null && time <= h.lastTime) continue;
      h.lastTime = time;
      this.units.set(sourceName, data.signal.unit);
      let value = numeric(data.signal)[0];
      if (this.cumulative) {
        // Running total since the job started (NaN updates add nothing).
        if (Number.isFinite(value)) h.sum += value;
        value = h.sum;
      }
      if (h.push(Number(time / 1_000_000n), value)) this.epoch = randomUUID();
    }
    return this.state(TAIL_POINTS, inputs);
  }

  query(q: LayerQuery, latest: PlotState | null): unknown {
    if (q.type !== 'layer.history') return undefined;
    if (!latest || latest.kind !== 'line') throw new Error('no time series yet');
    return this.state(Infinity, null, latest);
  }

  private state(tail: number, inputs: PlotterInput[] | null, latest?: LinePlotState): LinePlotState {
    const series = [...this.histories.entries()].map(([name, h]) => {
      const from = Math.max(0, h.length - tail);
      const { t, v } = h.slice(from);
      return { name: sourceTitle(this.ctx, name), x: t, y: v, stddev: null, unit: this.units.get(name) ?? null, from, total: h.length };
    });
    const label = this.ctx.labels?.output ?? (inputs?.[0] ? inputs[0].data.name || inputs[0].data.signal.name : latest?.y.label ?? '');
    const yLog = this.p.str('plot_scale.y_scale', 'linear') === 'log';
    // Limits over the whole history (the tail alone would make the axis jump).
    const full = [...this.histories.entries()].map(([name, h]): LineSeries & { unit: string | null } => ({
      name, x: new Float64Array(2), y: h.min <= h.max ? new Float64Array([h.min, h.max]) : new Float64Array(0), stddev: null, unit: this.units.get(name) ?? null,
    }));
    const { axes } = assignAxes(full, label, yLog, false);
    const { series: placed } = assignAxes(series, label, yLog, false);
    const fine = this.p.num('downsampling.fine_period_seconds', 1);
    return {
      kind: 'line',
      title: this.ctx.title,
      x: { label: 'time', unit: null },
      y: { label: axes[0].label, unit: axes[0].unit },
      yAxes: axes,
      xIsTime: true,
      series: placed,
      yMin: axes[0].min,
      yMax: axes[0].max,
      mode: this.p.str('line.mode', 'line') as LinePlotState['mode'],
      errors: 'none',
      ticks: this.p.ticks(),
      historyEpoch: this.epoch,
      thinning: {
        fineMs: fine * 1000,
        recentMs: this.p.num('downsampling.recent_seconds', 3600) * 1000,
        coarseMs: this.p.num('downsampling.coarse_period_seconds', 300) * 1000,
      },
      ...(inputs ? timeSpan(inputs.map((i) => i.data)) : { startTime: latest?.startTime ?? null, endTime: latest?.endTime ?? null }),
    };
  }
}
