import { describe, expect, it } from 'vitest';
import { RoiCommandSchema } from '../../../shared/api/roi-commands';
import {
  addRoi, deleteRoi, deleteVertex, emptyRoiSet, growRect, hitTest, insertVertex, moveRoi, moveVertex, polygonFromPoints,
  rectFromCorners, resizeRect, roiCommand, sameList, type Point,
} from './roi-geometry';

const identity = (p: Point): Point => p;

describe('ROI geometry editing', () => {
  it('a rectangle from a drag in any direction; none from a click', () => {
    expect(rectFromCorners([50, 25], [10, 5])).toEqual({ x0: 10, x1: 50, y0: 5, y1: 25 });
    expect(rectFromCorners([3, 3], [3, 9])).toBeNull();
  });

  it('resizing by a handle, flipping past the opposite side stays normalised', () => {
    const r = { x0: 10, x1: 50, y0: 5, y1: 25 };
    expect(resizeRect(r, 'ne', 60, 30)).toEqual({ x0: 10, x1: 60, y0: 5, y1: 30 });
    expect(resizeRect(r, 'w', 0, 999)).toEqual({ x0: 0, x1: 50, y0: 5, y1: 25 });
    expect(resizeRect(r, 'e', 0, 0)).toEqual({ x0: 0, x1: 10, y0: 5, y1: 25 });
    expect(resizeRect(r, 's', 0, 25)).toBeNull();
    expect(growRect(r, 1, 2)).toEqual({ x0: 9, x1: 51, y0: 3, y1: 27 });
    expect(growRect(r, -20, 0)).toBeNull();
  });

  it('at most 4 of a kind; deleting moves the later ones up (indices follow position)', () => {
    let set = emptyRoiSet();
    for (let i = 0; i < 4; i++) set = addRoi(set, 'rectangle', { x0: i, x1: i + 1, y0: 0, y1: 1 })!.set;
    expect(addRoi(set, 'rectangle', { x0: 9, x1: 10, y0: 0, y1: 1 })).toBeNull();
    expect(addRoi(set, 'polygon', { x: [0, 1, 0], y: [0, 0, 1] })!.position).toBe(0);
    const after = deleteRoi(set, 'rectangle', 1);
    expect(after.rectangles.map((r) => r.x0)).toEqual([0, 2, 3]);
    expect(set.rectangles).toHaveLength(4); // the original is untouched
  });

  it('moving, vertices, polygons from clicks', () => {
    let set = addRoi(emptyRoiSet(), 'polygon', { x: [0, 4, 2], y: [0, 0, 3] })!.set;
    set = moveRoi(set, 'polygon', 0, 1, -1);
    expect(set.polygons[0]).toEqual({ x: [1, 5, 3], y: [-1, -1, 2] });
    expect(moveVertex(set.polygons[0]!, 2, 3, 9)).toEqual({ x: [1, 5, 3], y: [-1, -1, 9] });
    const four = insertVertex(set.polygons[0]!, 0, 3, -2);
    expect(four.x).toEqual([1, 3, 5, 3]);
    expect(deleteVertex(four, 1)).toEqual(set.polygons[0]);
    expect(deleteVertex(set.polygons[0]!, 0)).toBeNull();
    // Double click at the end (duplicate) and a closing click on the first point are dropped.
    expect(polygonFromPoints([[0, 0], [4, 0], [4, 3], [4, 3], [0, 0]])).toEqual({ x: [0, 4, 4], y: [0, 0, 3] });
    expect(polygonFromPoints([[0, 0], [1, 1], [2, 2]])).toBeNull(); // no area
    expect(polygonFromPoints([[0, 0], [1, 0]])).toBeNull();
  });

  it('hit test: handles and vertices before bodies, the topmost first', () => {
    let set = addRoi(emptyRoiSet(), 'rectangle', { x0: 0, x1: 100, y0: 0, y1: 100 })!.set;
    set = addRoi(set, 'polygon', { x: [10, 50, 30], y: [10, 10, 60] })!.set;
    expect(hitTest(set, [101, 99], identity, identity)).toEqual({ kind: 'rectangle', position: 0, handle: 'ne' });
    expect(hitTest(set, [50, 12], identity, identity)).toEqual({ kind: 'polygon', position: 0, vertex: 1 });
    expect(hitTest(set, [30, 30], identity, identity)).toEqual({ kind: 'polygon', position: 0 });
    expect(hitTest(set, [80, 80], identity, identity)).toEqual({ kind: 'rectangle', position: 0 });
    expect(hitTest(set, [200, 200], identity, identity)).toBeNull();
  });

  it('an edit becomes a valid roi.set command of its kind; unchanged sets compare equal', () => {
    const set = addRoi(emptyRoiSet(), 'rectangle', { x0: 10, x1: 50, y0: 5, y1: 25 })!.set;
    const cmd = roiCommand('L', 'panel_0', 'rectangle', set);
    expect(RoiCommandSchema.parse(cmd)).toEqual({ type: 'roi.set', layerId: 'L', sourceName: 'panel_0', geometry: 'rectangle', rois: [{ x0: 10, x1: 50, y0: 5, y1: 25 }] });
    expect(roiCommand('L', 'panel_0', 'polygon', set).rois).toEqual([]);
    expect(sameList('rectangle', set, moveRoi(set, 'rectangle', 0, 0, 0))).toBe(true);
    expect(sameList('rectangle', set, moveRoi(set, 'rectangle', 0, 1, 0))).toBe(false);
  });
});
