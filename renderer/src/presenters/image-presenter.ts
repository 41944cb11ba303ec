// ImagePlotState → chart layout and ECharts option. The pixels are NOT drawn by ECharts: each
// panel is a canvas of the image's own size, filled from the colour levels with one table
// look-up per pixel and placed under the chart (CSS scaling, `image-rendering: pixelated`), so an
// update costs about a putImageData. ECharts draws axes, titles, overlays and the colour bar's
// axis. Grid rectangles are laid out here in pixels, so the data → pixel mapping is known
// without asking ECharts. Pure: no DOM, unit-tested under Node.
import type { EChartsOption } from 'echarts';
import { FIRST_LEVEL, SCALE_LEVELS, UNDER } from '../../../shared/colour-levels';
import type { FlatDim, ImagePanel, ImagePlotState } from '../../../shared/plot-state';
import { axisFormatter, axisName, baseAxis, endLabels, CHART_MUTED, CHART_TEXT, formatValue, logFormatter } from './chart-style';
export { CHART_MUTED };
import { isColourMap, scaleLimits, UNDER_COLOURS, type ColourMapName } from './colormap';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Extent {
  min: number;
  max: number;
}

/** Per-window view of an image (zoom/pan set by the interaction layer; null = the data extent). */
export interface ImageView {
  x?: [number, number] | null;
  y?: [number, number] | null;
  /** Colour range override in data units (interaction: "fit colour to view"); null = main's range. */
  color?: [number, number] | null;
}

/** Axis extent of the image; a degenerate or non-finite extent falls back to pixel indices. */
export function imageExtent(axis: { min: number; max: number }, pixels: number): Extent {
  const { min, max } = axis;
  if (Number.isFinite(min) && Number.isFinite(max) && min !== max) {
    return min < max ? { min, max } : { min: max, max: min };
  }
  return { min: 0, max: Math.max(1, pixels) };
}

export const COLOUR_BAR_ZONE = 78;
const MARGIN = { left: 58, right: 10, top: 10, bottom: 40, title: 18 };

/** Width/height the plot area should have for the aspect mode (null: fill the region). */
export function aspectRatio(plot: ImagePlotState, panel: ImagePanel): number | null {
  const a = plot.aspect;
  if (!a) return null;
  const xe = imageExtent(panel.x, panel.width);
  const ye = imageExtent(panel.y, panel.height);
  const data = (xe.max - xe.min) / (ye.max - ye.min);
  switch (a.type) {
    case 'Square':
      return 1;
    case 'Equal':
      return data;
    case 'Fixed plot aspect ratio':
      return a.ratio;
    case 'Fixed data aspect ratio':
      return data / a.ratio;
    default:
      return null;
  }
}

/** Fits a rectangle of ratio w/h into a region, centred. */
function fit(region: Rect, ratio: number | null): Rect {
  if (!ratio || !(ratio > 0) || !Number.isFinite(ratio)) return region;
  let width = region.width;
  let height = width / ratio;
  if (height > region.height) {
    height = region.height;
    width = height * ratio;
  }
  return { left: region.left + (region.width - width) / 2, top: region.top + (region.height - height) / 2, width, height };
}

export interface ImageLayout {
  /** Plot area of each panel (overlay mode: one area shared by every panel). */
  grids: Rect[];
  /** Which grid each panel is drawn in. */
  panelGrid: number[];
  /** The colour bar's gradient rectangle, and the under-colour swatch (null when no pixel is under). */
  bar: Rect;
  under: Rect | null;
}

