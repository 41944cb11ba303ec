// Every keyboard shortcut of the app, in one list: the shortcuts page (ShortcutsDialog.vue)
// shows it, and browser mode dispatches the menu actions from it (Electron's menu, main/electron/
// menu.ts, carries the same keys). Other features append theirs with registerShortcuts().
// Menu actions reach the renderer one way in both modes: onMenuAction() here.
import { reactive } from 'vue';
import { isMenuAction, type LivedataBridge, type MenuAction } from '../../shared/bridge';

export interface Shortcut {
  /** Keys as shown, with "Mod" for Ctrl (Cmd on macOS), e.g. "Mod+Shift+S". */
  keys: string;
  description: string;
  /** Heading on the shortcuts page. */
  group: 'Application' | 'Windows' | 'View' | 'Plots' | 'Help' | string;
  /** desktop: the Electron menu only; browser: browser mode only; both. */
  where: 'desktop' | 'browser' | 'both';
  /** A menu action the browser-mode keyboard handler dispatches (Electron's menu sends it itself). */
  action?: MenuAction;
}

/** The keys browser mode cannot take from the browser (Ctrl+N, Ctrl+W…) are desktop-only. */
export const SHORTCUTS: Shortcut[] = reactive([
  { keys: 'Mod+N', description: 'New window', group: 'Windows', where: 'desktop' },
  { keys: 'Mod+O', description: 'Open recording…', group: 'Application', where: 'desktop' },
  { keys: 'Mod+Shift+S', description: 'Save window arrangement…', group: 'Windows', where: 'desktop' },
  { keys: 'Mod+Shift+O', description: 'Open window arrangement…', group: 'Windows', where: 'desktop' },
  { keys: 'Mod+W', description: 'Close window', group: 'Windows', where: 'desktop' },
  { keys: 'Mod+Q', description: 'Quit', group: 'Application', where: 'desktop' },
  { keys: 'Mod+M', description: 'Minimise window', group: 'Windows', where: 'desktop' },
  { keys: 'Mod+PageDown', description: 'Next tab', group: 'View', where: 'desktop', action: 'next-tab' },
  { keys: 'Mod+PageUp', description: 'Previous tab', group: 'View', where: 'desktop', action: 'previous-tab' },
  // Browsers keep Ctrl+PageDown/PageUp for their own tabs.
  { keys: 'Alt+PageDown', description: 'Next tab', group: 'View', where: 'browser', action: 'next-tab' },
  { keys: 'Alt+PageUp', description: 'Previous tab', group: 'View', where: 'browser', action: 'previous-tab' },
  { keys: 'Mod+=', description: 'Zoom in', group: 'View', where: 'both', action: 'ui-zoom-in' },
  { keys: 'Mod+-', description: 'Zoom out', group: 'View', where: 'both', action: 'ui-zoom-out' },
  { keys: 'Mod+0', description: 'Actual size', group: 'View', where: 'both', action: 'ui-zoom-reset' },
  { keys: 'Mod+Alt+1', description: 'Light theme', group: 'View', where: 'both', action: 'theme-light' },
  { keys: 'Mod+Alt+2', description: 'Dark theme', group: 'View', where: 'both', action: 'theme-dark' },
  { keys: 'Mod+Alt+0', description: 'Theme follows the system', group: 'View', where: 'both', action: 'theme-system' },
  { keys: 'F11', description: 'Full screen', group: 'View', where: 'both' },
  { keys: 'Mod+Shift+F12', description: 'Kiosk mode on/off (wall displays; the only way out of kiosk)', group: 'View', where: 'both' },
  { keys: 'Mod+/', description: 'Keyboard shortcuts (this page)', group: 'Help', where: 'both', action: 'show-shortcuts' },
  { keys: 'Mod+Shift+L', description: 'Open log folder', group: 'Help', where: 'desktop' },
  { keys: 'F1', description: 'About (versions, build, instrument)', group: 'Help', where: 'desktop' },
  { keys: 'Escape', description: 'Close a dialog', group: 'Help', where: 'both' },
]);

/** Adds shortcuts of another feature to the list (keys already listed are replaced, not doubled). */
export function registerShortcuts(...more: Shortcut[]): void {
  for (const s of more) {
    const i = SHORTCUTS.findIndex((x) => x.keys === s.keys && x.where === s.where);
    if (i >= 0) SHORTCUTS.splice(i, 1, s);
    else SHORTCUTS.push(s);
  }
}

export const isMac = (): boolean => typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform || navigator.userAgent);

/** "Mod+Shift+S" as this OS writes it. */
export function displayKeys(keys: string, mac = isMac()): string {
  return keys
    .split('+')
    .map((k) => (k === 'Mod' ? (mac ? '⌘' : 'Ctrl') : mac && k === 'Alt' ? '⌥' : mac && k === 'Shift' ? '⇧' : k))
    .join(mac ? '' : '+');
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether a key event is this shortcut's key combination (Mod = Ctrl, or Cmd on macOS). */
export function matches(keys: string, e: KeyLike, mac = isMac()): boolean {
  const parts = keys.split('+');
  const key = parts.pop() ?? '';
  const want = { mod: parts.includes('Mod'), shift: parts.includes('Shift'), alt: parts.includes('Alt') };
  const mod = mac ? e.metaKey : e.ctrlKey;
  if (mod !== want.mod || e.altKey !== want.alt) return false;
  // Shifted punctuation ('+' for '=') depends on the layout: compare the key, and Shift only for letters and named keys.
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const named = key.length > 1 || /[a-z]/i.test(key);
  if (named && e.shiftKey !== want.shift) return false;
  if (key === '=') return k === '=' || k === '+';
  // Alt+digit: some layouts produce another character in e.key; fall back to the physical key.
  const code = (e as KeyLike & { code?: string }).code;
  if (/^[0-9]$/.test(key) && code === `Digit${key}`) return true;
  return k === key.toLowerCase() || k === key;
}

type Listener = (action: MenuAction) => void;
const listeners = new Set<Listener>();

/** Registers a handler for menu actions (Electron menu or browser-mode key); returns an unsubscribe. */
export function onMenuAction(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function dispatchMenuAction(action: MenuAction): void {
  for (const l of [...listeners]) {
    try {
      l(action);
    } catch (err) {
      console.error(`menu action ${action} failed`, err);
    }
  }
}

/**
 * Connects the two sources of menu actions once per page: the Electron bridge when present, and
 * in browser mode the keyboard (for the shortcuts with an action). Returns an uninstall function.
 */
export function installMenuActions(win: Window & { livedata?: LivedataBridge } = window): () => void {
  if (win.livedata?.onMenuAction) {
    return win.livedata.onMenuAction((a) => {
      if (isMenuAction(a)) dispatchMenuAction(a);
    });
  }
  const onKey = (e: KeyboardEvent): void => {
    const hit = SHORTCUTS.find((s) => s.action && s.where !== 'desktop' && matches(s.keys, e));
    if (!hit?.action) return;
    e.preventDefault();
    dispatchMenuAction(hit.action);
  };
  win.addEventListener('keydown', onKey);
  return () => win.removeEventListener('keydown', onKey);
}
