// Figure interaction of one cell in one window: box zoom, wheel zoom, pan, reset, autoscale
// toggles for x, y and colour, "fit to current data", keyboard control, and the ROI editor
// (roi-editor.ts). Everything here is this window's view state (CellPresenter.viewState): never
// sent to main, never linked to other cells. One controller per presenter, living as long as it
// (presenters survive tab switches, so does the zoom).
//
// Zoom math is done in axis space (log10 for log axes), on the ranges the chart shows now.
import { markRaw, reactive } from 'vue';
import type { ECharts } from 'echarts/core';
import type { ImagePlotState, LinePlotState, PlotState } from '../../../shared/plot-state';
import type { CellView } from '../../../shared/protocol';
import type { RoiCommand } from '../../../shared/api/roi-commands';
import type { CellPresenter } from './cell-presenter';
import { gridRanges, type Rect } from './image-presenter';
import { RoiEditor } from './roi-editor';
import { onThemeChange } from '../theme/theme';
import { onScaleChange } from '../theme/ui-scale';

export type Tool = 'zoom' | 'pan' | 'roi-rectangle' | 'roi-polygon' | 'roi-edit';
export type Range = [number, number];

/** What the toolbar shows (reactive; small). */
export interface InteractionUi {
  tool: Tool;
  kind: 'image' | 'line' | null;
  autoX: boolean;
  autoY: boolean;
  autoColor: boolean;
  /** The view differs from automatic (something to reset). */
  zoomed: boolean;
  roi: { supported: boolean; rectangles: number; polygons: number; selected: string | null; hint: string | null; busy: boolean };
}

/** What the controller needs from the window (set by the cell toolbar). */
export interface InteractionHost {
  cell(): CellView;
  plot(layerId: string): PlotState | undefined;
  /** Whether a workflow has ROI readback outputs (the backend takes ROIs for it). */
  roiSupported(workflowId: string): boolean;
  sendRoi(cmd: RoiCommand): Promise<{ ok: boolean; error: string | null }>;
  notify(level: 'info' | 'warning' | 'error' | 'success', message: string): void;
  exportPng?(): void;
  exportData?(): void;
}

export interface Axes {
  kind: 'image' | 'line';
  rect: { x: number; y: number; width: number; height: number };
  x: Range;
  xLog: boolean;
  /** One per y axis (lines may have one per unit). */
  y: Range[];
  yLog: boolean[];
}

const WHEEL_STEP = 0.85;
const KEY_PAN = 0.1;

const toAxis = (v: number, log: boolean): number => (log ? Math.log10(v) : v);
const fromAxis = (v: number, log: boolean): number => (log ? 10 ** v : v);

/** A range zoomed by `factor` (< 1: in) around `frac` of the way along it (axis space). */
export function zoomRange(r: Range, factor: number, frac: number, log = false): Range {
  const a = toAxis(r[0], log);
  const b = toAxis(r[1], log);
  const c = a + frac * (b - a);
  return [fromAxis(c - (c - a) * factor, log), fromAxis(c + (b - c) * factor, log)];
}

/** A range shifted by `frac` of its span (positive: towards larger values). */
export function panRange(r: Range, frac: number, log = false): Range {
  const a = toAxis(r[0], log);
  const b = toAxis(r[1], log);
  const d = (b - a) * frac;
  return [fromAxis(a + d, log), fromAxis(b + d, log)];
}

/** The range between two pixel positions along an axis of `len` pixels showing `r` (inverted for y). */
export function pixelsToRange(r: Range, len: number, p0: number, p1: number, invert: boolean, log = false): Range {
  const a = toAxis(r[0], log);
  const b = toAxis(r[1], log);
  const at = (p: number): number => {
    const f = Math.max(0, Math.min(1, p / len));
    return a + (invert ? 1 - f : f) * (b - a);
  };
  const u = at(p0);
  const v = at(p1);
  return [fromAxis(Math.min(u, v), log), fromAxis(Math.max(u, v), log)];
}

const valid = (r: Range | null | undefined): r is Range => !!r && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[1] > r[0];

type ChartInternals = {
  getModel?: () => {
    getComponent(type: string, index: number): { axis?: { scale?: { getExtent(): number[]; type?: string } }; coordinateSystem?: { getRect(): { x: number; y: number; width: number; height: number } } } | undefined;
  };
};

