// Colour quantisation of images, decided once in main's compute stage for every window: each
// pixel becomes a level along the colour scale, so windows only look colours up (and an image
// crosses to windows as 1 byte per pixel). Levels:
//   0            masked: NaN, ±Inf (drawn transparent)
//   1            "under": ≤ 0 on a log scale (drawn in a distinct colour the colour bar explains)
//   2..255       along the scale, clamped at both ends
// Also the robust automatic colour range, so that a run's first update never gives a flat image.

export interface ColourScale {
  min: number;
  max: number;
  log: boolean;
}

export const NO_COLOUR = 0;
export const UNDER = 1;
export const FIRST_LEVEL = 2;
export const LEVELS = 255;
/** Number of levels along the scale (FIRST_LEVEL..LEVELS). */
export const SCALE_LEVELS = LEVELS - FIRST_LEVEL + 1;

/**
 * Automatic colour limits from the data, decided once in main so every window agrees:
 * - log: only finite positive values count (≤ 0 is drawn "under"); none → [1, 10];
 * - linear: finite values;
 * - a flat image (min = max) is widened around its value instead of collapsing to one colour at
 *   an end of the scale; an all-NaN image gets [0, 1].
 */
export function autoColourRange(arrays: ArrayLike<number>[], log: boolean): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (!(x > -Infinity && x < Infinity) || (log && !(x > 0))) continue;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  if (min === Infinity) return log ? { min: 1, max: 10 } : { min: 0, max: 1 };
  if (log) {
    // A range below one part in 1e6 of its maximum is float noise around 0, not signal.
    if (max / min < 1.0001) return { min: min / 2, max: max * 2 };
    return { min, max };
  }
  if (!(max - min > Math.abs(max) * 1e-12)) {
    const pad = Math.abs(min) * 0.1 || 1;
    return min >= 0 && min - pad < 0 ? { min: 0, max: max + pad } : { min: min - pad, max: max + pad };
  }
  return { min, max };
}

/**
 * The effective limits in the mapped space (log10 for log scales). A log scale with a
 * non-positive minimum falls back to the smallest positive value in `values`.
 */
export function scaleLimits(color: ColourScale, values?: ArrayLike<number>): { lo: number; hi: number } {
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

/** The value (in data units) at the centre of a level, for colour-bar ticks and approximate read-outs. */
export function levelValue(level: number, color: ColourScale): number {
  const { lo, hi } = scaleLimits(color);
  const t = lo + ((level - FIRST_LEVEL) / (SCALE_LEVELS - 1)) * (hi - lo);
  return color.log ? 10 ** t : t;
}

/** Level per pixel (same order as `values`). */
export function colourLevels(values: ArrayLike<number>, color: ColourScale, out?: Uint8Array): Uint8Array {
  const n = values.length;
  const levels = out && out.length === n ? out : new Uint8Array(n);
  const { lo, hi } = scaleLimits(color, values);
  const scale = (SCALE_LEVELS - 1) / (hi - lo);
  if (color.log) {
    // No log10 per pixel: the level boundaries, mapped back to linear values once, are
    // searched instead (8 comparisons for 254 levels).
    const bounds = new Float64Array(SCALE_LEVELS - 1);
    for (let k = 0; k < SCALE_LEVELS - 1; k++) bounds[k] = 10 ** (lo + (k + 0.5) / scale);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(v > -Infinity && v < Infinity)) {
        levels[i] = NO_COLOUR;
        continue;
      }
      if (!(v > 0)) {
        levels[i] = UNDER;
        continue;
      }
      let a = 0;
      let b = SCALE_LEVELS - 1;
      while (a < b) {
        const m = (a + b) >> 1;
        if (v < bounds[m]) b = m;
        else a = m + 1;
      }
      levels[i] = a + FIRST_LEVEL;
    }
    return levels;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v > -Infinity && v < Infinity)) {
      levels[i] = NO_COLOUR;
      continue;
    }
    let k = Math.round((v - lo) * scale);
    if (k < 0) k = 0;
    else if (k > SCALE_LEVELS - 1) k = SCALE_LEVELS - 1;
    levels[i] = k + FIRST_LEVEL;
  }
  return levels;
}

/** Number of pixels at the "under" level. */
export function countUnder(levels: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < levels.length; i++) if (levels[i] === UNDER) n++;
  return n;
}
