// ROI geometry as da00: all ROIs of one geometry type concatenated along one
// dimension — rectangles on `bounds` (two rows per ROI: min, max), polygons on `vertex` (one row
// per vertex). Each message fully replaces that geometry type; zero-length arrays clear it.
// The same layout comes back as the roi_rectangle / roi_polygon outputs on the data topic.

import { decodeDa00, encodeDa00 } from './da00';
import { toFloat64 } from './data-array';
import { WireError } from './errors';
import type { Da00Message, JobId, Variable } from './types';

export type RoiGeometry = 'rectangle' | 'polygon';

export interface RectangleRoi {
  index: number;
  x: [min: number, max: number];
  y: [min: number, max: number];
}

export interface PolygonRoi {
  index: number;
  x: number[];
  y: number[];
}

export interface RoiModel {
  rectangles: RectangleRoi[];
  polygons: PolygonRoi[];
  /** null: pixel indices (no unit on the wire); otherwise a physical unit such as "m". */
  xUnit: string | null;
  yUnit: string | null;
}

export const ROI_DIM: Readonly<Record<RoiGeometry, string>> = { rectangle: 'bounds', polygon: 'vertex' };
const DIMENSIONLESS = 'dimensionless';

/** `<source_name>/<job_number>/roi_rectangle|roi_polygon` (what the backend subscribes to). */
export function roiSourceName(jobId: JobId, geometry: RoiGeometry): string {
  return `${jobId.sourceName}/${jobId.jobNumber}/roi_${geometry}`;
}

/** Inverse of roiSourceName; splits from the end because source names may contain '/'. */
export function parseRoiSourceName(name: string): { jobId: JobId; geometry: RoiGeometry } {
  const m = /^(.+)\/([^/]+)\/roi_(rectangle|polygon)$/.exec(name);
  if (!m) throw new WireError(`roi: source_name ${JSON.stringify(name)} is not "<source>/<job_number>/roi_rectangle|roi_polygon"`);
  return { jobId: { sourceName: m[1]!, jobNumber: m[2]! }, geometry: m[3] as RoiGeometry };
}

function checkIndex(index: number, seen: Set<number>, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index > 0x7fffffff) throw new WireError(`${what}: ROI index ${index} is not a non-negative int32`);
  if (seen.has(index)) throw new WireError(`${what}: ROI index ${index} appears twice`);
  seen.add(index);
}

/** The variables of one geometry type's message (signal, x, y, roi_index). */
export function roiVariables(geometry: RoiGeometry, model: RoiModel): Variable[] {
  const what = `roi ${geometry} encode`;
  const xs: number[] = [];
  const ys: number[] = [];
  const idx: number[] = [];
  const seen = new Set<number>();
  if (geometry === 'rectangle') {
    for (const r of model.rectangles) {
      checkIndex(r.index, seen, what);
      xs.push(r.x[0], r.x[1]);
      ys.push(r.y[0], r.y[1]);
      idx.push(r.index, r.index);
    }
  } else {
    for (const p of model.polygons) {
      checkIndex(p.index, seen, what);
      if (p.x.length !== p.y.length) throw new WireError(`${what}: polygon ${p.index} has ${p.x.length} x but ${p.y.length} y values`);
      if (p.x.length < 3) throw new WireError(`${what}: polygon ${p.index} has ${p.x.length} vertices (at least 3)`);
      xs.push(...p.x);
      ys.push(...p.y);
      for (let i = 0; i < p.x.length; i++) idx.push(p.index);
    }
  }
  const dim = ROI_DIM[geometry];
  const n = idx.length;
  const v = (name: string, values: Int32Array | Float64Array, unit: string | null): Variable => ({
    name, unit, label: null, source: null, dtype: values instanceof Int32Array ? 'int32' : 'float64', axes: [dim], shape: [n], values,
  });
  return [
    v('signal', new Int32Array(n).fill(1), DIMENSIONLESS),
    v('x', Float64Array.from(xs), model.xUnit),
    v('y', Float64Array.from(ys), model.yUnit),
    v('roi_index', Int32Array.from(idx), DIMENSIONLESS),
  ];
}

