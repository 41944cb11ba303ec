import { describe, expect, it } from 'vitest';
import type { ImagePanel, ImagePlotState } from '../../../shared/plot-state';
import { FIRST_LEVEL, UNDER } from '../../../shared/colour-levels';
import { buildImageOption, colourBarCaption, colourBarTicks, decompose, layoutImage, panelPlacement, pickPixel, pickText } from './image-presenter';
import { slicedPlot, sliceLabel } from './slicer';
import { formatNumber, tableRows } from './table-presenter';

function panel(over: Partial<ImagePanel> = {}): ImagePanel {
  return {
    title: 'Detector', width: 4, height: 2, levels: new Uint8Array([2, 3, 4, 5, 6, 7, 8, 9]),
    x: { label: 'x', unit: 'mm', min: -10, max: 10 }, y: { label: 'y', unit: 'mm', min: 0, max: 5 }, ...over,
  };
}
function image(over: Partial<ImagePlotState> = {}, panels = [panel()]): ImagePlotState {
  return {
    kind: 'image', title: 'Detector', width: panels[0].width, height: panels[0].height, x: panels[0].x, y: panels[0].y, panels,
    color: { min: 1, max: 1000, unit: 'counts', log: true, under: 0, map: 'viridis' }, startTime: null, endTime: null, ...over,
  };
}

