// The shortcuts page lists what the desktop menu binds: every accelerator of main/electron/menu.ts
// appears in renderer/src/shortcuts.ts (desktop or both), so the page never misses a key.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../main/electron/menu';
import { SHORTCUTS } from '../renderer/src/shortcuts';

const flatten = (items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);

describe('menu and shortcuts page', () => {
  it('lists every accelerator of the Windows/Linux menu', () => {
    const noop = (): void => undefined;
    const template = buildMenuTemplate(
      { newWindow: noop, openRecording: noop, saveArrangement: noop, openArrangement: noop, toggleKiosk: noop, sendToFocused: noop, openLogFolder: noop, about: noop },
      { platform: 'linux', packaged: true, appName: 'L' },
    );
    const listed = new Set(SHORTCUTS.filter((s) => s.where !== 'browser').map((s) => s.keys));
    const missing = flatten(template)
      .map((i) => i.accelerator)
      .filter((a): a is string => typeof a === 'string')
      .map((a) => a.replace('CmdOrCtrl', 'Mod'))
      .filter((a) => !listed.has(a) && a !== 'Super+Up'); // the window manager's own key
    expect(missing).toEqual([]);
  });
});
