// What the Electron preload exposes on `window.livedata`: the session API, a wake hint, and the
// menu actions main forwards to the window (UI zoom, theme, shortcuts page…). Zod-free on purpose:
// the sandboxed preload bundle imports this file and must stay tiny.
import type { SessionApi } from './session-api';

/**
 * Menu and shortcut actions the renderer carries out itself (its UI scale, theme, tabs, dialogs).
 * One list for main (menu.ts sends only these), the preload (drops anything else) and the
 * renderer (renderer/src/shortcuts.ts dispatches them; browser mode from the keyboard).
 */
export const MENU_ACTIONS = [
  'ui-zoom-in',
  'ui-zoom-out',
  'ui-zoom-reset',
  'theme-light',
  'theme-dark',
  'theme-system',
  'next-tab',
  'previous-tab',
  'show-shortcuts',
  'kiosk-enter',
  'kiosk-leave',
  'edit-undo',
  'edit-redo',
] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

export function isMenuAction(value: unknown): value is MenuAction {
  return typeof value === 'string' && (MENU_ACTIONS as readonly string[]).includes(value);
}

/** IPC channel main → window for menu actions. */
export const MENU_ACTION_CHANNEL = 'livedata:menu-action';

export interface LivedataBridge extends SessionApi {
  /** Registers a listener for the data-free wake hint; returns an unsubscribe function. */
  onWake(listener: () => void): () => void;
  /** Registers a listener for menu actions of this window; returns an unsubscribe function. */
  onMenuAction(listener: (action: MenuAction) => void): () => void;
}
