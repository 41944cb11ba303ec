// One presenter per grid cell, kept alive while the cell exists (PlotCache.acquirePresenter):
// a tab switch moves its root element out of and back into the page instead of disposing and
// rebuilding the chart. It owns one ECharts instance (axes, lines, overlays, colour-bar axis)
// and, for images, one canvas per panel under the chart, filled from main's colour levels with
// one table look-up per pixel — ECharts never sees the pixels. It paints only when a layer's plot
// object, the size or the view changed, inside the frame the session updater applies a poll in.
// Nothing here is Vue-reactive (markRaw).
//
// Hooks for the interaction layer (renderer/src/presenters/interaction*.ts, roi*.ts):
//   - `chart` (read-only ECharts instance), `root` (the element to attach listeners to);
//   - `viewState`: per-window view (zoom ranges per kind, slicer choice); change it, then call
//     `rerender()`; it never goes to main;
//   - `setOverlayProvider(key, fn)`: extra ECharts series drawn in grid 0's data coordinates
//     (ROI shapes), re-asked on every option rebuild;
//   - `pick(px, py)`, `currentImage()`, `imageLayout()`: what is under a chart position;
//   - `fetchValues(...)`: full-precision values (hover/export) from main on demand;
//   - `toCanvas()`: the chart with its image canvases composited (PNG export).
import { markRaw } from 'vue';
import type { ECharts, EChartsOption } from 'echarts';
import type { ImagePlotState, LinePlotState, OverlayPlotState, PlotState, TablePlotState } from '../../../shared/plot-state';
import { thinByTime } from '../../../shared/downsample';
import { echarts } from './echarts-setup';
import { buildLineOption, type LineView } from './line-presenter';
import {
  barLevels, barPosition, buildImageOption, CHART_MUTED, COLOUR_BAR_ZONE, colourBarCaption, colourBarTicks, colourLimits, colourMapOf,
  panelPlacement, pickPixel, pickText, underColour, type ImageLayout, type ImageView, type Pick,
} from './image-presenter';
import { colorizeLevels, type ColourMapName } from './colormap';
import { viewLevels } from './interaction-colour';
import { CHART_BACKGROUND } from './chart-style';
import { overlaySeries } from './overlay-series';
import { renderTable } from './table-presenter';
import { clampView, DEFAULT_SLICER_VIEW, sliceLabel, slicedPlot, type SlicerView } from './slicer';

export interface HoverInfo {
  x: number;
  y: number;
  value: number;
  /** Full read-out: coordinates with units (per dim for flattened axes) and the value with its unit. */
  text?: string;
}

export interface LayerPlotRef {
  layerId: string;
  plot: PlotState;
}

/** Per-window view state of a cell: never sent to main. */
export interface ViewState {
  image: ImageView;
  line: LineView;
  slicer: SlicerView;
}

export type ValueSource = (layerId: string, q: { panel?: number; volume?: boolean; index?: number | null }) => Promise<unknown>;
export type OverlayProvider = (ctx: { kind: 'image' | 'line'; plots: LayerPlotRef[] }) => unknown[];

interface PanelCanvas {
  clip: HTMLDivElement;
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D | null;
  image: ImageData | null;
}

const css = (el: HTMLElement, style: Partial<CSSStyleDeclaration>): void => {
  Object.assign(el.style, style);
};

export class CellPresenter {
  readonly root: HTMLDivElement;
  readonly viewState: ViewState = { image: {}, line: {}, slicer: { ...DEFAULT_SLICER_VIEW } };
  private chartHost: HTMLDivElement;
  private imageLayer: HTMLDivElement;
  private tableHost: HTMLDivElement;
  private controls: HTMLDivElement;
  private _chart: ECharts | null;
  private kind: 'line' | 'image' | 'table' | null = null;
  private lineSeriesCount = 0;
  private panels: PanelCanvas[] = [];
  private barCanvas: HTMLCanvasElement;
  private underSwatch: HTMLDivElement;
  private barMap: string | null = null;
  private gradient: HTMLCanvasElement | null = null;
  private layers: LayerPlotRef[] = [];
  private lastPainted: PlotState[] = [];
  private lastSize = '';
  private metaKey = '';
  private layout: ImageLayout | null = null;
  private shownImage: { layerId: string; plot: ImagePlotState; index: ((r: number, c: number) => number) | null } | null = null;
  private readonly overlayProviders = new Map<string, OverlayProvider>();
  private overlayVersion = 0;
  private pointer: [number, number] | null = null;
  private hoverSeq = 0;
  private resizeObserver: ResizeObserver | null = null;
  private dirty = false;
  private valueSource: ValueSource | null = null;
  /** Paints done (for tests and benchmarks). */
  paints = 0;

