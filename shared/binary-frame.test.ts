import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, encodeFrameChunks } from './binary-frame';

describe('binary frames', () => {
  it('round-trips nested typed arrays of every kind with their values and types', () => {
    const value = {
      a: 1,
      s: 'text',
      list: [new Float64Array([1.5, NaN, -Infinity]), { inner: new Int32Array([1, -2, 3]) }],
      img: new Float32Array(1000).map((_, i) => i / 3),
      b: new Uint8Array([1, 2, 3]), // odd length forces padding before the next array
      big: new BigInt64Array([2n ** 62n, -5n]),
      none: null,
    };
    const out = decodeFrame(encodeFrame(value)) as typeof value;
    expect(out.a).toBe(1);
    expect(out.s).toBe('text');
    expect(out.list[0]).toBeInstanceOf(Float64Array);
    expect(Array.from(out.list[0] as Float64Array)).toEqual([1.5, NaN, -Infinity]);
    expect((out.list[1] as { inner: Int32Array }).inner).toEqual(new Int32Array([1, -2, 3]));
    expect(out.img).toEqual(value.img);
    expect(out.b).toEqual(new Uint8Array([1, 2, 3]));
    expect(out.big).toEqual(new BigInt64Array([2n ** 62n, -5n]));
    expect(out.none).toBeNull();
  });

  it('handles typed arrays that are views into a larger buffer', () => {
    const backing = new Float64Array([9, 8, 7, 6]);
    const view = backing.subarray(1, 3);
    const out = decodeFrame(encodeFrame({ v: view })) as { v: Float64Array };
    expect(Array.from(out.v)).toEqual([8, 7]);
  });

  it('decodes frames that start at an unaligned offset in a larger buffer', () => {
    const frame = encodeFrame({ v: new Float64Array([1, 2]) });
    const shifted = new Uint8Array(frame.length + 3);
    shifted.set(frame, 3);
    const out = decodeFrame(shifted.subarray(3)) as { v: Float64Array };
    expect(Array.from(out.v)).toEqual([1, 2]);
  });

  it('rejects truncated frames with an error instead of garbage', () => {
    const frame = encodeFrame({ v: new Float64Array(100) });
    expect(() => decodeFrame(frame.subarray(0, frame.length - 8))).toThrow(/exceeds/);
    expect(() => decodeFrame(new Uint8Array([1]))).toThrow(/too short/);
  });

  it('chunks: the header per call, the arrays as views of their own memory, concatenating to the frame', () => {
    const big = new Float32Array([1, 2, 3]);
    const value = { a: 'x', big, small: new Uint8Array([5]), nested: [{ v: new Float64Array([7]) }] };
    const chunks = encodeFrameChunks(value);
    expect(chunks.some((c) => c.buffer === big.buffer)).toBe(true); // no copy of the array
    const joined = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let o = 0;
    for (const c of chunks) {
      joined.set(c, o);
      o += c.byteLength;
    }
    expect(joined).toEqual(encodeFrame(value));
    expect(decodeFrame(joined)).toEqual(decodeFrame(encodeFrame(value)));
  });
});
