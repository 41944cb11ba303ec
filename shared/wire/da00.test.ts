import * as flatbuffers from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { decodeDa00, encodeDa00, makeVariable, DTYPE_CODE, ARRAY_TYPE, type NumericDType } from './da00';
import { WireError } from './errors';
import { da00_DataArray } from './generated/da00-data-array';
import { da00_Variable } from './generated/da00-variable';
import type { Da00Message, NumericArray } from './types';

const BIG_TS = 1755763200000000123n; // > 2^53: must survive exactly

function roundTrip(msg: Da00Message): Da00Message {
  return decodeDa00(encodeDa00(msg));
}

/** Copies bytes into a fresh buffer at `shift` bytes past an 8-aligned start. */
function shifted(bytes: Uint8Array, shift: number): Uint8Array {
  const buf = new Uint8Array(bytes.byteLength + shift);
  buf.set(bytes, shift);
  return buf.subarray(shift);
}

const SAMPLES: Record<NumericDType, NumericArray> = {
  int8: Int8Array.of(-128, 0, 127),
  uint8: Uint8Array.of(0, 1, 255),
  int16: Int16Array.of(-32768, 0, 32767),
  uint16: Uint16Array.of(0, 1, 65535),
  int32: Int32Array.of(-2147483648, 0, 2147483647),
  uint32: Uint32Array.of(0, 1, 4294967295),
  int64: BigInt64Array.of(-(2n ** 63n), 0n, 2n ** 63n - 1n),
  uint64: BigUint64Array.of(0n, 1n, 2n ** 64n - 1n),
  float32: Float32Array.of(-1.5, 0, 3.25),
  float64: Float64Array.of(-1e300, Number.MIN_VALUE, Math.PI),
};

