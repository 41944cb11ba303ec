// ROI drawing and editing on a cell's detector image, with the mouse and the keyboard:
// - rectangle tool: drag a box (Enter: a box in the middle of the view);
// - polygon tool: click the vertices, double-click / Enter / a click on the first vertex closes,
//   Backspace removes the last vertex, Escape cancels;
// - edit tool: click selects (Tab cycles), drag moves, handles resize, vertices move;
//   arrows move the selection (Shift: ×10), Alt+arrows resize a rectangle, Delete removes it.
// Every finished edit is one `roi.set` of that geometry type (shared/api/roi-commands.ts): main
// publishes it and stores it in the cell's request layer; until the new layout arrives this window
// shows its edit (optimistically), and a refusal puts the stored ROIs back.
// Shapes: the backend's readback and the stored request are chart series (roi-overlay.ts, so
// they follow zoom and go into PNG exports); while a ROI tool is active the request is drawn here
// on an SVG layer with its handles instead.
import { ROI_KINDS, roisOfParams, type RoiKind, type RoiPolygon, type RoiRect, type RoiSet } from '../../../shared/api/roi-commands';
import type { RoiPlotState, RoiShape } from '../../../shared/plot-state';
import type { LayerView } from '../../../shared/protocol';
import { chartPalette, roiColor } from '../theme/chart-theme';
import type { CellInteraction } from './interaction';
import { READBACK_STYLE, requestStyle, roiSeries } from './roi-overlay';
import {
  addRoi, cloneSet, deleteRoi, emptyRoiSet, growRect, hitTest, moveRoi, moveVertex, polygonFromPoints, rectFromCorners, rectHandles,
  replaceRoi, resizeRect, roiCommand, sameList, type Handle, type Point, type RoiHit,
} from './roi-geometry';

const SVG_NS = 'http://www.w3.org/2000/svg';
const CURSOR: Record<Handle, string> = { nw: 'nwse-resize', se: 'nwse-resize', ne: 'nesw-resize', sw: 'nesw-resize', n: 'ns-resize', s: 'ns-resize', e: 'ew-resize', w: 'ew-resize' };

interface Target {
  /** The layer the command names (the image). */
  layerId: string;
  workflowId: string;
  sourceName: string;
}

type Drag =
  | { kind: 'new-rect'; start: Point; current: Point }
  | { kind: 'move'; hit: RoiHit; start: Point; original: RoiSet; moved: boolean };

export class RoiEditor {
  private active = false;
  /** This window's edit not yet seen in the layout (kind → set), shown meanwhile. */
  private pending: { kind: RoiKind; set: RoiSet; at: number } | null = null;
  private selected: { kind: RoiKind; position: number } | null = null;
  private drag: Drag | null = null;
  private poly: Point[] = [];
  private cursor: Point | null = null;
  private signature = '';
  private readonly off: (() => void)[] = [];

  constructor(private readonly ix: CellInteraction) {
    const cap = ix.capture;
    const down = (e: PointerEvent): void => this.onDown(e);
    const move = (e: PointerEvent): void => this.onMove(e);
    const up = (e: PointerEvent): void => this.onUp(e);
    const dbl = (e: MouseEvent): void => {
      e.preventDefault();
      e.stopPropagation();
      if (this.ix.ui.tool === 'roi-polygon') this.finishPolygon();
    };
    cap.addEventListener('pointerdown', down);
    cap.addEventListener('pointermove', move);
    cap.addEventListener('pointerup', up);
    cap.addEventListener('dblclick', dbl);
    this.off.push(() => cap.removeEventListener('pointerdown', down), () => cap.removeEventListener('pointermove', move), () => cap.removeEventListener('pointerup', up), () => cap.removeEventListener('dblclick', dbl));
    ix.presenter.setOverlayProvider('roi', () => this.series());
  }

  // ---- state -----------------------------------------------------------------------------

