// One ECharts instance per grid cell: owns it (init, setOption, resize, dispose) and turns the
// cell's cached plot states into options. The instance is markRaw'd and never enters Vue
// reactivity. Images are colour-mapped into a reusable ImageData on a detached canvas that the
// chart draws as one image element.
import { markRaw } from 'vue';
import type { ECharts } from 'echarts/core';
import type { ImagePlotState, LinePlotState, PlotState } from '../../../shared/plot-state';
import { echarts } from './echarts-setup';
import { buildLineOption } from './line-presenter';
import { buildImageOption, pixelValue } from './image-presenter';
import { colorizeImage } from './colormap';

/** Largest side of the pixel-replicated copy used to keep small images crisp. */
const MAX_SCALED_SIDE = 4096;

export interface HoverInfo {
  x: number;
  y: number;
  value: number;
}

export class CellPresenter {
  private chart: ECharts | null;
  private kind: 'line' | 'image' | null = null;
  private lineSeriesCount = 0;
  // Image path: native-resolution canvas + ImageData reused across frames, and an optional
  // nearest-neighbour upscaled copy (zrender always draws images smoothed).
  private nativeCanvas: HTMLCanvasElement | null = null;
  private nativeCtx: CanvasRenderingContext2D | null = null;
  private imageData: ImageData | null = null;
  private scaledCanvas: HTMLCanvasElement | null = null;
  private imageVersion = 0;
  private currentImage: ImagePlotState | null = null;
  /** Last pointer position over the chart, to refresh the read-out when the image changes. */
  private pointer: [number, number] | null = null;

  constructor(
    el: HTMLElement,
    private readonly onHover?: (info: HoverInfo | null) => void,
  ) {
    this.chart = markRaw(echarts.init(el, null, { renderer: 'canvas' }));
    const zr = this.chart.getZr();
    zr.on('mousemove', (e: { offsetX: number; offsetY: number }) => {
      this.pointer = [e.offsetX, e.offsetY];
      this.hover(e.offsetX, e.offsetY);
    });
    zr.on('globalout', () => {
      this.pointer = null;
      this.onHover?.(null);
    });
    markRaw(this);
  }

  /** Shows the given plot states (one cell may overlay several line layers); [] clears. */
  render(plots: PlotState[]): void {
    const chart = this.chart;
    if (!chart) return;
    const image = plots.find((p): p is ImagePlotState => p.kind === 'image');
    if (image) {
      this.renderImage(chart, image);
      return;
    }
    const lines = plots.filter((p): p is LinePlotState => p.kind === 'line');
    if (lines.length > 0) {
      this.renderLines(chart, lines);
      return;
    }
    if (this.kind !== null) {
      chart.clear();
      this.kind = null;
      this.currentImage = null;
      this.onHover?.(null);
    }
  }

  private renderLines(chart: ECharts, plots: LinePlotState[]): void {
    const option = buildLineOption(plots, { columns: Math.max(100, chart.getWidth()) });
    const count = Array.isArray(option.series) ? option.series.length : 0;
    if (this.kind !== 'line') {
      chart.setOption(option, { notMerge: true });
    } else {
      chart.setOption(option, { replaceMerge: count < this.lineSeriesCount ? ['series'] : [] });
    }
    this.kind = 'line';
    this.lineSeriesCount = count;
    this.currentImage = null;
  }

  private renderImage(chart: ECharts, plot: ImagePlotState): void {
    const w = Math.max(1, plot.width | 0);
    const h = Math.max(1, plot.height | 0);
    if (!this.nativeCanvas) this.nativeCanvas = document.createElement('canvas');
    const canvas = this.nativeCanvas;
    if (canvas.width !== w || canvas.height !== h || !this.nativeCtx || !this.imageData) {
      canvas.width = w;
      canvas.height = h;
      this.nativeCtx = canvas.getContext('2d');
      this.imageData = this.nativeCtx ? this.nativeCtx.createImageData(w, h) : null;
    }
    const ctx = this.nativeCtx;
    const imageData = this.imageData;
    if (!ctx || !imageData) return;
    if (plot.values.length < w * h) throw new Error(`image ${plot.title}: ${plot.values.length} values for ${w}×${h}`);
    colorizeImage(plot, imageData.data);
    ctx.putImageData(imageData, 0, 0);
    const source = this.crisp(canvas, chart, w, h);
    const option = buildImageOption(plot, source, ++this.imageVersion, { height: chart.getHeight() });
    chart.setOption(option, { notMerge: this.kind !== 'image' });
    this.kind = 'image';
    this.currentImage = plot;
    if (this.pointer) this.hover(this.pointer[0], this.pointer[1]);
  }

  /** Nearest-neighbour upscale of small images so the chart's smoothed drawImage stays sharp. */
  private crisp(native: HTMLCanvasElement, chart: ECharts, w: number, h: number): HTMLCanvasElement {
    const factor = Math.min(
      Math.ceil(Math.max(chart.getWidth() / w, chart.getHeight() / h) * (window.devicePixelRatio || 1)),
      Math.floor(MAX_SCALED_SIDE / Math.max(w, h)),
    );
    if (factor <= 1) return native;
    if (!this.scaledCanvas) this.scaledCanvas = document.createElement('canvas');
    const scaled = this.scaledCanvas;
    if (scaled.width !== w * factor || scaled.height !== h * factor) {
      scaled.width = w * factor;
      scaled.height = h * factor;
    }
    const sctx = scaled.getContext('2d');
    if (!sctx) return native;
    sctx.imageSmoothingEnabled = false;
    sctx.clearRect(0, 0, scaled.width, scaled.height);
    sctx.drawImage(native, 0, 0, scaled.width, scaled.height);
    return scaled;
  }

  private hover(px: number, py: number): void {
    const chart = this.chart;
    const plot = this.currentImage;
    if (!chart || !plot || !this.onHover) return;
    if (!chart.containPixel({ gridIndex: 0 }, [px, py])) {
      this.onHover(null);
      return;
    }
    const data = chart.convertFromPixel({ gridIndex: 0 }, [px, py]) as number[] | undefined;
    if (!data) return;
    const value = pixelValue(plot, data[0], data[1]);
    this.onHover(value == null ? null : { x: data[0], y: data[1], value });
  }

  resize(): void {
    const chart = this.chart;
    if (!chart) return;
    chart.resize();
    // The colour bar follows the chart height.
    if (this.kind === 'image' && this.currentImage) this.renderImage(chart, this.currentImage);
  }

  dispose(): void {
    this.chart?.dispose();
    this.chart = null;
    this.nativeCanvas = null;
    this.scaledCanvas = null;
    this.imageData = null;
    this.nativeCtx = null;
    this.currentImage = null;
  }
}
