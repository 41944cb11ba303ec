// Layout commands (domain "layout"): grids, cells and layers, edited by any window; every
// window follows through the topology version. Handled by main/plots/layout-commands.ts.
// Undo/redo of these edits is shared by all windows (the "undo" section below).
import { z } from 'zod';
import { LayerConfigSchema } from '../protocol';

const id = z.string().min(1).max(200);
const title = z.string().trim().min(1).max(200);
/** Grids are 1–6 rows by 1–6 columns (as the reference's grid manager). */
export const MAX_GRID_SIZE = 6;
const size = z.number().int().min(1).max(MAX_GRID_SIZE);
const index = z.number().int().min(0).max(MAX_GRID_SIZE - 1);
const span = z.number().int().min(1).max(MAX_GRID_SIZE);
/** A grid exchanged as YAML (reference grid-template structure): far below the 1 MiB frame limit. */
export const MAX_LAYOUT_YAML = 256 * 1024;

export const CellRegionSchema = z.object({ row: index, col: index, rowSpan: span, colSpan: span });
export type CellRegion = z.infer<typeof CellRegionSchema>;

export const LayoutCommandSchema = z.discriminatedUnion('type', [
  /** A new empty grid, appended after the others. Returns its id. */
  z.object({ type: z.literal('layout.addGrid'), title, rows: size, cols: size }),
  /** A new grid built from one of the instrument's grid templates (catalogue.gridTemplates, by title). Returns its id. */
  z.object({ type: z.literal('layout.addGridFromTemplate'), template: title }),
  /** A grid from YAML in the reference's grid-template structure (export/import). Returns its id. */
  z.object({ type: z.literal('layout.importGrid'), yaml: z.string().min(1).max(MAX_LAYOUT_YAML) }),
  /** A copy of a grid (its cells and layer configs) under a new title ("save as copy"). Returns its id. */
  z.object({ type: z.literal('layout.copyGrid'), gridId: id, title }),
  z.object({ type: z.literal('layout.renameGrid'), gridId: id, title }),
  /** New title and size; cells that still fit stay, the others are removed (undo brings them back). */
  z.object({ type: z.literal('layout.replaceGrid'), gridId: id, title, rows: size, cols: size }),
  /** Moves a grid to a position in the tab order. */
  z.object({ type: z.literal('layout.moveGrid'), gridId: id, toIndex: z.number().int().min(0).max(1000) }),
  /** A disabled grid keeps its cells but shows no tab. */
  z.object({ type: z.literal('layout.setGridEnabled'), gridId: id, enabled: z.boolean() }),
  z.object({ type: z.literal('layout.removeGrid'), gridId: id }),
  /** A cell over a free region, with its first layer (a cell never exists empty). Returns {cellId, layerId}. */
  z.object({ type: z.literal('layout.addCell'), gridId: id, region: CellRegionSchema, title: title.nullable().default(null), layer: LayerConfigSchema }),
  /** null: the title is derived from the first layer ("Workflow (Source)"). */
  z.object({ type: z.literal('layout.setCellTitle'), cellId: id, title: title.nullable() }),
  z.object({ type: z.literal('layout.removeCell'), cellId: id }),
  /** Another layer on top of a cell's others (an overlay). Returns its id. */
  z.object({ type: z.literal('layout.addLayer'), cellId: id, layer: LayerConfigSchema }),
  /** A layer's new config: the layer gets a new id at the same position. Returns the new id. */
  z.object({ type: z.literal('layout.reconfigureLayer'), layerId: id, layer: LayerConfigSchema }),
  /** Removing a cell's last layer removes the cell. */
  z.object({ type: z.literal('layout.removeLayer'), layerId: id }),
  z.object({ type: z.literal('layout.undo') }),
  z.object({ type: z.literal('layout.redo') }),
]);
export type LayoutCommand = z.infer<typeof LayoutCommandSchema>;

/** The shared "undo" section: what Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z would do, in every window. */
export interface UndoView {
  version: number;
  canUndo: boolean;
  canRedo: boolean;
  /** e.g. "remove plot 'Monitors (monitor1)'"; null when there is nothing to undo. */
  undoLabel: string | null;
  redoLabel: string | null;
}
