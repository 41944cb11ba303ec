// ImagePlotState → ECharts option: the colour-mapped pixels are drawn as ONE image element of a
// custom series spanning the data corners (never a heatmap series, which draws one rectangle
// per pixel), with value axes in data units and a continuous visualMap used only as the colour
// bar. Pure: no DOM (the canvas is passed in), unit-tested under Node.
import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
  EChartsOption,
} from 'echarts';
import type { ImagePlotState } from '../../../shared/plot-state';
import { axisName, baseAxis, CHART_MUTED, CHART_TEXT, endLabels, formatValue } from './chart-style';
import { scaleLimits, VIRIDIS_STOPS } from './colormap';

/** Anything zrender can draw as an image (an HTMLCanvasElement in the app). */
export type ImageSource = object;

export interface Extent {
  min: number;
  max: number;
}

/** Axis extent of the image; a degenerate or non-finite extent falls back to pixel indices. */
export function imageExtent(axis: { min: number; max: number }, pixels: number): Extent {
  const { min, max } = axis;
  if (Number.isFinite(min) && Number.isFinite(max) && min !== max) {
    return min < max ? { min, max } : { min: max, max: min };
  }
  return { min: 0, max: Math.max(1, pixels) };
}

/** Image element spanning the data rectangle [x0,x1]×[y0,y1] mapped through the grid's axes. */
export function imageRenderItem(image: ImageSource) {
  return (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const x0 = Number(api.value(0));
    const y0 = Number(api.value(1));
    const x1 = Number(api.value(2));
    const y1 = Number(api.value(3));
    const topLeft = api.coord([x0, y1]);
    const bottomRight = api.coord([x1, y0]);
    return {
      type: 'image',
      silent: true,
      style: {
        image: image as HTMLCanvasElement,
        x: Math.min(topLeft[0], bottomRight[0]),
        y: Math.min(topLeft[1], bottomRight[1]),
        width: Math.abs(bottomRight[0] - topLeft[0]),
        height: Math.abs(bottomRight[1] - topLeft[1]),
      },
    };
  };
}

/** Colour-bar end labels (real values even on a log scale) and the unit caption above it. */
export function colorBarText(plot: ImagePlotState, lo: number, hi: number): { high: string; low: string; caption: string } {
  const toReal = (v: number): number => (plot.color.log ? Math.pow(10, v) : v);
  const unit = plot.color.unit ?? '';
  const caption = plot.color.log ? (unit ? `${unit} (log)` : 'log') : unit;
  return { high: formatValue(toReal(hi)), low: formatValue(toReal(lo)), caption };
}

export interface ImageOptionOptions {
  /** Chart height in pixels, to size the colour bar; a default is used when unknown. */
  height?: number;
}

/** Colour bar geometry: caption at the top, then the max label, the bar, the min label. */
const BAR_TOP = 24;
const BAR_RESERVED = 96;

export function buildImageOption(plot: ImagePlotState, image: ImageSource, imageVersion = 0, opts: ImageOptionOptions = {}): EChartsOption {
  const xe = imageExtent(plot.x, plot.width);
  const ye = imageExtent(plot.y, plot.height);
  const { lo, hi } = scaleLimits(plot.color, plot.values);
  const text = colorBarText(plot, lo, hi);
  const barHeight = Math.max(40, Math.min(400, (opts.height ?? 240) - BAR_RESERVED));
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit', color: CHART_TEXT },
    grid: {
      left: 8,
      right: 74,
      top: 14,
      bottom: 6,
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    tooltip: { show: false },
    axisPointer: {
      show: true,
      type: 'line',
      triggerTooltip: false,
      lineStyle: { color: 'rgba(255,255,255,0.7)', type: 'dashed' },
      label: { show: true, precision: 'auto', fontSize: 11, padding: [2, 4], formatter: (p: { value: unknown }) => formatValue(p.value) },
    },
    xAxis: {
      ...baseAxis,
      type: 'value',
      name: axisName(plot.x),
      min: xe.min,
      max: xe.max,
      splitLine: { show: false },
      axisLabel: { ...baseAxis.axisLabel, ...endLabels(xe.min, xe.max), formatter: (v: number) => formatValue(v) },
    },
    yAxis: {
      ...baseAxis,
      type: 'value',
      name: axisName(plot.y),
      min: ye.min,
      max: ye.max,
      splitLine: { show: false },
      axisLabel: { ...baseAxis.axisLabel, ...endLabels(ye.min, ye.max), formatter: (v: number) => formatValue(v) },
    },
    visualMap: {
      type: 'continuous',
      // The colour bar only: it maps no series (the pixels are coloured by our own colormap).
      seriesIndex: [],
      min: lo,
      max: hi,
      calculable: false,
      realtime: false,
      hoverLink: false,
      inRange: { color: [...VIRIDIS_STOPS] },
      orient: 'vertical',
      right: 14,
      top: BAR_TOP,
      itemWidth: 12,
      itemHeight: barHeight,
      text: [text.high, text.low],
      textGap: 6,
      textStyle: { color: CHART_MUTED, fontSize: 11 },
    },
    graphic: [
      {
        type: 'text',
        id: 'colorbar-caption',
        right: 6,
        top: 6,
        silent: true,
        style: { text: text.caption, fill: CHART_MUTED, fontSize: 11, align: 'right' },
      },
    ],
    series: [
      {
        type: 'custom',
        id: 'image',
        name: plot.title,
        coordinateSystem: 'cartesian2d',
        clip: true,
        silent: true,
        animation: false,
        // The 5th value only changes with the pixels, so ECharts re-renders the item.
        data: [[xe.min, ye.min, xe.max, ye.max, imageVersion]],
        encode: { x: [0, 2], y: [1, 3] },
        renderItem: imageRenderItem(image),
      },
    ],
  };
}

/** The value under a data coordinate (row 0 = lowest y), or null outside the image. */
export function pixelValue(plot: ImagePlotState, x: number, y: number): number | null {
  const xe = imageExtent(plot.x, plot.width);
  const ye = imageExtent(plot.y, plot.height);
  const col = Math.floor(((x - xe.min) / (xe.max - xe.min)) * plot.width);
  const row = Math.floor(((y - ye.min) / (ye.max - ye.min)) * plot.height);
  if (col < 0 || col >= plot.width || row < 0 || row >= plot.height) return null;
  return plot.values[row * plot.width + col];
}
