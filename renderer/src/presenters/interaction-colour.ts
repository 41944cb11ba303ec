// A window's own colour range ("autoscale colour" off, "fit to data") over main's colour levels:
// windows receive images as levels along main's range (shared/colour-levels.ts), so a different
// range is a 256-entry table from each level's value in main's range to its level in the
// window's range — no full-precision values needed, accurate to one level of main's scale.
import { colourLevels, FIRST_LEVEL, LEVELS, levelValue, type ColourScale } from '../../../shared/colour-levels';

let cache: { key: string; table: Uint8Array } | null = null;
let scratch: Uint8Array | null = null;

export function levelRemapTable(from: ColourScale, to: ColourScale): Uint8Array {
  const key = JSON.stringify([from.min, from.max, from.log, to.min, to.max, to.log]);
  if (cache?.key === key) return cache.table;
  const table = new Uint8Array(LEVELS + 1);
  table[0] = 0; // masked stays masked
  table[1] = 1; // under stays under
  const values = new Float64Array(LEVELS + 1 - FIRST_LEVEL);
  for (let l = FIRST_LEVEL; l <= LEVELS; l++) values[l - FIRST_LEVEL] = levelValue(l, from);
  table.set(colourLevels(values, to), FIRST_LEVEL);
  cache = { key, table };
  return table;
}

/** The levels to draw: main's, or remapped to the window's own range when it has one. */
export function viewLevels(levels: Uint8Array, color: ColourScale, view: [number, number] | null | undefined): Uint8Array {
  if (!view || !(view[1] > view[0]) || (view[0] === color.min && view[1] === color.max)) return levels;
  const table = levelRemapTable(color, { min: view[0], max: view[1], log: color.log });
  if (!scratch || scratch.length < levels.length) scratch = new Uint8Array(levels.length);
  const out = scratch.subarray(0, levels.length);
  for (let i = 0; i < levels.length; i++) out[i] = table[levels[i]!]!;
  return out;
}
