// Per-session layout editing state: the click-to-place selection, the open plot wizard or cell
// properties dialog, and which cells show their per-layer detail rows. View state only: the
// layout itself lives in main and arrives with the next poll (widgets never rebuild themselves).
import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import type { CellRegion, LayoutCommand } from '../../../shared/api/layout-commands';
import type { JsonValue } from '../../../shared/json';
import type { LayerConfig } from '../../../shared/protocol';
import { useSessionContext } from '../session/context';
import { useSessionStore } from './session-store';

export const MANAGE_TAB = 'manage';

export type WizardTarget =
  /** A new cell over a region of a grid (after click-to-place). */
  | { mode: 'add-cell'; gridId: string; region: CellRegion }
  /** Another layer on a cell, optionally pre-filled (a suggested overlay). */
  | { mode: 'add-layer'; cellId: string; preset: Partial<LayerConfig> | null }
  /** A layer's new config (a new layer id at the same position). */
  | { mode: 'reconfigure'; cellId: string; layerId: string; config: LayerConfig };

export interface Slot {
  row: number;
  col: number;
}

export const useLayoutEditStore = defineStore('layoutEdit', () => {
  const wizard = shallowRef<WizardTarget | null>(null);
  const propertiesCellId = ref<string | null>(null);
  /** Click-to-place: the first slot clicked (per grid). */
  const anchor = shallowRef<{ gridId: string; slot: Slot } | null>(null);
  /** Keyboard cursor / hovered slot: the region's far corner once anchored. */
  const cursor = shallowRef<{ gridId: string; slot: Slot } | null>(null);
  /** Cells whose per-layer detail rows are shown. */
  const details = reactive(new Set<string>());

  function openWizard(t: WizardTarget): void {
    propertiesCellId.value = null;
    wizard.value = t;
  }
  function closeWizard(): void {
    wizard.value = null;
  }
  function clearPlacement(): void {
    anchor.value = null;
  }
  function toggleDetails(cellId: string): void {
    if (details.has(cellId)) details.delete(cellId);
    else details.add(cellId);
  }

  return { wizard, propertiesCellId, anchor, cursor, details, openWizard, closeWizard, clearPlacement, toggleDetails };
});

/**
 * Sends a layout command for this window. A refusal is shown here only, as a local toast, and
 * returned so a dialog can react; success returns the command's value.
 */
export function useLayoutCommands() {
  const { gateway } = useSessionContext();
  const store = useSessionStore();
  async function run(command: LayoutCommand): Promise<{ ok: true; value: JsonValue } | { ok: false; error: string }> {
    const sessionId = store.sessionId;
    if (!sessionId) {
      store.pushToast({ level: 'error', message: 'Not connected to the app yet', timeMs: Date.now() });
      return { ok: false, error: 'not connected' };
    }
    try {
      const r = await gateway.command({ sessionId, command });
      if (r.ok) return { ok: true, value: r.value };
      store.pushToast({ level: 'error', message: capitalise(r.error), timeMs: Date.now() });
      return { ok: false, error: r.error };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      store.pushToast({ level: 'error', message: capitalise(error), timeMs: Date.now() });
      return { ok: false, error };
    }
  }
  return { run };
}

const capitalise = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** Whether two regions share a slot. */
export function regionsOverlap(a: CellRegion, b: CellRegion): boolean {
  return a.row < b.row + b.rowSpan && b.row < a.row + a.rowSpan && a.col < b.col + b.colSpan && b.col < a.col + a.colSpan;
}

/** The region spanned by two slots (any order). */
export function regionBetween(a: Slot, b: Slot): CellRegion {
  const row = Math.min(a.row, b.row);
  const col = Math.min(a.col, b.col);
  return { row, col, rowSpan: Math.abs(a.row - b.row) + 1, colSpan: Math.abs(a.col - b.col) + 1 };
}
