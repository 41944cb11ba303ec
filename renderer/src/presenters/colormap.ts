// Viridis colour mapping for detector images: values → RGBA bytes, no DOM needed.
import type { ImagePlotState } from '../../../shared/plot-state';

/**
 * The ten standard viridis stops (matplotlib's viridis sampled at k/9, as published by R's
 * viridisLite). The 256-entry table is a Catmull-Rom spline through them: stops and endpoints
 * are exact, in between it stays within a few percent of matplotlib's table.
 */
export const VIRIDIS_STOPS: readonly string[] = [
  '#440154', '#482878', '#3e4a89', '#31688e', '#26828e',
  '#1f9e89', '#35b779', '#6dcd59', '#b4de2c', '#fde725',
];

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function buildLut(stops: readonly string[], size: number): Uint8Array {
  const pts = stops.map(hexToRgb);
  const last = pts.length - 1;
  const at = (j: number): [number, number, number] => pts[Math.max(0, Math.min(last, j))];
  const lut = new Uint8Array(size * 3);
  for (let i = 0; i < size; i++) {
    const t = (i / (size - 1)) * last;
    const a = Math.min(Math.floor(t), last - 1);
    const f = t - a;
    const p0 = at(a - 1), p1 = at(a), p2 = at(a + 1), p3 = at(a + 2);
    for (let k = 0; k < 3; k++) {
      const v =
        0.5 *
        (2 * p1[k] +
          (-p0[k] + p2[k]) * f +
          (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * f * f +
          (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * f * f * f);
      lut[i * 3 + k] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return lut;
}

export const LUT_SIZE = 256;
/** RGB triples, LUT_SIZE entries. */
export const VIRIDIS_LUT: Uint8Array = buildLut(VIRIDIS_STOPS, LUT_SIZE);

/** The colour of t in [0, 1] (clamped) as [r, g, b]. */
export function viridis(t: number): [number, number, number] {
  const i = Math.round(Math.max(0, Math.min(1, t)) * (LUT_SIZE - 1)) * 3;
  return [VIRIDIS_LUT[i], VIRIDIS_LUT[i + 1], VIRIDIS_LUT[i + 2]];
}

export interface ColorScale {
  min: number;
  max: number;
  log: boolean;
}

/**
 * The effective limits in the mapped space (log10 for log scales). A log scale with a
 * non-positive minimum falls back to the smallest positive value in `values`.
 */
export function scaleLimits(color: ColorScale, values?: ArrayLike<number>): { lo: number; hi: number } {
  let { min, max } = color;
  if (!Number.isFinite(min)) min = 0;
  if (!Number.isFinite(max)) max = min + 1;
  if (color.log) {
    if (!(max > 0)) max = 1;
    if (!(min > 0)) {
      let smallest = Infinity;
      if (values) {
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if (v > 0 && v < smallest) smallest = v;
        }
      }
      min = Number.isFinite(smallest) && smallest < max ? smallest : max / 1e6;
    }
    const lo = Math.log10(min);
    let hi = Math.log10(max);
    if (!(hi > lo)) hi = lo + 1;
    return { lo, hi };
  }
  if (!(max > min)) max = min + 1;
  return { lo: min, hi: max };
}

/**
 * Colour-maps a row-major image (row 0 = lowest y) into RGBA bytes for a canvas (row 0 = top),
 * so rows are flipped vertically. NaN/±Inf, and non-positive values on a log scale, become fully
 * transparent; values outside the limits clamp to the end colours.
 * Writes into `out` when it has the right length (reused between frames), else allocates.
 */
export function colorize(
  values: ArrayLike<number>,
  width: number,
  height: number,
  color: ColorScale,
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  const n = width * height;
  const rgba = out && out.length === n * 4 ? out : new Uint8ClampedArray(n * 4);
  const { lo, hi } = scaleLimits(color, values);
  const scale = (LUT_SIZE - 1) / (hi - lo);
  const log = color.log;
  const lut = VIRIDIS_LUT;
  for (let row = 0; row < height; row++) {
    const src = row * width;
    let dst = (height - 1 - row) * width * 4;
    for (let col = 0; col < width; col++, dst += 4) {
      let v = values[src + col];
      if (log) v = v > 0 ? Math.log10(v) : NaN;
      if (!Number.isFinite(v)) {
        rgba[dst] = 0;
        rgba[dst + 1] = 0;
        rgba[dst + 2] = 0;
        rgba[dst + 3] = 0;
        continue;
      }
      let idx = Math.round((v - lo) * scale);
      if (idx < 0) idx = 0;
      else if (idx > LUT_SIZE - 1) idx = LUT_SIZE - 1;
      const l = idx * 3;
      rgba[dst] = lut[l];
      rgba[dst + 1] = lut[l + 1];
      rgba[dst + 2] = lut[l + 2];
      rgba[dst + 3] = 255;
    }
  }
  return rgba;
}

/** Convenience for an image plot state. */
export function colorizeImage(plot: ImagePlotState, out?: Uint8ClampedArray): Uint8ClampedArray {
  return colorize(plot.values, plot.width, plot.height, plot.color, out);
}
