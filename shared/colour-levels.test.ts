import { describe, expect, it } from 'vitest';
import { autoColourRange, colourLevels, FIRST_LEVEL, LEVELS, levelValue, NO_COLOUR, UNDER } from './colour-levels';

describe('colour levels', () => {
  it('maps the limits to the first and last level, clamps outside, masks non-finite values', () => {
    const levels = colourLevels([0, 5, 10, -3, 20, NaN, Infinity], { min: 0, max: 10, log: false });
    expect(Array.from(levels)).toEqual([FIRST_LEVEL, 129, LEVELS, FIRST_LEVEL, LEVELS, NO_COLOUR, NO_COLOUR]);
  });

  it('on a log scale spaces decades evenly and draws values ≤ 0 in the "under" level', () => {
    const levels = colourLevels([1, 10, 100, 0, -1, NaN], { min: 1, max: 100, log: true });
    expect(Array.from(levels)).toEqual([FIRST_LEVEL, 129, LEVELS, UNDER, UNDER, NO_COLOUR]);
    expect(levelValue(129, { min: 1, max: 100, log: true })).toBeCloseTo(10, 0);
  });

  it('is monotonic in the value', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i * 0.37);
    const levels = colourLevels(values, { min: 0, max: 369.63, log: false });
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThanOrEqual(levels[i - 1]);
  });
});

describe('automatic colour range (sane on the first update of a run)', () => {
  it('log: ignores ≤ 0 and NaN and uses the positive minimum', () => {
    expect(autoColourRange([new Float32Array([0, 0, 3, NaN, 300, -2])], true)).toEqual({ min: 3, max: 300 });
  });

  it('an all-zero first update gives a usable range, not a collapsed one', () => {
    expect(autoColourRange([new Float32Array(16)], true)).toEqual({ min: 1, max: 10 });
    const lin = autoColourRange([new Float32Array(16)], false);
    expect(lin.max).toBeGreaterThan(lin.min);
  });

  it('a flat image is widened around its value (mid colour, not an end of the scale)', () => {
    const r = autoColourRange([new Float32Array([4e-5, 4e-5, 4e-5])], true);
    expect(r.min).toBeLessThan(4e-5);
    expect(r.max).toBeGreaterThan(4e-5);
    const levels = colourLevels([4e-5], { ...r, log: true });
    expect(levels[0]).toBeGreaterThan(FIRST_LEVEL + 50);
    expect(levels[0]).toBeLessThan(LEVELS - 50);
    const flat = autoColourRange([new Float32Array([7, 7])], false);
    expect(flat.min).toBeLessThan(7);
    expect(flat.max).toBeGreaterThan(7);
  });
});
