import { describe, expect, it } from 'vitest';
import type { LineSeriesOption } from 'echarts';
import type { LinePlotState } from '../../../shared/plot-state';
import { buildLineOption, MAX_POINTS_PER_SERIES, seriesPoints } from './line-presenter';

function plot(over: Partial<LinePlotState> = {}): LinePlotState {
  return {
    kind: 'line',
    title: 'Monitor',
    x: { label: 'time_of_arrival', unit: 'µs' },
    y: { label: 'counts', unit: null },
    xIsTime: false,
    series: [{ name: 'monitor1', x: new Float64Array([0, 1, 2, 3]), y: new Float64Array([5, 7, 6]), stddev: null }],
    yMin: 0,
    yMax: 10,
    startTime: null,
    endTime: null,
    ...over,
  };
}

const seriesOf = (o: ReturnType<typeof buildLineOption>) => o.series as LineSeriesOption[];

describe('buildLineOption', () => {
  it('draws histogram edges as a step line closing at the last edge', () => {
    const o = buildLineOption(plot(), { columns: 800 });
    const s = seriesOf(o);
    expect(s).toHaveLength(1);
    expect(s[0].type).toBe('line');
    expect(s[0].step).toBe('end');
    expect(s[0].data).toEqual([
      [0, 5],
      [1, 7],
      [2, 6],
      [3, 6],
    ]);
    expect(s[0].showSymbol).toBe(false);
    expect(o.animation).toBe(false);
  });

  it('draws points (x.length === y.length) as a plain line', () => {
    const p = plot({ series: [{ name: 'a', x: new Float64Array([0, 1, 2]), y: new Float64Array([1, NaN, 3]), stddev: null }] });
    const s = seriesOf(buildLineOption(p, { columns: 800 }));
    expect(s[0].step).toBe(false);
    expect(s[0].data).toEqual([
      [0, 1],
      [1, null],
      [2, 3],
    ]);
  });

  it('names axes "label [unit]", uses y limits, time axis when xIsTime', () => {
    const o = buildLineOption(plot(), { columns: 800 });
    const x = o.xAxis as { name: string; type: string; min: number; max: number };
    // The x axis spans exactly the bin edges.
    expect([x.min, x.max]).toEqual([0, 3]);
    const y = o.yAxis as { name: string; min: number; max: number };
    expect(x.name).toBe('time_of_arrival [µs]');
    expect(x.type).toBe('value');
    expect(y.name).toBe('counts');
    expect([y.min, y.max]).toEqual([0, 10]);
    const t = buildLineOption(plot({ xIsTime: true }), { columns: 800 });
    expect((t.xAxis as { type: string }).type).toBe('time');
  });

  it('ignores non-finite y limits (autoscale)', () => {
    const o = buildLineOption(plot({ yMin: NaN, yMax: null as unknown as number }), { columns: 800 });
    const y = o.yAxis as { min?: number | null; max?: number | null };
    expect(y.min).toBeNull();
    expect(y.max).toBeNull();
  });

  it('shows a legend only with more than one series', () => {
    expect((buildLineOption(plot(), { columns: 800 }).legend as { show: boolean }).show).toBe(false);
    const two = plot({
      series: [
        { name: 'monitor1', x: new Float64Array([0, 1]), y: new Float64Array([1, 2]), stddev: null },
        { name: 'monitor2', x: new Float64Array([0, 1]), y: new Float64Array([3, 4]), stddev: null },
      ],
    });
    const o = buildLineOption(two, { columns: 800 });
    expect((o.legend as { show: boolean }).show).toBe(true);
    expect(seriesOf(o).map((s) => s.name)).toEqual(['monitor1', 'monitor2']);
  });

  it('downsamples large arrays to a few thousand points but keeps the peak', () => {
    const n = 1_000_000;
    const x = new Float64Array(n + 1).map((_, i) => i);
    const y = new Float64Array(n).map((_, i) => i % 7);
    y[654_321] = 1e6;
    const s = seriesOf(buildLineOption(plot({ series: [{ name: 'big', x, y, stddev: null }] }), { columns: 1000 }));
    const data = s[0].data as [number, number][];
    expect(data.length).toBeLessThanOrEqual(2 * 1000 + 3);
    expect(Math.max(...data.map((d) => d[1]))).toBe(1e6);
    expect(data[data.length - 1][0]).toBe(n);
  });

  it('caps columns so even a huge width stays bounded', () => {
    const n = 100_000;
    const x = new Float64Array(n).map((_, i) => i);
    const y = new Float64Array(n).map((_, i) => Math.sin(i));
    const { data } = seriesPoints({ name: 'a', x, y, stddev: null }, 1e9);
    expect(data.length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES + 2);
  });

  it('overlays several plot states in one option', () => {
    const o = buildLineOption([plot(), plot({ series: [{ name: 'other', x: new Float64Array([0, 1]), y: new Float64Array([1, 1]), stddev: null }] })], { columns: 400 });
    expect(seriesOf(o).map((s) => s.name)).toEqual(['monitor1', 'other']);
    expect(seriesOf(o).every((s) => s.type === 'line')).toBe(true);
  });
});
