// Colour maps for images: a level (shared/colour-levels.ts, decided once in main) → RGBA. No DOM.
// viridis, magma and inferno are matplotlib's exact 256-entry tables (as published in
// d3-scale-chromatic); cividis is d3's fit of it; gray is linear; RdBu is ColorBrewer's diverging
// map (blue low, red high). Each map has an "under" colour for values ≤ 0 on a log scale, chosen
// to be absent from the map itself.
import { interpolateCividis, interpolateInferno, interpolateMagma, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { FIRST_LEVEL, LEVELS, NO_COLOUR, SCALE_LEVELS, UNDER, scaleLimits, type ColourScale } from '../../../shared/colour-levels';

export { scaleLimits };
export type ColorScale = ColourScale;

export const COLOUR_MAPS = ['viridis', 'magma', 'inferno', 'cividis', 'gray', 'RdBu'] as const;
export type ColourMapName = (typeof COLOUR_MAPS)[number];

const INTERPOLATORS: Record<ColourMapName, (t: number) => string> = {
  viridis: interpolateViridis,
  magma: interpolateMagma,
  inferno: interpolateInferno,
  cividis: interpolateCividis,
  gray: (t) => {
    const v = Math.round(t * 255);
    return `rgb(${v}, ${v}, ${v})`;
  },
  RdBu: (t) => interpolateRdBu(1 - t),
};

/** The "under" colour of each map: clearly outside the map's own colours. */
export const UNDER_COLOURS: Record<ColourMapName, string> = {
  viridis: '#ff00ff',
  magma: '#00e5ff',
  inferno: '#00e5ff',
  cividis: '#ff00ff',
  gray: '#ff2020',
  RdBu: '#00b000',
};

export function isColourMap(name: unknown): name is ColourMapName {
  return typeof name === 'string' && (COLOUR_MAPS as readonly string[]).includes(name);
}

export function parseColour(c: string): [number, number, number] {
  if (c.startsWith('#')) {
    const v = parseInt(c.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(c);
  if (!m) throw new Error(`not a colour: ${c}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export const LUT_SIZE = 256;

const luts = new Map<ColourMapName, Uint8Array>();
/** RGB triples, LUT_SIZE entries, of a map. */
export function lut(name: ColourMapName): Uint8Array {
  let t = luts.get(name);
  if (!t) {
    t = new Uint8Array(LUT_SIZE * 3);
    const f = INTERPOLATORS[name];
    for (let i = 0; i < LUT_SIZE; i++) t.set(parseColour(f(i / (LUT_SIZE - 1))), i * 3);
    luts.set(name, t);
  }
  return t;
}

export const VIRIDIS_LUT: Uint8Array = lut('viridis');

/** The viridis colour of t in [0, 1] (clamped) as [r, g, b]. */
export function viridis(t: number): [number, number, number] {
  return mapColour('viridis', t);
}

export function mapColour(name: ColourMapName, t: number): [number, number, number] {
  const l = lut(name);
  const i = Math.round(Math.max(0, Math.min(1, t)) * (LUT_SIZE - 1)) * 3;
  return [l[i], l[i + 1], l[i + 2]];
}

/** CSS colours along a map (for the colour bar's gradient). */
export function mapStops(name: ColourMapName, n = 16): string[] {
  return Array.from({ length: n }, (_, k) => {
    const [r, g, b] = mapColour(name, k / (n - 1));
    return `rgb(${r},${g},${b})`;
  });
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const pack = (r: number, g: number, b: number, a: number): number =>
  LITTLE_ENDIAN ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;

const levelTables = new Map<ColourMapName, Uint32Array>();
/** Packed RGBA per level: 0 transparent, 1 the under colour, 2..255 along the map. */
export function levelTable(name: ColourMapName): Uint32Array {
  let t = levelTables.get(name);
  if (!t) {
    t = new Uint32Array(LEVELS + 1);
    const l = lut(name);
    for (let k = FIRST_LEVEL; k <= LEVELS; k++) {
      const idx = Math.round(((k - FIRST_LEVEL) * (LUT_SIZE - 1)) / (SCALE_LEVELS - 1)) * 3;
      t[k] = pack(l[idx], l[idx + 1], l[idx + 2], 255);
    }
    t[NO_COLOUR] = 0;
    const [r, g, b] = parseColour(UNDER_COLOURS[name]);
    t[UNDER] = pack(r, g, b, 255);
    levelTables.set(name, t);
  }
  return t;
}

/**
 * Turns colour levels (row 0 = lowest y) into canvas RGBA (row 0 = top): one 32-bit table look-up
 * per pixel, written into `out` (an ImageData's bytes, reused between frames) when it fits.
 */
export function colorizeLevels(levels: Uint8Array, width: number, height: number, out?: Uint8ClampedArray, map: ColourMapName = 'viridis'): Uint8ClampedArray {
  const n = width * height;
  const rgba = out && out.length === n * 4 ? out : new Uint8ClampedArray(n * 4);
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, n);
  const table = levelTable(map);
  for (let row = 0; row < height; row++) {
    const src = row * width;
    const dst = (height - 1 - row) * width;
    for (let col = 0; col < width; col++) px[dst + col] = table[levels[src + col]];
  }
  return rgba;
}
