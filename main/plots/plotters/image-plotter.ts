// Images: 2-D data of one or more sources (overlaid, or side by side in layout mode), the 3-D
// slicer (the whole volume as colour levels; each window picks its slice) and flatten (N-D → 2-D
// with a choice of dims on x). The colour range and the colour levels are decided here once, so
// every window shows the same colours; full-precision values stay in main (panelValues) and are
// fetched on demand for the hover read-out and export.
import { autoColourRange, colourLevels, countUnder } from '../../../shared/colour-levels';
import type { LayerQuery } from '../../../shared/api/layer-queries';
import type { AspectType, FlatDim, ImagePanel, ImagePlotState, PlotState, SlicerVolume } from '../../../shared/plot-state';
import type { PlotterName } from '../../../shared/plotters';
import type { DataArray } from '../../../shared/wire/data-array';
import { axisValues, numeric, timeSpan } from './data-access';
import { readParams, type Params } from './params';
import { PlotError, sourceTitle, type Plotter, type PlotterContext, type PlotterInput } from './plotter';
import { TemporalBuffer, timeWindowSpec } from '../temporal-buffer';

/** Full-precision values behind a panel or volume: in main only, answered by `layer.values`. */
const fullValues = new WeakMap<object, Float32Array>();

export function valuesOf(panelOrVolume: object): Float32Array | undefined {
  return fullValues.get(panelOrVolume);
}

export interface PanelInput {
  title: string;
  width: number;
  height: number;
  values: Float32Array;
  x: ImagePanel['x'];
  y: ImagePanel['y'];
  xDims?: FlatDim[];
  yDims?: FlatDim[];
}

/** The colour range: manual limits from params, else robust auto limits over every panel. */
export function colourRange(p: Params, arrays: ArrayLike<number>[]): { min: number; max: number; log: boolean } {
  const log = p.str('plot_scale.color_scale', 'log') === 'log';
  if (p.bool('plot_scale.manual_color_limits', false)) {
    return { min: p.num('plot_scale.color_min', 0), max: p.num('plot_scale.color_max', 1), log };
  }
  return { ...autoColourRange(arrays, log), log };
}

/** An image plot state from panels: one colour range, levels per panel, values kept in main. */
export function imageState(ctx: PlotterContext, p: Params, panels: PanelInput[], unit: string | null, datas: DataArray[], volume?: { dims: SlicerVolume['dims']; values: Float32Array }): ImagePlotState {
  const range = colourRange(p, volume ? [volume.values] : panels.map((q) => q.values));
  const out: ImagePanel[] = panels.map((q) => {
    const panel: ImagePanel = { title: q.title, width: q.width, height: q.height, levels: colourLevels(q.values, range), x: q.x, y: q.y };
    if (q.xDims) panel.xDims = q.xDims;
    if (q.yDims) panel.yDims = q.yDims;
    fullValues.set(panel, q.values);
    return panel;
  });
  let vol: SlicerVolume | null = null;
  if (volume) {
    vol = { dims: volume.dims, levels: colourLevels(volume.values, range) };
    fullValues.set(vol, volume.values);
  }
  const under = (vol ? countUnder(vol.levels) : 0) + out.reduce((n, q) => n + (vol ? 0 : countUnder(q.levels)), 0);
  const first = out[0];
  return {
    kind: 'image',
    title: ctx.title,
    width: first.width,
    height: first.height,
    x: first.x,
    y: first.y,
    panels: out,
    combine: p.str('layout.combine_mode', 'overlay') === 'layout' ? 'layout' : 'overlay',
    columns: p.num('layout.layout_columns', 2),
    color: { ...range, unit, map: p.str('color_map.name', 'viridis'), under },
    aspect: { type: p.str('plot_aspect.aspect_type', 'Free') as AspectType, ratio: p.num('plot_aspect.ratio', 1) },
    ticks: p.ticks(),
    volume: vol,
    ...timeSpan(datas),
  };
}

function extent(v: Float64Array): { min: number; max: number } {
  return { min: v[0], max: v[v.length - 1] };
}

function toFloat32(raw: ArrayLike<number>): Float32Array {
  return raw instanceof Float32Array ? raw : Float32Array.from(raw as ArrayLike<number>);
}

