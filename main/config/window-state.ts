// Where windows were: their bounds, display, maximised/full-screen/kiosk state, tab and zoom.
// Kept in <config>/windows.yaml (written at quit and when windows move) and in arrangement files
// (main/config/arrangement.ts). fitToDisplays is the pure rule that brings a remembered window
// back fully onto a display that exists now: monitors get unplugged, resolutions and scaling change.
import { z } from 'zod';
import { ConfigFile } from './config-file';
import path from 'node:path';

export const RectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type Rect = z.infer<typeof RectSchema>;

export const WindowPlacementSchema = z.object({
  bounds: RectSchema,
  /** The display the window was on, as it was then: id (same machine) and bounds (another machine, id changed). */
  display: z.object({ id: z.number(), bounds: RectSchema, scaleFactor: z.number().positive().default(1) }).optional(),
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
  /** Full screen, no menu, close refused; the operator shortcut leaves it (main/electron/kiosk.ts). */
  kiosk: z.boolean().default(false),
  /** The tab shown: workflows, system, or a grid's name (renderer/src/stores/session-store.ts). */
  tab: z.string().min(1).max(200).optional(),
  /** The window's UI zoom factor. */
  zoom: z.number().min(0.25).max(5).default(1),
});
export type WindowPlacement = z.infer<typeof WindowPlacementSchema>;

export const WindowStateSchema = z.object({
  version: z.literal(1),
  windows: z.array(WindowPlacementSchema).max(32),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export function windowStateFile(configDir: string): ConfigFile<typeof WindowStateSchema> {
  return new ConfigFile(path.join(configDir, 'windows.yaml'), WindowStateSchema);
}

/** What fitToDisplays needs of a display (Electron's Display has these, in DIP). */
export interface DisplayInfo {
  id: number;
  bounds: Rect;
  /** The bounds minus task bars and docks. */
  workArea: Rect;
  scaleFactor: number;
}

export const MIN_WINDOW = { width: 480, height: 320 } as const;

export interface Fitted {
  bounds: Rect;
  /** The display the window goes on. */
  displayId: number;
}

/**
 * The bounds a remembered window gets on the displays present now. Kept as they were when they
 * lie fully in a display's work area; otherwise the window goes to (in order) the display with the
 * same id, one with the same bounds (an arrangement from another machine), the one it overlaps
 * most, or the primary one — shrunk to that work area if needed and moved fully inside it.
 */
export function fitToDisplays(placement: Pick<WindowPlacement, 'bounds' | 'display'>, displays: readonly DisplayInfo[], primaryId: number): Fitted {
  if (displays.length === 0) return { bounds: { ...placement.bounds }, displayId: primaryId };
  const b = placement.bounds;
  const inside = displays.filter((d) => contains(d.workArea, b));
  if (inside.length > 0) {
    // Overlapping displays (mirroring, odd layouts) may all contain it: prefer the remembered one.
    const same = inside.find((d) => d.id === placement.display?.id) ?? inside[0];
    return { bounds: { ...b }, displayId: same.id };
  }
  const remembered = placement.display;
  const target =
    (remembered && displays.find((d) => d.id === remembered.id && sameRect(d.bounds, remembered.bounds))) ??
    (remembered && displays.find((d) => sameRect(d.bounds, remembered.bounds))) ??
    mostOverlapped(b, displays) ??
    (remembered && displays.find((d) => d.id === remembered.id)) ??
    displays.find((d) => d.id === primaryId) ??
    displays[0];
  let source = b;
  // Same display geometry under another id, or the display itself moved in the desktop layout:
  // keep the window's place relative to its display.
  if (remembered && !sameRect(target.bounds, remembered.bounds) && target.id === remembered.id) {
    source = { ...b, x: b.x - remembered.bounds.x + target.bounds.x, y: b.y - remembered.bounds.y + target.bounds.y };
  }
  return { bounds: clampInto(source, target.workArea), displayId: target.id };
}

/** Shrinks to the area (never below the minimum the area allows), then moves fully inside it. */
export function clampInto(r: Rect, area: Rect): Rect {
  const width = Math.min(Math.max(r.width, Math.min(MIN_WINDOW.width, area.width)), area.width);
  const height = Math.min(Math.max(r.height, Math.min(MIN_WINDOW.height, area.height)), area.height);
  const x = Math.min(Math.max(r.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(r.y, area.y), area.y + area.height - height);
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}

function contains(area: Rect, r: Rect): boolean {
  return r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height;
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function mostOverlapped(r: Rect, displays: readonly DisplayInfo[]): DisplayInfo | undefined {
  let best: DisplayInfo | undefined;
  let bestArea = 0;
  for (const d of displays) {
    const a = overlap(r, d.bounds);
    if (a > bestArea) {
      best = d;
      bestArea = a;
    }
  }
  return best;
}