function axisModel(chart: ECharts, type: 'xAxis' | 'yAxis', index: number): { extent: Range; log: boolean } | null {
  try {
    const scale = (chart as unknown as ChartInternals).getModel?.()?.getComponent(type, index)?.axis?.scale;
    if (!scale) return null;
    const e = scale.getExtent();
    const log = scale.type === 'log';
    const extent: Range = [e[0]!, e[1]!];
    return valid(extent) ? { extent, log } : null;
  } catch {
    return null;
  }
}

const controllers = new Map<CellPresenter, CellInteraction>();

/** The controller of a presenter (made on first use); the host is replaced by the latest caller. */
export function interactionFor(presenter: CellPresenter, host: InteractionHost): CellInteraction {
  // Controllers of presenters disposed since (cells removed) let go of their global listeners.
  for (const [p, ctl] of controllers) if (!p.chart) ctl.dispose();
  let c = controllers.get(presenter);
  if (!c) {
    c = new CellInteraction(presenter, host);
    controllers.set(presenter, c);
  } else c.setHost(host);
  return c;
}

export class CellInteraction {
  readonly ui: InteractionUi = reactive({
    tool: 'zoom',
    kind: null,
    autoX: true,
    autoY: true,
    autoColor: true,
    zoomed: false,
    roi: { supported: false, rectangles: 0, polygons: 0, selected: null, hint: null, busy: false },
  }) as InteractionUi;
  readonly layer: HTMLDivElement;
  readonly svg: SVGSVGElement;
  readonly capture: HTMLDivElement;
  readonly hint: HTMLDivElement;
  readonly roi: RoiEditor;
  private readonly stage: HTMLElement;
  private drag: { mode: 'box' | 'pan'; start: [number, number]; last: [number, number]; axes: Axes; box: SVGRectElement | null } | null = null;
  private readonly off: (() => void)[] = [];
  private disposed = false;

  constructor(
    readonly presenter: CellPresenter,
    private host: InteractionHost,
  ) {
    const root = presenter.root;
    this.stage = (root.firstElementChild as HTMLElement | null) ?? root;
    const doc = root.ownerDocument;
    root.tabIndex = 0;
    root.dataset.testid = 'cell-plot';
    root.setAttribute('aria-label', 'Plot: +/− zoom, arrows pan, 0 reset; see the keyboard shortcuts page');
    this.layer = doc.createElement('div');
    this.layer.className = 'interaction-layer';
    this.svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.capture = doc.createElement('div');
    this.capture.className = 'interaction-capture';
    this.capture.dataset.testid = 'roi-capture';
    this.capture.style.display = 'none';
    this.hint = doc.createElement('div');
    this.hint.className = 'roi-hint';
    this.hint.dataset.testid = 'roi-hint';
    this.hint.style.display = 'none';
    this.layer.append(this.capture, this.svg, this.hint);
    this.stage.appendChild(this.layer);
    this.roi = new RoiEditor(this);

    const onDown = (e: PointerEvent): void => this.onPointerDown(e);
    const onWheel = (e: WheelEvent): void => this.onWheel(e);
    const onDbl = (e: MouseEvent): void => {
      if (this.ui.tool === 'zoom' || this.ui.tool === 'pan') {
        e.preventDefault();
        this.reset();
      }
    };
    const onKey = (e: KeyboardEvent): void => this.onKey(e);
    root.addEventListener('pointerdown', onDown);
    root.addEventListener('wheel', onWheel, { passive: false });
    root.addEventListener('dblclick', onDbl);
    root.addEventListener('keydown', onKey);
    this.off.push(() => root.removeEventListener('pointerdown', onDown), () => root.removeEventListener('wheel', onWheel), () => root.removeEventListener('dblclick', onDbl), () => root.removeEventListener('keydown', onKey));
    // Colours follow the theme; the chart keeps its pixel size under a new UI scale but its
    // pointer mapping must be refreshed.
    const alive = (f: () => void) => (): void => {
      if (presenter.chart) f();
      else this.dispose();
    };
    this.off.push(onThemeChange(alive(() => presenter.rerender())), onScaleChange(alive(() => presenter.resize())));
    const chart = presenter.chart;
    if (chart) {
      // After every paint (data, zoom, resize): keep the flags and the ROI handles in step.
      const onFinished = (): void => this.afterPaint();
      chart.on('finished', onFinished);
      this.off.push(() => chart.off('finished', onFinished));
    }
    markRaw(this);
  }