  /** The image layer ROIs are drawn for (the first image layer of a workflow with ROI outputs). */
  target(): Target | null {
    const host = this.ix.hostApi;
    for (const l of host.cell().layers) {
      if (host.plot(l.id)?.kind !== 'image') continue;
      if (!host.roiSupported(l.config.workflowId)) return null;
      return { layerId: l.id, workflowId: l.config.workflowId, sourceName: l.config.sourceNames[0]! };
    }
    return null;
  }

  private requestLayer(kind: RoiKind, t: Target): LayerView | undefined {
    return this.ix.hostApi.cell().layers.find((l) => l.config.plotter === ROI_KINDS[kind].request && l.config.workflowId === t.workflowId && l.config.sourceNames.includes(t.sourceName));
  }

  /** What the layout stores (the request layers' params). */
  stored(): RoiSet {
    const t = this.target();
    if (!t) return emptyRoiSet();
    const r = this.requestLayer('rectangle', t);
    const p = this.requestLayer('polygon', t);
    return {
      rectangles: r ? (roisOfParams('rectangle', r.config.params) as RoiRect[]) : [],
      polygons: p ? (roisOfParams('polygon', p.config.params) as RoiPolygon[]) : [],
    };
  }

  /** What this window shows and edits: the stored set, with its own unconfirmed edit on top. */
  current(): RoiSet {
    const stored = this.stored();
    const p = this.pending;
    if (!p) return stored;
    // The layout caught up (or moved on for 10 s): the stored set is the truth again.
    if (sameList(p.kind, p.set, stored) || Date.now() - p.at > 10_000) {
      this.pending = null;
      return stored;
    }
    return p.kind === 'rectangle' ? { ...stored, rectangles: p.set.rectangles } : { ...stored, polygons: p.set.polygons };
  }

  private readbacks(): RoiPlotState[] {
    const host = this.ix.hostApi;
    return host.cell().layers.flatMap((l) => {
      const p = host.plot(l.id);
      return p?.kind === 'roi' && p.role === 'readback' ? [p] : [];
    });
  }

  /** The topology or a readback changed: redraw the series (and the SVG when editing). */
  refresh(): void {
    const t = this.target();
    const ui = this.ix.ui.roi;
    ui.supported = !!t;
    const set = this.current();
    ui.rectangles = set.rectangles.length;
    ui.polygons = set.polygons.length;
    if (this.selected && !(this.selected.kind === 'rectangle' ? set.rectangles : set.polygons)[this.selected.position]) this.select(null);
    if (!t && this.active) this.ix.setTool('zoom');
    const sig = JSON.stringify([this.active, set, this.readbacks().map((r) => r.shapes), this.requestStyles()]);
    if (sig !== this.signature) {
      this.signature = sig;
      this.ix.presenter.setOverlayProvider('roi', () => this.series());
    }
    this.redraw();
  }

  private requestStyles(): unknown {
    const t = this.target();
    return t ? [this.requestLayer('rectangle', t)?.config.params.style ?? null, this.requestLayer('polygon', t)?.config.params.style ?? null] : null;
  }

  /** Chart series: readback always; the request when no ROI tool is active (the SVG shows it then). */
  private series(): unknown[] {
    const out: unknown[] = [];
    for (const r of this.readbacks()) out.push(roiSeries(`roi-readback-${r.geometry}`, r.shapes, r.geometry === 'rectangle', READBACK_STYLE));
    const t = this.target();
    if (!this.active && t) {
      const set = this.current();
      const rl = this.requestLayer('rectangle', t);
      const pl = this.requestLayer('polygon', t);
      if (set.rectangles.length) out.push(roiSeries('roi-request-rectangle', shapesOf('rectangle', set), true, requestStyle(rl?.config.params ?? {})));
      if (set.polygons.length) out.push(roiSeries('roi-request-polygon', shapesOf('polygon', set), false, requestStyle(pl?.config.params ?? {})));
    }
    return out;
  }