describe('image option (pixels drawn on a canvas, not by ECharts)', () => {
  it('has no image or heatmap series and no per-pixel objects: axes and overlays only', () => {
    const { option } = buildImageOption(image(), { width: 600, height: 400 });
    expect(option.series).toEqual([]);
    const y = option.yAxis as { type: string; name?: string; min: number; max: number }[];
    expect(y).toHaveLength(1);
    expect(y[0]).toMatchObject({ name: 'y [mm]', min: 0, max: 5 });
    expect((option.xAxis as { name: string }[])[0].name).toBe('x [mm]');
    expect(option.animation).toBe(false);
  });

  it('colour bar: intermediate ticks (decades on log, 1-2-5 steps on linear) and the unit as its title', () => {
    expect(colourBarTicks(1, 1000, true).map((t) => t.value)).toEqual([1, 10, 100, 1000]);
    expect(colourBarTicks(3, 40, true).map((t) => t.label)).toEqual(['5', '10', '20']);
    expect(colourBarTicks(0, 1, false).map((t) => t.label)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(colourBarCaption(image())).toBe('counts (log)');
  });

  it('explains values ≤ 0 on a log scale in the colour bar when there are any', () => {
    const none = buildImageOption(image(), { width: 600, height: 400 });
    expect(none.layout.under).toBeNull();
    const some = buildImageOption(image({ color: { min: 1, max: 10, unit: 'counts', log: true, under: 3 } }), { width: 600, height: 400 });
    expect(some.layout.under).not.toBeNull();
    expect(some.layout.under!.top).toBeGreaterThan(some.layout.bar.top + some.layout.bar.height);
    expect(colourBarCaption(image({ color: { min: 0, max: 1, unit: 'counts', log: false } }))).toBe('counts');
  });

  it('aspect modes: square and equal data aspect', () => {
    const sq = layoutImage(image({ aspect: { type: 'Square', ratio: 1 } }), 800, 400).grids[0];
    expect(Math.abs(sq.width - sq.height)).toBeLessThan(1);
    const eq = layoutImage(image({ aspect: { type: 'Equal', ratio: 1 } }), 800, 400).grids[0];
    expect(eq.width / eq.height).toBeCloseTo(20 / 5);
    const free = layoutImage(image(), 800, 400).grids[0];
    expect(free.width).toBeGreaterThan(eq.width - 1);
  });

  it('layout mode: one grid per panel in columns, with titles; overlay: all in one grid', () => {
    const two = [panel({ title: 'A' }), panel({ title: 'B' })];
    const l = layoutImage(image({ combine: 'layout', columns: 2 }, two), 800, 400);
    expect(l.grids).toHaveLength(2);
    expect(l.grids[1].left).toBeGreaterThan(l.grids[0].left + l.grids[0].width);
    expect(layoutImage(image({ combine: 'overlay' }, two), 800, 400).grids).toHaveLength(1);
  });

  it('places a panel by its data extent and follows a window\'s zoom', () => {
    const plot = image();
    const layout = layoutImage(plot, 600, 400);
    const full = panelPlacement(plot, layout, 0);
    expect(full.rect).toEqual(layout.grids[0]);
    const zoomed = panelPlacement(plot, layout, 0, { x: [0, 10], y: null });
    expect(zoomed.rect.width).toBeCloseTo(layout.grids[0].width * 2);
  });

  it('picks the pixel under the pointer (row 0 = lowest y) and decomposes flattened axes', () => {
    const plot = image();
    const layout = layoutImage(plot, 600, 400);
    const g = layout.grids[0];
    const pick = pickPixel(plot, layout, g.left + 1, g.top + g.height - 1)!;
    expect([pick.col, pick.row, pick.level]).toEqual([0, 0, 2]);
    expect(pickText(plot, pick, 12)).toContain('12 counts');
    expect(decompose([{ name: 'a', size: 2, unit: null, coords: null }, { name: 'c', size: 4, unit: 'mm', coords: new Float64Array([5, 6, 7, 8]) }], 6))
      .toEqual([{ name: 'a', index: 1, value: 1, unit: null }, { name: 'c', index: 2, value: 7, unit: 'mm' }]);
    expect(pickText(plot, { ...pick, level: UNDER }, null)).toContain('≤ 0');
  });
});

describe('slicer (per-window view of a volume of levels)', () => {
  const vol = {
    dims: [
      { name: 'z', size: 2, unit: 'mm', coords: new Float64Array([0, 1]) },
      { name: 'y', size: 2, unit: null, coords: new Float64Array([0, 1]) },
      { name: 'x', size: 3, unit: null, coords: new Float64Array([0, 1, 2]) },
    ],
    levels: new Uint8Array(12).map((_, i) => FIRST_LEVEL + i),
  };
  const plot = image({ volume: vol });

  it('slices along any dim from the shared levels (no recolouring), and flattens', () => {
    const z1 = slicedPlot(plot, { mode: 'slice', dim: 0, position: 1 })!;
    expect(Array.from(z1.plot.panels[0].levels)).toEqual([8, 9, 10, 11, 12, 13]);
    expect(z1.index(1, 2)).toBe(11);
    const x2 = slicedPlot(plot, { mode: 'slice', dim: 2, position: 2 })!;
    expect([x2.plot.width, x2.plot.height]).toEqual([2, 2]);
    expect(Array.from(x2.plot.panels[0].levels)).toEqual([4, 7, 10, 13]);
    const flat = slicedPlot(plot, { mode: 'flatten', dim: 0, position: 0 })!;
    expect([flat.plot.width, flat.plot.height]).toEqual([3, 4]);
    expect(plot.panels[0].width).toBe(4); // the shared state is untouched
    expect(sliceLabel(vol, { mode: 'slice', dim: 0, position: 1 })).toBe('z = 1 mm (2/2)');
  });

  it('clamps a stale position when the volume shrinks', () => {
    expect(slicedPlot(plot, { mode: 'slice', dim: 0, position: 99 })!.index(0, 0)).toBe(6);
  });
});

describe('table', () => {
  it('formats in the reference notations', () => {
    expect(formatNumber(140000, 'compact', 1)).toBe('140k');
    expect(formatNumber(1234.5, 'scientific', 2)).toBe('1.23e+3');
    expect(formatNumber(1234.5, 'decimal', 1)).toBe('1234.5');
    expect(formatNumber(141234, 'decimal', -3)).toBe('141000');
    expect(formatNumber(1e-5, 'auto', 2)).toBe('1.00e-5');
    expect(tableRows({ kind: 'table', title: '', rows: [{ name: 'a', value: 2, stddev: 0.5, unit: 'K' }], notation: 'auto', precision: 1, startTime: null, endTime: null }))
      .toEqual([{ name: 'a', value: '2.0', error: '0.5', unit: 'K' }]);
  });
});
