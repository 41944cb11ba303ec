// Synthetic results for the demo backend: drifting Gaussian bumps plus noise, growing with
// each update for cumulative outputs, distinct per source, with the spec's units and coords.
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

function gaussianNoise(): number {
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** N-D values (C order) of a product of per-axis bumps whose centres drift with `update`. */
export function bumpValues(dims: DimSpec[], update: number, variant: number, amplitude: number): Float64Array {
  const profiles = dims.map((d, axis) => {
    const centre = 0.5 + 0.25 * Math.sin(0.3 * update + 2 * Math.PI * variant + (axis * Math.PI) / 2);
    const p = new Float64Array(d.size);
    for (let i = 0; i < d.size; i++) {
      const x = (i + 0.5) / d.size - centre;
      // A second, smaller bump makes shapes distinct per source beyond a shift.
      const x2 = (i + 0.5) / d.size - (1 - centre * 0.8);
      p[i] = Math.exp(-(x * x) / (2 * 0.15 * 0.15)) + 0.35 * variant * Math.exp(-(x2 * x2) / (2 * 0.05 * 0.05));
    }
    return p;
  });
  const size = dims.reduce((n, d) => n * d.size, 1);
  const out = new Float64Array(size);
  // A flat background (1% of the peak) plus counting noise (σ = √value), like a detector.
  const background = 0.01 * amplitude;
  const index = new Array<number>(dims.length).fill(0);
  for (let k = 0; k < size; k++) {
    let v = amplitude;
    for (let a = 0; a < dims.length; a++) v *= profiles[a][index[a]];
    v += background;
    out[k] = Math.max(0, v + Math.sqrt(Math.max(v, 1)) * gaussianNoise());
    for (let a = dims.length - 1; a >= 0; a--) {
      if (++index[a] < dims[a].size) break;
      index[a] = 0;
    }
  }
  return out;
}

export function coordValues(dim: DimSpec): Float64Array | null {
  if (!dim.coord) return null;
  const n = dim.coord.edges ? dim.size + 1 : dim.size;
  const out = new Float64Array(n);
  const step = (dim.coord.stop - dim.coord.start) / (dim.coord.edges ? dim.size : Math.max(dim.size - 1, 1));
  for (let i = 0; i < n; i++) out[i] = dim.coord.start + i * step;
  return out;
}