describe('da00 round trip', () => {
  for (const [dtype, values] of Object.entries(SAMPLES) as [NumericDType, NumericArray][]) {
    it(`preserves ${dtype} values and dtype`, () => {
      const out = roundTrip({ sourceName: 's', timestamp: 1n, variables: [makeVariable('signal', values, { axes: ['x'], unit: 'counts' })] });
      const v = out.variables[0]!;
      expect(v.dtype).toBe(dtype);
      expect(v.values).toBeInstanceOf(ARRAY_TYPE[dtype]);
      expect(Array.from(v.values as ArrayLike<unknown>)).toEqual(Array.from(values as ArrayLike<unknown>));
      expect(v.shape).toEqual([3]);
      expect(v.axes).toEqual(['x']);
      expect(v.unit).toBe('counts');
    });
  }

  it('keeps a timestamp above 2^53 exact, and negative int64 timestamps', () => {
    expect(roundTrip({ sourceName: 's', timestamp: BIG_TS, variables: [makeVariable('signal', Float64Array.of(1))] }).timestamp).toBe(BIG_TS);
    expect(roundTrip({ sourceName: 's', timestamp: -5n, variables: [makeVariable('signal', Float64Array.of(1))] }).timestamp).toBe(-5n);
  });

  it('handles 0-D scalars (empty shape and axes) including int64 ns coords', () => {
    const msg: Da00Message = {
      sourceName: 'scalar',
      timestamp: BIG_TS,
      variables: [
        makeVariable('signal', Float64Array.of(42.5), { unit: 'counts', label: '' }),
        makeVariable('time', BigInt64Array.of(BIG_TS), { unit: 'ns' }),
      ],
    };
    const out = roundTrip(msg);
    expect(out.variables[0]!.shape).toEqual([]);
    expect(out.variables[0]!.axes).toEqual([]);
    expect(out.variables[0]!.label).toBe('');
    expect(Array.from(out.variables[0]!.values as Float64Array)).toEqual([42.5]);
    expect((out.variables[1]!.values as BigInt64Array)[0]).toBe(BIG_TS);
  });

  it('keeps absent unit/label/source as null, distinct from empty strings', () => {
    const out = roundTrip({ sourceName: 's', timestamp: 0n, variables: [
      makeVariable('signal', Int32Array.of(1, 2), { axes: ['x'] }),
      makeVariable('x', Float64Array.of(0, 1, 2), { axes: ['x'], unit: '', source: 'PV:1' }),
    ] });
    expect(out.variables[0]).toMatchObject({ unit: null, label: null, source: null, dtype: 'int32' });
    expect(out.variables[1]).toMatchObject({ unit: '', label: null, source: 'PV:1' });
  });

  it('preserves NaN, infinities and -0 bit patterns in float64', () => {
    const values = Float64Array.of(NaN, Infinity, -Infinity, -0, 1);
    const out = roundTrip({ sourceName: 's', timestamp: 0n, variables: [makeVariable('signal', values, { axes: ['x'] })] });
    const got = out.variables[0]!.values as Float64Array;
    expect(Number.isNaN(got[0])).toBe(true);
    expect(got[1]).toBe(Infinity);
    expect(got[2]).toBe(-Infinity);
    expect(Object.is(got[3], -0)).toBe(true);
  });

  it('round-trips a 2-D image with bin-edge coords, errors and a label', () => {
    const signal = new Float64Array(12).map((_, i) => i * 1.5);
    const msg: Da00Message = {
      sourceName: '{"a":1}',
      timestamp: BIG_TS,
      variables: [
        makeVariable('signal', signal, { axes: ['y', 'x'], shape: [3, 4], unit: 'counts', label: 'Histogram update' }),
        makeVariable('errors', signal.map(Math.sqrt), { axes: ['y', 'x'], shape: [3, 4], unit: 'counts' }),
        makeVariable('x', Float64Array.of(0, 1, 2, 3, 4), { axes: ['x'], unit: 'm' }),
        makeVariable('y', Float64Array.of(0, 10, 20), { axes: ['y'], unit: 'Å' }),
      ],
    };
    const out = roundTrip(msg);
    expect(out).toEqual(msg);
  });

  it('round-trips a 1000×1000 float64 image', () => {
    const values = new Float64Array(1_000_000);
    for (let i = 0; i < values.length; i++) values[i] = Math.sin(i);
    values[123_456] = NaN;
    const out = roundTrip({ sourceName: 'big', timestamp: 0n, variables: [makeVariable('signal', values, { axes: ['y', 'x'], shape: [1000, 1000] })] });
    const got = out.variables[0]!.values as Float64Array;
    expect(got.length).toBe(1_000_000);
    expect(got[999_999]).toBe(Math.sin(999_999));
    expect(Number.isNaN(got[123_456])).toBe(true);
    expect(Buffer.from(got.buffer).equals(Buffer.from(values.buffer))).toBe(true);
  });

  it('round-trips c_string variables: one string 0-D, several strings 1-D, none', () => {
    const msg: Da00Message = { sourceName: 's', timestamp: 0n, variables: [
      makeVariable('signal', Float64Array.of(1)),
      makeVariable('title', ['Ångström μs'], {}),
      makeVariable('names', ['a', '', 'ccc'], { axes: ['n'] }),
      makeVariable('empty', [], { axes: ['m'] }),
    ] };
    const out = roundTrip(msg);
    expect(out.variables.map((v) => [v.dtype, v.values])).toEqual([
      ['float64', Float64Array.of(1)], ['c_string', ['Ångström μs']], ['c_string', ['a', '', 'ccc']], ['c_string', []],
    ]);
  });

  it('produces bytes the generated (flatc) accessors read identically', () => {
    const bytes = encodeDa00({ sourceName: 'src', timestamp: BIG_TS, variables: [
      makeVariable('signal', Int32Array.of(7, 8, 9), { axes: ['x'], unit: 'counts', label: 'L' }),
    ] });
    const bb = new flatbuffers.ByteBuffer(bytes);
    expect(da00_DataArray.bufferHasIdentifier(bb)).toBe(true);
    const root = da00_DataArray.getRootAsda00_DataArray(bb);
    expect(root.sourceName()).toBe('src');
    expect(root.timestamp()).toBe(BIG_TS);
    const v = root.data(0)!;
    expect([v.name(), v.unit(), v.label(), v.source(), v.dataType(), v.axes(0), v.shape(0)]).toEqual(['signal', 'counts', 'L', null, DTYPE_CODE.int32, 'x', 3n]);
    expect(Array.from(v.dataArray()!)).toEqual([7, 0, 0, 0, 8, 0, 0, 0, 9, 0, 0, 0]);
    expect((v.dataArray()!.byteOffset - bytes.byteOffset) % 8).toBe(0); // we align data to 8
  });
});

