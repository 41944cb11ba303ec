import { describe, expect, it } from 'vitest';
import type { ImagePlotState, LinePlotState, TablePlotState } from '../../../shared/plot-state';
import { barsCsv, csvCell, lineCsv, parseCsv, tableCsv, type ExportMeta } from './csv';
import { base64ToFloat32, BUNDLE_FORMAT, centresToEdges, imageBundle, linearEdges, volumeBundle } from './bundle';
import { endTimeMs, exportFileName, fileTime, safePart } from './file-name';

const meta: ExportMeta = {
  title: 'Monitor → Histogram', instrument: 'dummy', workflowId: 'dummy/monitor_histogram/1', outputName: 'current',
  sourceNames: ['monitor1', 'monitor2'], exportedAt: '2026-11-25T17:00:00.000Z', startTime: '1764090000000000000', endTime: '1764090001000000000',
};

function line(partial: Partial<LinePlotState>): LinePlotState {
  return {
    kind: 'line', title: 't', x: { label: 'tof', unit: 'ms' }, y: { label: 'counts', unit: 'counts' }, xIsTime: false, series: [],
    yMin: 0, yMax: 1, startTime: null, endTime: null, ...partial,
  };
}

describe('CSV export', () => {
  it('histograms: bin edges as start/end columns, one value and stddev column per series, exact numbers', () => {
    const x = Float64Array.of(0, 0.5, 1, 1.5);
    const plot = line({
      series: [
        { name: 'monitor1', x, y: Float64Array.of(1.1, 2.2, 1 / 3), stddev: Float64Array.of(0.1, 0.2, 0.3) },
        { name: 'monitor2', x, y: Float64Array.of(4, NaN, 6e-12), stddev: null },
      ],
    });
    const text = lineCsv(plot, meta);
    expect(text.startsWith('# Livedata Desktop export\n')).toBe(true);
    expect(text).toContain('# sources: monitor1, monitor2');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['tof (bin start) [ms]', 'tof (bin end) [ms]', 'monitor1 [counts]', 'monitor1 stddev [counts]', 'monitor2 [counts]']);
    expect(rows.slice(1).map((r) => r.map((c) => (c === '' ? NaN : Number(c))))).toEqual([
      [0, 0.5, 1.1, 0.1, 4],
      [0.5, 1, 2.2, 0.2, NaN],
      [1, 1.5, 1 / 3, 0.3, 6e-12],
    ]);
  });

  it('series on different x: long format, one row per point', () => {
    const plot = line({ series: [
      { name: 'a', x: Float64Array.of(1, 2), y: Float64Array.of(10, 20), stddev: null },
      { name: 'b', x: Float64Array.of(5), y: Float64Array.of(50), stddev: null },
    ] });
    const rows = parseCsv(lineCsv(plot, meta));
    expect(rows[0]).toEqual(['series', 'tof [ms]', 'value', 'stddev', 'unit']);
    expect(rows.slice(1)).toEqual([['a', '1', '10', '', 'counts'], ['a', '2', '20', '', 'counts'], ['b', '5', '50', '', 'counts']]);
  });

  it('time series: ISO time and ms per point, the unit of each series axis', () => {
    const plot = line({
      xIsTime: true,
      yAxes: [{ label: 'motion1', unit: 'mm', min: 0, max: 1, log: false }, { label: 'motion2', unit: 'deg', min: 0, max: 1, log: false }],
      series: [
        { name: 'motion1', x: Float64Array.of(1764090000000, 1764090001000), y: Float64Array.of(1.5, 2.5), stddev: null, axis: 0 },
        { name: 'motion2', x: Float64Array.of(1764090000500), y: Float64Array.of(-3), stddev: null, axis: 1 },
      ],
    });
    const rows = parseCsv(lineCsv(plot, meta));
    expect(rows[0]).toEqual(['series', 'time (UTC)', 'time [ms since epoch]', 'value', 'stddev', 'unit']);
    expect(rows[1]).toEqual(['motion1', '2025-11-25T17:00:00.000Z', '1764090000000', '1.5', '', 'mm']);
    expect(rows[3]).toEqual(['motion2', '2025-11-25T17:00:00.500Z', '1764090000500', '-3', '', 'deg']);
  });

  it('bars and tables: name, value, stddev, unit', () => {
    const bars = line({ bars: { horizontal: false }, series: [{ name: 'det1', x: Float64Array.of(0), y: Float64Array.of(42), stddev: Float64Array.of(6.5) }] });
    expect(parseCsv(barsCsv(bars, meta))).toEqual([['name', 'value', 'stddev', 'unit'], ['det1', '42', '6.5', 'counts']]);
    const table: TablePlotState = { kind: 'table', title: 't', rows: [{ name: 'a, "b"', value: 1e-20, stddev: null, unit: 'm' }], notation: 'auto', precision: 3, startTime: null, endTime: null };
    const rows = parseCsv(tableCsv(table, meta));
    expect(rows[1]).toEqual(['a, "b"', '1e-20', '', 'm']);
  });

  it('cells: non-finite numbers are empty, text with separators is quoted', () => {
    expect([NaN, Infinity, 0.1 + 0.2, -0].map(csvCell)).toEqual(['', '', '0.30000000000000004', '0']);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('#x')).toBe('"#x"');
  });
});

