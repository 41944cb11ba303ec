// The persisted layout (layout.yaml): grids, cells and layer configs, without ids (ids are per
// process). Parsed entry by entry, leniently: an entry this build cannot use (a grid of the
// wrong shape, a cell that does not fit, a layer naming an unknown workflow) is kept verbatim
// and written back unchanged, so nothing the user wrote is lost to an older or newer build.
import { z } from 'zod';
import type { JsonValue } from '../../shared/json';
import { MAX_GRID_SIZE } from '../../shared/api/layout-commands';

const title = z.string().min(1).max(200);

/** The file as a whole: only its outer shape decides "corrupt"; entries are checked one by one. */
export const LayoutFileSchema = z.object({
  grids: z.array(z.unknown()).max(1000),
});
export type LayoutFile = { grids: JsonValue[] };

export const GridEntrySchema = z.object({
  title,
  rows: z.number().int().min(1).max(MAX_GRID_SIZE),
  cols: z.number().int().min(1).max(MAX_GRID_SIZE),
  enabled: z.boolean().default(true),
  cells: z.array(z.unknown()).max(MAX_GRID_SIZE * MAX_GRID_SIZE * 4).default([]),
});
export type GridEntry = z.infer<typeof GridEntrySchema>;

export const CellEntrySchema = z.object({
  row: z.number().int().min(0),
  col: z.number().int().min(0),
  rowSpan: z.number().int().min(1).default(1),
  colSpan: z.number().int().min(1).default(1),
  title: z.string().max(200).nullable().default(null),
  layers: z.array(z.unknown()).min(1).max(64),
});
export type CellEntry = z.infer<typeof CellEntrySchema>;

/** The first problem of a failed parse, as one line ("rows: too big"). */
export function zodProblem(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`)
    .join('; ');
}

/** A short description of a verbatim entry for the UI ("grid 'X'", "cell at 1,2"). */
export function describeRaw(raw: unknown, fallback: string): string {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if (typeof o.title === 'string' && o.title) return o.title.slice(0, 200);
    if (typeof o.workflowId === 'string') {
      const src = Array.isArray(o.sourceNames) ? ` (${o.sourceNames.filter((s) => typeof s === 'string').join(', ')})` : '';
      return `${o.workflowId} → ${String(o.outputName ?? '?')}${src}`.slice(0, 200);
    }
    if (typeof o.plot_name === 'string') return `${o.plot_name} plot`;
    if (typeof o.row === 'number' && typeof o.col === 'number') return `cell at row ${o.row + 1}, column ${o.col + 1}`;
  }
  return fallback;
}
