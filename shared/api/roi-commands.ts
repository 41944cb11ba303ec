// ROI commands (domain "roi") and the request-layer geometry they store.
//
// Like the reference (src/ess/livedata/dashboard/roi_request_plots.py), the ROIs a user draws
// live in the params of a `rectangles_request` / `polygons_request` layer in the image's cell,
// bound to the workflow's roi_rectangle / roi_polygon readback output. Stored geometry is bare
// numbers in the plot's axis coordinates (`geometry.coordinates`, the reference's string format
// so grid templates round-trip); the unit is taken from the readback at publish time.
// ROI indices follow the list position: rectangles 0–3, polygons 4–7 (reference
// config/roi_names.py DEFAULT_ROI_GEOMETRIES). main/plots/roi-publisher.ts handles the command.
import { z } from 'zod';
import type { JsonObject, JsonValue } from '../json';

export type RoiKind = 'rectangle' | 'polygon';

/** Per geometry: how many ROIs, the first index, the plotters and the readback output. */
export const ROI_KINDS: Readonly<Record<RoiKind, { max: number; indexOffset: number; request: 'rectangles_request' | 'polygons_request'; readback: 'rectangles_readback' | 'polygons_readback'; output: string }>> = {
  rectangle: { max: 4, indexOffset: 0, request: 'rectangles_request', readback: 'rectangles_readback', output: 'roi_rectangle' },
  polygon: { max: 4, indexOffset: 4, request: 'polygons_request', readback: 'polygons_readback', output: 'roi_polygon' },
};

/** A polygon keeps at most this many vertices (a drawn outline, not a mesh). */
export const MAX_POLYGON_VERTICES = 64;

/** An axis-aligned rectangle in plot coordinates (min < max on both axes). */
export interface RoiRect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** A closed polygon in plot coordinates (≥ 3 vertices). */
export interface RoiPolygon {
  x: number[];
  y: number[];
}

/** All user ROIs of one request target, as the editor and the command carry them. */
export interface RoiSet {
  rectangles: RoiRect[];
  polygons: RoiPolygon[];
}

const coord = z.number().finite().min(-1e300).max(1e300);
const RectSchema = z
  .object({ x0: coord, x1: coord, y0: coord, y1: coord })
  .refine((r) => r.x0 < r.x1 && r.y0 < r.y1, 'a rectangle needs x0 < x1 and y0 < y1');
const PolygonSchema = z
  .object({ x: z.array(coord).min(3).max(MAX_POLYGON_VERTICES), y: z.array(coord).min(3).max(MAX_POLYGON_VERTICES) })
  .refine((p) => p.x.length === p.y.length, 'a polygon needs as many x as y values');

const id = z.string().min(1).max(200);

/**
 * `roi.set` replaces the ROIs of one geometry type drawn on a cell's image: `layerId` is any layer
 * of that cell bound to the detector workflow (the image or an existing request layer),
 * `sourceName` the detector. Main publishes them to the workflow's current job and stores them in
 * the cell's request layer (created on first use; a new layer id, like every params change).
 * An empty list deletes all ROIs of that type.
 */
export const RoiCommandSchema = z.discriminatedUnion('geometry', [
  z.object({ type: z.literal('roi.set'), layerId: id, sourceName: id, geometry: z.literal('rectangle'), rois: z.array(RectSchema).max(ROI_KINDS.rectangle.max) }),
  z.object({ type: z.literal('roi.set'), layerId: id, sourceName: id, geometry: z.literal('polygon'), rois: z.array(PolygonSchema).max(ROI_KINDS.polygon.max) }),
]);
export type RoiCommand = z.infer<typeof RoiCommandSchema>;

/** What `roi.set` answers: the request layer now holding the ROIs, and whether a job got them. */
export interface RoiSetResult {
  layerId: string;
  published: boolean;
  /** Why nothing was published (e.g. the workflow is not running), else null. */
  note: string | null;
}

// ---- stored geometry (the reference's `geometry.coordinates` strings) --------------------

/** Significant digits kept in stored coordinates (a cursor pixel carries no more). */
const DIGITS = 6;
const fmt = (v: number): string => String(Number(v.toPrecision(DIGITS)));

/**
 * ROIs rounded as they are stored: what is published is then exactly what the layout keeps and
 * re-sends to a new job (a cursor pixel carries no more than 6 digits anyway).
 */
