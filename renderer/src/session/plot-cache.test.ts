import { describe, expect, it } from 'vitest';
import type { LinePlotState } from '../../../shared/plot-state';
import { PlotCache } from './plot-cache';

function tail(epoch: string, from: number, xs: number[]): LinePlotState {
  return {
    kind: 'line', title: 'T', x: { label: 'time', unit: null }, y: { label: 'v', unit: null }, xIsTime: true, yMin: 0, yMax: 1,
    series: [{ name: 'a', x: new Float64Array(xs), y: new Float64Array(xs), stddev: null, from, total: from + xs.length }],
    historyEpoch: epoch, startTime: null, endTime: null,
  };
}

describe('PlotCache time-series history', () => {
  it('appends tails to the kept history (overlaps once) and fetches the whole history after a gap', async () => {
    const cache = new PlotCache();
    const asked: string[] = [];
    cache.setQuery(async (q) => {
      asked.push(q.type);
      return tail('e1', 0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
    cache.apply({ plots: [{ layerId: 'L', dataVersion: 1, plot: tail('e1', 0, [0, 1, 2]) }], removedLayers: [] });
    cache.apply({ plots: [{ layerId: 'L', dataVersion: 2, plot: tail('e1', 1, [1, 2, 3, 4]) }], removedLayers: [] });
    const x = () => Array.from((cache.get('L')!.plot as LinePlotState).series[0].x);
    expect(x()).toEqual([0, 1, 2, 3, 4]);
    expect(asked).toEqual([]);
    // Missed points 5..7: the tail starts at 8 → the whole history is fetched once.
    cache.apply({ plots: [{ layerId: 'L', dataVersion: 3, plot: tail('e1', 8, [8, 9]) }], removedLayers: [] });
    expect(asked).toEqual(['layer.history']);
    await new Promise((r) => setTimeout(r, 0));
    expect(x()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // A new epoch (new job) starts a new history.
    cache.apply({ plots: [{ layerId: 'L', dataVersion: 4, plot: tail('e2', 0, [100]) }], removedLayers: [] });
    expect(x()).toEqual([100]);
  });

  it('keeps presenters across unmounts and disposes those of removed cells', () => {
    const cache = new PlotCache();
    const log: string[] = [];
    const make = (id: string) => ({ detach: () => log.push(`detach ${id}`), dispose: () => log.push(`dispose ${id}`) });
    const a = cache.acquirePresenter('c1', () => make('c1'));
    cache.releasePresenter('c1');
    expect(cache.acquirePresenter('c1', () => make('again'))).toBe(a);
    cache.acquirePresenter('c2', () => make('c2'));
    cache.apply({ plots: [], removedLayers: [], topology: { version: 2, grids: [{ id: 'g', title: 'G', rows: 1, cols: 1, cells: [{ id: 'c2', row: 0, col: 0, rowSpan: 1, colSpan: 1, title: '', layers: [] }] }] } });
    expect(log).toEqual(['detach c1', 'dispose c1']);
    expect(cache.presenterCount).toBe(1);
  });
});