export function layoutImage(plot: ImagePlotState, width: number, height: number): ImageLayout {
  const panels = plot.panels;
  const layout = plot.combine === 'layout' && panels.length > 1;
  const n = layout ? panels.length : 1;
  const cols = layout ? Math.max(1, Math.min(plot.columns ?? 2, n)) : 1;
  const rows = Math.ceil(n / cols);
  const areaW = Math.max(40, width - COLOUR_BAR_ZONE);
  const cellW = areaW / cols;
  const cellH = Math.max(40, height) / rows;
  const titled = layout;
  const grids: Rect[] = [];
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const region: Rect = {
      left: c * cellW + MARGIN.left,
      top: r * cellH + MARGIN.top + (titled ? MARGIN.title : 0),
      width: Math.max(10, cellW - MARGIN.left - MARGIN.right),
      height: Math.max(10, cellH - MARGIN.top - MARGIN.bottom - (titled ? MARGIN.title : 0)),
    };
    grids.push(fit(region, aspectRatio(plot, panels[i] ?? panels[0])));
  }
  const hasUnder = (plot.color.under ?? 0) > 0;
  const barTop = 24;
  const barBottom = hasUnder ? 48 : 24;
  const bar: Rect = { left: width - COLOUR_BAR_ZONE + 10, top: barTop, width: 12, height: Math.max(30, height - barTop - barBottom) };
  const under = hasUnder ? { left: bar.left, top: bar.top + bar.height + 10, width: 12, height: 12 } : null;
  return { grids, panelGrid: panels.map((_, i) => (layout ? i : 0)), bar, under };
}

/** Real-valued colour limits shown (main's range, or the window's override). */
export function colourLimits(plot: ImagePlotState, view?: ImageView): { min: number; max: number } {
  if (view?.color && view.color[1] > view.color[0]) return { min: view.color[0], max: view.color[1] };
  const { lo, hi } = scaleLimits(plot.color);
  return plot.color.log ? { min: 10 ** lo, max: 10 ** hi } : { min: lo, max: hi };
}

export function colourMapOf(plot: ImagePlotState): ColourMapName {
  return isColourMap(plot.color.map) ? plot.color.map : 'viridis';
}

export interface ImageOptionInput {
  width: number;
  height: number;
  view?: ImageView;
  /** Extra series drawn in grid 0's coordinates (static overlays, ROI shapes). */
  overlays?: unknown[];
}

/** Axis ranges of a grid: the view's zoom, else the union of the extents of the panels drawn in it. */
export function gridRanges(plot: ImagePlotState, layout: ImageLayout, grid: number, view?: ImageView): { x: Extent; y: Extent } {
  let x: Extent | null = null;
  let y: Extent | null = null;
  plot.panels.forEach((p, i) => {
    if (layout.panelGrid[i] !== grid) return;
    const xe = imageExtent(p.x, p.width);
    const ye = imageExtent(p.y, p.height);
    x = x ? { min: Math.min(x.min, xe.min), max: Math.max(x.max, xe.max) } : xe;
    y = y ? { min: Math.min(y.min, ye.min), max: Math.max(y.max, ye.max) } : ye;
  });
  const vx = view?.x && view.x[1] > view.x[0] ? { min: view.x[0], max: view.x[1] } : null;
  const vy = view?.y && view.y[1] > view.y[0] ? { min: view.y[0], max: view.y[1] } : null;
  return { x: vx ?? x ?? { min: 0, max: 1 }, y: vy ?? y ?? { min: 0, max: 1 } };
}

/** Where a panel's pixels go on screen (may extend beyond its grid when zoomed; clip to the grid). */
export function panelPlacement(plot: ImagePlotState, layout: ImageLayout, panel: number, view?: ImageView): { rect: Rect; clip: Rect } {
  const g = layout.panelGrid[panel];
  const grid = layout.grids[g];
  const { x, y } = gridRanges(plot, layout, g, view);
  const p = plot.panels[panel];
  const xe = imageExtent(p.x, p.width);
  const ye = imageExtent(p.y, p.height);
  const px = (v: number): number => grid.left + ((v - x.min) / (x.max - x.min)) * grid.width;
  const py = (v: number): number => grid.top + grid.height - ((v - y.min) / (y.max - y.min)) * grid.height;
  const left = px(xe.min);
  const right = px(xe.max);
  const top = py(ye.max);
  const bottom = py(ye.min);
  return { rect: { left, top, width: right - left, height: bottom - top }, clip: grid };
}

