import { describe, expect, it } from 'vitest';
import { histogram, image, scalar } from '../../../test/support/data';
import { makeVariable } from '../../../shared/wire/da00';
import type { DataArray } from '../../../shared/wire/data-array';
import type { ImagePlotState, LinePlotState, OverlayPlotState, PlotState, TablePlotState } from '../../../shared/plot-state';
import { allPlotters, plotterInfo } from '../../../shared/plotters';
import { defaultParams } from '../../../shared/params';
import { createPlotter, PlotError } from '.';
import { MAX_POINTS_PER_SERIES } from './line-plotter';
import { answerLayerQuery } from './queries';
import { TAIL_POINTS } from './timeseries-plotter';
import { aggregate, MAX_BYTES, normaliseToRate, TemporalBuffer } from '../temporal-buffer';

const ctx = { title: 'T', params: {} };
const line = (s: PlotState): LinePlotState => {
  if (s.kind !== 'line') throw new Error(`not a line: ${s.kind}`);
  return s;
};
const img = (s: PlotState): ImagePlotState => {
  if (s.kind !== 'image') throw new Error(`not an image: ${s.kind}`);
  return s;
};
const ns = (name: string, v: bigint) => ({ ...makeVariable(name, new BigInt64Array([v]), { unit: 'ns' }) });
/** A 1-D histogram with errors over [startS, endS] seconds. */
function hist(values: number[], errors: number[] | null, startS: number, endS: number, unit = 'counts'): DataArray {
  const d = histogram(values);
  return {
    ...d,
    signal: { ...d.signal, unit },
    stddev: errors ? makeVariable('errors', new Float64Array(errors), { axes: ['tof'], unit }) : null,
    coords: { ...d.coords, start_time: ns('start_time', BigInt(startS * 1e9)), time: ns('time', BigInt(endS * 1e9)) },
  };
}

describe('plotter registry (shared/plotter-params.ts)', () => {
  it('registers every plotter with a schema keyed as the reference models', () => {
    expect(allPlotters().map((p) => p.name).sort()).toEqual([
      'bars', 'correlation_histogram_1d', 'correlation_histogram_2d', 'flatten', 'hlines', 'image', 'lines', 'overlay_1d',
      'polygons_readback', 'polygons_request', 'rectangles', 'rectangles_readback', 'rectangles_request', 'slicer', 'table', 'timeseries', 'vlines',
    ]);
    const image2d = defaultParams(plotterInfo('image')!.params);
    expect(image2d).toMatchObject({
      layout: { combine_mode: 'overlay', layout_columns: 2 },
      plot_aspect: { aspect_type: 'Free', ratio: 1 },
      plot_scale: { x_scale: 'linear', y_scale: 'linear', color_scale: 'log', manual_color_limits: false, color_min: 0, color_max: 1 },
      time_window: { mode: 'window', window_duration_seconds: 0, aggregation: 'auto' },
      rate: { normalize_to_rate: false },
      ticks: { custom_xticks: false, xticks: 5, custom_yticks: false, yticks: 5 },
    });
    expect(defaultParams(plotterInfo('lines')!.params)).toMatchObject({ line: { mode: 'line', errors: 'bars' } });
    expect(defaultParams(plotterInfo('timeseries')!.params)).toMatchObject({
      accumulation: { cumulative: false }, downsampling: { fine_period_seconds: 1, recent_seconds: 3600, coarse_period_seconds: 300 },
    });
    expect(defaultParams(plotterInfo('table')!.params)).toMatchObject({ format: { notation: 'auto', precision: 3 } });
    expect(defaultParams(plotterInfo('bars')!.params)).toMatchObject({ orientation: { horizontal: false } });
    expect(plotterInfo('lines')!.requirements).toEqual({ minDims: 1, maxDims: 1, denyCoords: ['roi_index'] });
    expect(plotterInfo('flatten')!.requirements).toMatchObject({ minDims: 3, maxDims: 6 });
    expect(plotterInfo('vlines')!.requirements).toBeNull();
  });

  it('refuses manual colour limits with max ≤ min, or min ≤ 0 on a log scale, naming the field', () => {
    const bad = (scale: object) => () => createPlotter('image', { title: 'I', params: { plot_scale: { manual_color_limits: true, ...scale } } });
    expect(bad({ color_min: 5, color_max: 5, color_scale: 'linear' })).toThrow(/plot_scale.color_max/);
    expect(bad({ color_min: 0, color_max: 5, color_scale: 'log' })).toThrow(/plot_scale.color_min: Color Min must be positive/);
    expect(bad({ color_min: 1, color_max: 5, color_scale: 'log' })).not.toThrow();
    expect(() => createPlotter('lines', { title: 'L', params: { time_window: { window_duration_seconds: 61 } } })).toThrow(/time_window.window_duration_seconds/);
  });
});