  setActive(on: boolean): void {
    this.active = on;
    if (!on) {
      this.select(null);
      this.drag = null;
      this.poly = [];
    }
    this.showHint();
    this.refresh();
  }

  cancelDrawing(): void {
    this.drag = null;
    this.poly = [];
    this.cursor = null;
    this.redraw();
  }

  private select(sel: { kind: RoiKind; position: number } | null): void {
    this.selected = sel;
    this.ix.ui.roi.selected = sel ? `${sel.kind}:${sel.position}` : null;
  }

  private showHint(): void {
    const tool = this.ix.ui.tool;
    const text = !this.active
      ? null
      : tool === 'roi-rectangle'
        ? 'Drag a rectangle (Enter: one in the middle) · Esc: done'
        : tool === 'roi-polygon'
          ? this.poly.length
            ? `${this.poly.length} vertices · double-click or Enter closes · Backspace undoes · Esc cancels`
            : 'Click the vertices of a polygon (Enter: a triangle in the middle) · Esc: done'
          : 'Click a ROI to select (Tab: next) · drag to move, handles to resize · arrows move · Delete removes';
    this.ix.ui.roi.hint = text;
    this.ix.hint.textContent = text ?? '';
    this.ix.hint.style.display = text ? 'block' : 'none';
  }

  // ---- coordinates -----------------------------------------------------------------------

  private toPixel = (p: Point): Point | null => {
    const c = this.ix.chart;
    const r = c ? (c.convertToPixel({ gridIndex: 0 }, p) as number[] | undefined) : undefined;
    return r && Number.isFinite(r[0]) && Number.isFinite(r[1]) ? [r[0]!, r[1]!] : null;
  };

  private toData = (p: Point): Point | null => {
    const c = this.ix.chart;
    const r = c ? (c.convertFromPixel({ gridIndex: 0 }, p) as number[] | undefined) : undefined;
    return r && Number.isFinite(r[0]) && Number.isFinite(r[1]) ? [r[0]!, r[1]!] : null;
  };

  /** Data units per screen pixel along x and y (for keyboard steps and tolerances). */
  private pixelSize(): Point {
    const a = this.toData([0, 0]);
    const b = this.toData([1, 1]);
    return a && b ? [Math.abs(b[0] - a[0]) || 1, Math.abs(b[1] - a[1]) || 1] : [1, 1];
  }

  // ---- committing --------------------------------------------------------------------------

  private async commit(kind: RoiKind, set: RoiSet): Promise<void> {
    const t = this.target();
    if (!t) return;
    if (sameList(kind, set, this.current())) return; // nothing changed: nothing to publish
    this.pending = { kind, set: cloneSet(set), at: Date.now() };
    this.ix.ui.roi.busy = true;
    this.refresh();
    const r = await this.ix.hostApi.sendRoi(roiCommand(t.layerId, t.sourceName, kind, set));
    this.ix.ui.roi.busy = false;
    if (!r.ok) {
      this.pending = null;
      this.ix.hostApi.notify('error', `ROI not applied: ${r.error ?? 'refused'}`);
    }
    this.refresh();
  }

  private addShape(kind: RoiKind, roi: RoiRect | RoiPolygon): void {
    const added = addRoi(this.current(), kind, roi);
    if (!added) {
      this.ix.hostApi.notify('warning', `At most ${ROI_KINDS[kind].max} ${kind}s: delete one first (edit tool, Delete).`);
      return;
    }
    this.select({ kind, position: added.position });
    void this.commit(kind, added.set);
  }

  /** A default shape in the middle of the view (keyboard creation). */
  private addDefault(kind: RoiKind): void {
    const a = this.ix.axes();
    if (!a) return;
    const [x0, x1] = a.x;
    const [y0, y1] = a.y[0]!;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const w = (x1 - x0) / 8;
    const h = (y1 - y0) / 8;
    if (kind === 'rectangle') this.addShape('rectangle', { x0: cx - w, x1: cx + w, y0: cy - h, y1: cy + h });
    else this.addShape('polygon', { x: [cx - w, cx + w, cx], y: [cy - h, cy - h, cy + h] });
  }

