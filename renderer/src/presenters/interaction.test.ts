import { describe, expect, it } from 'vitest';
import type { LinePlotState } from '../../../shared/plot-state';
import { dataXRange, dataYRange, panRange, pixelsToRange, zoomRange } from './interaction';

describe('zoom and pan math', () => {
  it('zooms around a point, linear and log', () => {
    expect(zoomRange([0, 100], 0.5, 0.5)).toEqual([25, 75]);
    expect(zoomRange([0, 100], 0.5, 0)).toEqual([0, 50]);
    const [a, b] = zoomRange([1, 10000], 0.5, 0.5, true);
    expect(a).toBeCloseTo(10);
    expect(b).toBeCloseTo(1000);
  });

  it('pans by a fraction of the span', () => {
    expect(panRange([0, 10], 0.1)).toEqual([1, 11]);
    const [a, b] = panRange([1, 100], 0.5, true);
    expect(a).toBeCloseTo(10);
    expect(b).toBeCloseTo(1000);
  });

  it('turns a dragged box into a range (y inverted, clamped to the plot)', () => {
    expect(pixelsToRange([0, 100], 200, 50, 150, false)).toEqual([25, 75]);
    expect(pixelsToRange([0, 100], 200, 150, 50, true)).toEqual([25, 75]);
    expect(pixelsToRange([0, 100], 200, -20, 400, false)).toEqual([0, 100]);
  });

  it('fits to the data: x with bin edges, y per axis with headroom (by a factor on log axes)', () => {
    const plot: LinePlotState = {
      kind: 'line', title: '', x: { label: 'x', unit: null }, y: { label: 'y', unit: null }, xIsTime: false, yMin: 0, yMax: 1, startTime: null, endTime: null,
      yAxes: [{ label: 'a', unit: 'm', min: 0, max: 1, log: false }, { label: 'b', unit: 's', min: 1, max: 10, log: true }],
      series: [
        { name: 'a', x: Float64Array.of(0, 1, 2, 3), y: Float64Array.of(0, 10, NaN), stddev: null, axis: 0 },
        { name: 'b', x: Float64Array.of(5, 6), y: Float64Array.of(2, 20), stddev: null, axis: 1 },
      ],
    };
    expect(dataXRange([plot])).toEqual([0, 6]);
    expect(dataYRange([plot], 0)).toEqual([-0.5, 10.5]);
    const [lo, hi] = dataYRange([plot], 1)!;
    expect(lo).toBeCloseTo(2 / 1.1);
    expect(hi).toBeCloseTo(22);
    expect(dataYRange([plot], 2)).toBeNull();
  });
});
