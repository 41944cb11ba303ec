// 0-D values of one or more sources accumulated into a history over time. The history
// lives in the plotter, so a new job (new plotter) starts a blank history, like the
// reference's "commit blanks the plots".
import type { LinePlotState } from '../../../shared/plot-state';
import { timeNs } from '../../../shared/wire/data-array';
import { finiteRange, numeric, timeSpan } from './data-access';
import { PlotError, type Plotter, type PlotterContext, type PlotterInput } from './plotter';

const MAX_POINTS = 20_000;

class History {
  readonly t = new Float64Array(MAX_POINTS);
  readonly v = new Float64Array(MAX_POINTS);
  start = 0;
  length = 0;
  lastTime: bigint | null = null;

  push(tMs: number, value: number): void {
    const i = (this.start + this.length) % MAX_POINTS;
    this.t[i] = tMs;
    this.v[i] = value;
    if (this.length < MAX_POINTS) this.length++;
    else this.start = (this.start + 1) % MAX_POINTS;
  }

  ordered(): { t: Float64Array; v: Float64Array } {
    const t = new Float64Array(this.length);
    const v = new Float64Array(this.length);
    for (let k = 0; k < this.length; k++) {
      const i = (this.start + k) % MAX_POINTS;
      t[k] = this.t[i];
      v[k] = this.v[i];
    }
    return { t, v };
  }
}

export class TimeseriesPlotter implements Plotter {
  private readonly histories = new Map<string, History>();
  private readonly units = new Map<string, string | null>();

  constructor(private readonly ctx: PlotterContext) {}

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
      h.push(Number(time / 1_000_000n), numeric(data.signal)[0]);
    }
    // One y unit when the sources agree; otherwise each series carries its own in its name.
    const units = new Set(this.units.values());
    const shared = units.size === 1 ? [...units][0] : null;
    const series = [...this.histories.entries()].map(([name, h]) => {
      const { t, v } = h.ordered();
      const unit = this.units.get(name);
      return { name: units.size > 1 && unit ? `${name} [${unit}]` : name, x: t, y: v, stddev: null };
    });
    const { min, max } = finiteRange(series.map((s) => s.y));
    const pad = (max - min) * 0.05;
    const first = inputs[0].data;
    return {
      kind: 'line',
      title: this.ctx.title,
      x: { label: 'time', unit: null },
      y: { label: first.name || first.signal.name, unit: shared },
      xIsTime: true,
      series,
      yMin: min - pad,
      yMax: max + pad,
      ...timeSpan(inputs.map((i) => i.data)),
    };
  }
}
