// Correlation histograms (the reference's correlation_plotter.py): the history of one or more
// time series histogrammed against the value another time series (or two) held at each point's
// time — e.g. counts against a motor position or temperature. The layer's sources include the
// axis sources; `bins.x_axis_source` / `bins.y_axis_source` name them (default: the last
// source(s)). Each point is correlated with the axis reading in effect at its time (the most
// recent at or before it); points before the first reading of every axis are excluded. Bins are
// auto-ranged over the axis values in use; a degenerate range is widened. Per-second
// normalisation divides each value by its time width (to the next point; the last takes the
// median) and averages per bin, as the reference.
import type { LayerQuery } from '../../../shared/api/layer-queries';
import type { ImagePlotState, LinePlotState, PlotState } from '../../../shared/plot-state';
import { timeNs } from '../../../shared/wire/data-array';
import { numeric, timeSpan } from './data-access';
import { imageState, imageValuesQuery } from './image-plotter';
import { assignAxes } from './line-plotter';
import { readParams, type Params } from './params';
import { PlotError, sourceTitle, type Plotter, type PlotterContext, type PlotterInput } from './plotter';
import { History } from './timeseries-plotter';
import { rateUnit } from '../temporal-buffer';

/** Most points per source kept for correlation (bounded memory). */
const MAX_POINTS = 200_000;

/** Edges of `bins` equal bins over [lo, hi]; a zero-width range is widened so bins stay visible. */
export function autoEdges(values: ArrayLike<number>, bins: number): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) {
    lo = 0;
    hi = 1;
  } else if (!(hi - lo > Math.abs(hi) * 1e-12)) {
    const pad = Math.abs(lo) * 0.01 || 0.5;
    lo -= pad;
    hi += pad;
  }
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = lo + ((hi - lo) * i) / bins;
  return edges;
}

function binOf(edges: Float64Array, v: number): number {
  const n = edges.length - 1;
  if (!(v >= edges[0]) || !(v <= edges[n])) return -1;
  if (v === edges[n]) return n - 1;
  const k = Math.floor(((v - edges[0]) / (edges[n] - edges[0])) * n);
  return Math.min(n - 1, Math.max(0, k));
}

/** Axis reading in effect at each time (most recent at or before it), NaN before the first. */
export function lookupPrevious(axisT: Float64Array, axisV: Float64Array, times: Float64Array): Float64Array {
  const out = new Float64Array(times.length);
  let j = -1;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    while (j + 1 < axisT.length && axisT[j + 1] <= t) j++;
    out[i] = j >= 0 ? axisV[j] : NaN;
  }
  return out;
}

/** Per-point time widths in seconds: to the next point, the last one the median width. */
export function timeWidths(t: Float64Array): Float64Array {
  const n = t.length;
  const w = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) w[i] = (t[i + 1] - t[i]) / 1000;
  if (n > 1) {
    const sorted = Array.from(w.subarray(0, n - 1)).sort((a, b) => a - b);
    w[n - 1] = sorted[Math.floor((sorted.length - 1) / 2)];
  } else if (n === 1) w[0] = NaN;
  return w;
}

export class CorrelationPlotter implements Plotter {
  private readonly histories = new Map<string, History>();
  private readonly units = new Map<string, string | null>();
  private readonly p: Params;

  constructor(
    private readonly ctx: PlotterContext,
    private readonly dims: 1 | 2,
  ) {
    this.p = readParams(dims === 1 ? 'correlation_histogram_1d' : 'correlation_histogram_2d', ctx.params);
  }

  query(q: LayerQuery, latest: PlotState | null): unknown {
    return imageValuesQuery(q, latest);
  }