  finishPolygon(): void {
    const tol = this.pixelSize();
    const clicked = this.poly.length;
    const poly = polygonFromPoints(this.poly, Math.max(tol[0], tol[1]) * 3);
    this.poly = [];
    this.cursor = null;
    this.showHint();
    if (poly) this.addShape('polygon', poly);
    else if (clicked > 0) this.ix.hostApi.notify('warning', 'A polygon needs at least 3 distinct vertices.');
    this.redraw();
  }

  // ---- pointer -----------------------------------------------------------------------------

  private onDown(e: PointerEvent): void {
    if (e.button !== 0 || !this.active) return;
    e.preventDefault();
    this.ix.presenter.root.focus({ preventScroll: true });
    const px = this.ix.local(e);
    const d = this.toData(px);
    if (!d) return;
    const tool = this.ix.ui.tool;
    if (tool === 'roi-rectangle') {
      this.drag = { kind: 'new-rect', start: d, current: d };
      this.ix.capture.setPointerCapture?.(e.pointerId);
    } else if (tool === 'roi-polygon') {
      // A click on the first vertex closes the polygon.
      const first = this.poly[0] ? this.toPixel(this.poly[0]) : null;
      if (first && this.poly.length >= 3 && Math.hypot(first[0] - px[0], first[1] - px[1]) <= 8) {
        this.finishPolygon();
        return;
      }
      this.poly.push(d);
      this.showHint();
    } else {
      const hit = hitTest(this.current(), px, this.toPixel, this.toData);
      this.select(hit ? { kind: hit.kind, position: hit.position } : null);
      if (hit) {
        this.drag = { kind: 'move', hit, start: d, original: this.current(), moved: false };
        this.ix.capture.setPointerCapture?.(e.pointerId);
      }
    }
    this.redraw();
  }

  private onMove(e: PointerEvent): void {
    if (!this.active) return;
    const px = this.ix.local(e);
    const d = this.toData(px);
    if (!d) return;
    const drag = this.drag;
    if (!drag) {
      this.cursor = d;
      if (this.ix.ui.tool === 'roi-polygon' && this.poly.length) this.redraw();
      if (this.ix.ui.tool === 'roi-edit') {
        const hit = hitTest(this.current(), px, this.toPixel, this.toData);
        this.ix.capture.style.cursor = hit?.handle ? CURSOR[hit.handle] : hit?.vertex !== undefined ? 'move' : hit ? 'move' : 'default';
      } else this.ix.capture.style.cursor = 'crosshair';
      return;
    }
    if (drag.kind === 'new-rect') {
      drag.current = d;
      this.redraw();
      return;
    }
    drag.moved = true;
    const { hit, start, original } = drag;
    let next = original;
    if (hit.kind === 'rectangle') {
      const r = original.rectangles[hit.position]!;
      const moved = hit.handle ? resizeRect(r, hit.handle, d[0], d[1]) : { x0: r.x0 + d[0] - start[0], x1: r.x1 + d[0] - start[0], y0: r.y0 + d[1] - start[1], y1: r.y1 + d[1] - start[1] };
      if (moved) next = replaceRoi(original, 'rectangle', hit.position, moved);
    } else {
      const p = original.polygons[hit.position]!;
      next = hit.vertex !== undefined ? replaceRoi(original, 'polygon', hit.position, moveVertex(p, hit.vertex, d[0], d[1])) : moveRoi(original, 'polygon', hit.position, d[0] - start[0], d[1] - start[1]);
    }
    this.live = next;
    this.redraw();
  }

  /** The set being dragged (drawn instead of current() until the drag ends). */
  private live: RoiSet | null = null;