export function roundRois<T extends RoiRect | RoiPolygon>(rois: readonly T[]): T[] {
  const r = (v: number): number => Number(v.toPrecision(DIGITS));
  return rois.map((roi) =>
    'x0' in roi ? ({ x0: r(roi.x0), x1: r(roi.x1), y0: r(roi.y0), y1: r(roi.y1) } as T) : ({ x: roi.x.map(r), y: roi.y.map(r) } as T),
  );
}

/** `[x0,y0,x1,y1], [x0,y0,x1,y1]` (reference RectanglesRequestPlotter._format_geometry). */
export function formatRectangles(rects: readonly RoiRect[]): string {
  return rects.map((r) => `[${fmt(r.x0)},${fmt(r.y0)},${fmt(r.x1)},${fmt(r.y1)}]`).join(', ');
}

/** `[[x,y],[x,y],[x,y]], [[x,y],...]` (reference PolygonsRequestPlotter._format_geometry). */
export function formatPolygons(polys: readonly RoiPolygon[]): string {
  return polys.map((p) => `[${p.x.map((x, i) => `[${fmt(x)},${fmt(p.y[i]!)}]`).join(',')}]`).join(', ');
}

function parseList(text: string): unknown[] | null {
  const t = text.trim();
  if (!t) return [];
  try {
    const v: unknown = JSON.parse(`[${t}]`);
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Rectangles from a stored string; corners in any order are normalised, degenerate or malformed
 * entries are skipped (the string is user-editable, a bad one must not take the plot down).
 */
export function parseRectangles(text: string): RoiRect[] {
  const out: RoiRect[] = [];
  for (const item of parseList(text) ?? []) {
    if (!Array.isArray(item) || item.length !== 4 || !item.every(finite)) continue;
    const [a, b, c, d] = item as number[];
    const r = { x0: Math.min(a!, c!), x1: Math.max(a!, c!), y0: Math.min(b!, d!), y1: Math.max(b!, d!) };
    if (r.x0 < r.x1 && r.y0 < r.y1) out.push(r);
  }
  return out.slice(0, ROI_KINDS.rectangle.max);
}

/** Polygons from a stored string; entries with < 3 valid vertices are skipped. */
export function parsePolygons(text: string): RoiPolygon[] {
  const out: RoiPolygon[] = [];
  for (const item of parseList(text) ?? []) {
    if (!Array.isArray(item) || item.length < 3) continue;
    const pts = item.filter((p): p is [number, number] => Array.isArray(p) && p.length === 2 && finite(p[0]) && finite(p[1]));
    if (pts.length !== item.length) continue;
    out.push({ x: pts.map((p) => p[0]), y: pts.map((p) => p[1]) });
  }
  return out.slice(0, ROI_KINDS.polygon.max);
}

function objectAt(params: JsonObject, key: string): JsonObject {
  const v = params[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {};
}

/** The ROIs stored in a request layer's params. */
export function roisOfParams(kind: RoiKind, params: JsonObject): RoiRect[] | RoiPolygon[] {
  const text = objectAt(params, 'geometry').coordinates;
  const s = typeof text === 'string' ? text : '';
  return kind === 'rectangle' ? parseRectangles(s) : parsePolygons(s);
}

/** A request layer's params with new ROIs (style and options kept, defaults filled). */
export function paramsWithRois(kind: RoiKind, params: JsonObject, rois: readonly RoiRect[] | readonly RoiPolygon[]): JsonObject {
  const coordinates = kind === 'rectangle' ? formatRectangles(rois as RoiRect[]) : formatPolygons(rois as RoiPolygon[]);
  const options = objectAt(params, 'options');
  const style = objectAt(params, 'style');
  return {
    ...params,
    geometry: { ...objectAt(params, 'geometry'), coordinates },
    style: { color: '#808080', line_width: 2, line_dash: 'dashed', ...style } as { [k: string]: JsonValue },
    options: { max_roi_count: ROI_KINDS[kind].max, ...options },
  };
}

/** The wire index of the i-th ROI of a kind (list position + the kind's offset). */
export function roiIndex(kind: RoiKind, position: number): number {
  return ROI_KINDS[kind].indexOffset + position;
}
