import { describe, expect, it } from 'vitest';
import { colourLevels } from '../../../shared/colour-levels';
import { colorize, colorizeLevels, scaleLimits, viridis, VIRIDIS_LUT, LUT_SIZE } from './colormap';

const px = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(i * 4, i * 4 + 4));

describe('viridis', () => {
  it('has the matplotlib endpoints', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    // Clamped outside [0, 1].
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
  });

  it('passes through the standard middle stop and gets brighter along the map', () => {
    expect(viridis(5 / 9)).toEqual([0x1f, 0x9e, 0x89]);
    const luma = (i: number) => 0.2126 * VIRIDIS_LUT[i * 3] + 0.7152 * VIRIDIS_LUT[i * 3 + 1] + 0.0722 * VIRIDIS_LUT[i * 3 + 2];
    for (let i = 8; i < LUT_SIZE; i += 8) expect(luma(i)).toBeGreaterThan(luma(i - 8));
  });
});

describe('colorize', () => {
  it('maps min/max to the end colours, flips rows and makes NaN transparent', () => {
    // 2×2, row 0 = lowest y: [0, NaN] / [10, 5]
    const values = new Float32Array([0, NaN, 10, 5]);
    const rgba = colorize(values, 2, 2, { min: 0, max: 10, log: false });
    // Canvas row 0 (top) is data row 1.
    expect(px(rgba, 0)).toEqual([...viridis(1), 255]);
    expect(px(rgba, 1)).toEqual([...viridis(0.5), 255]);
    // Canvas row 1 (bottom) is data row 0.
    expect(px(rgba, 2)).toEqual([...viridis(0), 255]);
    expect(px(rgba, 3)[3]).toBe(0);
  });

  it('clamps values outside the limits and treats infinities as masked', () => {
    const rgba = colorize(new Float64Array([-5, 50, Infinity]), 3, 1, { min: 0, max: 10, log: false });
    expect(px(rgba, 0)).toEqual([...viridis(0), 255]);
    expect(px(rgba, 1)).toEqual([...viridis(1), 255]);
    expect(px(rgba, 2)[3]).toBe(0);
  });

  it('log scale: decades are evenly spaced, monotonic, non-positive values masked', () => {
    const values = new Float32Array([1, 10, 100, 1000, 0, -1]);
    const rgba = colorize(values, 6, 1, { min: 1, max: 1000, log: true });
    expect(px(rgba, 0)).toEqual([...viridis(0), 255]);
    expect(px(rgba, 1)).toEqual([...viridis(1 / 3), 255]);
    expect(px(rgba, 2)).toEqual([...viridis(2 / 3), 255]);
    expect(px(rgba, 3)).toEqual([...viridis(1), 255]);
    expect(px(rgba, 4)[3]).toBe(0);
    expect(px(rgba, 5)[3]).toBe(0);

    const ramp = new Float64Array(200).map((_, i) => Math.pow(10, i / 50));
    const out = colorize(ramp, 200, 1, { min: 1, max: 1e4, log: true });
    // Green channel of viridis rises monotonically: a proxy for the index rising.
    for (let i = 1; i < 200; i++) expect(out[i * 4 + 1]).toBeGreaterThanOrEqual(out[(i - 1) * 4 + 1]);
  });

  it('log scale with a non-positive minimum uses the smallest positive value', () => {
    expect(scaleLimits({ min: 0, max: 100, log: true }, [0, 2, 50])).toEqual({ lo: Math.log10(2), hi: 2 });
  });

  it('reuses the output buffer when its size fits', () => {
    const out = new Uint8ClampedArray(16);
    const res = colorize(new Float32Array([1, 2, 3, 4]), 2, 2, { min: 1, max: 4, log: false }, out);
    expect(res).toBe(out);
    const other = colorize(new Float32Array([1, 2]), 2, 1, { min: 1, max: 4, log: false }, out);
    expect(other).not.toBe(out);
    expect(other.length).toBe(8);
  });

  it('survives degenerate limits', () => {
    const rgba = colorize(new Float32Array([3, 3]), 2, 1, { min: 3, max: 3, log: false });
    expect(rgba[3]).toBe(255);
    expect(rgba[7]).toBe(255);
  });
});

describe('colour levels from main', () => {
  it('draws the same pixels from precomputed levels as from the values', () => {
    const values = Float32Array.from({ length: 64 * 32 }, (_, i) => (i % 7 === 0 ? NaN : (i * 1.7) % 500));
    for (const log of [false, true]) {
      const color = { min: 0, max: 500, log };
      const fromValues = colorize(values, 64, 32, color);
      const fromLevels = colorizeLevels(colourLevels(values, color), 64, 32);
      let differing = 0;
      for (let i = 0; i < fromValues.length; i += 4) {
        const d = Math.abs(fromValues[i] - fromLevels[i]) + Math.abs(fromValues[i + 1] - fromLevels[i + 1]) + Math.abs(fromValues[i + 2] - fromLevels[i + 2]);
        if (fromValues[i + 3] !== fromLevels[i + 3] || d > 12) differing++; // 255 vs 256 steps: neighbours only
      }
      expect(differing).toBe(0);
    }
  });
});
