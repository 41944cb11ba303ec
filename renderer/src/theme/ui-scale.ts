// UI scale of this window (Ctrl/Cmd +/−/0, View menu): wall displays read from across a control
// room. The scale is this window's own: it rides in the page URL (?zoom=, renderer/src/window-url.ts),
// which Electron's window placements save and restore, and which survives a reload in browser mode.
// Applied as CSS `zoom` on the root element: layout, text and charts scale together and pointer
// coordinates stay consistent (standardised zoom, Chromium ≥ 128).
import { ref, type Ref } from 'vue';
import { setViewParam, viewParam } from '../window-url';

/** The steps Ctrl +/− walk through (browser-like). */
export const SCALE_STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;
export const MIN_SCALE = SCALE_STEPS[0];
export const MAX_SCALE = SCALE_STEPS[SCALE_STEPS.length - 1];

/** The current scale (1 = 100 %), reactive for the status bar or a menu. */
export const uiScale: Ref<number> = ref(1);

const listeners = new Set<(scale: number) => void>();

/** A scale from text (the URL), clamped; null when not a number. */
export function parseScale(text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) return null;
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, v));
}

/** The next step up or down from `scale` (a scale between steps goes to the nearest step that way). */
export function stepScale(scale: number, direction: 1 | -1): number {
  if (direction > 0) return SCALE_STEPS.find((s) => s > scale + 1e-9) ?? MAX_SCALE;
  return [...SCALE_STEPS].reverse().find((s) => s < scale - 1e-9) ?? MIN_SCALE;
}

export function setScale(scale: number): void {
  const s = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
  uiScale.value = s;
  if (typeof document !== 'undefined') document.documentElement.style.setProperty('zoom', s === 1 ? '' : String(s));
  if (typeof location !== 'undefined') setViewParam('zoom', s === 1 ? null : String(Number(s.toFixed(3))));
  for (const l of listeners) l(s);
}

export function zoomIn(): void {
  setScale(stepScale(uiScale.value, 1));
}

export function zoomOut(): void {
  setScale(stepScale(uiScale.value, -1));
}

export function resetZoom(): void {
  setScale(1);
}

/** Called after the scale changed (charts resize). */
export function onScaleChange(listener: (scale: number) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Restores this window's scale from its URL. */
export function initScale(): void {
  setScale(parseScale(viewParam('zoom')) ?? 1);
}
