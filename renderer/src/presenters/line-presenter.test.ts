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
    const y = (o.yAxis as { name: string; min: number; max: number }[])[0];
    expect(x.name).toBe('time_of_arrival [µs]');
    expect(x.type).toBe('value');
    expect(y.name).toBe('counts');
    expect([y.min, y.max]).toEqual([0, 10]);
    const t = buildLineOption(plot({ xIsTime: true }), { columns: 800 });
    expect((t.xAxis as { type: string }).type).toBe('time');
  });

  it('ignores non-finite y limits (autoscale)', () => {
    const o = buildLineOption(plot({ yMin: NaN, yMax: null as unknown as number }), { columns: 800 });
    const y = (o.yAxis as { min?: number | null; max?: number | null }[])[0];
    expect(y.min).toBeUndefined();
    expect(y.max).toBeUndefined();
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

  it('one labelled y axis per unit, the series on their unit\'s axis', () => {
    const p = plot({
      yAxes: [{ label: 'counts', unit: 'counts', min: 0, max: 10, log: false }, { label: 'K', unit: 'K', min: 200, max: 300, log: false }],
      series: [
        { name: 'a', x: new Float64Array([0, 1]), y: new Float64Array([1, 2]), stddev: null, axis: 0 },
        { name: 'b', x: new Float64Array([0, 1]), y: new Float64Array([250, 260]), stddev: null, axis: 1 },
      ],
    });
    const o = buildLineOption(p, { columns: 800 });
    const y = o.yAxis as { name: string; position: string; min: number }[];
    expect(y.map((a) => [a.name, a.position])).toEqual([['counts [counts]', 'left'], ['K [K]', 'right']]);
    expect(seriesOf(o).map((s) => s.yAxisIndex)).toEqual([0, 1]);
  });

  it('error bars or a band from the standard deviations, points mode, log axes', () => {
    const withErr = (errors: 'bars' | 'band' | 'none', mode: 'line' | 'points' = 'line') => buildLineOption(plot({
      errors, mode, x: { label: 'x', unit: null, log: true },
      yAxes: [{ label: 'c', unit: null, min: 1, max: 10, log: true }],
      series: [{ name: 'a', x: new Float64Array([0, 1, 2]), y: new Float64Array([1, 2, 0]), stddev: new Float64Array([0.1, 0.2, 0.3]) }],
    }), { columns: 800 });
    const bars = seriesOf(withErr('bars')) as { type: string; data: unknown[] }[];
    expect(bars.map((s) => s.type)).toEqual(['line', 'custom']);
    expect(bars[1].data).toHaveLength(2); // y = 0 cannot be drawn on a log axis
    expect(seriesOf(withErr('none'))).toHaveLength(1);
    expect(seriesOf(withErr('band'))[1].type).toBe('custom');
    const o = withErr('none', 'points');
    expect(seriesOf(o)[0].showSymbol).toBe(true);
    expect((o.xAxis as { type: string }).type).toBe('log');
    expect((o.yAxis as { type: string }[])[0].type).toBe('log');
    // x ≤ 0 is left out on a log x axis, y ≤ 0 becomes a gap.
    expect(seriesOf(o)[0].data).toEqual([[1, 2], [2, null]]);
  });

  it('bars: a category per source, horizontal when asked', () => {
    const b = plot({ bars: { horizontal: true }, series: [{ name: 'a', x: new Float64Array([0]), y: new Float64Array([3]), stddev: null }] });
    const o = buildLineOption(b, { columns: 800 });
    expect((o.yAxis as { type: string }).type).toBe('category');
    expect((o.series as { type: string }[])[0].type).toBe('bar');
  });
});
