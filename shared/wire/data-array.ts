// The esslivedata view of a da00 message (`$L/kafka/scipp_da00_compat.py`): "signal" is the
// data, "errors" its standard deviations, every other variable a coordinate.

import { WireError } from './errors';
import type { Da00Message, NumericArray, Variable } from './types';

export interface DataArray {
  /** The signal's label: the output title (may be ''). */
  name: string;
  signal: Variable;
  /** The "errors" variable: standard deviations, same axes/shape/unit as the signal. */
  stddev: Variable | null;
  /** Coordinates by name; those with axes outside the signal's are dropped. */
  coords: Record<string, Variable>;
  /** The message's top-level timestamp (ns). The dashboard reads start_time/time coords instead. */
  timestamp: bigint;
}

export const SIGNAL = 'signal';
export const ERRORS = 'errors';

const fmtShape = (v: Variable): string => `[${v.axes.map((a, i) => `${a}:${v.shape[i]}`).join(',')}]`;

/** Extent of `v` along `axis`, or null if `v` does not have that axis. */
export function extentOf(v: Variable, axis: string): number | null {
  const i = v.axes.indexOf(axis);
  return i < 0 ? null : v.shape[i]!;
}

/** True if `coord` holds bin edges along `axis`: one more element than the signal there. */
export function isBinEdges(coord: Variable, signal: Variable, axis: string): boolean {
  const c = extentOf(coord, axis);
  const s = extentOf(signal, axis);
  return c !== null && s !== null && c === s + 1;
}

/**
 * Splits a da00 message into signal, stddev and coords. Throws WireError where scipp would
 * refuse to build the DataArray (no signal, errors not matching the signal, a coordinate whose
 * extent fits neither the signal nor its bin edges), since the Python dashboard drops those too.
 */
export function toDataArray(msg: Da00Message): DataArray {
  const signal = msg.variables.find((v) => v.name === SIGNAL);
  if (!signal) {
    throw new WireError(`da00: no '${SIGNAL}' variable (have: ${msg.variables.map((v) => `'${v.name}'`).join(', ') || 'none'})`);
  }
  if (signal.dtype === 'c_string') throw new WireError(`da00: '${SIGNAL}' holds strings, not numbers`);
  let stddev: Variable | null = null;
  const coords: Record<string, Variable> = {};
  for (const v of msg.variables) {
    if (v === signal) continue;
    if (v.name === ERRORS) {
      if (v.dtype === 'c_string' || v.axes.join('\0') !== signal.axes.join('\0') || v.shape.join() !== signal.shape.join()) {
        throw new WireError(`da00: '${ERRORS}' ${fmtShape(v)} ${v.dtype} does not match '${SIGNAL}' ${fmtShape(signal)}`);
      }
      stddev = v;
      continue;
    }
    // Upstream workaround for EFU per-frame variables: drop coords on foreign axes.
    if (!v.axes.every((a) => signal.axes.includes(a))) continue;
    let edgeAxes = 0;
    for (const axis of v.axes) {
      const c = extentOf(v, axis)!;
      const s = extentOf(signal, axis)!;
      if (c === s + 1) edgeAxes++;
      else if (c !== s) {
        throw new WireError(`da00: coord '${v.name}' has ${c} elements along '${axis}', signal has ${s} (expected ${s} or ${s + 1} for bin edges)`);
      }
    }
    if (edgeAxes > 1) throw new WireError(`da00: coord '${v.name}' ${fmtShape(v)} is bin-edges along more than one axis`);
    coords[v.name] = v;
  }
  return { name: signal.label ?? '', signal, stddev, coords, timestamp: msg.timestamp };
}

/**
 * Values as float64, for plotting and statistics. int64/uint64 go through Number() (exact up to
 * 2^53). A Float64Array input is returned as is, not copied (images are large).
 * Throws WireError for string values.
 */
export function toFloat64(values: NumericArray | readonly string[]): Float64Array {
  if (values instanceof Float64Array) return values;
  if (Array.isArray(values)) throw new WireError('cannot convert string values to numbers');
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]!);
    return out;
  }
  // Typed-array constructor: one native widening pass.
  return new Float64Array(values as Exclude<NumericArray, BigInt64Array | BigUint64Array>);
}

/** Unit strings that mean "dimensionless" (null = no unit, treated alike for display). */
export function isDimensionless(unit: string | null | undefined): boolean {
  return unit === null || unit === undefined || unit === '' || unit === 'one' || unit === 'dimensionless';
}

const NS_PER: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1_000n, 'µs': 1_000n, 'μs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n,
};

/** Nanoseconds per unit for a time unit (`ns`, `ms`, `datetime64[us]` …), or null if not a time unit. */
export function nsPerUnit(unit: string | null): bigint | null {
  if (unit === null) return null;
  const m = /^datetime64\[(.+)\]$/.exec(unit);
  return NS_PER[m ? m[1]! : unit] ?? null;
}

/**
 * A 0-D integer time variable as exact nanoseconds (bigint), or null if `v` is absent, not 0-D,
 * not an integer dtype, or not in a time unit. start_time and time are int64 with unit ns.
 */
export function scalarNs(v: Variable | undefined): bigint | null {
  if (!v || v.shape.length !== 0 || v.values.length !== 1) return null;
  const factor = nsPerUnit(v.unit);
  if (factor === null) return null;
  const x = v.values[0];
  if (typeof x === 'bigint') return x * factor;
  if (typeof x === 'number' && v.dtype !== 'float32' && v.dtype !== 'float64') return BigInt(x) * factor;
  return null;
}

/** start_time coord (ns): start of accumulation; changes on reset, so it marks a generation. */
export function startTimeNs(da: DataArray): bigint | null {
  return scalarNs(da.coords['start_time']);
}

/** time coord (ns): the instant the value refers to (end of the accumulated data). */
export function timeNs(da: DataArray): bigint | null {
  return scalarNs(da.coords['time']);
}
