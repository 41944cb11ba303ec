// Per-layer temporal buffer for the reference's time-window parameters (plot_params.py
// TimeWindowParams) and rate normalisation (RateNormalizationParams):
//   - window, 0 s:      the latest update as it is;
//   - window, 0–60 s:   the latest update plus earlier ones whose data time lies within the
//                       lookback, aggregated by sum / mean (nan-aware, or "auto": nansum for counts,
//                       nanmean otherwise), standard deviations propagated;
//   - since_start:      the total since the job started (accumulated here when the output holds
//                       single updates, the latest value when it is already cumulative).
// Rate normalisation then divides by the covered data time (start_time → time) with the same
// factor on the standard deviations. Bounded: frames older than the lookback are dropped, and a
// layer never holds more than MAX_BYTES of frames (the covered span, and so the rate, follow what
// is actually kept).
import type { Temporality } from '../../shared/catalogue';
import { makeVariable } from '../../shared/wire/da00';
import type { DataArray } from '../../shared/wire/data-array';
import { startTimeNs, timeNs, toFloat64 } from '../../shared/wire/data-array';
import type { Variable } from '../../shared/wire/types';
import type { PlotterInput } from './plotters/plotter';
import { PlotError } from './plotters/plotter';

export type Aggregation = 'auto' | 'nansum' | 'nanmean' | 'sum' | 'mean';

export interface TimeWindowSpec {
  mode: 'window' | 'since_start';
  windowSeconds: number;
  aggregation: Aggregation;
  normalizeToRate: boolean;
}

/** Bytes of frames one layer may hold for its lookback. */
export const MAX_BYTES = 256 * 1024 * 1024;
/** Frames per source at most (60 s at 10 Hz with margin). */
export const MAX_FRAMES = 800;

interface Frame {
  data: DataArray;
  values: Float64Array;
  variances: Float64Array | null;
  startNs: bigint | null;
  endNs: bigint | null;
}

function frameOf(data: DataArray): Frame {
  const values = toFloat64(data.signal.values);
  let variances: Float64Array | null = null;
  if (data.stddev) {
    const s = toFloat64(data.stddev.values);
    variances = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) variances[i] = s[i] * s[i];
  }
  return { data, values, variances, startNs: startTimeNs(data), endNs: timeNs(data) };
}

/** The aggregation actually used ("auto": nansum for counts, nanmean otherwise, as the reference). */
export function effectiveAggregation(how: Aggregation, unit: string | null): Exclude<Aggregation, 'auto'> {
  if (how !== 'auto') return how;
  return unit === 'counts' ? 'nansum' : 'nanmean';
}

/**
 * Element-wise aggregate of frames of equal shape. sum: a NaN in any frame gives NaN; nansum:
 * NaNs are skipped (all NaN → NaN). mean divides by the number of frames (nanmean: of non-NaN
 * ones). σ² add; the mean's σ is √(Σσ²)/n.
 */
export function aggregate(frames: { values: Float64Array; variances: Float64Array | null }[], how: Exclude<Aggregation, 'auto'>): { values: Float64Array; variances: Float64Array | null } {
  const n = frames[0].values.length;
  for (const f of frames) if (f.values.length !== n) throw new PlotError('the output changed shape within the time window');
  const withErrors = frames.every((f) => f.variances);
  const values = new Float64Array(n);
  const variances = withErrors ? new Float64Array(n) : null;
  const skipNaN = how === 'nansum' || how === 'nanmean';
  const mean = how === 'mean' || how === 'nanmean';
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let varSum = 0;
    let count = 0;
    for (const f of frames) {
      const v = f.values[i];
      if (Number.isNaN(v)) {
        if (skipNaN) continue;
        sum = NaN;
      }
      sum += v;
      if (variances) varSum += f.variances![i];
      count++;
    }
    if (count === 0) {
      values[i] = NaN;
      if (variances) variances[i] = NaN;
      continue;
    }
    values[i] = mean ? sum / count : sum;
    if (variances) variances[i] = Number.isNaN(sum) ? NaN : mean ? varSum / (count * count) : varSum;
  }
  return { values, variances };
}

const nsVariable = (name: string, ns: bigint): Variable => makeVariable(name, new BigInt64Array([ns]), { unit: 'ns' });

/** The input as a data array with new values (same dims and coords), errors and time span. */
function rebuild(data: DataArray, values: Float64Array, variances: Float64Array | null, unit: string | null, startNs: bigint | null, endNs: bigint | null): DataArray {
  const signal: Variable = { ...data.signal, dtype: 'float64', values, unit };
  let stddev: Variable | null = null;
  if (variances) {
    const s = new Float64Array(variances.length);
    for (let i = 0; i < s.length; i++) s[i] = Math.sqrt(variances[i]);
    stddev = { ...(data.stddev ?? data.signal), name: 'errors', dtype: 'float64', values: s, unit };
  }
  const coords = { ...data.coords };
  if (startNs !== null) coords.start_time = nsVariable('start_time', startNs);
  if (endNs !== null) coords.time = nsVariable('time', endNs);
  return { ...data, signal, stddev, coords };
}

/** The unit of a rate: counts → counts/s. */
export function rateUnit(unit: string | null): string {
  if (unit === null || unit === '' || unit === 'dimensionless' || unit === 'one') return '1/s';
  return /[\s*/]/.test(unit) ? `(${unit})/s` : `${unit}/s`;
}

