// Editing ROI geometry (pure, unit-tested): the operations the ROI editor (roi-editor.ts) applies
// to a window's working copy of one cell's ROIs before it commits them with `roi.set`
// (shared/api/roi-commands.ts). Coordinates are data coordinates of the image's axes.
import {
  MAX_POLYGON_VERTICES, ROI_KINDS, type RoiCommand, type RoiKind, type RoiPolygon, type RoiRect, type RoiSet,
} from '../../../shared/api/roi-commands';

export type Point = [number, number];
/** Rectangle corner / edge handles. */
export type Handle = 'nw' | 'ne' | 'sw' | 'se' | 'n' | 's' | 'e' | 'w';

export const emptyRoiSet = (): RoiSet => ({ rectangles: [], polygons: [] });

export function cloneSet(s: RoiSet): RoiSet {
  return { rectangles: s.rectangles.map((r) => ({ ...r })), polygons: s.polygons.map((p) => ({ x: [...p.x], y: [...p.y] })) };
}

/** The rectangle spanned by two corners in any order; null when it has no area. */
export function rectFromCorners(a: Point, b: Point): RoiRect | null {
  const r = { x0: Math.min(a[0], b[0]), x1: Math.max(a[0], b[0]), y0: Math.min(a[1], b[1]), y1: Math.max(a[1], b[1]) };
  return r.x0 < r.x1 && r.y0 < r.y1 ? r : null;
}

export function moveRect(r: RoiRect, dx: number, dy: number): RoiRect {
  return { x0: r.x0 + dx, x1: r.x1 + dx, y0: r.y0 + dy, y1: r.y1 + dy };
}

/** Drags one handle to (x, y); dragging past the opposite side flips (result normalised). Null if degenerate. */
export function resizeRect(r: RoiRect, handle: Handle, x: number, y: number): RoiRect | null {
  let { x0, x1, y0, y1 } = r;
  if (handle.includes('w')) x0 = x;
  if (handle.includes('e')) x1 = x;
  if (handle.includes('s')) y0 = y;
  if (handle.includes('n')) y1 = y;
  return rectFromCorners([x0, y0], [x1, y1]);
}

/** Where each handle of a rectangle is (y up: n = max y). */
export function rectHandles(r: RoiRect): Record<Handle, Point> {
  const mx = (r.x0 + r.x1) / 2;
  const my = (r.y0 + r.y1) / 2;
  return { nw: [r.x0, r.y1], ne: [r.x1, r.y1], sw: [r.x0, r.y0], se: [r.x1, r.y0], n: [mx, r.y1], s: [mx, r.y0], e: [r.x1, my], w: [r.x0, my] };
}

export function movePolygon(p: RoiPolygon, dx: number, dy: number): RoiPolygon {
  return { x: p.x.map((v) => v + dx), y: p.y.map((v) => v + dy) };
}

export function moveVertex(p: RoiPolygon, i: number, x: number, y: number): RoiPolygon {
  const out = { x: [...p.x], y: [...p.y] };
  if (i >= 0 && i < out.x.length) {
    out.x[i] = x;
    out.y[i] = y;
  }
  return out;
}

/** Inserts a vertex after `i` (on an edge the user double-clicked); unchanged at the vertex limit. */
export function insertVertex(p: RoiPolygon, i: number, x: number, y: number): RoiPolygon {
  if (p.x.length >= MAX_POLYGON_VERTICES) return p;
  const out = { x: [...p.x], y: [...p.y] };
  out.x.splice(i + 1, 0, x);
  out.y.splice(i + 1, 0, y);
  return out;
}

/** Removes a vertex; null when fewer than 3 would remain (the polygon would go). */
export function deleteVertex(p: RoiPolygon, i: number): RoiPolygon | null {
  if (p.x.length <= 3) return null;
  return { x: p.x.filter((_, k) => k !== i), y: p.y.filter((_, k) => k !== i) };
}

/**
 * A polygon from clicked points: consecutive duplicates (a double click) dropped, a last point
 * on the first (closing click) dropped; null with fewer than 3 distinct vertices or no area.
 */
export function polygonFromPoints(points: readonly Point[], closeTolerance = 0): RoiPolygon | null {
  const pts: Point[] = [];
  for (const p of points) {
    const last = pts[pts.length - 1];
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
    if (last && Math.abs(last[0] - p[0]) <= closeTolerance && Math.abs(last[1] - p[1]) <= closeTolerance) continue;
    pts.push([p[0], p[1]]);
  }
  if (pts.length > 3) {
    const f = pts[0]!;
    const l = pts[pts.length - 1]!;
    if (Math.abs(f[0] - l[0]) <= closeTolerance && Math.abs(f[1] - l[1]) <= closeTolerance) pts.pop();
  }
  if (pts.length < 3 || pts.length > MAX_POLYGON_VERTICES) return null;
  const poly = { x: pts.map((p) => p[0]), y: pts.map((p) => p[1]) };
  return polygonArea(poly) > 0 ? poly : null;
}

