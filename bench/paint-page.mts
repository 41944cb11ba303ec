// Page side of bench/paint.ts (bundled by vite at bench time, run in headless Chromium): times
// the app's paint path for a plot state arriving in the page against bare canvas calls drawing
// the same pixels / polyline in the same page, and against an ECharts heatmap of the same image.
import * as echartsFull from 'echarts';
import { decodeFrame, encodeFrame } from '../shared/binary-frame';
import { colourLevels, autoColourRange } from '../shared/colour-levels';
import type { ImagePlotState, LinePlotState } from '../shared/plot-state';
import { CellPresenter } from '../renderer/src/presenters/cell-presenter';
import { colorizeLevels } from '../renderer/src/presenters/colormap';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function host(w: number, h: number): HTMLDivElement {
  const el = document.createElement('div');
  el.style.cssText = `position:relative;width:${w}px;height:${h}px`;
  document.body.appendChild(el);
  return el;
}

function detector(size: number, k: number): Float32Array {
  const v = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const dx = x / size - 0.4 - 0.01 * k;
    const dy = y / size - 0.6;
    v[y * size + x] = 1000 * (1 + 0.01 * k) * Math.exp(-(dx * dx + dy * dy) / 0.02) + ((x * 7 + y * 13 + k) % 5);
  }
  return v;
}

function imageState(values: Float32Array, size: number): ImagePlotState {
  const range = { ...autoColourRange([values], true), log: true };
  const panel = { title: 'panel', width: size, height: size, levels: colourLevels(values, range), x: { label: 'x', unit: null, min: 0, max: size }, y: { label: 'y', unit: null, min: 0, max: size } };
  return { kind: 'image', title: 'bench', width: size, height: size, x: panel.x, y: panel.y, panels: [panel], color: { ...range, unit: 'counts', map: 'viridis', under: 0 }, startTime: null, endTime: null };
}

export interface PaintFigures {
  imageApp: number;
  imageBare: number;
  imageBareLookup: number;
  imageDecode: number;
  imageHeatmap: number;
  lineApp: number;
  lineBare: number;
}

/** Runs in the page: returns median ms per update of each path. */
export async function runPaintBench(opts: { size: number; points: number; reps: number; heatmapReps: number }): Promise<PaintFigures> {
  const { size, points, reps } = opts;
  const W = 900;
  const H = 700;
  // Frames as the browser-mode WebSocket delivers them (encoded once in main); each update differs.
  const frames = Array.from({ length: 4 }, (_, k) => encodeFrame({ plot: imageState(detector(size, k), size) }));
  const presenter = new CellPresenter(host(W, H));
  const bareCanvas = document.createElement('canvas');
  bareCanvas.width = size;
  bareCanvas.height = size;
  bareCanvas.style.cssText = `width:${W - 80}px;height:${H - 50}px`;
  document.body.appendChild(bareCanvas);
  const bareCtx = bareCanvas.getContext('2d')!;
  // The bare baseline draws the same pixels: RGBA prepared beforehand, only putImageData timed.
  const bareImages = frames.map((f) => {
    const s = (decodeFrame(f) as { plot: ImagePlotState }).plot;
    const img = bareCtx.createImageData(size, size);
    colorizeLevels(s.panels[0].levels, size, size, img.data);
    return img;
  });
  const app: number[] = [];
  const bare: number[] = [];
  const lookup: number[] = [];
  const decode: number[] = [];
  const scratch = bareCtx.createImageData(size, size);
  for (let i = 0; i < reps + 3; i++) {
    // The carrier's part (browser mode: the WebSocket frame; Electron: structured clone), apart.
    const td = performance.now();
    const state = (decodeFrame(frames[i % frames.length]) as { plot: ImagePlotState }).plot;
    const t0 = performance.now();
    presenter.renderLayers([{ layerId: 'L', plot: state }]);
    const t1 = performance.now();
    bareCtx.putImageData(bareImages[i % bareImages.length], 0, 0);
    const t2 = performance.now();
    colorizeLevels(state.panels[0].levels, size, size, scratch.data);
    bareCtx.putImageData(scratch, 0, 0);
    const t3 = performance.now();
    if (i >= 3) {
      app.push(t1 - t0);
      bare.push(t2 - t1);
      lookup.push(t3 - t2);
      decode.push(t0 - td);
    }
    await new Promise((r) => requestAnimationFrame(r));
  }

  // An ECharts heatmap series of the same image: one rectangle per pixel.
  const hm = echartsFull.init(host(W, H));
  const heat: number[] = [];
  const values = detector(size, 0);
  for (let i = 0; i < opts.heatmapReps; i++) {
    const t0 = performance.now();
    const data = new Array(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = [x, y, values[y * size + x]];
    hm.setOption({
      animation: false,
      xAxis: { type: 'category', data: Array.from({ length: size }, (_, k) => k) },
      yAxis: { type: 'category', data: Array.from({ length: size }, (_, k) => k) },
      visualMap: { min: 0, max: 2000, calculable: false, show: false },
      series: [{ type: 'heatmap', data, progressive: 0 }],
    }, { notMerge: true });
    heat.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(r));
  }
  hm.dispose();

  // Lines: 100k points as a plot state → painted, vs a bare polyline of the same points.
  const lineFrames = Array.from({ length: 4 }, (_, k) => {
    const x = new Float64Array(points);
    const y = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      x[i] = i;
      y[i] = Math.sin(i / 500 + k) * 100 + ((i * 7919) % 13);
    }
    const state: LinePlotState = {
      kind: 'line', title: 'line', x: { label: 'x', unit: null }, y: { label: 'y', unit: null }, xIsTime: false,
      series: [{ name: 's', x, y, stddev: null }], yMin: -120, yMax: 120, startTime: null, endTime: null,
    };
    return encodeFrame({ plot: state });
  });
  const linePresenter = new CellPresenter(host(W, H));
  const lc = document.createElement('canvas');
  lc.width = W;
  lc.height = H;
  document.body.appendChild(lc);
  const lctx = lc.getContext('2d')!;
  const bareLines = lineFrames.map((f) => (decodeFrame(f) as { plot: LinePlotState }).plot.series[0]);
  const lineApp: number[] = [];
  const lineBare: number[] = [];
  for (let i = 0; i < reps + 3; i++) {
    const state = (decodeFrame(lineFrames[i % lineFrames.length]) as { plot: LinePlotState }).plot;
    const t0 = performance.now();
    linePresenter.renderLayers([{ layerId: 'L', plot: state }]);
    const t1 = performance.now();
    const s = bareLines[i % bareLines.length];
    lctx.clearRect(0, 0, W, H);
    lctx.beginPath();
    const sx = W / points;
    lctx.moveTo(0, H / 2 - s.y[0]);
    for (let k = 1; k < points; k++) lctx.lineTo(k * sx, H / 2 - s.y[k]);
    lctx.stroke();
    const t2 = performance.now();
    if (i >= 3) {
      lineApp.push(t1 - t0);
      lineBare.push(t2 - t1);
    }
    await new Promise((r) => requestAnimationFrame(r));
  }
  return { imageApp: median(app), imageBare: median(bare), imageBareLookup: median(lookup), imageDecode: median(decode), imageHeatmap: median(heat), lineApp: median(lineApp), lineBare: median(lineBare) };
}

(window as unknown as { runPaintBench: typeof runPaintBench }).runPaintBench = runPaintBench;
