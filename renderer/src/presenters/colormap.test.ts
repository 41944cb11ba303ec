import { describe, expect, it } from 'vitest';
import { colourLevels, FIRST_LEVEL, LEVELS, UNDER } from '../../../shared/colour-levels';
import { COLOUR_MAPS, colorizeLevels, levelTable, lut, mapColour, parseColour, UNDER_COLOURS, viridis, VIRIDIS_LUT, LUT_SIZE } from './colormap';

const px = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(i * 4, i * 4 + 4));

describe('colour maps', () => {
  it('viridis is matplotlib\'s exact table (endpoints and the middle entry)', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(Array.from(VIRIDIS_LUT.subarray(128 * 3, 128 * 3 + 3))).toEqual([0x21, 0x91, 0x8c]); // matplotlib _viridis_data[128]
    expect(viridis(-3)).toEqual(viridis(0));
  });

  it('every map has 256 entries and an under colour absent from the map', () => {
    for (const name of COLOUR_MAPS) {
      const t = lut(name);
      expect(t).toHaveLength(LUT_SIZE * 3);
      const [r, g, b] = parseColour(UNDER_COLOURS[name]);
      let nearest = Infinity;
      for (let i = 0; i < LUT_SIZE; i++) nearest = Math.min(nearest, Math.abs(t[i * 3] - r) + Math.abs(t[i * 3 + 1] - g) + Math.abs(t[i * 3 + 2] - b));
      expect(nearest, name).toBeGreaterThan(60);
    }
    expect(mapColour('gray', 0)).toEqual([0, 0, 0]);
    expect(mapColour('gray', 1)).toEqual([255, 255, 255]);
    // RdBu: blue at the low end, red at the high end.
    const lo = mapColour('RdBu', 0);
    const hi = mapColour('RdBu', 1);
    expect(lo[2]).toBeGreaterThan(lo[0]);
    expect(hi[0]).toBeGreaterThan(hi[2]);
  });
});

describe('colorizeLevels', () => {
  it('one look-up per pixel: flips rows, masked transparent, under in its own colour', () => {
    // 2×2, row 0 = lowest y: [first, masked] / [last, under]
    const rgba = colorizeLevels(new Uint8Array([FIRST_LEVEL, 0, LEVELS, UNDER]), 2, 2);
    expect(px(rgba, 0)).toEqual([...viridis(1), 255]);
    expect(px(rgba, 1)).toEqual([...parseColour(UNDER_COLOURS.viridis), 255]);
    expect(px(rgba, 2)).toEqual([...viridis(0), 255]);
    expect(px(rgba, 3)[3]).toBe(0);
    expect(levelTable('magma')[0]).toBe(0);
  });

  it('follows main\'s levels for values along a log scale', () => {
    const levels = colourLevels([1, 10, 100], { min: 1, max: 100, log: true });
    const rgba = colorizeLevels(levels, 3, 1, undefined, 'inferno');
    expect(px(rgba, 0)).toEqual([...mapColour('inferno', 0), 255]);
    expect(px(rgba, 2)).toEqual([...mapColour('inferno', 1), 255]);
  });
});