describe('lines', () => {
  it('one series per source with bin edges, units, shared y limits and the display titles', () => {
    const p = createPlotter('lines', { ...ctx, labels: { sources: { monitor1: 'Monitor 1' }, output: 'Counts' } });
    const s = line(p.compute([{ sourceName: 'monitor1', data: histogram([1, 5, 3]) }, { sourceName: 'monitor2', data: histogram([2, 9, 4]) }]));
    expect(s.series.map((x) => x.name)).toEqual(['Monitor 1', 'monitor2']);
    expect(s.series[0].x).toHaveLength(4);
    expect(s.x).toMatchObject({ label: 'tof', unit: 'ms' });
    expect(s.y).toEqual({ label: 'Counts', unit: 'counts' });
    expect(s.yMin).toBe(0);
    expect(s.yMax).toBeGreaterThanOrEqual(9);
    expect(s.mode).toBe('line');
    expect(s.errors).toBe('bars');
  });

  it('series with different units get one labelled y axis each', () => {
    const s = line(createPlotter('lines', ctx).compute([
      { sourceName: 'a', data: hist([1, 2], null, 0, 1, 'counts') },
      { sourceName: 'b', data: hist([100, 200], null, 0, 1, 'K') },
    ]));
    expect(s.yAxes!.map((a) => a.unit)).toEqual(['counts', 'K']);
    expect(s.series.map((x) => x.axis)).toEqual([0, 1]);
    expect(s.yAxes![1].max).toBeGreaterThanOrEqual(200);
  });

  it('log y limits use positive values only; modes, errors and ticks come from params', () => {
    const s = line(createPlotter('lines', { title: 'L', params: { plot_scale: { y_scale: 'log', x_scale: 'log' }, line: { mode: 'histogram', errors: 'band' }, ticks: { custom_xticks: true, xticks: 7 } } })
      .compute([{ sourceName: 'a', data: hist([0, 10, 1000], [0, 1, 10], 0, 1) }]));
    expect(s.yAxes![0].log).toBe(true);
    expect(s.yAxes![0].min).toBeGreaterThan(0);
    expect(s.x.log).toBe(true);
    expect([s.mode, s.errors]).toEqual(['histogram', 'band']);
    expect(s.ticks).toEqual({ x: 7, y: null });
  });

  it('decimates huge series once in compute, keeping the extremes', () => {
    const values = new Array<number>(1_000_000).fill(1);
    values[123_456] = 99;
    values[777_777] = -5;
    const s = line(createPlotter('lines', ctx).compute([{ sourceName: 'big', data: histogram(values) }])).series[0];
    expect(s.y.length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    expect(Math.max(...s.y)).toBe(99);
    expect(Math.min(...s.y)).toBe(-5);
  });

  it('refuses data that is not 1-D with a message naming the source', () => {
    expect(() => createPlotter('lines', ctx).compute([{ sourceName: 'panel_0', data: image(4, 4, () => 1) }])).toThrow(PlotError);
    expect(() => createPlotter('lines', ctx).compute([{ sourceName: 'panel_0', data: image(4, 4, () => 1) }])).toThrow(/panel_0/);
  });

  it('rate normalisation divides values and errors by the covered time and says counts/s', () => {
    const s = line(createPlotter('lines', { title: 'L', params: { rate: { normalize_to_rate: true } } }).compute([{ sourceName: 'm', data: hist([10, 20], [2, 4], 10, 12) }]));
    expect(Array.from(s.series[0].y)).toEqual([5, 10]);
    expect(Array.from(s.series[0].stddev!)).toEqual([1, 2]);
    expect(s.y.unit).toBe('counts/s');
    const noTime = histogram([1]);
    delete (noTime.coords as Record<string, unknown>).start_time;
    expect(() => normaliseToRate(noTime)).toThrow(/start_time/);
  });

  it('lookback: sums updates within the window (errors added in quadrature), then rate over the whole span', () => {
    const p = createPlotter('lines', { title: 'L', params: { time_window: { window_duration_seconds: 2.5, aggregation: 'sum' }, rate: { normalize_to_rate: true } } });
    p.compute([{ sourceName: 'm', data: hist([1, 1], [3, 1], 0, 1) }]);
    p.compute([{ sourceName: 'm', data: hist([2, 2], [4, 1], 1, 2) }]);
    const s = line(p.compute([{ sourceName: 'm', data: hist([3, 3], [0, 1], 2, 3) }]));
    // 3 s of data: (1+2+3)/3 = 2; σ = √(9+16+0)/3 = 5/3.
    expect(s.series[0].y[0]).toBeCloseTo(2);
    expect(s.series[0].stddev![0]).toBeCloseTo(5 / 3);
    const later = line(p.compute([{ sourceName: 'm', data: hist([4, 4], [0, 0], 3, 4) }]));
    // Window 2.5 s back from t=4: updates ending at 2, 3, 4 → span 1..4.
    expect(later.series[0].y[0]).toBeCloseTo((2 + 3 + 4) / 3);
  });

  it('lookback mean and auto (nansum for counts, nanmean otherwise)', () => {
    const frames = [{ values: new Float64Array([1, NaN]), variances: new Float64Array([4, 1]) }, { values: new Float64Array([3, 5]), variances: new Float64Array([4, 1]) }];
    expect(Array.from(aggregate(frames, 'mean').values)).toEqual([2, NaN]);
    expect(Array.from(aggregate(frames, 'nanmean').values)).toEqual([2, 5]);
    expect(Array.from(aggregate(frames, 'mean').variances!)).toEqual([2, NaN]);
    expect(Array.from(aggregate(frames, 'nansum').values)).toEqual([4, 5]);
    const p = createPlotter('lines', { title: 'L', params: { time_window: { window_duration_seconds: 10 } } });
    p.compute([{ sourceName: 'm', data: hist([1], null, 0, 1, 'K') }]);
    expect(line(p.compute([{ sourceName: 'm', data: hist([3], null, 1, 2, 'K') }])).series[0].y[0]).toBe(2);
  });

  it('the lookback buffer stays bounded and restarts when data time goes back (a reset)', () => {
    const b = new TemporalBuffer({ mode: 'window', windowSeconds: 5, aggregation: 'sum', normalizeToRate: false }, 'current');
    for (let i = 0; i < 100; i++) b.apply([{ sourceName: 'm', data: hist([1], null, i, i + 1) }]);
    expect(b.frameCount).toBeLessThanOrEqual(7);
    expect(b.byteCount).toBeLessThan(MAX_BYTES);
    const [after] = b.apply([{ sourceName: 'm', data: hist([1], null, 0, 1) }]);
    expect(Array.from(after.data.signal.values as Float64Array)).toEqual([1]);
  });

  it('since run start accumulates an output of single updates', () => {
    const p = createPlotter('lines', { title: 'L', params: { time_window: { mode: 'since_start' } }, temporality: 'current' });
    p.compute([{ sourceName: 'm', data: hist([1, 2], null, 0, 1) }]);
    expect(Array.from(line(p.compute([{ sourceName: 'm', data: hist([3, 4], null, 1, 2) }])).series[0].y)).toEqual([4, 6]);
  });
});

describe('overlay_1d', () => {
  it('slices 2-D data along its first dim into overlaid curves labelled by that coordinate', () => {
    const data: DataArray = {
      name: 'spectra',
      signal: makeVariable('signal', new Float64Array([1, 2, 3, 4, 5, 6]), { axes: ['roi', 'tof'], shape: [2, 3], unit: 'counts' }),
      stddev: null,
      coords: { roi: makeVariable('roi', new Int32Array([0, 1]), { axes: ['roi'] }), tof: makeVariable('tof', new Float64Array([0, 1, 2, 3]), { axes: ['tof'], unit: 'ms' }) },
      timestamp: 0n,
    };
    const s = line(createPlotter('overlay_1d', ctx).compute([{ sourceName: 'd', data }]));
    expect(s.series.map((x) => x.name)).toEqual(['roi 0', 'roi 1']);
    expect(Array.from(s.series[1].y)).toEqual([4, 5, 6]);
    expect(s.series[1].y.buffer.byteLength).toBe(24); // a copy, not a view of the whole array
  });
});

describe('image', () => {
  it('levels cross to windows, values stay in main and are answered by layer.values', () => {
    const state = img(createPlotter('image', { title: 'I', params: {} }).compute([{ sourceName: 'p', data: image(3, 2, (x, y) => x + 10 * y) }]));
    expect([state.width, state.height]).toEqual([3, 2]);
    expect(state.panels[0].levels).toBeInstanceOf(Uint8Array);
    expect(state.panels[0].values).toBeUndefined();
    expect(state.color).toMatchObject({ min: 1, max: 12, log: true, under: 1, map: 'viridis' }); // 0 is "under"
    const plotter = createPlotter('image', { title: 'I', params: {} });
    const s2 = plotter.compute([{ sourceName: 'p', data: image(3, 2, (x, y) => x + 10 * y) }]);
    const layers = { get: () => ({ plot: s2, plotter }) };
    expect(answerLayerQuery(layers, { type: 'layer.values', layerId: 'l', panel: 0, index: 4 })).toBe(11);
    expect(Array.from(answerLayerQuery(layers, { type: 'layer.values', layerId: 'l', panel: 0 }) as Float32Array)).toEqual([0, 1, 2, 10, 11, 12]);
  });

  it('manual limits, colour map and aspect come from params; layout mode keeps one range for all panels', () => {
    const s = img(createPlotter('image', { title: 'I', params: {
      plot_scale: { color_scale: 'linear', manual_color_limits: true, color_min: -1, color_max: 1 },
      color_map: { name: 'RdBu' }, plot_aspect: { aspect_type: 'Equal' }, layout: { combine_mode: 'layout', layout_columns: 2 },
    } }).compute([{ sourceName: 'a', data: image(2, 2, () => 5) }, { sourceName: 'b', data: image(2, 2, () => -5) }]));
    expect(s.color).toMatchObject({ min: -1, max: 1, log: false, map: 'RdBu' });
    expect(s.panels).toHaveLength(2);
    expect(s.combine).toBe('layout');
    expect(s.aspect?.type).toBe('Equal');
    expect(Array.from(s.panels[0].levels)).toEqual([255, 255, 255, 255]);
    expect(Array.from(s.panels[1].levels)).toEqual([2, 2, 2, 2]);
  });

  it('sums 3-D data over its outer dimension and says so in the title', () => {
    const s = img(createPlotter('image', { title: 'I', params: { plot_scale: { color_scale: 'linear' } } }).compute([{ sourceName: 'p', data: image(2, 2, () => 1, 4) }]));
    expect(s.panels[0].title).toContain('sum over layer');
  });

  it('slicer: the whole volume crosses as levels with one colour range for every slice', () => {
    const s = img(createPlotter('slicer', { title: 'S', params: { plot_scale: { color_scale: 'linear' } } }).compute([{ sourceName: 'p', data: image(2, 2, (x, y) => x + y, 3) }]));
    expect(s.volume!.dims.map((d) => d.size)).toEqual([3, 2, 2]);
    expect(s.volume!.levels).toHaveLength(12);
    expect(s.color).toMatchObject({ min: 0, max: 2 });
    expect(() => createPlotter('slicer', ctx).compute([{ sourceName: 'p', data: image(2, 2, () => 1) }])).toThrow(/3-D/);
  });

  it('flatten: dims on x flattened together, the rest on y, with per-dim decomposition', () => {
    const data: DataArray = {
      name: 'v', stddev: null, coords: {}, timestamp: 0n,
      signal: makeVariable('signal', new Float64Array(24).map((_, i) => i), { axes: ['a', 'b', 'c'], shape: [2, 3, 4], unit: 'counts' }),
    };
    const s = img(createPlotter('flatten', { title: 'F', params: { flatten: { axis_x_dims: [0, 2] }, plot_scale: { color_scale: 'linear' } } }).compute([{ sourceName: 'p', data }]));
    const p = s.panels[0];
    expect([p.width, p.height]).toEqual([8, 3]);
    expect(p.xDims!.map((d) => d.name)).toEqual(['a', 'c']);
    expect(p.yDims!.map((d) => d.name)).toEqual(['b']);
    expect(p.x.label).toBe('a × c');
    expect(() => createPlotter('flatten', { title: 'F', params: { flatten: { axis_x_dims: [0, 1, 2] } } }).compute([{ sourceName: 'p', data }])).toThrow(/at least one dim on x and one on y/);
  });
});

describe('bars and table', () => {
  it('bars: one bar per source from 0-D values, starting at zero', () => {
    const s = line(createPlotter('bars', { title: 'B', params: { orientation: { horizontal: true } } }).compute([{ sourceName: 'a', data: scalar(3, 1n) }, { sourceName: 'b', data: scalar(5, 1n) }]));
    expect(s.bars).toEqual({ horizontal: true });
    expect(s.series.map((x) => x.y[0])).toEqual([3, 5]);
    expect(s.yMin).toBe(0);
  });

  it('table: one row per source with notation and precision', () => {
    const t = createPlotter('table', { title: 'T', params: { format: { notation: 'scientific', precision: 2 } } }).compute([{ sourceName: 'a', data: scalar(1234, 1n) }]) as TablePlotState;
    expect(t.kind).toBe('table');
    expect(t.rows).toEqual([{ name: 'a', value: 1234, stddev: null, unit: 'counts' }]);
    expect([t.notation, t.precision]).toEqual(['scientific', 2]);
  });
});

describe('timeseries', () => {
  it('keeps one point per new time and sends the recent tail with its place in the history', () => {
    const p = createPlotter('timeseries', ctx);
    for (let i = 1; i <= TAIL_POINTS + 10; i++) p.compute([{ sourceName: 'a', data: scalar(i, BigInt(i) * 1_000_000_000n) }]);
    const s = line(p.compute([{ sourceName: 'a', data: scalar(1, BigInt(TAIL_POINTS + 10) * 1_000_000_000n) }])); // repeat: ignored
    const series = s.series[0];
    expect(series.total).toBe(TAIL_POINTS + 10);
    expect(series.from).toBe(10);
    expect(series.x).toHaveLength(TAIL_POINTS);
    expect(s.historyEpoch).toBeTruthy();
    const full = line(p.query!({ type: 'layer.history', layerId: 'l' }, s) as PlotState);
    expect(full.series[0].x).toHaveLength(TAIL_POINTS + 10);
    expect(full.series[0].from).toBe(0);
    expect(full.historyEpoch).toBe(s.historyEpoch);
  });

  it('beyond the old 20,000-point cap', () => {
    const p = createPlotter('timeseries', ctx);
    let s: LinePlotState | null = null;
    for (let i = 1; i <= 21_000; i++) s = line(p.compute([{ sourceName: 'a', data: scalar(i, BigInt(i) * 1_000_000n) }]));
    expect(s!.series[0].total).toBe(21_000);
  });

  it('cumulative: the running total; different units get their own axes', () => {
    const p = createPlotter('timeseries', { title: 'T', params: { accumulation: { cumulative: true } } });
    p.compute([{ sourceName: 'a', data: scalar(2, 1_000_000_000n) }]);
    const s = line(p.compute([{ sourceName: 'a', data: scalar(3, 2_000_000_000n) }]));
    expect(Array.from(s.series[0].y)).toEqual([2, 5]);
    const q = createPlotter('timeseries', ctx);
    const deg = scalar(2, 1_000_000_000n);
    deg.signal = { ...deg.signal, unit: 'deg' };
    const two = line(q.compute([{ sourceName: 'm1', data: scalar(1, 1_000_000_000n) }, { sourceName: 'm2', data: deg }]));
    expect(two.yAxes!.map((a) => a.unit)).toEqual(['counts', 'deg']);
  });
});

describe('correlation histograms', () => {
  const at = (v: number, s: number, unit = 'counts') => {
    const d = scalar(v, BigInt(s * 1e9));
    d.signal = { ...d.signal, unit };
    return d;
  };

  it('1-D: data histogrammed against the axis value in effect at each time, auto-ranged bins', () => {
    const p = createPlotter('correlation_histogram_1d', { title: 'C', params: { bins: { x_axis_source: 'motor', x_bins: 2 } } });
    p.compute([{ sourceName: 'motor', data: at(0, 1, 'mm') }, { sourceName: 'counts', data: at(5, 0.5) }]); // before the first axis reading: excluded
    p.compute([{ sourceName: 'motor', data: at(0, 1, 'mm') }, { sourceName: 'counts', data: at(10, 2) }]);
    p.compute([{ sourceName: 'motor', data: at(10, 3, 'mm') }, { sourceName: 'counts', data: at(1, 4) }]);
    const s = line(p.compute([{ sourceName: 'motor', data: at(10, 3, 'mm') }, { sourceName: 'counts', data: at(2, 5) }]));
    expect(Array.from(s.series[0].x)).toEqual([0, 5, 10]);
    expect(Array.from(s.series[0].y)).toEqual([10, 3]);
    expect(s.x).toMatchObject({ label: 'motor', unit: 'mm' });
  });

  it('per-second normalisation divides by each point\'s time width and averages per bin', () => {
    const p = createPlotter('correlation_histogram_1d', { title: 'C', params: { bins: { x_axis_source: 'motor', x_bins: 1 }, normalization: { per_second: true } } });
    p.compute([{ sourceName: 'motor', data: at(1, 0, 'mm') }, { sourceName: 'c', data: at(10, 1) }]);
    p.compute([{ sourceName: 'motor', data: at(1, 0, 'mm') }, { sourceName: 'c', data: at(20, 3) }]);
    const s = line(p.compute([{ sourceName: 'motor', data: at(1, 0, 'mm') }, { sourceName: 'c', data: at(40, 5) }]));
    // widths 2, 2, median 2 → 5, 10, 20 → mean 35/3.
    expect(s.series[0].y[0]).toBeCloseTo(35 / 3);
    expect(s.y.unit).toBe('counts/s');
  });

  it('2-D: an image over two axes; a degenerate axis range is widened', () => {
    const p = createPlotter('correlation_histogram_2d', { title: 'C', params: { bins: { x_bins: 2, y_bins: 2 }, plot_scale: { color_scale: 'linear' } } });
    const s = img(p.compute([{ sourceName: 'c', data: at(7, 2) }, { sourceName: 'x', data: at(1, 1, 'mm') }, { sourceName: 'y', data: at(5, 1, 'K') }]));
    expect([s.width, s.height]).toEqual([2, 2]);
    expect(s.x.max).toBeGreaterThan(s.x.min);
    expect(s.y.unit).toBe('K');
  });
});

describe('static overlays', () => {
  it('are drawn from params alone (no data), with the reference formats', () => {
    const r = createPlotter('rectangles', { title: 'R', params: { geometry: { coordinates: '[0,0,10,10], [20,20,30,30]' } } }).compute([]) as OverlayPlotState;
    expect(r).toMatchObject({ kind: 'overlay', shape: 'rectangles', items: [[0, 0, 10, 10], [20, 20, 30, 30]] });
    const v = createPlotter('vlines', { title: 'V', params: { geometry: { positions: '10, 20.5' }, style: { color: '#00ff00' } } }).compute([]) as OverlayPlotState;
    expect(v.items).toEqual([[10], [20.5]]);
    expect(v.style).toMatchObject({ color: '#00ff00', alpha: 0.7 });
    expect(() => createPlotter('hlines', { title: 'H', params: { geometry: { positions: 'a, b' } } })).toThrow(/geometry.positions/);
    expect(() => createPlotter('rectangles', { title: 'R', params: { geometry: { coordinates: '[0,0,1]' } } })).toThrow(PlotError);
  });
});
