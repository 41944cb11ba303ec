import { describe, expect, it } from 'vitest';
import { minMaxDownsample } from './downsample';

describe('minMaxDownsample', () => {
  it('returns small inputs unchanged', () => {
    const r = minMaxDownsample([0, 1, 2], [5, 6, 7], 100);
    expect(Array.from(r.x)).toEqual([0, 1, 2]);
    expect(Array.from(r.y)).toEqual([5, 6, 7]);
  });

  it('keeps the extremes of every column and bounds the output', () => {
    const n = 100_000;
    const x = new Float64Array(n).map((_, i) => i);
    const y = new Float64Array(n).map((_, i) => Math.sin(i / 500));
    y[12_345] = 42; // a single spike
    y[77_777] = -42; // a single dip
    const r = minMaxDownsample(x, y, 500);
    expect(r.x.length).toBeLessThanOrEqual(2 * 500 + 2);
    expect(r.x.length).toBeGreaterThan(500);
    expect(Math.max(...r.y)).toBe(42);
    expect(Math.min(...r.y)).toBe(-42);
    expect(Array.from(r.x)).toContain(12_345);
    expect(Array.from(r.x)).toContain(77_777);
    // First and last points survive; x stays ordered.
    expect(r.x[0]).toBe(0);
    expect(r.x[r.x.length - 1]).toBe(n - 1);
    for (let i = 1; i < r.x.length; i++) expect(r.x[i]).toBeGreaterThanOrEqual(r.x[i - 1]);
  });

  it('buckets by x value for irregular monotonic x', () => {
    // Dense cluster at the start, sparse tail: the tail must not be swallowed by index buckets.
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      x.push(i / 10_000);
      y.push(0);
    }
    for (let i = 1; i <= 100; i++) {
      x.push(1 + i);
      y.push(i);
    }
    const r = minMaxDownsample(x, y, 100);
    const tail = Array.from(r.x).filter((v) => v > 1);
    expect(tail.length).toBeGreaterThan(50);
  });

  it('a column with no finite value becomes a NaN gap', () => {
    const n = 1000;
    const x = new Float64Array(n).map((_, i) => i);
    const y = new Float64Array(n).map((_, i) => (i >= 400 && i < 600 ? NaN : 1));
    const r = minMaxDownsample(x, y, 50);
    expect(Array.from(r.y).some((v) => Number.isNaN(v))).toBe(true);
  });
});

import { thinByTime } from './downsample';

describe('thinByTime', () => {
  it('keeps one point per fine period in the recent window and one per coarse period before', () => {
    const t = Array.from({ length: 100 }, (_, i) => i * 100); // 10 s at 10 Hz
    const keep = Array.from(thinByTime(t, { fineMs: 1000, recentMs: 3000, coarseMs: 5000 }));
    const kept = keep.map((i) => t[i]);
    expect(kept.filter((x) => x >= 9900 - 3000).length).toBeLessThanOrEqual(5);
    expect(kept.filter((x) => x < 9900 - 3000).length).toBeLessThanOrEqual(3);
    expect(kept[kept.length - 1]).toBe(9900); // the newest point is always kept
  });

  it('drops data older than the recent window when the coarse period is 0', () => {
    const t = [0, 1000, 2000, 3000, 4000];
    const kept = Array.from(thinByTime(t, { fineMs: 1, recentMs: 1500, coarseMs: 0 })).map((i) => t[i]);
    expect(kept).toEqual([3000, 4000]);
  });
});
