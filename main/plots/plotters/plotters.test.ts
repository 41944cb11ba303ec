import { describe, expect, it } from 'vitest';
import { histogram, image, scalar } from '../../../test/support/data';
import { createPlotter, PlotError } from '.';
import { MAX_POINTS_PER_SERIES } from './line-plotter';

const ctx = { title: 'T', params: {} };

describe('line plotter', () => {
  it('draws one series per source with bin edges, units and shared y limits', () => {
    const p = createPlotter('lines', ctx);
    const state = p.compute([
      { sourceName: 'monitor1', data: histogram([1, 5, 3]) },
      { sourceName: 'monitor2', data: histogram([2, 9, 4]) },
    ]);
    expect(state.kind).toBe('line');
    if (state.kind !== 'line') return;
    expect(state.series.map((s) => s.name)).toEqual(['monitor1', 'monitor2']);
    expect(state.series[0].x).toHaveLength(4); // edges: one more than values
    expect(Array.from(state.series[1].y)).toEqual([2, 9, 4]);
    expect(state.x).toEqual({ label: 'tof', unit: 'ms' });
    expect(state.y.unit).toBe('counts');
    expect(state.yMin).toBe(0);
    expect(state.yMax).toBeGreaterThanOrEqual(9);
    expect(state.endTime).toBe('2000000000');
  });

  it('decimates huge series once in compute, keeping the extremes, so they never cross IPC whole', () => {
    const n = 1_000_000;
    const values = new Array<number>(n).fill(1);
    values[123_456] = 99; // a peak
    values[777_777] = -5; // a dip
    const state = createPlotter('lines', ctx).compute([{ sourceName: 'big', data: histogram(values) }]);
    if (state.kind !== 'line') throw new Error('not a line');
    const s = state.series[0];
    expect(s.y.length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    expect(s.x.length).toBe(s.y.length); // bin centres, not edges
    expect(Math.max(...s.y)).toBe(99);
    expect(Math.min(...s.y)).toBe(-5);
    expect(state.yMax).toBeGreaterThanOrEqual(99);
  });

  it('refuses data that is not 1-D with a message naming the source', () => {
    expect(() => createPlotter('lines', ctx).compute([{ sourceName: 'panel_0', data: image(4, 4, () => 1) }])).toThrow(PlotError);
    expect(() => createPlotter('lines', ctx).compute([{ sourceName: 'panel_0', data: image(4, 4, () => 1) }])).toThrow(/panel_0/);
  });
});

describe('image plotter', () => {
  it('keeps width, height and row-major values, with a log colour range over positive values', () => {
    const state = createPlotter('image', { title: 'I', params: { log: true } }).compute([{ sourceName: 'p', data: image(3, 2, (x, y) => x + 10 * y) }]);
    if (state.kind !== 'image') throw new Error('not an image');
    expect([state.width, state.height]).toEqual([3, 2]);
    expect(Array.from(state.values)).toEqual([0, 1, 2, 10, 11, 12]);
    expect(state.color).toMatchObject({ min: 1, max: 12, log: true }); // 0 is excluded on a log scale
  });

  it('sums 3-D data over its outer dimension and says so in the title', () => {
    const state = createPlotter('image', { title: 'I', params: { log: false } }).compute([{ sourceName: 'p', data: image(2, 2, () => 1, 4) }]);
    if (state.kind !== 'image') throw new Error('not an image');
    expect(Array.from(state.values)).toEqual([4, 4, 4, 4]);
    expect(state.title).toContain('sum over layer');
  });
});

describe('timeseries plotter', () => {
  it('labels the y axis with the unit only when all sources share it', () => {
    const p = createPlotter('timeseries', ctx);
    const mm = scalar(1, 1_000_000_000n);
    const deg = { ...scalar(2, 1_000_000_000n) };
    deg.signal = { ...deg.signal, unit: 'deg' };
    const state = p.compute([{ sourceName: 'motion1', data: { ...mm, signal: { ...mm.signal, unit: 'mm' } } }, { sourceName: 'motion2', data: deg }]);
    if (state.kind !== 'line') throw new Error('not a line');
    expect(state.y.unit).toBeNull();
    expect(state.series.map((s) => s.name)).toEqual(['motion1 [mm]', 'motion2 [deg]']);
  });

  it('accumulates one point per new time per source and ignores repeats of the same value', () => {
    const p = createPlotter('timeseries', ctx);
    p.compute([{ sourceName: 'a', data: scalar(1, 1_000_000_000n) }]);
    p.compute([{ sourceName: 'a', data: scalar(1, 1_000_000_000n) }]); // same stored value offered again
    const state = p.compute([{ sourceName: 'a', data: scalar(3, 2_000_000_000n) }]);
    if (state.kind !== 'line') throw new Error('not a line');
    expect(state.xIsTime).toBe(true);
    expect(Array.from(state.series[0].x)).toEqual([1000, 2000]);
    expect(Array.from(state.series[0].y)).toEqual([1, 3]);
  });
});
