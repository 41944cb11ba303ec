import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchMenuAction } from './shortcuts';
import { installKiosk, installTabNavigation, kiosk, setViewParam, viewParam } from './window-url';

/** location/history stand-ins: the renderer tests run under Node. */
let href = 'app://livedata/index.html';
beforeEach(() => {
  href = 'app://livedata/index.html';
  Object.assign(globalThis, {
    location: {
      get href() {
        return href;
      },
      get search() {
        return new URL(href).search;
      },
    },
    history: { state: null, replaceState: (_s: unknown, _t: string, url: URL) => void (href = String(url)) },
  });
});
afterEach(() => {
  delete (globalThis as Record<string, unknown>).location;
  delete (globalThis as Record<string, unknown>).history;
});

function fakeWindow(electron: boolean) {
  const events = new EventEmitter();
  const win = { livedata: electron ? {} : undefined, addEventListener: (t: string, f: (e: unknown) => void) => events.on(t, f), removeEventListener: (t: string, f: (e: unknown) => void) => events.off(t, f) };
  const press = (e: Record<string, unknown>) => events.emit('keydown', { ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, preventDefault: () => undefined, ...e });
  return { win: win as unknown as Window, press };
}

describe('view state in the URL', () => {
  it('sets and removes parameters without touching the others', () => {
    setViewParam('tab', 'detectors');
    setViewParam('zoom', '1.25');
    expect(href).toBe('app://livedata/index.html?tab=detectors&zoom=1.25');
    setViewParam('zoom', null);
    expect(viewParam('tab')).toBe('detectors');
    expect(viewParam('zoom')).toBeNull();
  });

  it('kiosk starts from ?kiosk=1, follows the menu, and in browser mode the operator shortcut', () => {
    href = 'app://livedata/index.html?tab=monitors&kiosk=1';
    const { win, press } = fakeWindow(false);
    const uninstall = installKiosk(win);
    expect(kiosk.value).toBe(true);
    press({ key: 'F12', ctrlKey: true, shiftKey: true, metaKey: process.platform === 'darwin' });
    expect(kiosk.value).toBe(false);
    expect(href).toBe('app://livedata/index.html?tab=monitors');
    dispatchMenuAction('kiosk-enter');
    expect(kiosk.value).toBe(true);
    uninstall();
  });

  it('in Electron leaves the shortcut to main (which also ends OS kiosk) and follows its menu action', () => {
    href = 'app://livedata/index.html?kiosk=1';
    const { win, press } = fakeWindow(true);
    const uninstall = installKiosk(win);
    press({ key: 'F12', ctrlKey: true, shiftKey: true, metaKey: true });
    expect(kiosk.value).toBe(true);
    dispatchMenuAction('kiosk-leave');
    expect(kiosk.value).toBe(false);
    uninstall();
  });

  it('next/previous tab walk the tab strip and wrap around', () => {
    const store = { activeTab: 'workflows', setActiveTab(t: string) { this.activeTab = t; } };
    const off = installTabNavigation(store as never, () => ['workflows', 'grid:a', 'manage', 'system']);
    dispatchMenuAction('next-tab');
    expect(store.activeTab).toBe('grid:a');
    dispatchMenuAction('previous-tab');
    dispatchMenuAction('previous-tab');
    expect(store.activeTab).toBe('system');
    off();
  });
});