/** One ROI message for the roi topic: the given geometry type of `model`, timestamp 0. */
export function encodeRoi(jobId: JobId, geometry: RoiGeometry, model: RoiModel): Uint8Array {
  return encodeDa00({ sourceName: roiSourceName(jobId, geometry), timestamp: 0n, variables: roiVariables(geometry, model) });
}

/** Both messages (rectangles and polygons) for a full ROI set. */
export function encodeRoiSet(jobId: JobId, model: RoiModel): Record<RoiGeometry, Uint8Array> {
  return { rectangle: encodeRoi(jobId, 'rectangle', model), polygon: encodeRoi(jobId, 'polygon', model) };
}

function need(vars: Map<string, Variable>, name: string, dim: string): Variable {
  const v = vars.get(name);
  if (!v) throw new WireError(`roi: variable '${name}' is missing`);
  if (v.dtype === 'c_string' || v.axes.length !== 1 || v.axes[0] !== dim) {
    throw new WireError(`roi: variable '${name}' must be numeric along ['${dim}'], got ${v.dtype} [${v.axes.join(',')}]`);
  }
  return v;
}

/**
 * Reads ROI geometry from a da00 message: a roi-topic message or a roi_rectangle / roi_polygon
 * readback from the data topic (extra time coords are ignored). The geometry type follows the
 * dimension name. Only that type's list is filled.
 */
export function roiFromDa00(msg: Da00Message): { geometry: RoiGeometry; model: RoiModel } {
  const vars = new Map(msg.variables.map((v) => [v.name, v]));
  const xVar = vars.get('x');
  const dim = xVar?.axes[0];
  const geometry: RoiGeometry | null = dim === 'bounds' ? 'rectangle' : dim === 'vertex' ? 'polygon' : null;
  if (geometry === null) throw new WireError(`roi: 'x' must lie along 'bounds' or 'vertex', got ${xVar ? `[${xVar.axes.join(',')}]` : 'no x'}`);
  const x = toFloat64(need(vars, 'x', dim!).values);
  const y = toFloat64(need(vars, 'y', dim!).values);
  const index = toFloat64(need(vars, 'roi_index', dim!).values);
  need(vars, 'signal', dim!);
  if (y.length !== x.length || index.length !== x.length) throw new WireError(`roi: x, y and roi_index lengths differ (${x.length}, ${y.length}, ${index.length})`);
  const model: RoiModel = { rectangles: [], polygons: [], xUnit: vars.get('x')!.unit, yUnit: vars.get('y')!.unit };
  // Rows of one ROI are contiguous (concatenation order); group them.
  const seen = new Set<number>();
  for (let start = 0; start < index.length;) {
    const id = index[start]!;
    let end = start;
    while (end < index.length && index[end] === id) end++;
    checkIndex(id, seen, 'roi');
    const rows = end - start;
    if (geometry === 'rectangle') {
      if (rows !== 2) throw new WireError(`roi: rectangle ${id} has ${rows} rows along 'bounds' (expected 2: min, max)`);
      model.rectangles.push({ index: id, x: [x[start]!, x[start + 1]!], y: [y[start]!, y[start + 1]!] });
    } else {
      if (rows < 3) throw new WireError(`roi: polygon ${id} has ${rows} vertices (at least 3)`);
      model.polygons.push({ index: id, x: Array.from(x.subarray(start, end)), y: Array.from(y.subarray(start, end)) });
    }
    start = end;
  }
  return { geometry, model };
}

/** Decodes a roi-topic payload: target job, geometry type and ROIs. */
export function decodeRoi(bytes: Uint8Array): { jobId: JobId; geometry: RoiGeometry; model: RoiModel } {
  const msg = decodeDa00(bytes);
  const { jobId, geometry } = parseRoiSourceName(msg.sourceName);
  const r = roiFromDa00(msg);
  if (r.geometry !== geometry) throw new WireError(`roi: source_name says ${geometry} but data lies along '${ROI_DIM[r.geometry]}'`);
  return { jobId, ...r };
}