  private onUp(e: PointerEvent): void {
    const drag = this.drag;
    this.drag = null;
    this.ix.capture.releasePointerCapture?.(e.pointerId);
    if (!drag) return;
    if (drag.kind === 'new-rect') {
      const a = this.toPixel(drag.start);
      const b = this.toPixel(drag.current);
      const rect = rectFromCorners(drag.start, drag.current);
      // A click (under 3 px) draws nothing.
      if (rect && a && b && Math.abs(a[0] - b[0]) >= 3 && Math.abs(a[1] - b[1]) >= 3) this.addShape('rectangle', rect);
      this.redraw();
      return;
    }
    const next = this.live;
    this.live = null;
    if (drag.moved && next) void this.commit(drag.hit.kind, next);
    this.redraw();
  }

  // ---- keyboard ----------------------------------------------------------------------------

  /** Handles a key when a ROI tool is active; true when it was used. */
  onKey(e: KeyboardEvent): boolean {
    if (!this.active) return false;
    const tool = this.ix.ui.tool;
    const k = e.key;
    if (tool === 'roi-polygon') {
      if (k === 'Enter') {
        if (this.poly.length) this.finishPolygon();
        else this.addDefault('polygon');
        return true;
      }
      if (k === 'Backspace' && this.poly.length) {
        this.poly.pop();
        this.showHint();
        this.redraw();
        return true;
      }
      if (k === 'Escape' && this.poly.length) {
        this.cancelDrawing();
        this.showHint();
        return true;
      }
      return false;
    }
    if (tool === 'roi-rectangle') {
      if (k === 'Enter') {
        this.addDefault('rectangle');
        return true;
      }
      return false;
    }
    // Edit tool.
    const set = this.current();
    const all: { kind: RoiKind; position: number }[] = [
      ...set.rectangles.map((_, i) => ({ kind: 'rectangle' as const, position: i })),
      ...set.polygons.map((_, i) => ({ kind: 'polygon' as const, position: i })),
    ];
    if (k === 'Tab') {
      if (all.length === 0) return true;
      const i = this.selected ? all.findIndex((s) => s.kind === this.selected!.kind && s.position === this.selected!.position) : -1;
      this.select(all[(i + (e.shiftKey ? -1 : 1) + all.length) % all.length] ?? null);
      this.redraw();
      return true;
    }
    const sel = this.selected;
    if (!sel) return false;
    if (k === 'Delete' || k === 'Backspace') {
      this.select(null);
      void this.commit(sel.kind, deleteRoi(set, sel.kind, sel.position));
      return true;
    }
    if (k === 'Escape') {
      this.select(null);
      this.redraw();
      return true;
    }
    const dir: Record<string, Point> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const v = dir[k];
    if (!v) return false;
    const [sx, sy] = this.pixelSize();
    const step = e.shiftKey ? 10 : 1;
    if (e.altKey && sel.kind === 'rectangle') {
      const grown = growRect(set.rectangles[sel.position]!, v[0] * sx * step, v[1] * sy * step);
      if (grown) void this.commit('rectangle', replaceRoi(set, 'rectangle', sel.position, grown));
    } else {
      void this.commit(sel.kind, moveRoi(set, sel.kind, sel.position, v[0] * sx * step, v[1] * sy * step));
    }
    return true;
  }

  // ---- drawing (SVG) ---------------------------------------------------------------------