  compute(inputs: PlotterInput[]): LinePlotState | ImagePlotState {
    for (const { sourceName, data } of inputs) {
      if (data.signal.shape.length !== 0) throw new PlotError(`a correlation histogram needs 0-D time series; ${sourceName} has shape [${data.signal.shape.join(', ')}]`);
      const time = timeNs(data) ?? data.timestamp;
      let h = this.histories.get(sourceName);
      if (!h) this.histories.set(sourceName, (h = new History(MAX_POINTS)));
      if (h.lastTime !== null && time <= h.lastTime) continue;
      h.lastTime = time;
      this.units.set(sourceName, data.signal.unit);
      h.push(Number(time) / 1e6, numeric(data.signal)[0]);
    }
    const names = inputs.map((i) => i.sourceName);
    const axes = this.axisSources(names);
    const primaries = names.filter((n) => !axes.includes(n));
    if (primaries.length === 0) throw new PlotError('a correlation histogram needs a source to histogram besides its axis source(s)');
    const axisH = axes.map((a) => this.histories.get(a)!);
    const bins = [this.p.num('bins.x_bins', this.dims === 1 ? 100 : 20), this.p.num('bins.y_bins', 20)];
    const perSecond = this.p.bool('normalization.per_second', false);
    const span = timeSpan(inputs.map((i) => i.data));
    const results = primaries.map((name) => {
      const h = this.histories.get(name)!;
      const t = h.t.slice(0, h.length);
      let v = h.v.slice(0, h.length);
      if (perSecond) {
        const w = timeWidths(t);
        v = v.map((x, i) => x / w[i]);
      }
      const coords = axisH.map((a) => lookupPrevious(a.t.subarray(0, a.length), a.v.subarray(0, a.length), t));
      const keep: number[] = [];
      for (let i = 0; i < t.length; i++) if (coords.every((c) => Number.isFinite(c[i])) && Number.isFinite(v[i])) keep.push(i);
      const edges = coords.map((c, k) => autoEdges(keep.map((i) => c[i]), bins[k]));
      const nx = bins[0];
      const ny = this.dims === 2 ? bins[1] : 1;
      const sum = new Float64Array(nx * ny);
      const count = new Float64Array(nx * ny);
      for (const i of keep) {
        const bx = binOf(edges[0], coords[0][i]);
        const by = this.dims === 2 ? binOf(edges[1], coords[1][i]) : 0;
        if (bx < 0 || by < 0) continue;
        sum[by * nx + bx] += v[i];
        count[by * nx + bx]++;
      }
      const values = perSecond ? sum.map((s, k) => (count[k] > 0 ? s / count[k] : NaN)) : sum;
      return { name, edges, values };
    });
    const unitOf = (n: string): string | null => this.units.get(n) ?? null;
    const valueUnit = perSecond ? rateUnit(unitOf(primaries[0])) : unitOf(primaries[0]);
    const axisLabel = (k: number) => ({ label: sourceTitle(this.ctx, axes[k]), unit: unitOf(axes[k]) });
    if (this.dims === 1) {
      const xLog = this.p.str('plot_scale.x_scale', 'linear') === 'log';
      const yLog = this.p.str('plot_scale.y_scale', 'linear') === 'log';
      const label = this.ctx.labels?.output ?? 'value';
      const { axes: yAxes, series } = assignAxes(
        results.map((r) => ({ name: sourceTitle(this.ctx, r.name), x: r.edges[0], y: r.values, stddev: null, unit: perSecond ? rateUnit(unitOf(r.name)) : unitOf(r.name) })),
        label, yLog, false,
      );
      return {
        kind: 'line', title: this.ctx.title, x: { ...axisLabel(0), log: xLog }, y: { label: yAxes[0].label, unit: yAxes[0].unit }, yAxes,
        xIsTime: false, series, yMin: yAxes[0].min, yMax: yAxes[0].max,
        mode: this.p.str('line.mode', 'histogram') as LinePlotState['mode'], errors: 'none', ticks: this.p.ticks(), ...span,
      };
    }
    return imageState(this.ctx, this.p, results.map((r) => ({
      title: sourceTitle(this.ctx, r.name), width: bins[0], height: bins[1], values: Float32Array.from(r.values),
      x: { ...axisLabel(0), min: r.edges[0][0], max: r.edges[0][bins[0]] },
      y: { ...axisLabel(1), min: r.edges[1][0], max: r.edges[1][bins[1]] },
    })), valueUnit, inputs.map((i) => i.data));
  }

  /** The axis sources: named in params, else the last source(s) of the layer. */
  private axisSources(names: string[]): string[] {
    const keys = this.dims === 1 ? ['bins.x_axis_source'] : ['bins.x_axis_source', 'bins.y_axis_source'];
    const chosen = keys.map((k) => this.p.strOrNull(k));
    const rest = names.filter((n) => !chosen.includes(n));
    const out = chosen.map((c, k) => c ?? rest[rest.length - (this.dims - k)]);
    out.forEach((a, k) => {
      if (!a) throw new PlotError(`a ${this.dims}-D correlation histogram needs ${this.dims + 1} sources (data and ${this.dims === 1 ? 'an axis' : 'two axes'})`);
      if (!names.includes(a)) throw new PlotError(`${keys[k]}: '${a}' is not one of this layer's sources (${names.join(', ')})`);
    });
    return out;
  }
}
