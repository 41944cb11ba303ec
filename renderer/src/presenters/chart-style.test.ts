import { describe, expect, it } from 'vitest';
import { axisName, formatValue, isRoundNumber } from './chart-style';

describe('chart style helpers', () => {
  it('labels axis ends only at round numbers', () => {
    for (const v of [0, 1, 5, 60, 100, 250, 1000, 0.5, -20, 1.5e6]) expect(isRoundNumber(v)).toBe(true);
    for (const v of [64, 128, 94.82, -49.4, 1043, 0.06402, NaN, null]) expect(isRoundNumber(v as number)).toBe(false);
  });

  it('names axes with units and formats values compactly', () => {
    expect(axisName({ label: 'time_of_arrival', unit: 'ms' })).toBe('time_of_arrival [ms]');
    expect(axisName({ label: 'counts', unit: null })).toBe('counts');
    expect(formatValue(12180)).toBe('12180');
    expect(formatValue(0.064021)).toBe('0.06402');
    expect(formatValue(1.5e7)).toBe('1.50e+7');
    expect(formatValue(NaN)).toBe('NaN');
  });
});