export function buildImageOption(plot: ImagePlotState, input: ImageOptionInput): { option: EChartsOption; layout: ImageLayout } {
  const layout = layoutImage(plot, input.width, input.height);
  const xTicks = plot.ticks?.x ?? 5;
  const yTicks = plot.ticks?.y ?? 5;
  const grids = layout.grids.map((r) => ({ left: r.left, top: r.top, width: r.width, height: r.height, containLabel: false }));
  const xAxis: NonNullable<EChartsOption['xAxis']> = [];
  const yAxis: NonNullable<EChartsOption['yAxis']> = [];
  const titles: Record<string, unknown>[] = [];
  layout.grids.forEach((g, i) => {
    const first = plot.panels[layout.panelGrid.indexOf(i)] ?? plot.panels[0];
    const { x, y } = gridRanges(plot, layout, i, input.view);
    xAxis.push({
      ...baseAxis, type: 'value', gridIndex: i, name: axisName(first.x), nameGap: 24, min: x.min, max: x.max,
      splitNumber: xTicks, splitLine: { show: false },
      axisLabel: { ...baseAxis.axisLabel, ...endLabels(x.min, x.max), formatter: axisFormatter(x.min, x.max, xTicks) },
    });
    yAxis.push({
      ...baseAxis, type: 'value', gridIndex: i, name: axisName(first.y), nameGap: 44, min: y.min, max: y.max,
      splitNumber: yTicks, splitLine: { show: false },
      axisLabel: { ...baseAxis.axisLabel, ...endLabels(y.min, y.max), formatter: axisFormatter(y.min, y.max, yTicks) },
    });
    if (plot.combine === 'layout' && plot.panels.length > 1) {
      titles.push({ type: 'text', left: g.left, top: g.top - MARGIN.title, silent: true, style: { text: first.title, fill: CHART_TEXT, fontSize: 12 } });
    }
  });
  const graphic: Record<string, unknown>[] = [...titles];
  const option: EChartsOption = {
    animation: false,
    textStyle: { fontFamily: 'inherit', color: CHART_TEXT },
    grid: grids,
    xAxis,
    yAxis,
    tooltip: { show: false },
    axisPointer: { show: false },
    graphic,
    series: [
      // Anchors grid 0 for overlays and keeps axes drawn when there are none.
      ...((input.overlays ?? []) as never[]),
    ],
  };
  return { option, layout };
}

/** The colour bar's title: the unit, and that the scale is logarithmic. */
export function colourBarCaption(plot: ImagePlotState): string {
  const unit = plot.color.unit ?? '';
  return plot.color.log ? (unit ? `${unit} (log)` : 'log') : unit;
}

/** RGBA bytes of the colour bar gradient (1 × SCALE_LEVELS, top = high), from the level table. */
export function barLevels(): Uint8Array {
  const out = new Uint8Array(SCALE_LEVELS);
  for (let k = 0; k < SCALE_LEVELS; k++) out[k] = FIRST_LEVEL + k;
  return out;
}

export function underColour(plot: ImagePlotState): string {
  return UNDER_COLOURS[colourMapOf(plot)];
}

export interface Pick {
  panel: number;
  col: number;
  row: number;
  /** Data coordinates under the pointer. */
  x: number;
  y: number;
  level: number;
  /** Flatten: the per-dim values behind the pointer's x and y (outer dim first). */
  dims: { name: string; index: number; value: number | null; unit: string | null }[];
}

/** The pixel under a chart position (row 0 = lowest y), or null outside every panel. */
export function pickPixel(plot: ImagePlotState, layout: ImageLayout, px: number, py: number, view?: ImageView, levelsOf?: (panel: number) => Uint8Array | null): Pick | null {
  for (let i = plot.panels.length - 1; i >= 0; i--) {
    const g = layout.grids[layout.panelGrid[i]];
    if (px < g.left || px > g.left + g.width || py < g.top || py > g.top + g.height) continue;
    const { x, y } = gridRanges(plot, layout, layout.panelGrid[i], view);
    const dx = x.min + ((px - g.left) / g.width) * (x.max - x.min);
    const dy = y.min + ((g.top + g.height - py) / g.height) * (y.max - y.min);
    const p = plot.panels[i];
    const xe = imageExtent(p.x, p.width);
    const ye = imageExtent(p.y, p.height);
    const col = Math.floor(((dx - xe.min) / (xe.max - xe.min)) * p.width);
    const row = Math.floor(((dy - ye.min) / (ye.max - ye.min)) * p.height);
    if (col < 0 || col >= p.width || row < 0 || row >= p.height) continue;
    const levels = levelsOf?.(i) ?? p.levels;
    const level = levels ? levels[row * p.width + col] : 0;
    // Plain pixel data under NaN is transparent: the panel below may show through in overlay mode.
    if (level === 0 && plot.combine !== 'layout' && i > 0) continue;
    return { panel: i, col, row, x: dx, y: dy, level, dims: [...decompose(p.xDims, col), ...decompose(p.yDims, row)] };
  }
  return null;
}

