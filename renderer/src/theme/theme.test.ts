import { describe, expect, it } from 'vitest';
import { MAX_SCALE, MIN_SCALE, parseScale, stepScale } from './ui-scale';
import { isThemeChoice, resolveTheme } from './theme';
import { CHART_PALETTES, roiColor } from './chart-theme';

describe('UI scale', () => {
  it('steps through the scale list both ways and stops at the ends', () => {
    expect(stepScale(1, 1)).toBe(1.1);
    expect(stepScale(1, -1)).toBe(0.9);
    expect(stepScale(1.2, 1)).toBe(1.25); // between steps: the next one up
    expect(stepScale(1.2, -1)).toBe(1.1);
    expect(stepScale(MAX_SCALE, 1)).toBe(MAX_SCALE);
    expect(stepScale(MIN_SCALE, -1)).toBe(MIN_SCALE);
  });

  it('reads the scale from the URL, clamped; junk is ignored', () => {
    expect(parseScale('1.5')).toBe(1.5);
    expect(parseScale('99')).toBe(MAX_SCALE);
    expect(parseScale('0.01')).toBe(MIN_SCALE);
    expect(parseScale('abc')).toBeNull();
    expect(parseScale('-1')).toBeNull();
    expect(parseScale(null)).toBeNull();
  });
});

describe('theme', () => {
  it('follows the system unless chosen', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(isThemeChoice('dark')).toBe(true);
    expect(isThemeChoice('blue')).toBe(false);
  });

  it('chart palettes differ where text must stay readable; ROI colours are stable per index', () => {
    expect(CHART_PALETTES.dark.text).not.toBe(CHART_PALETTES.light.text);
    expect(roiColor(0)).toBe(roiColor(10));
    expect(roiColor(4)).not.toBe(roiColor(0));
  });
});
