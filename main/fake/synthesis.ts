// Synthetic results for the demo backend: drifting Gaussian bumps plus counting noise, distinct
// per source. Histogram axes are physical: a bump sits at a fixed time of arrival (or
// wavelength, …) whatever binning the job's params ask for, and counts per bin scale with the
// bin width, so changing the bin count or range changes the histogram as a real one would.
import type { DimSpec } from '../instruments/instrument-spec';

/**
 * A stable number in [0,1) per source, so each source has its own curve. Sources of one
 * workflow are spread by the golden ratio (by their index) so neighbours never look alike.
 */
export function variantOf(name: string, index = 0): number {
  return (index * 0.6180339887 + 0.25 * nameHash(name)) % 1;
}

function nameHash(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  // Final avalanche: names that differ in one character must land far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

export function gaussianNoise(): number {
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Factors to a base unit, for the unit enums workflow params offer (parameter_models.py). */
const UNIT_SCALE: Record<string, number> = {
  ns: 1e-9, us: 1e-6, μs: 1e-6, µs: 1e-6, ms: 1e-3, s: 1,
  Å: 1, angstrom: 1, nm: 10,
  '1/Å': 1, '1/angstrom': 1, '1/nm': 0.1,
  m: 1, cm: 0.01, mm: 0.001,
  deg: 1, rad: 180 / Math.PI,
  meV: 1, μeV: 1e-3,
};

/** `value` in `from` expressed in `to`; unchanged when either unit is unknown. */
export function convertUnit(value: number, from: string | null, to: string | null): number {
  if (from === to || from === null || to === null) return value;
  const a = UNIT_SCALE[from];
  const b = UNIT_SCALE[to];
  return a === undefined || b === undefined ? value : (value * a) / b;
}

/** An axis as the job's params define it: bin edges (or points) in `unit`. */
export interface Axis {
  name: string;
  size: number;
  /** size + 1 edges, or size points; null = no coordinate (pixel indices). */
  coord: Float64Array | null;
  unit: string | null;
  /** Where each element sits on [0,1] of the axis's reference range (the profile's frame). */
  position: Float64Array;
  /** Counts scale with this: 1 for the reference binning, 2 for a bin twice as wide. */
  weight: Float64Array;
}

/** The edge params of a histogram axis: start, stop, num_bins, scale, unit (parameter_models.EdgesModel). */
export interface EdgesParams {
  start: number;
  stop: number;
  num_bins: number;
  scale?: string;
  unit?: string | null;
}

export function isEdgesParams(v: unknown): v is EdgesParams {
  const e = v as Partial<EdgesParams> | null;
  return !!e && typeof e === 'object' && typeof e.start === 'number' && typeof e.stop === 'number' && typeof e.num_bins === 'number';
}

/** Edges from params: linear or geometric (log scale), as make_edges upstream. */
export function makeEdges(p: EdgesParams): Float64Array {
  const n = Math.max(1, Math.floor(p.num_bins));
  const out = new Float64Array(n + 1);
  const log = p.scale === 'log' && p.start > 0 && p.stop > 0;
  for (let i = 0; i <= n; i++) {
    const f = i / n;
    out[i] = log ? p.start * Math.pow(p.stop / p.start, f) : p.start + f * (p.stop - p.start);
  }
  return out;
}

/**
 * An axis from edge params, placed in the frame of `reference` (the catalogue's default range,
 * in `referenceUnit`): a bump at a given time of arrival stays there when the range changes.
 */
export function histogramAxis(name: string, p: EdgesParams, reference: EdgesParams): Axis {
  const edges = makeEdges(p);
  const refUnit = reference.unit ?? null;
  const unit = p.unit ?? refUnit;
  const span = reference.stop - reference.start || 1;
  const n = edges.length - 1;
  const position = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = (convertUnit(edges[i], unit, refUnit) - reference.start) / span;
    const hi = (convertUnit(edges[i + 1], unit, refUnit) - reference.start) / span;
    position[i] = (lo + hi) / 2;
    weight[i] = Math.abs(hi - lo) * Math.max(1, reference.num_bins);
  }
  return { name, size: n, coord: edges, unit, position, weight };
}

/** An axis straight from the catalogue's dim (fixed size, evenly spaced coordinate if any). */
export function fixedAxis(dim: DimSpec, size = dim.size): Axis {
  const position = new Float64Array(size);
  const weight = new Float64Array(size).fill(1);
  for (let i = 0; i < size; i++) position[i] = (i + 0.5) / size;
  let coord: Float64Array | null = null;
  if (dim.coord) {
    const n = dim.coord.edges ? size + 1 : size;
    coord = new Float64Array(n);
    const step = (dim.coord.stop - dim.coord.start) / (dim.coord.edges ? size : Math.max(size - 1, 1));
    for (let i = 0; i < n; i++) coord[i] = dim.coord.start + i * step;
  }
  return { name: dim.name, size, coord, unit: dim.coord?.unit ?? null, position, weight };
}

/** Per-axis profile: a drifting main bump plus a smaller per-source one, times the element's weight. */
function profile(axis: Axis, axisIndex: number, update: number, variant: number): Float64Array {
  const centre = 0.5 + 0.25 * Math.sin(0.3 * update + 2 * Math.PI * variant + (axisIndex * Math.PI) / 2);
  const p = new Float64Array(axis.size);
  for (let i = 0; i < axis.size; i++) {
    const x = axis.position[i] - centre;
    // A second, smaller bump makes shapes distinct per source beyond a shift.
    const x2 = axis.position[i] - (1 - centre * 0.8);
    const density = Math.exp(-(x * x) / (2 * 0.15 * 0.15)) + 0.35 * variant * Math.exp(-(x2 * x2) / (2 * 0.05 * 0.05)) + 0.01;
    p[i] = density * axis.weight[i];
  }
  return p;
}

/** N-D counts (C order) of a product of per-axis profiles, with Poisson-like noise (σ = √value). */
export function bumpValues(axes: Axis[], update: number, variant: number, amplitude: number): Float64Array {
  const profiles = axes.map((a, i) => profile(a, i, update, variant));
  const size = axes.reduce((n, a) => n * a.size, 1);
  const out = new Float64Array(size);
  const index = new Array<number>(axes.length).fill(0);
  for (let k = 0; k < size; k++) {
    let v = amplitude;
    for (let a = 0; a < axes.length; a++) v *= profiles[a][index[a]];
    out[k] = Math.max(0, v + Math.sqrt(Math.max(v, 1)) * gaussianNoise());
    for (let a = axes.length - 1; a >= 0; a--) {
      if (++index[a] < axes[a].size) break;
      index[a] = 0;
    }
  }
  return out;
}

/** Fraction of an axis's counts with coordinate in [lo, hi] (a range filter), from its profile. */
export function fractionInRange(axis: Axis, update: number, variant: number, lo: number, hi: number): number {
  if (!axis.coord) return 1;
  const p = profile(axis, 0, update, variant);
  let total = 0;
  let inside = 0;
  const edges = axis.coord.length === axis.size + 1;
  for (let i = 0; i < axis.size; i++) {
    const c = edges ? (axis.coord[i] + axis.coord[i + 1]) / 2 : axis.coord[i];
    total += p[i];
    if (c >= lo && c <= hi) inside += p[i];
  }
  return total > 0 ? inside / total : 0;
}
