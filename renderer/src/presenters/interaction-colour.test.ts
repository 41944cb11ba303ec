import { describe, expect, it } from 'vitest';
import { colourLevels, levelValue } from '../../../shared/colour-levels';
import { levelRemapTable, viewLevels } from './interaction-colour';

describe("a window's own colour range over main's levels", () => {
  it('remapped levels match levels computed directly in the new range (within one level)', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i / 10); // 0..99.9
    const main = { min: 0, max: 100, log: false };
    const mine = { min: 20, max: 60, log: false };
    const remapped = viewLevels(colourLevels(values, main), main, [20, 60]);
    const direct = colourLevels(values, mine);
    for (let i = 0; i < values.length; i++) expect(Math.abs(remapped[i]! - direct[i]!)).toBeLessThanOrEqual(2);
  });

  it('log scales, masked and under levels are kept; no override returns the same levels', () => {
    const main = { min: 1, max: 1e4, log: true };
    const t = levelRemapTable(main, { min: 10, max: 100, log: true });
    expect(t[0]).toBe(0);
    expect(t[1]).toBe(1);
    expect(t[255]).toBe(255); // above the new range: clamped to the top
    expect(t[2]).toBe(2); // below: the bottom
    expect(levelValue(2, main)).toBeCloseTo(1);
    const levels = Uint8Array.of(0, 1, 100);
    expect(viewLevels(levels, main, null)).toBe(levels);
  });
});
