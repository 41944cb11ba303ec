// Colour quantisation of images, decided once in main's compute stage for every window:
// each pixel becomes a level 1..255 along the colour scale, or 0 for "no colour" (NaN, ±Inf,
// or non-positive on a log scale). Windows then only look levels up in their colour map.

export interface ColourScale {
  min: number;
  max: number;
  log: boolean;
}

export const NO_COLOUR = 0;
export const LEVELS = 255;

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

/** Level per pixel (same order as `values`): 1 at the low limit, 255 at the high one, clamped. */
export function colourLevels(values: ArrayLike<number>, color: ColourScale, out?: Uint8Array): Uint8Array {
  const n = values.length;
  const levels = out && out.length === n ? out : new Uint8Array(n);
  const { lo, hi } = scaleLimits(color, values);
  const scale = (LEVELS - 1) / (hi - lo);
  if (color.log) {
    // No log10 per pixel: the level boundaries, mapped back to linear values once, are
    // searched instead (8 comparisons for 255 levels).
    const bounds = new Float64Array(LEVELS - 1);
    for (let k = 0; k < LEVELS - 1; k++) bounds[k] = 10 ** (lo + (k + 0.5) / scale);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(v > 0) || v === Infinity) {
        levels[i] = NO_COLOUR;
        continue;
      }
      let a = 0;
      let b = LEVELS - 1;
      while (a < b) {
        const m = (a + b) >> 1;
        if (v < bounds[m]) b = m;
        else a = m + 1;
      }
      levels[i] = a + 1;
    }
    return levels;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      levels[i] = NO_COLOUR;
      continue;
    }
    let k = Math.round((v - lo) * scale);
    if (k < 0) k = 0;
    else if (k > LEVELS - 1) k = LEVELS - 1;
    levels[i] = k + 1;
  }
  return levels;
}
