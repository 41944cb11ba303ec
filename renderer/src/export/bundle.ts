// Self-describing bundle of an image or volume: one JSON document with the units, the
// coordinates of every axis and the values in full precision (float32, little-endian, base64 —
// a third of the size of JSON numbers and exact). Readers need nothing but this file:
//   import json, base64, numpy as np
//   b = json.load(open(f)); v = b['values']
//   a = np.frombuffer(base64.b64decode(v['data']), dtype='<f4').reshape(v['shape'])
import type { ImagePanel, ImagePlotState } from '../../../shared/plot-state';
import type { ExportMeta } from './csv';

export const BUNDLE_FORMAT = 'livedata-desktop/bundle/1';

export interface BundleAxis {
  /** Dimension name; the array's axis in the same order as `values.shape`. */
  name: string;
  unit: string | null;
  /** Bin edges (length = size + 1), as drawn on the plot's axis. */
  edges: number[];
}

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  title: string;
  instrument: string | null;
  workflow: string;
  output: string;
  sources: string[];
  exported: string;
  dataTime: { start: string | null; end: string | null };
  axes: BundleAxis[];
  values: {
    unit: string | null;
    dtype: 'float32';
    byteOrder: 'little';
    encoding: 'base64';
    /** Outer first, row-major; for images [rows (y, lowest first), columns (x)]. */
    shape: number[];
    /** NaN marks masked pixels. */
    data: string;
  };
  /** How the plot showed it (for reproducing the picture). */
  display: { colorMin: number; colorMax: number; log: boolean; colorMap: string | null };
}

/** Base64 of a float32 array's little-endian bytes (chunked: no call-stack limits on 4 Mpx). */
export function float32ToBase64(values: Float32Array): string {
  const le = new Uint8Array(values.length * 4);
  const dv = new DataView(le.buffer);
  for (let i = 0; i < values.length; i++) dv.setFloat32(i * 4, values[i]!, true);
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < le.length; i += CHUNK) bin += String.fromCharCode(...le.subarray(i, i + CHUNK));
  return btoa(bin);
}

export function base64ToFloat32(text: string): Float32Array {
  const bin = atob(text);
  const dv = new DataView(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) dv.setUint8(i, bin.charCodeAt(i));
  const out = new Float32Array(bin.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}

/** Evenly spaced edges from min to max (the image's axis as drawn). */
export function linearEdges(min: number, max: number, n: number): number[] {
  const out = new Array<number>(n + 1);
  for (let i = 0; i <= n; i++) out[i] = min + ((max - min) * i) / n;
  return out;
}

function base(plot: ImagePlotState, meta: ExportMeta, axes: BundleAxis[], values: Float32Array, shape: number[]): Bundle {
  return {
    format: BUNDLE_FORMAT,
    title: meta.title,
    instrument: meta.instrument,
    workflow: meta.workflowId,
    output: meta.outputName,
    sources: meta.sourceNames,
    exported: meta.exportedAt,
    dataTime: { start: meta.startTime, end: meta.endTime },
    axes,
    values: { unit: plot.color.unit, dtype: 'float32', byteOrder: 'little', encoding: 'base64', shape, data: float32ToBase64(values) },
    display: { colorMin: plot.color.min, colorMax: plot.color.max, log: plot.color.log, colorMap: plot.color.map ?? null },
  };
}

/** One image panel with its full-precision values (fetched with `layer.values`). */
export function imageBundle(plot: ImagePlotState, panel: ImagePanel, values: Float32Array, meta: ExportMeta): Bundle {
  if (values.length !== panel.width * panel.height) throw new Error(`image values: ${values.length} for ${panel.width}×${panel.height}`);
  const axes: BundleAxis[] = [
    { name: panel.y.label || 'y', unit: panel.y.unit, edges: linearEdges(panel.y.min, panel.y.max, panel.height) },
    { name: panel.x.label || 'x', unit: panel.x.unit, edges: linearEdges(panel.x.min, panel.x.max, panel.width) },
  ];
  return base(plot, { ...meta, title: panel.title || meta.title }, axes, values, [panel.height, panel.width]);
}

/** A slicer volume (dims outer first) with its values (`layer.values` with volume: true). */
export function volumeBundle(plot: ImagePlotState, values: Float32Array, meta: ExportMeta): Bundle {
  const dims = plot.volume?.dims ?? [];
  const size = dims.reduce((n, d) => n * d.size, 1);
  if (dims.length === 0 || values.length !== size) throw new Error(`volume values: ${values.length} for ${dims.map((d) => d.size).join('×')}`);
  const axes: BundleAxis[] = dims.map((d) => {
    const c = Array.from(d.coords);
    // Coordinates as sent (edges when one longer than the dim, else centres turned into edges).
    const edges = c.length === d.size + 1 ? c : c.length === d.size ? centresToEdges(c) : linearEdges(0, d.size, d.size);
    return { name: d.name, unit: d.unit, edges };
  });
  return base(plot, meta, axes, values, dims.map((d) => d.size));
}

/** Edges around centres (midpoints, outer edges mirrored). */
export function centresToEdges(c: number[]): number[] {
  if (c.length === 0) return [];
  if (c.length === 1) return [c[0]! - 0.5, c[0]! + 0.5];
  const e = [c[0]! - (c[1]! - c[0]!) / 2];
  for (let i = 0; i < c.length - 1; i++) e.push((c[i]! + c[i + 1]!) / 2);
  e.push(c[c.length - 1]! + (c[c.length - 1]! - c[c.length - 2]!) / 2);
  return e;
}