/** A flattened index back into per-dim indices and coordinate values (outer dim first). */
export function decompose(dims: FlatDim[] | undefined, index: number): Pick['dims'] {
  if (!dims || dims.length === 0) return [];
  const out: Pick['dims'] = [];
  let rem = index;
  for (let j = dims.length - 1; j >= 0; j--) {
    const d = dims[j];
    const k = rem % d.size;
    rem = Math.floor(rem / d.size);
    out.unshift({ name: d.name, index: k, value: d.coords ? d.coords[k] ?? null : k, unit: d.unit });
  }
  return out;
}

/** The hover text for a pick: coordinates with units (per dim for flattened axes) and the value. */
export function pickText(plot: ImagePlotState, pick: Pick, value: number | null): string {
  const p = plot.panels[pick.panel];
  const coord = (label: string, v: number, unit: string | null): string => `${label} ${formatValue(v)}${unit ? ` ${unit}` : ''}`;
  const where = pick.dims.length > 0
    ? pick.dims.map((d) => coord(d.name, d.value ?? d.index, d.unit)).join(' · ')
    : `${coord(p.x.label || 'x', pick.x, p.x.unit)} · ${coord(p.y.label || 'y', pick.y, p.y.unit)}`;
  const unit = plot.color.unit ? ` ${plot.color.unit}` : '';
  const what = value === null ? (pick.level === UNDER ? '≤ 0' : pick.level === 0 ? 'masked' : '…') : `${formatValue(value)}${unit}`;
  return `${plot.panels.length > 1 ? `${p.title}: ` : ''}${where} · ${what}`;
}

/**
 * Colour-bar ticks in data units: powers of ten (with 2 and 5 between when few decades) on a log
 * scale, 1-2-5 steps on a linear one; each with one label format for the whole bar.
 */
export function colourBarTicks(min: number, max: number, log: boolean, count = 5): { value: number; label: string }[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (log && min > 0) {
    const lo = Math.floor(Math.log10(min));
    const hi = Math.ceil(Math.log10(max));
    const mults = hi - lo <= 2 ? [1, 2, 5] : [1];
    const step = Math.max(1, Math.ceil((hi - lo) / count));
    // One format for the whole bar: all plain numbers, or all m·10ⁿ as "me n".
    const sci = max >= 1e4 || min < 1e-3;
    const out: { value: number; label: string }[] = [];
    for (let e = lo; e <= hi; e += step) for (const m of mults) {
      const v = m * 10 ** e;
      if (v >= min * 0.9999 && v <= max * 1.0001) out.push({ value: v, label: sci ? `${m}e${e}` : formatValue(v) });
    }
    return out;
  }
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  // Exactly the step's decimals (0.2 → 1, 2.5 → 1, 50 → 0), the same for every label.
  const mant = step / 10 ** Math.floor(Math.log10(step));
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + (Math.abs(mant - Math.round(mant)) > 1e-9 ? 1 : 0));
  const big = Math.max(Math.abs(min), Math.abs(max));
  const fmt = big >= 1e5 || big < 1e-3 ? axisFormatter(min, max, Math.round((max - min) / step)) : (v: number) => v.toFixed(decimals);
  const out: { value: number; label: string }[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push({ value: v, label: fmt(Math.abs(v) < step * 1e-9 ? 0 : v) });
  return out;
}

/** Where a value sits on the bar (0 = bottom, 1 = top). */
export function barPosition(v: number, min: number, max: number, log: boolean): number {
  return log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
}
