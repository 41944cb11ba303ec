import { describe, expect, it } from 'vitest';
import type { CustomSeriesOption, CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import type { ImagePlotState } from '../../../shared/plot-state';
import { buildImageOption, pixelValue } from './image-presenter';

function image(over: Partial<ImagePlotState> = {}): ImagePlotState {
  return {
    kind: 'image',
    title: 'Detector',
    width: 4,
    height: 2,
    values: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]),
    x: { label: 'x', unit: 'mm', min: -10, max: 10 },
    y: { label: 'y', unit: 'mm', min: 0, max: 5 },
    color: { min: 1, max: 8, unit: 'counts', log: false },
    levels: null,
    startTime: null,
    endTime: null,
    ...over,
  };
}

const canvas = { tag: 'canvas' };

describe('buildImageOption', () => {
  it('has no heatmap series: one custom series drawing one image', () => {
    const o = buildImageOption(image(), canvas);
    const series = o.series as CustomSeriesOption[];
    expect(series.some((s) => (s.type as string) === 'heatmap')).toBe(false);
    expect(series).toHaveLength(1);
    expect(series[0].type).toBe('custom');
    expect(series[0].data).toHaveLength(1);
    expect(o.animation).toBe(false);
  });

  it('renderItem returns one image element spanning the data corners', () => {
    const o = buildImageOption(image(), canvas);
    const s = (o.series as CustomSeriesOption[])[0];
    const item = (s.data as number[][])[0];
    // A fake cartesian: x ∈ [-10,10] → [0,200] px, y ∈ [0,5] → [100,0] px (y grows downwards).
    const api = {
      value: (i: number) => item[i],
      coord: ([x, y]: number[]) => [(x + 10) * 10, 100 - y * 20],
    } as unknown as CustomSeriesRenderItemAPI;
    const el = (s.renderItem as (p: CustomSeriesRenderItemParams, a: CustomSeriesRenderItemAPI) => unknown)(
      {} as CustomSeriesRenderItemParams,
      api,
    ) as { type: string; style: { image: unknown; x: number; y: number; width: number; height: number } };
    expect(el.type).toBe('image');
    expect(el.style.image).toBe(canvas);
    expect(el.style).toMatchObject({ x: 0, y: 0, width: 200, height: 100 });
  });

  it('keeps value axes at the image extent with units, and a viridis colour bar only', () => {
    const o = buildImageOption(image(), canvas);
    const x = o.xAxis as { type: string; min: number; max: number; name: string };
    const y = o.yAxis as { type: string; min: number; max: number; name: string };
    expect([x.type, x.min, x.max, x.name]).toEqual(['value', -10, 10, 'x [mm]']);
    expect([y.type, y.min, y.max, y.name]).toEqual(['value', 0, 5, 'y [mm]']);
    const vm = o.visualMap as { type: string; min: number; max: number; calculable: boolean; seriesIndex: number[]; inRange: { color: string[] } };
    expect(vm.type).toBe('continuous');
    expect([vm.min, vm.max]).toEqual([1, 8]);
    expect(vm.calculable).toBe(false);
    expect(vm.seriesIndex).toEqual([]);
    expect(vm.inRange.color[0]).toBe('#440154');
    expect(vm.inRange.color.at(-1)).toBe('#fde725');
  });

  it('log colour scale: colour bar in decades, labels in real values', () => {
    const o = buildImageOption(image({ color: { min: 1, max: 1000, unit: 'counts', log: true } }), canvas);
    const vm = o.visualMap as { min: number; max: number; text: string[] };
    expect([vm.min, vm.max]).toEqual([0, 3]);
    expect(vm.text).toEqual(['1000', '1']);
    const caption = (o.graphic as { style: { text: string } }[])[0].style.text;
    expect(caption).toBe('counts (log)');
  });

  it('sizes the colour bar to the chart height', () => {
    const small = buildImageOption(image(), canvas, 0, { height: 200 }).visualMap as { itemHeight: number };
    const big = buildImageOption(image(), canvas, 0, { height: 700 }).visualMap as { itemHeight: number };
    expect(big.itemHeight).toBeGreaterThan(small.itemHeight);
    expect(big.itemHeight).toBeLessThanOrEqual(700);
  });

  it('falls back to pixel extents when the axis extent is degenerate', () => {
    const o = buildImageOption(image({ x: { label: 'x', unit: null, min: NaN, max: NaN } }), canvas);
    const x = o.xAxis as { min: number; max: number };
    expect([x.min, x.max]).toEqual([0, 4]);
  });

  it('looks up the value under a data coordinate (row 0 = lowest y)', () => {
    const p = image();
    expect(pixelValue(p, -9, 0.1)).toBe(1);
    expect(pixelValue(p, 9, 4.9)).toBe(8);
    expect(pixelValue(p, 11, 1)).toBeNull();
  });
});
