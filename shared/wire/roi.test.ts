import { describe, expect, it } from 'vitest';
import { decodeDa00, encodeDa00 } from './da00';
import { WireError } from './errors';
import { decodeRoi, encodeRoi, encodeRoiSet, parseRoiSourceName, roiFromDa00, roiVariables, type RoiModel } from './roi';

const JOB = { sourceName: 'panel_0', jobNumber: '0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c' };

describe('ROI da00', () => {
  it('encodes the documented rectangle example exactly', () => {
    const model: RoiModel = { rectangles: [{ index: 0, x: [10, 50], y: [5, 25] }], polygons: [], xUnit: null, yUnit: null };
    const msg = decodeDa00(encodeRoi(JOB, 'rectangle', model));
    expect(msg.sourceName).toBe('panel_0/0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c/roi_rectangle');
    expect(msg.timestamp).toBe(0n);
    const byName = Object.fromEntries(msg.variables.map((v) => [v.name, v]));
    expect(byName['signal']).toMatchObject({ dtype: 'int32', axes: ['bounds'], shape: [2], unit: 'dimensionless', values: Int32Array.of(1, 1) });
    expect(byName['x']).toMatchObject({ dtype: 'float64', axes: ['bounds'], shape: [2], unit: null, values: Float64Array.of(10, 50) });
    expect(byName['y']).toMatchObject({ dtype: 'float64', unit: null, values: Float64Array.of(5, 25) });
    expect(byName['roi_index']).toMatchObject({ dtype: 'int32', unit: 'dimensionless', values: Int32Array.of(0, 0) });
  });

  it('round-trips rectangles and polygons with physical units', () => {
    const model: RoiModel = {
      rectangles: [{ index: 0, x: [0.1, 0.2], y: [-1, 1] }, { index: 1, x: [3, 4], y: [5, 6] }],
      polygons: [{ index: 4, x: [0, 1, 0.5], y: [0, 0, 1] }, { index: 5, x: [0, 1, 1, 0], y: [0, 0, 1, 1] }],
      xUnit: 'm', yUnit: 'm',
    };
    const set = encodeRoiSet(JOB, model);
    const rect = decodeRoi(set.rectangle);
    expect(rect).toEqual({ jobId: JOB, geometry: 'rectangle', model: { ...model, polygons: [] } });
    expect(Array.from(decodeDa00(set.rectangle).variables[3]!.values as Int32Array)).toEqual([0, 0, 1, 1]);
    const poly = decodeRoi(set.polygon);
    expect(poly.geometry).toBe('polygon');
    expect(poly.model).toEqual({ ...model, rectangles: [] });
    expect(decodeDa00(set.polygon).variables[0]!.axes).toEqual(['vertex']);
  });

  it('encodes an empty set as zero-length arrays (clear all) and reads it back', () => {
    const empty: RoiModel = { rectangles: [], polygons: [], xUnit: null, yUnit: null };
    const bytes = encodeRoi(JOB, 'polygon', empty);
    const msg = decodeDa00(bytes);
    expect(msg.variables.map((v) => [v.name, v.shape, v.values.length])).toEqual([['signal', [0], 0], ['x', [0], 0], ['y', [0], 0], ['roi_index', [0], 0]]);
    expect(decodeRoi(bytes)).toEqual({ jobId: JOB, geometry: 'polygon', model: empty });
  });

  it('reads a data-topic readback with extra time coords', () => {
    const vars = roiVariables('rectangle', { rectangles: [{ index: 2, x: [1, 2], y: [3, 4] }], polygons: [], xUnit: 'mm', yUnit: 'mm' });
    const msg = decodeDa00(encodeDa00({ sourceName: '{}', timestamp: 1n, variables: [...vars,
      { name: 'time', unit: 'ns', label: null, source: null, dtype: 'int64', axes: [], shape: [], values: BigInt64Array.of(5n) }] }));
    expect(roiFromDa00(msg).model.rectangles).toEqual([{ index: 2, x: [1, 2], y: [3, 4] }]);
  });

  it('rejects invalid geometry on encode and decode', () => {
    expect(() => encodeRoi(JOB, 'polygon', { rectangles: [], polygons: [{ index: 4, x: [0, 1], y: [0, 1] }], xUnit: null, yUnit: null })).toThrow(/at least 3/);
    expect(() => encodeRoi(JOB, 'rectangle', { rectangles: [{ index: 0, x: [0, 1], y: [0, 1] }, { index: 0, x: [0, 1], y: [0, 1] }], polygons: [], xUnit: null, yUnit: null })).toThrow(/appears twice/);
    const vars = roiVariables('rectangle', { rectangles: [{ index: 0, x: [0, 1], y: [0, 1] }], polygons: [], xUnit: null, yUnit: null });
    (vars[3]!.values as Int32Array)[1] = 1; // rectangle split across two indices
    expect(() => roiFromDa00({ sourceName: 'x', timestamp: 0n, variables: vars })).toThrow(/rectangle 0 has 1 rows/);
    const wrongTopic = encodeDa00({ sourceName: 'panel_0/j/roi_polygon', timestamp: 0n, variables: roiVariables('rectangle', { rectangles: [], polygons: [], xUnit: null, yUnit: null }) });
    expect(() => decodeRoi(wrongTopic)).toThrow(/source_name says polygon/);
  });

  it('parses ROI source names from the end (source names may contain "/")', () => {
    expect(parseRoiSourceName('a/b/j/roi_polygon')).toEqual({ jobId: { sourceName: 'a/b', jobNumber: 'j' }, geometry: 'polygon' });
    expect(() => parseRoiSourceName('a/j/roi_ellipse')).toThrow(WireError);
  });
});
