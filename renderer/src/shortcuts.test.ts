import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { MENU_ACTIONS, type LivedataBridge, type MenuAction } from '../../shared/bridge';
import { dispatchMenuAction, displayKeys, installMenuActions, matches, onMenuAction, registerShortcuts, SHORTCUTS, type KeyLike } from './shortcuts';

const key = (k: string, mods: Partial<KeyLike> & { code?: string } = {}): KeyLike & { code?: string } => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

/** A window stand-in with keydown listeners, optionally with the Electron bridge. */
function fakeWindow(bridge?: Pick<LivedataBridge, 'onMenuAction'>) {
  const events = new EventEmitter();
  const win = {
    livedata: bridge,
    addEventListener: (type: string, fn: (e: unknown) => void) => events.on(type, fn),
    removeEventListener: (type: string, fn: (e: unknown) => void) => events.off(type, fn),
  };
  const press = (e: KeyLike): boolean => {
    let prevented = false;
    events.emit('keydown', { ...e, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { win: win as unknown as Window & { livedata?: LivedataBridge }, press };
}

describe('shortcut list', () => {
  it('has one entry per key combination and mode, each with a description', () => {
    const seen = new Set<string>();
    for (const s of SHORTCUTS) {
      expect(s.description.length).toBeGreaterThan(3);
      for (const where of s.where === 'both' ? ['desktop', 'browser'] : [s.where]) {
        const id = `${where}:${s.keys}`;
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
  });

  it('lists every renderer menu action the keyboard can trigger', () => {
    const withKeys = new Set(SHORTCUTS.map((s) => s.action).filter(Boolean));
    // edit-undo/redo: the macOS Edit menu's Cmd+Z; the page listens to Mod+Z itself (TabStrip.vue).
    for (const a of MENU_ACTIONS.filter((x) => !x.startsWith('kiosk-') && !x.startsWith('edit-'))) expect(withKeys.has(a), a).toBe(true);
  });

  it('lets other features append theirs, replacing rather than doubling a key', () => {
    const before = SHORTCUTS.length;
    registerShortcuts({ keys: 'Mod+Shift+R', description: 'Test-only: record', group: 'Plots', where: 'both' });
    registerShortcuts({ keys: 'Mod+Shift+R', description: 'Test-only: record (renamed)', group: 'Plots', where: 'both' });
    expect(SHORTCUTS.length).toBe(before + 1);
    expect(SHORTCUTS.at(-1)?.description).toBe('Test-only: record (renamed)');
    SHORTCUTS.pop();
  });

  it('writes keys as each OS does', () => {
    expect(displayKeys('Mod+Shift+S', false)).toBe('Ctrl+Shift+S');
    expect(displayKeys('Mod+Shift+S', true)).toBe('⌘⇧S');
  });
});

describe('key matching', () => {
  it('matches Mod as Ctrl, or Cmd on macOS, and requires the other modifiers exactly', () => {
    expect(matches('Mod+/', key('/', { ctrlKey: true }), false)).toBe(true);
    expect(matches('Mod+/', key('/', { metaKey: true }), true)).toBe(true);
    expect(matches('Mod+/', key('/', { metaKey: true }), false)).toBe(false);
    expect(matches('Mod+/', key('/'), false)).toBe(false);
    expect(matches('Mod+PageDown', key('PageDown', { ctrlKey: true, shiftKey: true }), false)).toBe(false);
    expect(matches('Mod+Shift+F12', key('F12', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matches('Mod+Alt+2', key('™', { ctrlKey: true, altKey: true, code: 'Digit2' }), false)).toBe(true);
  });

  it('takes Ctrl+= and Ctrl++ as zoom in whatever the layout', () => {
    expect(matches('Mod+=', key('=', { ctrlKey: true }), false)).toBe(true);
    expect(matches('Mod+=', key('+', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
  });
});

describe('menu actions', () => {
  it('in browser mode come from the keyboard', () => {
    const { win, press } = fakeWindow();
    const got: MenuAction[] = [];
    const off = onMenuAction((a) => got.push(a));
    const uninstall = installMenuActions(win);
    expect(press(key('=', { ctrlKey: true }))).toBe(true);
    expect(press(key('/', { ctrlKey: true }))).toBe(true);
    expect(press(key('n', { ctrlKey: true }))).toBe(false); // desktop-only: the browser keeps it
    expect(got).toEqual(['ui-zoom-in', 'show-shortcuts']);
    uninstall();
    off();
    expect(press(key('=', { ctrlKey: true }))).toBe(false);
  });

  it('in Electron come from the bridge only, and anything not in the shared list is dropped', () => {
    let deliver: (a: MenuAction) => void = () => undefined;
    const { win, press } = fakeWindow({ onMenuAction: (l) => ((deliver = l), () => undefined) });
    const got: MenuAction[] = [];
    const off = onMenuAction((a) => got.push(a));
    installMenuActions(win);
    deliver('theme-dark');
    deliver('rm -rf' as MenuAction);
    expect(press(key('=', { ctrlKey: true }))).toBe(false); // the menu's accelerator handles it
    expect(got).toEqual(['theme-dark']);
    off();
  });

  it('a failing handler does not stop the others', () => {
    const got: string[] = [];
    const offA = onMenuAction(() => {
      throw new Error('boom');
    });
    const offB = onMenuAction((a) => got.push(a));
    const error = console.error;
    console.error = () => undefined;
    try {
      dispatchMenuAction('next-tab');
    } finally {
      console.error = error;
    }
    expect(got).toEqual(['next-tab']);
    offA();
    offB();
  });
});