  setHost(host: InteractionHost): void {
    this.host = host;
    this.roi.refresh();
  }

  get hostApi(): InteractionHost {
    return this.host;
  }

  get chart(): ECharts | null {
    return this.presenter.chart;
  }

  // ---- what is shown ---------------------------------------------------------------------

  shownKind(): 'image' | 'line' | null {
    if (this.presenter.currentImage()) return 'image';
    return this.host.cell().layers.some((l) => this.host.plot(l.id)?.kind === 'line') ? 'line' : null;
  }

  linePlots(): LinePlotState[] {
    return this.host.cell().layers.flatMap((l) => {
      const p = this.host.plot(l.id);
      return p?.kind === 'line' ? [p] : [];
    });
  }

  /**
   * The ranges and plot rectangle the chart shows now (of the image panel under `at`, when several
   * are side by side), or null when nothing is drawn.
   */
  axes(at?: [number, number]): Axes | null {
    const chart = this.chart;
    if (!chart) return null;
    const image = this.presenter.currentImage();
    const layout = this.presenter.imageLayout();
    if (image && layout && layout.grids[0]) {
      const inside = (r: Rect): boolean => !!at && at[0] >= r.left && at[0] <= r.left + r.width && at[1] >= r.top && at[1] <= r.top + r.height;
      const gi = Math.max(0, layout.grids.findIndex(inside));
      const g: Rect = layout.grids[gi]!;
      const r = gridRanges(image, layout, gi, this.presenter.viewState.image);
      return { kind: 'image', rect: { x: g.left, y: g.top, width: g.width, height: g.height }, x: [r.x.min, r.x.max], xLog: false, y: [[r.y.min, r.y.max]], yLog: [false] };
    }
    if (this.shownKind() !== 'line') return null;
    let rect: Axes['rect'] | null = null;
    try {
      rect = (chart as unknown as ChartInternals).getModel?.()?.getComponent('grid', 0)?.coordinateSystem?.getRect() ?? null;
    } catch {
      rect = null;
    }
    const x = axisModel(chart, 'xAxis', 0);
    if (!rect || !x) return null;
    const ys: Range[] = [];
    const logs: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      const y = axisModel(chart, 'yAxis', i);
      if (!y) break;
      ys.push(y.extent);
      logs.push(y.log);
    }
    if (ys.length === 0) return null;
    return { kind: 'line', rect, x: x.extent, xLog: x.log, y: ys, yLog: logs };
  }

  /** Applies ranges (null keeps an axis as it is; `auto` clears it back to automatic). */
  setRanges(x: Range | null | 'auto', y: Range[] | null | 'auto'): void {
    const v = this.presenter.viewState;
    const kind = this.shownKind();
    if (kind === 'image') {
      if (x === 'auto') v.image.x = null;
      else if (valid(x)) v.image.x = x;
      if (y === 'auto') v.image.y = null;
      else if (y && valid(y[0])) v.image.y = y[0];
    } else if (kind === 'line') {
      if (x === 'auto') v.line.x = null;
      else if (valid(x)) v.line.x = x;
      if (y === 'auto') v.line.y = null;
      else if (y) v.line.y = y.map((r) => (valid(r) ? r : null));
    }
    this.presenter.rerender();
    this.sync();
  }

  // ---- operations (toolbar, keyboard, mouse) ------------------------------------------------

  zoomBy(factor: number, center?: [number, number], only?: 'x' | 'y'): void {
    const a = this.axes(center);
    if (!a) return;
    const fx = center ? (center[0] - a.rect.x) / a.rect.width : 0.5;
    const fy = center ? 1 - (center[1] - a.rect.y) / a.rect.height : 0.5;
    const x = only === 'y' ? null : zoomRange(a.x, factor, fx, a.xLog);
    const y = only === 'x' ? null : a.y.map((r, i) => zoomRange(r, factor, fy, a.yLog[i]));
    this.setRanges(x, y);
  }

  panBy(fx: number, fy: number): void {
    const a = this.axes();
    if (!a) return;
    this.setRanges(fx ? panRange(a.x, fx, a.xLog) : null, fy ? a.y.map((r, i) => panRange(r, fy, a.yLog[i])) : null);
  }

  /** Back to automatic ranges on every axis and main's colour range. */
  reset(): void {
    const v = this.presenter.viewState;
    v.image.x = v.image.y = v.image.color = null;
    v.line.x = v.line.y = null;
    this.presenter.rerender();
    this.sync();
  }

  /** Autoscale on: the axis follows the data; off: it keeps the range shown now. */
  setAutoscale(axis: 'x' | 'y' | 'color', on: boolean): void {
    const v = this.presenter.viewState;
    if (axis === 'color') {
      const img = this.presenter.currentImage();
      v.image.color = on || !img ? null : colourRange(img);
      this.presenter.rerender();
      this.sync();
      return;
    }
    const a = this.axes();
    if (axis === 'x') this.setRanges(on ? 'auto' : a ? a.x : null, null);
    else this.setRanges(null, on ? 'auto' : a ? a.y : null);
  }

  toggleAutoscale(axis: 'x' | 'y' | 'color'): void {
    const on = axis === 'x' ? this.ui.autoX : axis === 'y' ? this.ui.autoY : this.ui.autoColor;
    this.setAutoscale(axis, !on);
  }

  /** Ranges (and colours) fitted to the data shown now, then kept while new data arrives. */
  fitToData(): void {
    const img = this.presenter.currentImage();
    const v = this.presenter.viewState;
    if (img) {
      const layout = this.presenter.imageLayout();
      if (layout) {
        const r = gridRanges(img, layout, 0, undefined);
        v.image.x = [r.x.min, r.x.max];
        v.image.y = [r.y.min, r.y.max];
      }
      v.image.color = colourRange(img);
      this.presenter.rerender();
      this.sync();
      return;
    }
    const plots = this.linePlots();
    if (plots.length === 0) return;
    const x = dataXRange(plots);
    const a = this.axes();
    const ys = a ? a.y.map((_, i) => dataYRange(plots, i)) : [dataYRange(plots, 0)];
    v.line.x = x;
    v.line.y = ys;
    this.presenter.rerender();
    this.sync();
  }

  setTool(tool: Tool): void {
    if (tool.startsWith('roi') && !this.ui.roi.supported) {
      this.host.notify('warning', 'This plot takes no ROIs: its workflow has no ROI outputs, or it shows no image.');
      return;
    }
    this.roi.cancelDrawing();
    this.ui.tool = tool;
    const roiMode = tool.startsWith('roi');
    // ROI tools capture the pointer above the chart: the hover read-out is suspended meanwhile.
    this.capture.style.display = roiMode ? 'block' : 'none';
    this.presenter.suspendHover(roiMode);
    this.presenter.root.style.cursor = tool === 'pan' ? 'grab' : '';
    this.roi.setActive(roiMode);
    this.presenter.root.focus({ preventScroll: true });
  }

  /** Keeps the reactive flags in step with the view (after any change or paint). */
  sync(): void {
    const v = this.presenter.viewState;
    const kind = this.shownKind();
    this.ui.kind = kind;
    if (kind === 'image') {
      this.ui.autoX = !v.image.x;
      this.ui.autoY = !v.image.y;
    } else {
      this.ui.autoX = !v.line.x;
      this.ui.autoY = !v.line.y || v.line.y.every((r) => !r);
    }
    this.ui.autoColor = !v.image.color;
    this.ui.zoomed = !this.ui.autoX || !this.ui.autoY || !this.ui.autoColor;
    // The ranges shown, on the element (tests and a11y tools read them; nothing else does).
    const a = this.axes();
    const root = this.presenter.root;
    root.dataset.zoomed = this.ui.zoomed ? '1' : '0';
    root.dataset.viewX = a ? JSON.stringify(a.x.map((n) => Number(n.toPrecision(6)))) : '';
    root.dataset.viewY = a ? JSON.stringify(a.y.map((r) => r.map((n) => Number(n.toPrecision(6))))) : '';
  }

  private afterPaint(): void {
    if (this.disposed) return;
    this.sync();
    this.roi.redraw();
  }

  // ---- pointer ---------------------------------------------------------------------------

  /** A pointer position in stage pixels (the chart's coordinates), whatever the UI scale. */
  local(e: { clientX: number; clientY: number }): [number, number] {
    const r = this.stage.getBoundingClientRect();
    const sx = this.stage.offsetWidth ? r.width / this.stage.offsetWidth : 1;
    const sy = this.stage.offsetHeight ? r.height / this.stage.offsetHeight : 1;
    return [(e.clientX - r.left) / (sx || 1), (e.clientY - r.top) / (sy || 1)];
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || this.ui.tool.startsWith('roi')) return;
    if ((e.target as HTMLElement | null)?.closest?.('select, input, button, .slicer-controls')) return;
    const p = this.local(e);
    const a = this.axes(p);
    if (!a) return;
    if (p[0] < a.rect.x || p[0] > a.rect.x + a.rect.width || p[1] < a.rect.y || p[1] > a.rect.y + a.rect.height) return;
    const mode = this.ui.tool === 'pan' || e.shiftKey ? 'pan' : 'box';
    this.drag = { mode, start: p, last: p, axes: a, box: null };
    if (mode === 'pan') this.presenter.root.style.cursor = 'grabbing';
    const move = (ev: PointerEvent): void => this.onPointerMove(ev);
    const up = (ev: PointerEvent): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      this.onPointerUp(ev);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    e.preventDefault();
  }

  private onPointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d) return;
    const p = this.local(e);
    if (d.mode === 'pan') {
      const a = d.axes;
      const fx = -(p[0] - d.start[0]) / a.rect.width;
      const fy = (p[1] - d.start[1]) / a.rect.height;
      const v = this.presenter.viewState;
      const x = panRange(a.x, fx, a.xLog);
      const ys = a.y.map((r, i) => panRange(r, fy, a.yLog[i]));
      if (a.kind === 'image') {
        v.image.x = x;
        v.image.y = ys[0];
      } else {
        v.line.x = x;
        v.line.y = ys;
      }
      this.presenter.rerender();
      d.last = p;
      return;
    }
    d.last = p;
    if (!d.box) {
      d.box = this.svg.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'rect');
      d.box.dataset.testid = 'zoom-box';
      d.box.setAttribute('fill', 'rgba(31,122,153,0.15)');
      d.box.setAttribute('stroke', '#1f7a99');
      d.box.setAttribute('stroke-dasharray', '4 3');
      this.svg.appendChild(d.box);
    }
    const r = d.axes.rect;
    const cx = (v: number): number => Math.max(r.x, Math.min(r.x + r.width, v));
    const cy = (v: number): number => Math.max(r.y, Math.min(r.y + r.height, v));
    const x0 = cx(Math.min(d.start[0], p[0]));
    const x1 = cx(Math.max(d.start[0], p[0]));
    const y0 = cy(Math.min(d.start[1], p[1]));
    const y1 = cy(Math.max(d.start[1], p[1]));
    d.box.setAttribute('x', String(x0));
    d.box.setAttribute('y', String(y0));
    d.box.setAttribute('width', String(x1 - x0));
    d.box.setAttribute('height', String(y1 - y0));
  }

  private onPointerUp(e: PointerEvent): void {
    const d = this.drag;
    this.drag = null;
    if (!d) return;
    d.box?.remove();
    if (d.mode === 'pan') {
      this.presenter.root.style.cursor = this.ui.tool === 'pan' ? 'grab' : '';
      this.sync();
      return;
    }
    const p = this.local(e);
    const a = d.axes;
    const w = Math.abs(p[0] - d.start[0]);
    const h = Math.abs(p[1] - d.start[1]);
    if (w < 4 && h < 4) return; // a click, not a box
    // A thin box zooms one axis only.
    const x = w >= 4 ? pixelsToRange(a.x, a.rect.width, d.start[0] - a.rect.x, p[0] - a.rect.x, false, a.xLog) : null;
    const y = h >= 4 ? a.y.map((r, i) => pixelsToRange(r, a.rect.height, d.start[1] - a.rect.y, p[1] - a.rect.y, true, a.yLog[i])) : null;
    this.setRanges(x, y);
  }

  private onWheel(e: WheelEvent): void {
    const p = this.local(e);
    const a = this.axes(p);
    if (!a) return;
    const inX = p[0] >= a.rect.x && p[0] <= a.rect.x + a.rect.width;
    const inY = p[1] >= a.rect.y && p[1] <= a.rect.y + a.rect.height;
    if (!inX && !inY) return;
    e.preventDefault();
    const factor = e.deltaY > 0 ? 1 / WHEEL_STEP : WHEEL_STEP;
    // Over the x axis (below the plot) zoom x only; over the y axis (left of it) y only.
    const only = inX && !inY ? 'x' : inY && !inX ? 'y' : undefined;
    this.zoomBy(factor, p, only);
  }

  // ---- keyboard --------------------------------------------------------------------------

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey) return; // Ctrl/Cmd combinations are the window's (UI zoom, menus)
    if ((e.target as HTMLElement | null)?.closest?.('select, input, textarea')) return;
    if (this.roi.onKey(e)) {
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    const k = e.key;
    const handled = ((): boolean => {
      switch (k) {
        case '+':
        case '=':
          this.zoomBy(WHEEL_STEP);
          return true;
        case '-':
        case '_':
          this.zoomBy(1 / WHEEL_STEP);
          return true;
        case 'ArrowLeft':
          this.panBy(-KEY_PAN * (e.shiftKey ? 5 : 1), 0);
          return true;
        case 'ArrowRight':
          this.panBy(KEY_PAN * (e.shiftKey ? 5 : 1), 0);
          return true;
        case 'ArrowUp':
          this.panBy(0, KEY_PAN * (e.shiftKey ? 5 : 1));
          return true;
        case 'ArrowDown':
          this.panBy(0, -KEY_PAN * (e.shiftKey ? 5 : 1));
          return true;
        case '0':
        case 'Home':
          this.reset();
          return true;
      }
      if (e.altKey) return false;
      switch (k.toLowerCase()) {
        case 'f':
          this.fitToData();
          return true;
        case 'x':
          this.toggleAutoscale('x');
          return true;
        case 'y':
          this.toggleAutoscale('y');
          return true;
        case 'c':
          this.toggleAutoscale('color');
          return true;
        case 'b':
          this.setTool('zoom');
          return true;
        case 'h':
          this.setTool('pan');
          return true;
        case 'r':
          this.setTool('roi-rectangle');
          return true;
        case 'g':
          this.setTool('roi-polygon');
          return true;
        case 'e':
          this.setTool('roi-edit');
          return true;
        case 'p':
          this.host.exportPng?.();
          return !!this.host.exportPng;
        case 'd':
          this.host.exportData?.();
          return !!this.host.exportData;
        case 'escape':
          if (this.ui.tool !== 'zoom') {
            this.setTool('zoom');
            return true;
          }
          return false;
      }
      return false;
    })();
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const f of this.off) f();
    this.roi.dispose();
    this.layer.remove();
    controllers.delete(this.presenter);
  }
}