describe('image and volume bundles', () => {
  const panel = { title: 'panel_0', width: 3, height: 2, levels: new Uint8Array(6), x: { label: 'x', unit: 'm', min: 0, max: 0.3 }, y: { label: 'y', unit: 'm', min: -1, max: 1 } };
  const image: ImagePlotState = {
    kind: 'image', title: 'Detector', width: 3, height: 2, x: panel.x, y: panel.y, panels: [panel],
    color: { min: 1, max: 100, unit: 'counts', log: true, map: 'viridis' }, startTime: null, endTime: '1764090001000000000',
  };

  it('an image: axes with edges and units, values exact (float32 LE base64), shape rows × columns', () => {
    const values = Float32Array.of(1, 2, NaN, 4.5, 1e-30, 3e38);
    const b = imageBundle(image, panel, values, meta);
    expect(b.format).toBe(BUNDLE_FORMAT);
    expect(b.values).toMatchObject({ unit: 'counts', dtype: 'float32', byteOrder: 'little', shape: [2, 3] });
    expect(b.axes.map((a) => [a.name, a.unit, a.edges.length])).toEqual([['y', 'm', 3], ['x', 'm', 4]]);
    expect(b.axes[1]!.edges[3]).toBeCloseTo(0.3);
    const back = base64ToFloat32(b.values.data);
    expect(Array.from(back)).toEqual(Array.from(values));
    expect(b.display).toEqual({ colorMin: 1, colorMax: 100, log: true, colorMap: 'viridis' });
    expect(() => imageBundle(image, panel, new Float32Array(5), meta)).toThrow(/5 for 3×2/);
    // Round trip through JSON text.
    expect(JSON.parse(JSON.stringify(b)).values.data).toBe(b.values.data);
  });

  it('a volume: every dim with its coordinates as edges', () => {
    const vol: ImagePlotState = { ...image, volume: { dims: [
      { name: 'z', size: 2, unit: 'mm', coords: Float64Array.of(10, 20) },
      { name: 'y', size: 1, unit: null, coords: Float64Array.of(0, 1) },
      { name: 'x', size: 3, unit: 'm', coords: Float64Array.of(0, 1, 2, 3) },
    ], levels: new Uint8Array(6) } };
    const b = volumeBundle(vol, Float32Array.of(1, 2, 3, 4, 5, 6), meta);
    expect(b.values.shape).toEqual([2, 1, 3]);
    expect(b.axes.map((a) => a.edges)).toEqual([[5, 15, 25], [0, 1], [0, 1, 2, 3]]);
  });

  it('helpers', () => {
    expect(linearEdges(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(centresToEdges([1])).toEqual([0.5, 1.5]);
  });
});

describe('file names', () => {
  it('instrument, workflow-output, sources and the data time, safe on every OS', () => {
    const name = exportFileName('dummy', { workflowId: 'dummy/panel_0_xy/1', outputName: 'cumulative', sourceNames: ['panel_0'] }, Date.UTC(2026, 10, 25, 17, 40, 12), 'png');
    expect(name).toBe('dummy_panel_0_xy-cumulative_panel_0_2026-11-25T17-40-12Z.png');
    expect(safePart('a/b: c?*')).toBe('a-b-c');
    expect(exportFileName(null, { workflowId: 'x', outputName: 'o', sourceNames: ['a', 'b', 'c', 'd', 'e'] }, 0, 'csv')).toBe('livedata_x-o_a+b+c+2more_1970-01-01T00-00-00Z.csv');
    expect(fileTime(0)).toBe('1970-01-01T00-00-00Z');
    expect(endTimeMs('1764090001000000000')).toBe(1764090001000);
    expect(endTimeMs(null)).toBeNull();
  });
});