  constructor(
    el?: HTMLElement | null,
    private onHover?: (info: HoverInfo | null) => void,
  ) {
    const doc = (el?.ownerDocument ?? document);
    this.root = doc.createElement('div');
    this.root.className = 'cell-presenter';
    css(this.root, { position: 'absolute', inset: '0', display: 'flex', flexDirection: 'column' });
    const stage = doc.createElement('div');
    css(stage, { position: 'relative', flex: '1 1 auto', minHeight: '0' });
    this.imageLayer = doc.createElement('div');
    css(this.imageLayer, { position: 'absolute', inset: '0', pointerEvents: 'none' });
    this.chartHost = doc.createElement('div');
    css(this.chartHost, { position: 'absolute', inset: '0' });
    this.tableHost = doc.createElement('div');
    this.tableHost.className = 'plot-table-host';
    css(this.tableHost, { position: 'absolute', inset: '0', overflow: 'auto', display: 'none' });
    this.barCanvas = doc.createElement('canvas');
    this.barCanvas.width = 1;
    this.barCanvas.height = barLevels().length;
    css(this.barCanvas, { position: 'absolute', imageRendering: 'pixelated', display: 'none' });
    this.underSwatch = doc.createElement('div');
    this.underSwatch.dataset.testid = 'colour-under';
    css(this.underSwatch, { position: 'absolute', display: 'none' });
    this.imageLayer.append(this.barCanvas, this.underSwatch);
    stage.append(this.imageLayer, this.chartHost, this.tableHost);
    this.controls = doc.createElement('div');
    this.controls.className = 'slicer-controls';
    this.controls.dataset.testid = 'slicer-controls';
    css(this.controls, { display: 'none', flex: '0 0 auto', gap: '6px', alignItems: 'center', padding: '2px 6px', fontSize: '12px' });
    this.root.append(stage, this.controls);
    if (el) el.appendChild(this.root);
    this._chart = markRaw(echarts.init(this.chartHost, null, { renderer: 'canvas' }));
    const zr = this._chart.getZr();
    zr.on('mousemove', (e: { offsetX: number; offsetY: number }) => {
      this.pointer = [e.offsetX, e.offsetY];
      this.hover(e.offsetX, e.offsetY);
    });
    zr.on('globalout', () => {
      this.pointer = null;
      this.onHover?.(null);
    });
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => this.resize());
      this.resizeObserver.observe(this.chartHost);
    }
    markRaw(this);
  }

  /** The ECharts instance (read-only use: listeners, convertToPixel, export). */
  get chart(): ECharts | null {
    return this._chart;
  }

  setHoverListener(fn: ((info: HoverInfo | null) => void) | undefined): void {
    this.onHover = fn;
  }

  private hoverSuspended = false;

  /** While another tool owns the pointer (ROI drawing, interaction.ts): no hover read-out. */
  suspendHover(on: boolean): void {
    this.hoverSuspended = on;
    if (on) this.onHover?.(null);
  }

  setValueSource(fn: ValueSource | null): void {
    this.valueSource = fn;
  }

  /** Moves the presenter into a container (a cell mounted again after a tab switch). */
  attach(el: HTMLElement): void {
    if (this.root.parentElement !== el) el.appendChild(this.root);
    if (this.dirty || this.sizeKey() !== this.lastSize) this.rerender();
  }

  detach(): void {
    this.root.remove();
    this.pointer = null;
  }

  setOverlayProvider(key: string, fn: OverlayProvider | null): void {
    if (fn) this.overlayProviders.set(key, fn);
    else this.overlayProviders.delete(key);
    this.overlayVersion++;
    this.rerender();
  }

  /** Shows plot states without layer ids (no on-demand values). */
  render(plots: PlotState[]): void {
    this.renderLayers(plots.map((plot, i) => ({ layerId: `#${i}`, plot })));
  }

  /** Shows the cell's layers' latest plots; [] clears. Paints only what changed. */
  renderLayers(layers: LayerPlotRef[]): void {
    this.layers = layers;
    // What is shown, readable from outside (tests, diagnostics): never read back by the app.
    this.root.dataset.layerIds = layers.map((l) => l.layerId).join(' ');
    const plots = layers.map((l) => l.plot);
    const size = this.sizeKey();
    if (size !== this.lastSize || plots.length !== this.lastPainted.length || plots.some((p, i) => p !== this.lastPainted[i])) this.paint();
  }

  /** Paints again from the latest plots (view state, overlays or size changed). */
  rerender(): void {
    this.paint();
  }

  private sizeKey(): string {
    return `${this.chartHost.clientWidth}x${this.chartHost.clientHeight}`;
  }

  private paint(): void {
    const chart = this._chart;
    if (!chart) return;
    if (!this.root.isConnected) {
      // Detached (another tab): paint when attached again.
      this.dirty = true;
      return;
    }
    this.dirty = false;
    this.lastSize = this.sizeKey();
    // Created detached, or resized while detached: the chart follows its host first.
    if (chart.getWidth() !== this.chartHost.clientWidth || chart.getHeight() !== this.chartHost.clientHeight) chart.resize();
    this.lastPainted = this.layers.map((l) => l.plot);
    this.paints++;
    const table = this.layers.find((l) => l.plot.kind === 'table');
    const image = this.layers.find((l) => l.plot.kind === 'image');
    const lines = this.layers.filter((l) => l.plot.kind === 'line');
    const overlays = this.layers.filter((l) => l.plot.kind === 'overlay');
    if (table) return this.paintTable(table.plot as TablePlotState);
    this.tableHost.style.display = 'none';
    this.chartHost.style.visibility = 'visible';
    if (image) return this.paintImage(image.layerId, image.plot as ImagePlotState, overlays);
    this.hideImage();
    if (lines.length > 0 || overlays.length > 0) return this.paintLines(lines, overlays);
    if (this.kind !== null) {
      chart.clear();
      this.kind = null;
      this.metaKey = '';
      this.shownImage = null;
      this.onHover?.(null);
    }
  }

  private overlaySeries(kind: 'image' | 'line', overlays: LayerPlotRef[]): unknown[] {
    const out: unknown[] = overlays.map((o, i) => overlaySeries(o.plot as OverlayPlotState, `overlay-${i}`));
    for (const fn of this.overlayProviders.values()) out.push(...fn({ kind, plots: this.layers }));
    return out;
  }

  // ---- lines -----------------------------------------------------------------------------

  private paintLines(lines: LayerPlotRef[], overlays: LayerPlotRef[]): void {
    const chart = this._chart!;
    this.controls.style.display = 'none';
    let plots = lines.map((l) => thin(l.plot as LinePlotState));
    if (plots.length === 0) plots = [emptyLinePlot(overlays.map((o) => o.plot as OverlayPlotState))];
    // A min/max pair per 2 px column: every peak and dip still shows, half the points to draw.
    const option = buildLineOption(plots, { columns: Math.max(100, Math.round(chart.getWidth() / 2)), view: this.viewState.line, overlays: this.overlaySeries('line', overlays) });
    const count = Array.isArray(option.series) ? option.series.length : 0;
    // Only the series' data changed (same axes, limits, legend): hand ECharts the series alone.
    const { series, ...frame } = option;
    const key = `line:${JSON.stringify(frame, (_k, v: unknown) => (typeof v === 'function' ? undefined : v))}`;
    if (this.kind !== 'line' || count !== this.lineSeriesCount || key !== this.metaKey) chart.setOption(option, { notMerge: true });
    else chart.setOption({ series }, { notMerge: false });
    this.kind = 'line';
    this.metaKey = key;
    this.lineSeriesCount = count;
    this.shownImage = null;
  }

  // ---- table -----------------------------------------------------------------------------

  private paintTable(t: TablePlotState): void {
    if (this.kind !== 'table') {
      this._chart?.clear();
      this.hideImage();
    }
    this.controls.style.display = 'none';
    this.chartHost.style.visibility = 'hidden';
    this.tableHost.style.display = 'block';
    renderTable(this.tableHost, t);
    this.kind = 'table';
    this.metaKey = '';
    this.shownImage = null;
  }

  // ---- images ----------------------------------------------------------------------------

  private paintImage(layerId: string, state: ImagePlotState, overlays: LayerPlotRef[]): void {
    const chart = this._chart!;
    let plot = state;
    let index: ((r: number, c: number) => number) | null = null;
    if (state.volume) {
      const sliced = slicedPlot(state, this.viewState.slicer);
      if (sliced) {
        plot = sliced.plot;
        index = sliced.index;
      }
      this.showSlicerControls(state);
    } else {
      this.controls.style.display = 'none';
    }
    const width = chart.getWidth();
    const height = chart.getHeight();
    const key = JSON.stringify([
      // Not the colour range: the colour bar is drawn without ECharts (drawColourBar).
      width, height, plot.panels.map((p) => [p.width, p.height, p.x, p.y, p.title]),
      (plot.color.under ?? 0) > 0, plot.combine, plot.columns, plot.aspect, plot.ticks,
      this.viewState.image, overlays.map((o) => o.plot), this.overlayVersion,
    ]);
    if (this.kind !== 'image' || key !== this.metaKey) {
      const { option, layout } = buildImageOption(plot, { width, height, view: this.viewState.image, overlays: this.overlaySeries('image', overlays) });
      chart.setOption(option, { notMerge: true });
      this.layout = layout;
      this.metaKey = key;
    }
    this.kind = 'image';
    this.shownImage = { layerId, plot, index };
    this.drawPanels(plot);
    if (this.pointer) this.hover(this.pointer[0], this.pointer[1]);
  }

  private drawPanels(plot: ImagePlotState): void {
    const layout = this.layout!;
    const map = colourMapOf(plot);
    while (this.panels.length < plot.panels.length) {
      const clip = this.root.ownerDocument.createElement('div');
      css(clip, { position: 'absolute', overflow: 'hidden' });
      const canvas = this.root.ownerDocument.createElement('canvas');
      canvas.dataset.testid = 'image-canvas';
      css(canvas, { position: 'absolute', imageRendering: 'pixelated' });
      clip.appendChild(canvas);
      this.imageLayer.insertBefore(clip, this.barCanvas);
      this.panels.push({ clip, canvas, ctx: null, image: null });
    }
    while (this.panels.length > plot.panels.length) this.panels.pop()!.clip.remove();
    plot.panels.forEach((p, i) => {
      const pc = this.panels[i];
      const w = Math.max(1, p.width | 0);
      const h = Math.max(1, p.height | 0);
      if (pc.canvas.width !== w || pc.canvas.height !== h || !pc.ctx || !pc.image) {
        pc.canvas.width = w;
        pc.canvas.height = h;
        pc.ctx = pc.canvas.getContext('2d');
        pc.image = pc.ctx ? pc.ctx.createImageData(w, h) : null;
      }
      if (!pc.ctx || !pc.image) return;
      if (p.levels.length < w * h) throw new Error(`image ${p.title}: ${p.levels.length} levels for ${w}×${h}`);
      // A window's own colour range (interaction: autoscale colour off) remaps main's levels.
      colorizeLevels(viewLevels(p.levels, plot.color, this.viewState.image.color), w, h, pc.image.data, map);
      pc.ctx.putImageData(pc.image, 0, 0);
      const { rect, clip } = panelPlacement(plot, layout, i, this.viewState.image);
      css(pc.clip, { left: `${clip.left}px`, top: `${clip.top}px`, width: `${clip.width}px`, height: `${clip.height}px`, display: 'block' });
      css(pc.canvas, { left: `${rect.left - clip.left}px`, top: `${rect.top - clip.top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
    });
    this.drawColourBar(plot, layout, map);
  }

  /**
   * The colour bar, drawn here rather than by ECharts so that a new colour range (every update
   * with automatic limits) costs a small canvas redraw instead of a chart rebuild: the gradient
   * from the level table, intermediate ticks with one label format, the unit (and "log") as the
   * title, and the "under" swatch explaining values ≤ 0 on a log scale.
   */
  private drawColourBar(plot: ImagePlotState, layout: ImageLayout, map: ColourMapName): void {
    const chart = this._chart!;
    const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
    const zoneLeft = chart.getWidth() - COLOUR_BAR_ZONE;
    const h = chart.getHeight();
    const c = this.barCanvas;
    if (c.width !== Math.round(COLOUR_BAR_ZONE * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(COLOUR_BAR_ZONE * dpr);
      c.height = Math.round(h * dpr);
    }
    css(c, { display: 'block', left: `${zoneLeft}px`, top: '0px', width: `${COLOUR_BAR_ZONE}px`, height: `${h}px` });
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, COLOUR_BAR_ZONE, h);
    if (this.barMap !== map || !this.gradient) {
      const g = this.root.ownerDocument.createElement('canvas');
      const levels = barLevels();
      g.width = 1;
      g.height = levels.length;
      const gctx = g.getContext('2d');
      if (gctx) {
        const img = gctx.createImageData(1, levels.length);
        // Row 0 of the levels is drawn at the bottom: low values low, high values on top.
        colorizeLevels(levels, 1, levels.length, img.data, map);
        gctx.putImageData(img, 0, 0);
      }
      this.gradient = g;
      this.barMap = map;
    }
    const bar = layout.bar;
    const bx = bar.left - zoneLeft;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.gradient, bx, bar.top, bar.width, bar.height);
    ctx.strokeStyle = CHART_MUTED;
    ctx.lineWidth = 1;
    ctx.strokeRect(bx + 0.5, bar.top + 0.5, bar.width - 1, bar.height - 1);
    const { min, max } = colourLimits(plot, this.viewState.image);
    this.root.dataset.colourRange = `${min},${max}`;
    this.root.dataset.colourScale = plot.color.log ? 'log' : 'linear';
    ctx.fillStyle = CHART_MUTED;
    ctx.font = '10px sans-serif';
    ctx.textBaseline = 'middle';
    for (const t of colourBarTicks(min, max, plot.color.log)) {
      const y = bar.top + bar.height - barPosition(t.value, min, max, plot.color.log) * bar.height;
      ctx.fillRect(bx + bar.width, Math.round(y), 3, 1);
      ctx.fillText(t.label, bx + bar.width + 5, y);
    }
    const caption = colourBarCaption(plot);
    if (caption) {
      ctx.save();
      ctx.translate(COLOUR_BAR_ZONE - 6, bar.top + bar.height / 2);
      ctx.rotate(Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.font = '11px sans-serif';
      ctx.fillText(caption, 0, 0);
      ctx.restore();
    }
    if (layout.under) {
      const u = layout.under;
      ctx.fillStyle = underColour(plot);
      ctx.fillRect(u.left - zoneLeft, u.top, u.width, u.height);
      ctx.fillStyle = CHART_MUTED;
      ctx.fillText('≤ 0', u.left - zoneLeft + u.width + 4, u.top + u.height / 2);
      this.underSwatch.title = `${plot.color.under ?? 0} pixels ≤ 0 (no place on a log scale)`;
      css(this.underSwatch, { display: 'block', left: `${u.left}px`, top: `${u.top}px`, width: `${u.width}px`, height: `${u.height}px`, background: 'transparent' });
    } else this.underSwatch.style.display = 'none';
  }

  private hideImage(): void {
    for (const p of this.panels) p.clip.style.display = 'none';
    this.barCanvas.style.display = 'none';
    this.underSwatch.style.display = 'none';
    this.controls.style.display = 'none';
  }

  private showSlicerControls(state: ImagePlotState): void {
    const vol = state.volume!;
    const view = clampView(vol, this.viewState.slicer);
    this.viewState.slicer = view;
    const c = this.controls;
    c.style.display = 'flex';
    if (!c.firstChild) {
      const doc = c.ownerDocument;
      const mode = doc.createElement('select');
      mode.dataset.testid = 'slicer-mode';
      mode.title = 'Slice one plane, or flatten the volume';
      for (const [v, t] of [['slice', 'Slice'], ['flatten', 'Flatten']]) mode.add(new Option(t, v));
      const dim = doc.createElement('select');
      dim.dataset.testid = 'slicer-dim';
      dim.title = 'Slice dimension';
      const pos = doc.createElement('input');
      pos.type = 'range';
      pos.min = '0';
      pos.dataset.testid = 'slicer-position';
      pos.title = 'Slice position';
      pos.style.flex = '1 1 auto';
      const label = doc.createElement('span');
      label.dataset.testid = 'slicer-label';
      label.style.whiteSpace = 'nowrap';
      const update = (): void => {
        this.viewState.slicer = { mode: mode.value === 'flatten' ? 'flatten' : 'slice', dim: Number(dim.value), position: Number(pos.value) };
        this.rerender();
      };
      mode.addEventListener('change', update);
      dim.addEventListener('change', () => {
        pos.value = '0';
        update();
      });
      pos.addEventListener('input', update);
      c.append(mode, dim, pos, label);
    }
    const [mode, dim, pos, label] = Array.from(c.children) as [HTMLSelectElement, HTMLSelectElement, HTMLInputElement, HTMLSpanElement];
    const names = vol.dims.map((d) => d.name).join('\n');
    if (dim.dataset.names !== names) {
      dim.replaceChildren(...vol.dims.map((d, i) => new Option(d.name, String(i))));
      dim.dataset.names = names;
    }
    mode.value = view.mode;
    dim.value = String(view.dim);
    dim.disabled = pos.disabled = view.mode === 'flatten';
    pos.max = String(vol.dims[view.dim].size - 1);
    pos.value = String(view.position);
    label.textContent = view.mode === 'flatten' ? `${vol.dims[0].name} × ${vol.dims[1].name} on y` : sliceLabel(vol, view);
  }

  // ---- hover -----------------------------------------------------------------------------

  /** What is under a chart position of the shown image (null: no image there). */
  pick(px: number, py: number): Pick | null {
    const shown = this.shownImage;
    if (!shown || !this.layout) return null;
    return pickPixel(shown.plot, this.layout, px, py, this.viewState.image);
  }

  currentImage(): ImagePlotState | null {
    return this.shownImage?.plot ?? null;
  }

  imageLayout(): ImageLayout | null {
    return this.layout;
  }

  /** Full-precision values from main: one pixel of a panel, or the whole panel / volume. */
  fetchValues(q: { panel?: number; volume?: boolean; index?: number | null }): Promise<unknown> {
    const shown = this.shownImage;
    if (!shown || !this.valueSource) return Promise.reject(new Error('no values available'));
    return this.valueSource(shown.layerId, q);
  }

  private hover(px: number, py: number): void {
    if (!this.onHover || this.hoverSuspended) return;
    const shown = this.shownImage;
    const pick = this.pick(px, py);
    if (!shown || !pick) {
      if (shown) this.onHover(null);
      return;
    }
    const seq = ++this.hoverSeq;
    const emit = (value: number | null): void => {
      if (seq !== this.hoverSeq) return;
      this.onHover?.({ x: pick.x, y: pick.y, value: value ?? NaN, text: pickText(shown.plot, pick, value) });
    };
    emit(null);
    if (!this.valueSource || pick.level === 0) return;
    const q = shown.index
      ? { volume: true, index: shown.index(pick.row, pick.col) }
      : { panel: pick.panel, index: pick.row * shown.plot.panels[pick.panel].width + pick.col };
    this.valueSource(shown.layerId, q).then(
      (v) => emit(typeof v === 'number' ? v : null),
      () => undefined,
    );
  }

  // ---- export, size, lifetime ------------------------------------------------------------

  /** The cell as one canvas: image panels, colour bar, then the chart on top (PNG export). */
  toCanvas(pixelRatio = 1): HTMLCanvasElement {
    const chart = this._chart!;
    const w = chart.getWidth();
    const h = chart.getHeight();
    const out = this.root.ownerDocument.createElement('canvas');
    out.width = Math.round(w * pixelRatio);
    out.height = Math.round(h * pixelRatio);
    const ctx = out.getContext('2d')!;
    ctx.scale(pixelRatio, pixelRatio);
    ctx.fillStyle = CHART_BACKGROUND; // the theme's panel colour
    ctx.fillRect(0, 0, w, h);
    ctx.imageSmoothingEnabled = false;
    if (this.kind === 'image') {
      for (const p of this.panels) {
        if (p.clip.style.display === 'none') continue;
        const cl = parseFloat(p.clip.style.left), ct = parseFloat(p.clip.style.top);
        ctx.save();
        ctx.beginPath();
        ctx.rect(cl, ct, parseFloat(p.clip.style.width), parseFloat(p.clip.style.height));
        ctx.clip();
        ctx.drawImage(p.canvas, cl + parseFloat(p.canvas.style.left), ct + parseFloat(p.canvas.style.top), parseFloat(p.canvas.style.width), parseFloat(p.canvas.style.height));
        ctx.restore();
      }
      const b = this.barCanvas.style;
      ctx.drawImage(this.barCanvas, parseFloat(b.left), parseFloat(b.top), parseFloat(b.width), parseFloat(b.height));
    }
    const rendered = (chart as unknown as { getRenderedCanvas?: (o: object) => HTMLCanvasElement }).getRenderedCanvas?.({ pixelRatio: 1 });
    const src = rendered ?? this.chartHost.querySelector('canvas');
    if (src) ctx.drawImage(src, 0, 0, w, h);
    return out;
  }

  resize(): void {
    const chart = this._chart;
    if (!chart || !this.root.isConnected) return;
    const key = this.sizeKey();
    if (key === this.lastSize) return;
    chart.resize();
    this.paint();
  }

  dispose(): void {
    this.resizeObserver?.disconnect();
    this._chart?.dispose();
    this._chart = null;
    this.panels = [];
    this.shownImage = null;
    this.layers = [];
    this.root.remove();
  }
}

/** A time series thinned as its params say (recent at fine period, older at coarse). */
function thin(p: LinePlotState): LinePlotState {
  const th = p.thinning;
  if (!th || !p.xIsTime) return p;
  return {
    ...p,
    series: p.series.map((s) => {
      if (s.x.length < 4000 && th.coarseMs > 0) return s;
      const keep = thinByTime(s.x, th);
      if (keep.length === s.x.length) return s;
      const x = new Float64Array(keep.length);
      const y = new Float64Array(keep.length);
      for (let i = 0; i < keep.length; i++) {
        x[i] = s.x[keep[i]];
        y[i] = s.y[keep[i]];
      }
      return { ...s, x, y, stddev: null };
    }),
  };
}

/** Axes for a cell of static overlays only: their items' extent. */
function emptyLinePlot(overlays: OverlayPlotState[]): LinePlotState {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const o of overlays) {
    for (const it of o.items) {
      if (o.shape === 'rectangles') {
        xs.push(it[0], it[2]);
        ys.push(it[1], it[3]);
      } else if (o.shape === 'vlines') xs.push(it[0]);
      else ys.push(it[0]);
    }
  }
  const range = (v: number[]): [number, number] => {
    if (v.length === 0) return [0, 1];
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const pad = (hi - lo) * 0.1 || 1;
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = range(xs);
  const [y0, y1] = range(ys);
  return {
    kind: 'line', title: '', x: { label: '', unit: null }, y: { label: '', unit: null }, xIsTime: false,
    series: [{ name: '', x: new Float64Array([x0, x1]), y: new Float64Array([NaN, NaN]), stddev: null }],
    yMin: y0, yMax: y1, startTime: null, endTime: null,
  };
}