/** The colour range main decided for an image (real values; log decided by the plot). */
export function colourRange(img: ImagePlotState): Range | null {
  const r: Range = [img.color.min, img.color.max];
  return valid(r) ? r : null;
}

/** x extent of line plots (bin edges included). */
export function dataXRange(plots: LinePlotState[]): Range | null {
  let lo = Infinity;
  let hi = -Infinity;
  const log = plots[0]?.x.log ?? false;
  for (const p of plots) {
    for (const s of p.series) {
      for (let i = 0; i < s.x.length; i++) {
        const v = s.x[i]!;
        if (!Number.isFinite(v) || (log && v <= 0)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return hi > lo ? [lo, hi] : null;
}

/** y extent of the series on y axis `axis` (with 5 % headroom), from the values in main's state. */
export function dataYRange(plots: LinePlotState[], axis: number): Range | null {
  let lo = Infinity;
  let hi = -Infinity;
  const logAxis = plots.some((p) => p.yAxes?.[axis]?.log);
  for (const p of plots) {
    const log = p.yAxes?.[axis]?.log ?? false;
    for (const s of p.series) {
      if ((s.axis ?? 0) !== axis) continue;
      for (let i = 0; i < s.y.length; i++) {
        const v = s.y[i]!;
        if (!Number.isFinite(v) || (log && v <= 0)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (!(hi >= lo)) return null;
  // Log axes: headroom by a factor (a linear pad could reach zero or below).
  if (logAxis) return [lo / 1.1, hi * 1.1];
  if (hi === lo) return [lo - (Math.abs(lo) * 0.1 || 1), hi + (Math.abs(hi) * 0.1 || 1)];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}
