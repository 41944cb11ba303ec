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

import { LEVELS, NO_COLOUR, scaleLimits, type ColourScale } from '../../../shared/colour-levels';

export { scaleLimits };
export type ColorScale = ColourScale;

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

/** RGBA per colour level: level 0 transparent, levels 1..255 spread over the colour map. */
const LEVEL_RGBA: Uint8Array = (() => {
  const t = new Uint8Array((LEVELS + 1) * 4);
  for (let k = 1; k <= LEVELS; k++) {
    const idx = Math.round(((k - 1) * (LUT_SIZE - 1)) / (LEVELS - 1)) * 3;
    t.set([VIRIDIS_LUT[idx], VIRIDIS_LUT[idx + 1], VIRIDIS_LUT[idx + 2], 255], k * 4);
  }
  t.set([0, 0, 0, 0], NO_COLOUR * 4);
  return t;
})();

/** Turns colour levels decided in main (row 0 = lowest y) into canvas RGBA (row 0 = top). */
export function colorizeLevels(levels: Uint8Array, width: number, height: number, out?: Uint8ClampedArray): Uint8ClampedArray {
  const n = width * height;
  const rgba = out && out.length === n * 4 ? out : new Uint8ClampedArray(n * 4);
  for (let row = 0; row < height; row++) {
    const src = row * width;
    let dst = (height - 1 - row) * width * 4;
    for (let col = 0; col < width; col++, dst += 4) {
      const k = levels[src + col] * 4;
      rgba[dst] = LEVEL_RGBA[k];
      rgba[dst + 1] = LEVEL_RGBA[k + 1];
      rgba[dst + 2] = LEVEL_RGBA[k + 2];
      rgba[dst + 3] = LEVEL_RGBA[k + 3];
    }
  }
  return rgba;
}

/** An image plot state into canvas RGBA: from its precomputed levels when it has them. */
export function colorizeImage(plot: ImagePlotState, out?: Uint8ClampedArray): Uint8ClampedArray {
  if (plot.levels && plot.levels.length === plot.width * plot.height) return colorizeLevels(plot.levels, plot.width, plot.height, out);
  return colorize(plot.values, plot.width, plot.height, plot.color, out);
}