export function polygonArea(p: RoiPolygon): number {
  let a = 0;
  for (let i = 0, j = p.x.length - 1; i < p.x.length; j = i++) a += (p.x[j]! + p.x[i]!) * (p.y[j]! - p.y[i]!);
  return Math.abs(a) / 2;
}

export function pointInPolygon(p: RoiPolygon, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = p.x.length - 1; i < p.x.length; j = i++) {
    const xi = p.x[i]!, yi = p.y[i]!, xj = p.x[j]!, yj = p.y[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInRect(r: RoiRect, x: number, y: number): boolean {
  return x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;
}

/** The set with one more ROI of a kind; null when that kind is full (4). */
export function addRoi(set: RoiSet, kind: RoiKind, roi: RoiRect | RoiPolygon): { set: RoiSet; position: number } | null {
  const out = cloneSet(set);
  const list = kind === 'rectangle' ? out.rectangles : out.polygons;
  if (list.length >= ROI_KINDS[kind].max) return null;
  (list as (RoiRect | RoiPolygon)[]).push(roi);
  return { set: out, position: list.length - 1 };
}

export function replaceRoi(set: RoiSet, kind: RoiKind, position: number, roi: RoiRect | RoiPolygon): RoiSet {
  const out = cloneSet(set);
  if (kind === 'rectangle') out.rectangles[position] = roi as RoiRect;
  else out.polygons[position] = roi as RoiPolygon;
  return out;
}

/** Removes one ROI; the later ones of that kind move up (indices follow list position, like the reference). */
export function deleteRoi(set: RoiSet, kind: RoiKind, position: number): RoiSet {
  const out = cloneSet(set);
  if (kind === 'rectangle') out.rectangles.splice(position, 1);
  else out.polygons.splice(position, 1);
  return out;
}

/** Moves any ROI by (dx, dy) (keyboard nudge, drag). */
export function moveRoi(set: RoiSet, kind: RoiKind, position: number, dx: number, dy: number): RoiSet {
  const roi = kind === 'rectangle' ? set.rectangles[position] : set.polygons[position];
  if (!roi) return set;
  return replaceRoi(set, kind, position, kind === 'rectangle' ? moveRect(roi as RoiRect, dx, dy) : movePolygon(roi as RoiPolygon, dx, dy));
}

/** Grows or shrinks a rectangle symmetrically (keyboard: Shift+arrows); null if it would vanish. */
export function growRect(r: RoiRect, dx: number, dy: number): RoiRect | null {
  return rectFromCorners([r.x0 - dx, r.y0 - dy], [r.x1 + dx, r.y1 + dy]);
}

export function sameList(kind: RoiKind, a: RoiSet, b: RoiSet): boolean {
  return kind === 'rectangle' ? JSON.stringify(a.rectangles) === JSON.stringify(b.rectangles) : JSON.stringify(a.polygons) === JSON.stringify(b.polygons);
}

/** The command that publishes and stores one kind's ROIs of a set. */
export function roiCommand(layerId: string, sourceName: string, kind: RoiKind, set: RoiSet): RoiCommand {
  return kind === 'rectangle'
    ? { type: 'roi.set', layerId, sourceName, geometry: 'rectangle', rois: set.rectangles.map((r) => ({ ...r })) }
    : { type: 'roi.set', layerId, sourceName, geometry: 'polygon', rois: set.polygons.map((p) => ({ x: [...p.x], y: [...p.y] })) };
}

export interface RoiHit {
  kind: RoiKind;
  position: number;
  /** A rectangle handle, or a polygon vertex, under the pointer (else the body). */
  handle?: Handle;
  vertex?: number;
}

/**
 * What is under a pixel: handles and vertices first (within `tol` pixels), then bodies (the
 * last drawn on top). `toPixel` maps data coordinates to chart pixels.
 */
export function hitTest(set: RoiSet, px: Point, toPixel: (p: Point) => Point | null, toData: (p: Point) => Point | null, tol = 6): RoiHit | null {
  const near = (p: Point): boolean => {
    const q = toPixel(p);
    return !!q && Math.abs(q[0] - px[0]) <= tol && Math.abs(q[1] - px[1]) <= tol;
  };
  for (let i = set.polygons.length - 1; i >= 0; i--) {
    const p = set.polygons[i]!;
    for (let v = 0; v < p.x.length; v++) if (near([p.x[v]!, p.y[v]!])) return { kind: 'polygon', position: i, vertex: v };
  }
  for (let i = set.rectangles.length - 1; i >= 0; i--) {
    const hs = rectHandles(set.rectangles[i]!);
    for (const h of Object.keys(hs) as Handle[]) if (near(hs[h])) return { kind: 'rectangle', position: i, handle: h };
  }
  const d = toData(px);
  if (!d) return null;
  for (let i = set.polygons.length - 1; i >= 0; i--) if (pointInPolygon(set.polygons[i]!, d[0], d[1])) return { kind: 'polygon', position: i };
  for (let i = set.rectangles.length - 1; i >= 0; i--) if (pointInRect(set.rectangles[i]!, d[0], d[1])) return { kind: 'rectangle', position: i };
  return null;
}
