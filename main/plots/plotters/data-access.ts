// Reading coordinates, values and time stamps out of decoded data arrays.
import type { DataArray } from '../../../shared/wire/data-array';
import { startTimeNs, timeNs, toFloat64 } from '../../../shared/wire/data-array';
import type { Variable } from '../../../shared/wire/types';
import { PlotError } from './plotter';

export interface AxisValues {
  name: string;
  unit: string | null;
  /** Length n+1 when `edges`, else n. */
  values: Float64Array;
  edges: boolean;
}

/** The coordinate along `axis` (length n or n+1), or pixel indices 0..n when there is none. */
export function axisValues(data: DataArray, axis: string, n: number): AxisValues {
  const coord = data.coords[axis];
  if (coord && coord.axes.length === 1 && coord.axes[0] === axis && typeof coord.values[0] !== 'string') {
    const values = numeric(coord);
    if (values.length === n + 1) return { name: axis, unit: coord.unit, values, edges: true };
    if (values.length === n) return { name: axis, unit: coord.unit, values, edges: false };
  }
  const values = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) values[i] = i;
  return { name: axis, unit: null, values, edges: true };
}

export function numeric(v: Variable): Float64Array {
  if (v.dtype === 'c_string') throw new PlotError(`variable '${v.name}' holds strings, not numbers`);
  return toFloat64(v.values);
}

/** The data time span covered by a set of inputs (earliest start, latest end), ns as strings. */
export function timeSpan(datas: DataArray[]): { startTime: string | null; endTime: string | null } {
  let start: bigint | null = null;
  let end: bigint | null = null;
  for (const d of datas) {
    const s = startTimeNs(d);
    const e = timeNs(d);
    if (s !== null && (start === null || s < start)) start = s;
    if (e !== null && (end === null || e > end)) end = e;
  }
  return { startTime: start === null ? null : start.toString(), endTime: end === null ? null : end.toString() };
}

export function finiteRange(arrays: ArrayLike<number>[], positiveOnly = false): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (!Number.isFinite(x) || (positiveOnly && x <= 0)) continue;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  if (min === Infinity) return positiveOnly ? { min: 1, max: 10 } : { min: 0, max: 1 };
  if (min === max) return positiveOnly ? { min: min / 2, max: max * 2 } : { min: min - 0.5, max: max + 0.5 };
  return { min, max };
}