describe('da00 decode: alignment and aliasing', () => {
  it('decodes data vectors that start at an offset ≡ 4 (mod 8), as the Python writer produces', () => {
    // Written with the generated helpers (byte-aligned vectors, like the upstream Python writer),
    // padding the source name until the float64 payload lands 4 bytes off 8-alignment.
    let found = false;
    for (let pad = 0; pad < 8 && !found; pad++) {
      const b = new flatbuffers.Builder(64);
      // Built back to front: this string ends up after the data vector and shifts it.
      const src = b.createString('s'.repeat(pad + 1));
      const data = da00_Variable.createDataVector(b, new Uint8Array(Float64Array.of(1.5, -2.25, NaN).buffer));
      const shape = da00_Variable.createShapeVector(b, [3n]);
      const axes = da00_Variable.createAxesVector(b, [b.createString('x')]);
      const name = b.createString('signal');
      da00_Variable.startda00_Variable(b);
      da00_Variable.addName(b, name);
      da00_Variable.addDataType(b, DTYPE_CODE.float64);
      da00_Variable.addAxes(b, axes);
      da00_Variable.addShape(b, shape);
      da00_Variable.addData(b, data);
      const v = da00_Variable.endda00_Variable(b);
      const vec = da00_DataArray.createDataVector(b, [v]);
      da00_DataArray.startda00_DataArray(b);
      da00_DataArray.addSourceName(b, src);
      da00_DataArray.addTimestamp(b, BIG_TS);
      da00_DataArray.addData(b, vec);
      b.finish(da00_DataArray.endda00_DataArray(b), 'da00');
      const bytes = b.asUint8Array().slice(); // fresh buffer: offsets within it are absolute
      const dataOffset = da00_DataArray.getRootAsda00_DataArray(new flatbuffers.ByteBuffer(bytes)).data(0)!.dataArray()!.byteOffset;
      if (dataOffset % 8 !== 4) continue;
      found = true;
      expect(() => new Float64Array(bytes.buffer, dataOffset, 3)).toThrow(RangeError); // the pitfall
      const out = decodeDa00(bytes);
      expect(out.timestamp).toBe(BIG_TS);
      const got = out.variables[0]!.values as Float64Array;
      expect(got[0]).toBe(1.5);
      expect(got[1]).toBe(-2.25);
      expect(Number.isNaN(got[2])).toBe(true);
    }
    expect(found).toBe(true);
  });

  it('decodes from a Uint8Array view at any byte offset of a larger buffer', () => {
    const bytes = encodeDa00({ sourceName: 's', timestamp: BIG_TS, variables: [makeVariable('signal', Float64Array.of(1, 2, 3), { axes: ['x'] })] });
    for (let shift = 1; shift < 8; shift++) {
      const out = decodeDa00(shifted(bytes, shift));
      expect(Array.from(out.variables[0]!.values as Float64Array)).toEqual([1, 2, 3]);
      expect(out.timestamp).toBe(BIG_TS);
    }
  });

  it('decodes from a Node Buffer out of the shared pool (whose slice() is a view, not a copy)', () => {
    const bytes = encodeDa00({ sourceName: 's', timestamp: BIG_TS, variables: [makeVariable('signal', Float64Array.of(1, 4, 9), { axes: ['x'] })] });
    const pooled = Buffer.from(bytes); // small: lands at a non-zero offset of Node's 8 KiB pool
    expect(pooled.byteOffset).toBeGreaterThan(0);
    const out = decodeDa00(pooled);
    expect(Array.from(out.variables[0]!.values as Float64Array)).toEqual([1, 4, 9]);
    pooled.fill(0);
    expect(Array.from(out.variables[0]!.values as Float64Array)).toEqual([1, 4, 9]);
  });

  it('returns arrays that do not alias the input buffer', () => {
    const bytes = encodeDa00({ sourceName: 's', timestamp: 0n, variables: [
      makeVariable('signal', Float64Array.of(1, 2), { axes: ['x'] }),
      makeVariable('u8', Uint8Array.of(5, 6), { axes: ['x'] }),
    ] });
    const input = bytes.slice();
    const out = decodeDa00(input);
    input.fill(0xff); // the caller reuses its buffer
    expect(Array.from(out.variables[0]!.values as Float64Array)).toEqual([1, 2]);
    expect(Array.from(out.variables[1]!.values as Uint8Array)).toEqual([5, 6]);
    expect((out.variables[0]!.values as Float64Array).buffer).not.toBe(input.buffer);
  });
});

