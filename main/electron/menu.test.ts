import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { isMenuAction, MENU_ACTIONS, type MenuAction } from '../../shared/bridge';
import { buildMenuTemplate, itemsWithoutAccelerator, type MenuHandlers } from './menu';

function handlers(sent: MenuAction[] = []): MenuHandlers {
  const noop = (): void => undefined;
  return { newWindow: noop, openRecording: noop, saveArrangement: noop, openArrangement: noop, toggleKiosk: noop, sendToFocused: (a) => void sent.push(a), openLogFolder: noop, about: noop };
}

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

const PLATFORMS: NodeJS.Platform[] = ['linux', 'win32', 'darwin'];

describe('application menu', () => {
  it('follows each OS: File … Help elsewhere, the app menu first with About and Quit on macOS', () => {
    const labels = (p: NodeJS.Platform) => buildMenuTemplate(handlers(), { platform: p, packaged: true, appName: 'Livedata Desktop' }).map((m) => m.label);
    expect(labels('linux')).toEqual(['&File', '&View', '&Window', '&Help']);
    expect(labels('win32')).toEqual(['&File', '&View', '&Window', '&Help']);
    expect(labels('darwin')).toEqual(['Livedata Desktop', '&File', 'Edit', '&View', '&Window', '&Help']);
    const mac = flatten(buildMenuTemplate(handlers(), { platform: 'darwin', packaged: true, appName: 'Livedata Desktop' }));
    expect(mac.find((i) => i.id === 'about')?.label).toBe('About Livedata Desktop');
  });

  it('has the entries a desktop user expects', () => {
    for (const platform of PLATFORMS) {
      const ids = flatten(buildMenuTemplate(handlers(), { platform, packaged: true, appName: 'L' })).map((i) => i.id);
      for (const id of ['new-window', 'open-recording', 'save-arrangement', 'open-arrangement', 'close-window', 'quit', 'full-screen', 'kiosk', 'ui-zoom-in', 'ui-zoom-out', 'ui-zoom-reset', 'theme-dark', 'show-shortcuts', 'open-log-folder', 'about', 'minimize']) {
        expect(ids, `${platform}: ${id}`).toContain(id);
      }
    }
  });

  it('makes every action reachable by keyboard, with no accelerator used twice', () => {
    for (const platform of PLATFORMS) {
      for (const packaged of [true, false]) {
        const t = buildMenuTemplate(handlers(), { platform, packaged, appName: 'L' });
        // Roles whose keys the OS owns (services, unhide) and the Edit roles (system defaults).
        expect(itemsWithoutAccelerator(t, new Set(['services', 'unhide', 'cut', 'copy', 'paste', 'selectAll']))).toEqual([]);
        const keys = flatten(t).map((i) => i.accelerator).filter(Boolean);
        expect(new Set(keys).size, `${platform} duplicate accelerators`).toBe(keys.length);
      }
    }
  });

  it('has no DevTools or reload in a packaged build', () => {
    for (const platform of PLATFORMS) {
      const roles = flatten(buildMenuTemplate(handlers(), { platform, packaged: true, appName: 'L' })).map((i) => i.role);
      expect(roles).not.toContain('toggleDevTools');
      expect(roles).not.toContain('reload');
      expect(roles).not.toContain('forceReload');
      const dev = flatten(buildMenuTemplate(handlers(), { platform, packaged: false, appName: 'L' })).map((i) => i.role);
      expect(dev).toContain('toggleDevTools');
    }
  });

  it('sends only actions of the shared list to the renderer', () => {
    const sent: MenuAction[] = [];
    for (const item of flatten(buildMenuTemplate(handlers(sent), { platform: 'linux', packaged: true, appName: 'L' }))) {
      if (item.click && !['new-window', 'open-recording', 'save-arrangement', 'open-arrangement', 'kiosk', 'open-log-folder', 'about'].includes(item.id ?? '')) {
        (item.click as () => void)();
      }
    }
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent.every(isMenuAction)).toBe(true);
    expect(isMenuAction('eval')).toBe(false);
    // Edit → Undo/Redo exist on macOS only (the other platforms have no Edit menu).
    expect(MENU_ACTIONS.filter((a) => !a.startsWith('kiosk-') && !a.startsWith('edit-')).every((a) => sent.includes(a))).toBe(true);
  });

  it('macOS: Edit → Undo/Redo reach the page as actions (a role would swallow Cmd+Z before the layout undo sees it)', () => {
    const sent: MenuAction[] = [];
    const items = flatten(buildMenuTemplate(handlers(sent), { platform: 'darwin', packaged: true, appName: 'L' }));
    for (const id of ['edit-undo', 'edit-redo']) (items.find((i) => i.id === id)!.click as () => void)();
    expect(sent).toEqual(['edit-undo', 'edit-redo']);
    expect(items.some((i) => i.role === 'undo' || i.role === 'redo')).toBe(false);
  });

  it('disables Open Recording while the core cannot open recordings', () => {
    const { openRecording: _, ...noReplay } = handlers();
    const item = flatten(buildMenuTemplate(noReplay, { platform: 'linux', packaged: true, appName: 'L' })).find((i) => i.id === 'open-recording');
    expect(item?.enabled).toBe(false);
  });
});