/** Divides values and standard deviations by the covered data time (start_time → time). */
export function normaliseToRate(data: DataArray): DataArray {
  const start = startTimeNs(data);
  const end = timeNs(data);
  if (start === null || end === null) throw new PlotError('counts per second needs the data time span (start_time and time coordinates), which this output does not carry');
  const seconds = Number(end - start) / 1e9;
  if (!(seconds > 0)) throw new PlotError(`counts per second: the data covers ${seconds} s`);
  const values = toFloat64(data.signal.values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = values[i] / seconds;
  let variances: Float64Array | null = null;
  if (data.stddev) {
    const s = toFloat64(data.stddev.values);
    variances = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) variances[i] = (s[i] / seconds) ** 2;
  }
  return rebuild(data, out, variances, rateUnit(data.signal.unit), start, end);
}

export class TemporalBuffer {
  private readonly frames = new Map<string, Frame[]>();
  private readonly totals = new Map<string, Frame>();
  private bytes = 0;

  constructor(
    private readonly spec: TimeWindowSpec,
    private readonly temporality: Temporality | undefined,
  ) {}

  /** Frames held (for tests of the bounds). */
  get frameCount(): number {
    let n = 0;
    for (const f of this.frames.values()) n += f.length;
    return n;
  }

  get byteCount(): number {
    return this.bytes;
  }

  /** Applies the time window and rate normalisation to the latest inputs. */
  apply(inputs: PlotterInput[]): PlotterInput[] {
    return inputs.map(({ sourceName, data }) => {
      let out = this.windowed(sourceName, data);
      if (this.spec.normalizeToRate) out = normaliseToRate(out);
      return { sourceName, data: out };
    });
  }

  private windowed(source: string, data: DataArray): DataArray {
    const { mode, windowSeconds } = this.spec;
    if (mode === 'since_start') return this.sinceStart(source, data);
    if (!(windowSeconds > 0)) return data;
    const list = this.frames.get(source) ?? [];
    this.frames.set(source, list);
    const last = list[list.length - 1];
    // The same stored value is offered again when another source of the layer updates.
    if (!last || last.data !== data) {
      const frame = frameOf(data);
      if (last && frame.endNs !== null && last.endNs !== null && frame.endNs <= last.endNs) {
        // Data time went back: a reset or a new run. Earlier frames are another generation.
        this.drop(list, list.length);
      }
      list.push(frame);
      this.bytes += frame.values.byteLength + (frame.variances?.byteLength ?? 0);
    }
    const latest = list[list.length - 1];
    // Keep what the lookback can still need, within the frame and byte bounds.
    if (latest.endNs !== null) {
      const horizon = latest.endNs - BigInt(Math.ceil(windowSeconds * 1e9));
      let k = 0;
      while (k < list.length - 1 && list[k].endNs !== null && list[k].endNs! <= horizon) k++;
      this.drop(list, k);
    } else {
      // No data time: only the latest can be placed in time.
      this.drop(list, list.length - 1);
    }
    if (list.length > MAX_FRAMES) this.drop(list, list.length - MAX_FRAMES);
    while (this.bytes > MAX_BYTES && list.length > 1) this.drop(list, 1);
    if (list.length === 1) return data;
    const how = effectiveAggregation(this.spec.aggregation, data.signal.unit);
    const agg = aggregate(list, how);
    const startNs = list[0].startNs ?? list[0].endNs;
    return rebuild(data, agg.values, agg.variances, data.signal.unit, startNs, latest.endNs);
  }

  private drop(list: Frame[], count: number): void {
    for (const f of list.splice(0, count)) this.bytes -= f.values.byteLength + (f.variances?.byteLength ?? 0);
  }

  /** Total since the job started: the output itself when cumulative, else the sum of its updates. */
  private sinceStart(source: string, data: DataArray): DataArray {
    if (this.temporality === 'cumulative' || this.temporality === undefined) return data;
    const total = this.totals.get(source);
    if (total && total.data === data) return this.totalArray(total);
    const frame = frameOf(data);
    if (!total || total.values.length !== frame.values.length) {
      this.totals.set(source, { ...frame, values: frame.values.slice(), variances: frame.variances?.slice() ?? null });
    } else {
      const agg = aggregate([total, frame], 'nansum');
      this.totals.set(source, { data, values: agg.values, variances: agg.variances, startNs: total.startNs ?? frame.startNs, endNs: frame.endNs });
      return this.totalArray(this.totals.get(source)!);
    }
    return this.totalArray(this.totals.get(source)!);
  }

  private totalArray(t: Frame): DataArray {
    return rebuild(t.data, t.values, t.variances, t.data.signal.unit, t.startNs, t.endNs);
  }
}

export function timeWindowSpec(p: { str(path: string, f: string): string; num(path: string, f: number): number; bool(path: string, f: boolean): boolean }): TimeWindowSpec {
  return {
    mode: p.str('time_window.mode', 'window') === 'since_start' ? 'since_start' : 'window',
    windowSeconds: p.num('time_window.window_duration_seconds', 0),
    aggregation: p.str('time_window.aggregation', 'auto') as Aggregation,
    normalizeToRate: p.bool('rate.normalize_to_rate', false),
  };
}