describe('da00 decode: malformed input throws WireError', () => {
  const good = encodeDa00({ sourceName: 's', timestamp: 1n, variables: [
    makeVariable('signal', Float64Array.of(1, 2, 3, 4), { axes: ['y', 'x'], shape: [2, 2], label: 'L' }),
  ] });

  const expectWire = (bytes: Uint8Array, pattern: RegExp) => {
    let err: unknown;
    try { decodeDa00(bytes); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(WireError);
    expect((err as Error).message).toMatch(pattern);
  };

  it('rejects an empty or tiny buffer', () => {
    expectWire(new Uint8Array(0), /too short/);
    expectWire(new Uint8Array(7), /too short/);
  });

  it('rejects a wrong file identifier', () => {
    const bad = good.slice();
    bad.set([0x78, 0x35, 0x66, 0x32], 4); // "x5f2"
    expectWire(bad, /file identifier is "x5f2", expected "da00"/);
  });

  it('rejects every truncation of a valid message', () => {
    for (let len = 8; len < good.byteLength; len++) {
      expect(() => decodeDa00(good.subarray(0, len)), `length ${len}`).toThrow(WireError);
    }
  });

  it('rejects a shape that does not match the byte count', () => {
    const bytes = encodeDa00({ sourceName: 's', timestamp: 1n, variables: [
      makeVariable('signal', new Float64Array(100), { axes: ['y', 'x'], shape: [10, 10] }),
    ] });
    // Patch the first shape extent 10 → 11 (little-endian int64 in the shape vector).
    const v = da00_DataArray.getRootAsda00_DataArray(new flatbuffers.ByteBuffer(bytes)).data(0)!;
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    let patched = false;
    for (let p = 0; p + 16 <= bytes.byteLength; p += 4) {
      if (view.getUint32(p, true) === 2 && view.getBigInt64(p + 4, true) === 10n && view.getBigInt64(p + 12, true) === 10n) {
        view.setBigInt64(p + 4, 11n, true); patched = true; break;
      }
    }
    expect(patched && v.shapeLength() === 2).toBe(true);
    expectWire(bytes, /variable 'signal' has 800 bytes but shape \[11,10\] float64 needs 880/);
  });

  it('rejects random corruption with WireError only (never another exception)', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let trial = 0; trial < 2000; trial++) {
      const bad = good.slice();
      const flips = 1 + Math.floor(rand() * 4);
      for (let f = 0; f < flips; f++) bad[8 + Math.floor(rand() * (bad.length - 8))] = Math.floor(rand() * 256);
      try {
        const m = decodeDa00(bad);
        // If it decodes, it must still be self-consistent.
        for (const v of m.variables) {
          if (v.dtype !== 'c_string') expect(v.values.length).toBe(v.shape.reduce((a, b) => a * b, 1));
          expect(v.axes.length).toBe(v.shape.length);
        }
      } catch (e) {
        expect(e).toBeInstanceOf(WireError);
      }
    }
  });

  it('rejects an unknown dtype code', () => {
    const bytes = encodeDa00({ sourceName: 's', timestamp: 1n, variables: [makeVariable('signal', Int8Array.of(1), { axes: ['x'] })] });
    const v = da00_DataArray.getRootAsda00_DataArray(new flatbuffers.ByteBuffer(bytes)).data(0)!;
    // data_type is slot 4: find its absolute position via the vtable and overwrite it.
    const bb = new flatbuffers.ByteBuffer(bytes);
    const fieldOffset = bb.__offset(v.bb_pos, 12);
    bytes[v.bb_pos + fieldOffset] = 42;
    expectWire(bytes, /data_type 42/);
  });
});

describe('da00 encode validation', () => {
  const enc = (v: Parameters<typeof makeVariable>) => () => encodeDa00({ sourceName: 's', timestamp: 0n, variables: [makeVariable(...v)] });
  it('rejects values that do not fill the shape', () => {
    expect(enc(['signal', Float64Array.of(1, 2, 3), { axes: ['y', 'x'], shape: [2, 2] }])).toThrow(/3 values but shape \[2,2\] needs 4/);
  });
  it('rejects a dtype/array mismatch', () => {
    expect(() => encodeDa00({ sourceName: 's', timestamp: 0n, variables: [{ ...makeVariable('signal', Float64Array.of(1)), dtype: 'int32' }] })).toThrow(WireError);
  });
  it('rejects timestamps outside int64, and an empty variable list', () => {
    expect(() => encodeDa00({ sourceName: 's', timestamp: 2n ** 63n, variables: [makeVariable('signal', Float64Array.of(1))] })).toThrow(WireError);
    expect(() => encodeDa00({ sourceName: 's', timestamp: 0n, variables: [] })).toThrow(WireError);
  });
});