  redraw(): void {
    const svg = this.ix.svg;
    for (const el of Array.from(svg.querySelectorAll('[data-roi]'))) el.remove();
    if (!this.active) return;
    const doc = svg.ownerDocument;
    const set = this.live ?? this.current();
    const palette = chartPalette();
    const el = (tag: string, attrs: Record<string, string | number>): SVGElement => {
      const e = doc.createElementNS(SVG_NS, tag);
      e.setAttribute('data-roi', '');
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      svg.appendChild(e);
      return e;
    };
    const pts = (xs: number[], ys: number[]): string | null => {
      const out: string[] = [];
      for (let i = 0; i < xs.length; i++) {
        const p = this.toPixel([xs[i]!, ys[i]!]);
        if (!p) return null;
        out.push(`${p[0]},${p[1]}`);
      }
      return out.join(' ');
    };
    const draw = (kind: RoiKind, i: number, xs: number[], ys: number[]): void => {
      const index = ROI_KINDS[kind].indexOffset + i;
      const sel = this.selected?.kind === kind && this.selected.position === i;
      const p = pts(xs, ys);
      if (!p) return;
      const shape = el('polygon', { points: p, fill: roiColor(index), 'fill-opacity': sel ? 0.18 : 0.06, stroke: roiColor(index), 'stroke-width': sel ? 2.5 : 2, 'stroke-dasharray': '6 4' });
      shape.dataset.testid = `roi-shape-${kind}-${i}`;
      const first = this.toPixel([Math.min(...xs), Math.max(...ys)]);
      if (first) {
        const t = el('text', { x: first[0] + 3, y: first[1] + 12, fill: roiColor(index), class: 'roi-label' });
        t.textContent = String(index);
      }
    };
    set.rectangles.forEach((r, i) => draw('rectangle', i, [r.x0, r.x1, r.x1, r.x0], [r.y0, r.y0, r.y1, r.y1]));
    set.polygons.forEach((p, i) => draw('polygon', i, p.x, p.y));
    // Handles of the selection.
    const sel = this.selected;
    const handle = (p: Point, round: boolean): void => {
      const q = this.toPixel(p);
      if (!q) return;
      if (round) el('circle', { cx: q[0], cy: q[1], r: 4, fill: palette.tooltipBackground, stroke: palette.roiRequest, 'stroke-width': 1.5 });
      else el('rect', { x: q[0] - 4, y: q[1] - 4, width: 8, height: 8, fill: palette.tooltipBackground, stroke: palette.roiRequest, 'stroke-width': 1.5 });
    };
    if (sel?.kind === 'rectangle' && set.rectangles[sel.position]) {
      const hs = rectHandles(set.rectangles[sel.position]!);
      for (const h of Object.keys(hs) as Handle[]) handle(hs[h], false);
    } else if (sel?.kind === 'polygon' && set.polygons[sel.position]) {
      const p = set.polygons[sel.position]!;
      p.x.forEach((x, i) => handle([x, p.y[i]!], true));
    }
    // What is being drawn.
    const d = this.drag;
    if (d?.kind === 'new-rect') {
      const a = this.toPixel(d.start);
      const b = this.toPixel(d.current);
      if (a && b) {
        const r = el('rect', { x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), width: Math.abs(b[0] - a[0]), height: Math.abs(b[1] - a[1]), fill: 'none', stroke: palette.roiRequest, 'stroke-width': 1.5, 'stroke-dasharray': '4 3' });
        r.dataset.testid = 'roi-rubber-band';
      }
    }
    if (this.poly.length) {
      const all = this.cursor ? [...this.poly, this.cursor] : this.poly;
      const p = pts(all.map((q) => q[0]), all.map((q) => q[1]));
      if (p) el('polyline', { points: p, fill: 'none', stroke: palette.roiRequest, 'stroke-width': 1.5, 'stroke-dasharray': '4 3' });
      for (const q of this.poly) handle(q, true);
    }
  }

  dispose(): void {
    for (const f of this.off) f();
    this.ix.presenter.setOverlayProvider('roi', null);
  }
}

function shapesOf(kind: RoiKind, set: RoiSet): RoiShape[] {
  const offset = ROI_KINDS[kind].indexOffset;
  return kind === 'rectangle'
    ? set.rectangles.map((r, i) => ({ index: offset + i, x: [r.x0, r.x1], y: [r.y0, r.y1] }))
    : set.polygons.map((p, i) => ({ index: offset + i, x: p.x, y: p.y }));
}
