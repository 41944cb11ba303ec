// From a window's edit to the bytes on the ROI topic: the editor's geometry operations
// (renderer/src/presenters/roi-geometry.ts) → the roi.set command → main's wire model
// (main/plots/roi-publisher.ts) → da00 (shared/wire/roi.ts), checked against the worked example
// of the ROI wire format (shared/wire/roi.ts) and the reference's index ranges (rectangles 0–3, polygons 4–7).
import { describe, expect, it } from 'vitest';
import { paramsWithRois, roisOfParams, RoiCommandSchema } from '../../shared/api/roi-commands';
import { decodeDa00, decodeRoi, encodeRoi } from '../../shared/wire';
import { roiModel } from '../../main/plots/roi-publisher';
import { addRoi, deleteRoi, emptyRoiSet, moveRoi, resizeRect, replaceRoi, roiCommand } from '../../renderer/src/presenters/roi-geometry';

const job = { sourceName: 'panel_0', jobNumber: '0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c' };

function wire(cmd: ReturnType<typeof roiCommand>, units = { x: null as string | null, y: null as string | null }) {
  const parsed = RoiCommandSchema.parse(cmd);
  return encodeRoi(job, parsed.geometry, roiModel(parsed.geometry, parsed.rois, units));
}

describe('ROI message encoding from edits', () => {
  it('drawing one rectangle gives the worked example of the ROI wire format', () => {
    const set = addRoi(emptyRoiSet(), 'rectangle', { x0: 10, x1: 50, y0: 5, y1: 25 })!.set;
    const msg = decodeDa00(wire(roiCommand('L', 'panel_0', 'rectangle', set)));
    expect(msg.sourceName).toBe('panel_0/0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c/roi_rectangle');
    expect(msg.timestamp).toBe(0n);
    const v = Object.fromEntries(msg.variables.map((x) => [x.name, x]));
    expect(Array.from(v.signal!.values as Int32Array)).toEqual([1, 1]);
    expect(v.signal!.unit).toBe('dimensionless');
    expect(Array.from(v.x!.values as Float64Array)).toEqual([10, 50]);
    expect(Array.from(v.y!.values as Float64Array)).toEqual([5, 25]);
    expect(v.x!.unit).toBeNull(); // pixel coordinates: no unit
    expect(Array.from(v.roi_index!.values as Int32Array)).toEqual([0, 0]);
  });

  it('move, resize and a second rectangle: arrays of length 4 with roi_index [0,0,1,1]; physical units kept', () => {
    let set = addRoi(emptyRoiSet(), 'rectangle', { x0: 10, x1: 50, y0: 5, y1: 25 })!.set;
    set = moveRoi(set, 'rectangle', 0, 5, 5);
    set = replaceRoi(set, 'rectangle', 0, resizeRect(set.rectangles[0]!, 'ne', 70, 40)!);
    set = addRoi(set, 'rectangle', { x0: 0, x1: 1, y0: 0, y1: 1 })!.set;
    const { model } = decodeRoi(wire(roiCommand('L', 'panel_0', 'rectangle', set), { x: 'm', y: 'm' }));
    expect(model.rectangles).toEqual([{ index: 0, x: [15, 70], y: [10, 40] }, { index: 1, x: [0, 1], y: [0, 1] }]);
    expect([model.xUnit, model.yUnit]).toEqual(['m', 'm']);
  });

  it('polygons are numbered from 4; deleting the first renumbers; deleting all sends empty arrays', () => {
    let set = addRoi(emptyRoiSet(), 'polygon', { x: [0, 4, 2], y: [0, 0, 3] })!.set;
    set = addRoi(set, 'polygon', { x: [5, 9, 9, 5], y: [5, 5, 9, 9] })!.set;
    let msg = decodeRoi(wire(roiCommand('L', 'panel_0', 'polygon', set)));
    expect(msg.model.polygons.map((p) => [p.index, p.x.length])).toEqual([[4, 3], [5, 4]]);
    set = deleteRoi(set, 'polygon', 0);
    msg = decodeRoi(wire(roiCommand('L', 'panel_0', 'polygon', set)));
    expect(msg.model.polygons.map((p) => p.index)).toEqual([4]);
    set = deleteRoi(set, 'polygon', 0);
    const empty = decodeDa00(wire(roiCommand('L', 'panel_0', 'polygon', set)));
    expect(empty.variables.map((v) => [v.name, v.shape[0], v.axes[0]])).toEqual([['signal', 0, 'vertex'], ['x', 0, 'vertex'], ['y', 0, 'vertex'], ['roi_index', 0, 'vertex']]);
  });

  it('stored in layer params in the reference format and read back identically', () => {
    const rects = [{ x0: 10, x1: 50, y0: 5, y1: 25 }, { x0: 0.1234567, x1: 2, y0: -3, y1: 1e-7 }];
    const params = paramsWithRois('rectangle', { style: { color: '#ff0000' } }, rects);
    expect((params.geometry as { coordinates: string }).coordinates).toBe('[10,5,50,25], [0.123457,-3,2,1e-7]');
    expect(params.style).toMatchObject({ color: '#ff0000', line_dash: 'dashed' });
    expect(roisOfParams('rectangle', params)).toEqual([rects[0], { x0: 0.123457, x1: 2, y0: -3, y1: 1e-7 }]);
    const polys = paramsWithRois('polygon', {}, [{ x: [0, 10, 5], y: [0, 0, 10] }]);
    expect((polys.geometry as { coordinates: string }).coordinates).toBe('[[0,0],[10,0],[5,10]]');
    // Hand-edited garbage is skipped, never thrown.
    expect(roisOfParams('polygon', { geometry: { coordinates: '[[0,0],[1,1]], nonsense' } })).toEqual([]);
    expect(roisOfParams('rectangle', { geometry: { coordinates: '[5,5,1,1], [1,1,1,2]' } })).toEqual([{ x0: 1, x1: 5, y0: 1, y1: 5 }]);
  });
});
