import { describe, expect, it } from 'vitest';
import { decodeDa00, encodeDa00, makeVariable } from './da00';
import { isBinEdges, isDimensionless, scalarNs, startTimeNs, timeNs, toDataArray, toFloat64, nsPerUnit } from './data-array';
import { WireError } from './errors';
import type { Da00Message } from './types';

const T0 = 1755763200000000123n;

function histogram(): Da00Message {
  return {
    sourceName: 'k',
    timestamp: T0,
    variables: [
      makeVariable('signal', Float64Array.of(1, 2, 3, 4, 5, 6), { axes: ['y', 'x'], shape: [2, 3], unit: 'counts', label: 'Histogram update' }),
      makeVariable('errors', Float64Array.of(1, 1, 1, 2, 2, 2), { axes: ['y', 'x'], shape: [2, 3], unit: 'counts' }),
      makeVariable('x', Float64Array.of(0, 1, 2, 3), { axes: ['x'], unit: 'ms' }),
      makeVariable('y', Int32Array.of(10, 20), { axes: ['y'] }),
      makeVariable('frame', Float64Array.of(1, 2, 3, 4, 5), { axes: ['frame'] }),
      makeVariable('start_time', BigInt64Array.of(T0), { unit: 'ns' }),
      makeVariable('time', BigInt64Array.of(T0 + 1_000_000_000n), { unit: 'ns' }),
    ],
  };
}

describe('toDataArray', () => {
  it('maps signal/errors/coords as esslivedata does, after a wire round trip', () => {
    const da = toDataArray(decodeDa00(encodeDa00(histogram())));
    expect(da.name).toBe('Histogram update');
    expect(da.signal.name).toBe('signal');
    expect(Array.from(da.stddev!.values as Float64Array)).toEqual([1, 1, 1, 2, 2, 2]);
    expect(Object.keys(da.coords).sort()).toEqual(['start_time', 'time', 'x', 'y']); // 'frame' dropped
    expect(da.timestamp).toBe(T0);
    expect(isBinEdges(da.coords['x']!, da.signal, 'x')).toBe(true);
    expect(isBinEdges(da.coords['y']!, da.signal, 'y')).toBe(false);
    expect(isBinEdges(da.coords['x']!, da.signal, 'y')).toBe(false);
    expect(startTimeNs(da)).toBe(T0);
    expect(timeNs(da)).toBe(T0 + 1_000_000_000n);
  });

  it('uses "" as the name when the signal has no label, and null stddev without errors', () => {
    const m = histogram();
    m.variables = m.variables.filter((v) => v.name !== 'errors');
    m.variables[0] = { ...m.variables[0]!, label: null };
    const da = toDataArray(m);
    expect(da.name).toBe('');
    expect(da.stddev).toBeNull();
  });

  it('throws WireError without a signal, with mismatched errors, or with a coord of the wrong length', () => {
    const noSignal = histogram();
    noSignal.variables.shift();
    expect(() => toDataArray(noSignal)).toThrow(/no 'signal' variable \(have: 'errors', 'x'/);

    const badErrors = histogram();
    badErrors.variables[1] = makeVariable('errors', Float64Array.of(1, 2, 3), { axes: ['x'] });
    expect(() => toDataArray(badErrors)).toThrow(WireError);

    const badCoord = histogram();
    badCoord.variables[2] = makeVariable('x', Float64Array.of(0, 1, 2, 3, 4), { axes: ['x'] });
    expect(() => toDataArray(badCoord)).toThrow(/coord 'x' has 5 elements along 'x', signal has 3/);
  });
});

describe('toFloat64', () => {
  it('widens every numeric dtype, int64 via Number()', () => {
    expect(Array.from(toFloat64(Int8Array.of(-1, 2)))).toEqual([-1, 2]);
    expect(Array.from(toFloat64(Uint32Array.of(4294967295)))).toEqual([4294967295]);
    expect(Array.from(toFloat64(Float32Array.of(0.5)))).toEqual([0.5]);
    expect(Array.from(toFloat64(BigInt64Array.of(-(2n ** 53n), 7n)))).toEqual([-(2 ** 53), 7]);
    expect(Array.from(toFloat64(BigUint64Array.of(2n ** 64n - 1n)))).toEqual([2 ** 64]);
  });
  it('returns a Float64Array unchanged and rejects strings', () => {
    const a = Float64Array.of(1, NaN);
    expect(toFloat64(a)).toBe(a);
    expect(() => toFloat64(['a'])).toThrow(WireError);
  });
});

describe('units and scalar times', () => {
  it('recognises dimensionless spellings', () => {
    for (const u of ['', 'one', 'dimensionless', null]) expect(isDimensionless(u)).toBe(true);
    for (const u of ['counts', 'm', 'ns']) expect(isDimensionless(u)).toBe(false);
  });
  it('reads 0-D time coords exactly, converting time units, rejecting non-scalars and floats', () => {
    expect(scalarNs(makeVariable('t', BigInt64Array.of(T0), { unit: 'ns' }))).toBe(T0);
    expect(scalarNs(makeVariable('t', BigInt64Array.of(5n), { unit: 'datetime64[ms]' }))).toBe(5_000_000n);
    expect(scalarNs(makeVariable('t', Int32Array.of(3), { unit: 's' }))).toBe(3_000_000_000n);
    expect(scalarNs(makeVariable('t', Float64Array.of(3), { unit: 'ns' }))).toBeNull();
    expect(scalarNs(makeVariable('t', BigInt64Array.of(1n, 2n), { axes: ['x'], unit: 'ns' }))).toBeNull();
    expect(scalarNs(makeVariable('t', BigInt64Array.of(1n), { unit: 'counts' }))).toBeNull();
    expect(scalarNs(undefined)).toBeNull();
    expect(nsPerUnit('μs')).toBe(1000n);
  });
});