/** Answers `layer.values`: one pixel's value, or a whole panel (or volume) for export. */
export function imageValuesQuery(q: LayerQuery, latest: PlotState | null): unknown {
  if (q.type !== 'layer.values') return undefined;
  if (!latest || latest.kind !== 'image') throw new Error('no image data yet');
  const target: object | undefined = q.volume ? latest.volume ?? undefined : latest.panels[q.panel ?? 0];
  if (!target) throw new Error(q.volume ? 'this image has no volume' : `no panel ${q.panel ?? 0}`);
  const values = fullValues.get(target);
  if (!values) throw new Error('values unavailable');
  if (q.index === undefined || q.index === null) return values;
  if (!Number.isInteger(q.index) || q.index < 0 || q.index >= values.length) throw new Error(`index ${q.index} outside the image`);
  return values[q.index];
}

export class ImagePlotter implements Plotter {
  private readonly p: Params;
  private readonly buffer: TemporalBuffer;

  constructor(
    private readonly ctx: PlotterContext,
    private readonly name: PlotterName = 'image',
  ) {
    this.p = readParams(name, ctx.params);
    this.buffer = new TemporalBuffer(timeWindowSpec(this.p), ctx.temporality);
  }

  compute(raw: PlotterInput[]): ImagePlotState {
    if (raw.length === 0) throw new PlotError('no data');
    const inputs = this.buffer.apply(raw);
    const datas = inputs.map((i) => i.data);
    const unit = inputs[0].data.signal.unit;
    if (this.name === 'slicer') return this.slicer(inputs, unit, datas);
    if (this.name === 'flatten') return imageState(this.ctx, this.p, inputs.map((i) => this.flatten(i)), unit, datas);
    const panels = inputs.map(({ sourceName, data }) => this.plane(sourceName, data));
    return imageState(this.ctx, this.p, panels, unit, datas);
  }

  query(q: LayerQuery, latest: PlotState | null): unknown {
    return imageValuesQuery(q, latest);
  }

  private label(dim: string): string {
    return this.ctx.labels?.dims?.[dim] ?? dim;
  }

  /** A 2-D source as one panel (outer dims of more-D data are summed, which the title says). */
  private plane(sourceName: string, data: DataArray): PanelInput {
    const shape = data.signal.shape;
    if (shape.length < 2) throw new PlotError(`image needs 2-D data; ${sourceName} has ${shape.length} dimensions`);
    const height = shape[shape.length - 2];
    const width = shape[shape.length - 1];
    const plane = width * height;
    const raw = numeric(data.signal);
    const layers = raw.length / plane;
    let values: Float32Array;
    if (layers === 1) values = toFloat32(raw);
    else {
      values = new Float32Array(plane);
      // NaN (masked) stays NaN only if masked in every layer.
      for (let i = 0; i < plane; i++) {
        let sum = 0;
        let any = false;
        for (let l = 0; l < layers; l++) {
          const v = raw[l * plane + i];
          if (!Number.isNaN(v)) {
            sum += v;
            any = true;
          }
        }
        values[i] = any ? sum : NaN;
      }
    }
    const yName = data.signal.axes[shape.length - 2] ?? 'y';
    const xName = data.signal.axes[shape.length - 1] ?? 'x';
    const xs = axisValues(data, xName, width);
    const ys = axisValues(data, yName, height);
    const summed = shape.length > 2 ? ` (sum over ${data.signal.axes.slice(0, -2).join(', ')})` : '';
    return {
      title: sourceTitle(this.ctx, sourceName) + summed,
      width, height, values,
      x: { label: this.label(xName), unit: xs.unit, ...extent(xs.values) },
      y: { label: this.label(yName), unit: ys.unit, ...extent(ys.values) },
    };
  }

  /** 3-D: the volume crosses as levels; the first panel is the middle slice along dim 0 (a default view). */
  private slicer(inputs: PlotterInput[], unit: string | null, datas: DataArray[]): ImagePlotState {
    if (inputs.length > 1) throw new PlotError('the 3D slicer shows one source; pick one');
    const { sourceName, data } = inputs[0];
    const shape = data.signal.shape;
    if (shape.length !== 3) throw new PlotError(`the 3D slicer needs 3-D data; ${sourceName} has ${shape.length} dimensions`);
    const values = toFloat32(numeric(data.signal));
    const dims = shape.map((size, i) => {
      const name = data.signal.axes[i] ?? `dim_${i}`;
      const a = axisValues(data, name, size);
      return { name, size, unit: a.unit, coords: centres(a.values, a.edges) };
    });
    // The default panel: slice 0 of dim 0 (what a window shows before its first choice).
    const [, h, w] = shape as [number, number, number];
    const first = values.slice(0, w * h);
    const panel: PanelInput = {
      title: sourceTitle(this.ctx, sourceName), width: w, height: h, values: first,
      x: { label: this.label(dims[2].name), unit: dims[2].unit, ...edgeExtent(dims[2].coords) },
      y: { label: this.label(dims[1].name), unit: dims[1].unit, ...edgeExtent(dims[1].coords) },
    };
    return imageState(this.ctx, this.p, [panel], unit, datas, { dims, values });
  }

