// The 3-D slicer's per-window part: the volume arrives once per update as colour levels (colour
// range decided in main, so every window agrees); each window picks its slice dimension and
// position (view state, never sent to main) or flattens the volume, and gets a 2-D image from
// the levels with a byte copy — no recolouring. Pure: no DOM.
import type { ImagePanel, ImagePlotState, SlicerVolume } from '../../../shared/plot-state';

export interface SlicerView {
  mode: 'slice' | 'flatten';
  /** Dimension sliced (0..2). */
  dim: number;
  /** Index along it. */
  position: number;
}

export const DEFAULT_SLICER_VIEW: SlicerView = { mode: 'slice', dim: 0, position: 0 };

function extentOf(c: Float64Array): { min: number; max: number } {
  if (c.length < 2) return { min: (c[0] ?? 0) - 0.5, max: (c[0] ?? 0) + 0.5 };
  return { min: c[0] - (c[1] - c[0]) / 2, max: c[c.length - 1] + (c[c.length - 1] - c[c.length - 2]) / 2 };
}

/** Clamps a view to the volume (dims may change between updates). */
export function clampView(vol: SlicerVolume, v: SlicerView): SlicerView {
  const dim = Math.max(0, Math.min(vol.dims.length - 1, Math.floor(v.dim)));
  const position = Math.max(0, Math.min(vol.dims[dim].size - 1, Math.floor(v.position)));
  return { mode: v.mode === 'flatten' ? 'flatten' : 'slice', dim, position };
}

/** The 2-D panel a window shows for its view (levels only; values are fetched on demand). */
export function slicePanel(vol: SlicerVolume, view: SlicerView, title: string): { panel: ImagePanel; index: (row: number, col: number) => number } {
  const [d0, d1, d2] = vol.dims;
  const [n0, n1, n2] = [d0.size, d1.size, d2.size];
  const L = vol.levels;
  if (view.mode === 'flatten') {
    // Outer two dims flattened onto y, the inner on x: the whole volume at once.
    const panel: ImagePanel = {
      title, width: n2, height: n0 * n1, levels: L,
      x: { label: d2.name, unit: d2.unit, ...extentOf(d2.coords) },
      y: { label: `${d0.name} × ${d1.name}`, unit: null, min: 0, max: n0 * n1 },
      xDims: [{ name: d2.name, size: n2, unit: d2.unit, coords: d2.coords }],
      yDims: [{ name: d0.name, size: n0, unit: d0.unit, coords: d0.coords }, { name: d1.name, size: n1, unit: d1.unit, coords: d1.coords }],
    };
    return { panel, index: (r, c) => r * n2 + c };
  }
  const v = clampView(vol, view);
  const [ya, xa] = v.dim === 0 ? [1, 2] : v.dim === 1 ? [0, 2] : [0, 1];
  const dims = [d0, d1, d2];
  const strides = [n1 * n2, n2, 1];
  const h = dims[ya].size;
  const w = dims[xa].size;
  const levels = new Uint8Array(w * h);
  const base = v.position * strides[v.dim];
  if (v.dim === 0) levels.set(L.subarray(base, base + w * h));
  else {
    for (let r = 0; r < h; r++) {
      const ro = base + r * strides[ya];
      for (let c = 0; c < w; c++) levels[r * w + c] = L[ro + c * strides[xa]];
    }
  }
  const panel: ImagePanel = {
    title, width: w, height: h, levels,
    x: { label: dims[xa].name, unit: dims[xa].unit, ...extentOf(dims[xa].coords) },
    y: { label: dims[ya].name, unit: dims[ya].unit, ...extentOf(dims[ya].coords) },
  };
  return { panel, index: (r, c) => base + r * strides[ya] + c * strides[xa] };
}

/** The plot a window draws for a slicer state and its view (the state itself is never changed). */
export function slicedPlot(plot: ImagePlotState, view: SlicerView): { plot: ImagePlotState; index: (row: number, col: number) => number } | null {
  const vol = plot.volume;
  if (!vol || vol.dims.length !== 3) return null;
  const { panel, index } = slicePanel(vol, view, plot.panels[0]?.title ?? plot.title);
  return { plot: { ...plot, panels: [panel], width: panel.width, height: panel.height, x: panel.x, y: panel.y }, index };
}

/** The slice label shown beside the slider: "dim_0 = 3.5 mm (index 2 of 10)". */
export function sliceLabel(vol: SlicerVolume, view: SlicerView): string {
  const v = clampView(vol, view);
  const d = vol.dims[v.dim];
  const c = d.coords[v.position];
  return `${d.name} = ${Number.isFinite(c) ? Number(c.toPrecision(4)) : v.position}${d.unit ? ` ${d.unit}` : ''} (${v.position + 1}/${d.size})`;
}
