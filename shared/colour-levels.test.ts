import { describe, expect, it } from 'vitest';
import { colourLevels, NO_COLOUR } from './colour-levels';

describe('colour levels', () => {
  it('maps the limits to 1 and 255, clamps outside, and marks non-finite values as no colour', () => {
    const levels = colourLevels([0, 5, 10, -3, 20, NaN, Infinity], { min: 0, max: 10, log: false });
    expect(Array.from(levels)).toEqual([1, 128, 255, 1, 255, NO_COLOUR, NO_COLOUR]);
  });

  it('on a log scale spaces decades evenly and gives non-positive values no colour', () => {
    const levels = colourLevels([1, 10, 100, 0, -1], { min: 1, max: 100, log: true });
    expect(Array.from(levels)).toEqual([1, 128, 255, NO_COLOUR, NO_COLOUR]);
  });

  it('is monotonic in the value', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i * 0.37);
    const levels = colourLevels(values, { min: 0, max: 369.63, log: false });
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThanOrEqual(levels[i - 1]);
  });
});