  /** N-D (3–6 dims) → 2-D: dims on x (by position) flattened together, the rest on y. */
  private flatten({ sourceName, data }: PlotterInput): PanelInput {
    const shape = data.signal.shape;
    const nd = shape.length;
    if (nd < 3 || nd > 6) throw new PlotError(`flatten needs 3–6 dims; ${sourceName} has ${nd}`);
    const xSel = [...new Set(this.p.nums('flatten.axis_x_dims'))].filter((d) => Number.isInteger(d));
    if (xSel.some((d) => d < 0 || d >= nd)) throw new PlotError(`flatten: dims on x must be positions 0–${nd - 1}`);
    if (xSel.length === 0 || xSel.length === nd) throw new PlotError('flatten: put at least one dim on x and one on y');
    let xDims = xSel.sort((a, b) => a - b);
    let yDims = shape.map((_, i) => i).filter((i) => !xDims.includes(i));
    if (this.p.bool('flatten.transpose_x_flatten', false)) xDims = [...xDims].reverse();
    if (this.p.bool('flatten.transpose_y_flatten', false)) yDims = [...yDims].reverse();
    if (this.p.bool('flatten.transpose', false)) [xDims, yDims] = [yDims, xDims];
    const raw = numeric(data.signal);
    const strides = new Array<number>(nd);
    for (let i = nd - 1, s = 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    const size = (ds: number[]): number => ds.reduce((n, d) => n * shape[d], 1);
    const width = size(xDims);
    const height = size(yDims);
    const values = new Float32Array(width * height);
    // Offsets into the input of every x index and every y index (outer dim of each group first).
    const offsets = (ds: number[], n: number): Int32Array => {
      const out = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        let rem = k;
        let off = 0;
        for (let j = ds.length - 1; j >= 0; j--) {
          const d = ds[j];
          off += (rem % shape[d]) * strides[d];
          rem = Math.floor(rem / shape[d]);
        }
        out[k] = off;
      }
      return out;
    };
    const xo = offsets(xDims, width);
    const yo = offsets(yDims, height);
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) values[r * width + c] = raw[yo[r] + xo[c]];
    const flat = (ds: number[]): FlatDim[] => ds.map((d) => {
      const name = data.signal.axes[d] ?? `dim_${d}`;
      const a = axisValues(data, name, shape[d]);
      return { name, size: shape[d], unit: a.unit, coords: a.unit === null && a.edges ? null : centres(a.values, a.edges) };
    });
    const fx = flat(xDims);
    const fy = flat(yDims);
    const axisLabel = (f: FlatDim[]): string => f.map((d) => this.label(d.name)).join(' × ');
    return {
      title: sourceTitle(this.ctx, sourceName), width, height, values,
      x: { label: axisLabel(fx), unit: fx.length === 1 ? fx[0].unit : null, min: 0, max: width },
      y: { label: axisLabel(fy), unit: fy.length === 1 ? fy[0].unit : null, min: 0, max: height },
      xDims: fx, yDims: fy,
    };
  }
}

/** Bin centres of edges (or the points themselves). */
function centres(v: Float64Array, edges: boolean): Float64Array {
  if (!edges) return v;
  const out = new Float64Array(v.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = (v[i] + v[i + 1]) / 2;
  return out;
}

/** The image extent of pixel centres: half a pixel beyond the first and last centre. */
function edgeExtent(c: Float64Array): { min: number; max: number } {
  if (c.length < 2) return { min: (c[0] ?? 0) - 0.5, max: (c[0] ?? 0) + 0.5 };
  const h0 = (c[1] - c[0]) / 2;
  const h1 = (c[c.length - 1] - c[c.length - 2]) / 2;
  return { min: c[0] - h0, max: c[c.length - 1] + h1 };
}
