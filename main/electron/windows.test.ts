// Window wiring without the runtime (typed stand-ins): placements restored and fitted, saved on
// change and at quit, the last window remembered, kiosk windows refusing a stray close.
import { describe, expect, it } from 'vitest';
import type { WindowPlacement } from '../config/window-state';
import { FakeScreen, FakeWindow, display } from '../../test/support/electron-fakes';
import { silentLogger } from '../logging/logger';
import { isKioskShortcut, viewStateOf, WindowManager, windowUrl } from './windows';

function setup(displays = [display(1, 0, 0, 2560, 1440), display(2, 2560, 0, 1920, 1080)]) {
  const saved: WindowPlacement[][] = [];
  const created: FakeWindow[] = [];
  const windows = new WindowManager({
    createWindow: (init) => {
      const w = new FakeWindow(init);
      created.push(w);
      return w;
    },
    screen: new FakeScreen(displays),
    logger: silentLogger(),
    save: (p) => saved.push(p),
    saveDelayMs: 60_000, // saves are forced with saveNow() in these tests
  });
  return { windows, saved, created };
}

const placement = (over: Partial<WindowPlacement>): WindowPlacement => ({
  bounds: { x: 100, y: 100, width: 800, height: 600 },
  maximized: false,
  fullScreen: false,
  kiosk: false,
  zoom: 1,
  ...over,
});

describe('window manager', () => {
  it('reopens windows where they were, on their tab and zoom, fitted to the displays present', () => {
    const { windows, created } = setup([display(1, 0, 0, 2560, 1440)]); // the second monitor is gone
    windows.open(placement({ tab: 'system', zoom: 1.25 }));
    windows.open(placement({ bounds: { x: 2700, y: 50, width: 1600, height: 900 }, display: { id: 2, bounds: { x: 2560, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 }, maximized: true }));
    expect(created[0].init.bounds).toEqual({ x: 100, y: 100, width: 800, height: 600 });
    expect(created[0].webContents.getURL()).toBe('app://livedata/index.html?tab=system&zoom=1.25');
    expect(created[1].init.bounds.x + created[1].init.bounds.width).toBeLessThanOrEqual(2560);
    expect(created[1].maximized).toBe(true);
  });

  it('snapshots bounds, display, state, and the tab and zoom the renderer keeps in its URL', () => {
    const { windows, created } = setup();
    windows.open(placement({ bounds: { x: 2600, y: 40, width: 1000, height: 700 } }));
    created[0].webContents.url = 'app://livedata/index.html?tab=detectors&zoom=1.5';
    created[0].webContents.emit('did-navigate-in-page');
    expect(windows.snapshot()).toEqual([
      {
        bounds: { x: 2600, y: 40, width: 1000, height: 700 },
        display: { id: 2, bounds: { x: 2560, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
        maximized: false,
        fullScreen: false,
        kiosk: false,
        tab: 'detectors',
        zoom: 1.5,
      },
    ]);
  });

  it('remembers the last window when closing it quits the app, and forgets a window closed among others', () => {
    const { windows, saved, created } = setup();
    windows.open(placement({ tab: 'system' }));
    windows.open(placement({ bounds: { x: 300, y: 300, width: 900, height: 700 } }));
    created[1].close();
    windows.saveNow();
    expect(saved.at(-1)).toHaveLength(1);
    created[0].close(); // the last one: the app quits now
    expect(saved.at(-1)).toHaveLength(1);
    expect(saved.at(-1)![0].bounds).toEqual({ x: 100, y: 100, width: 800, height: 600 });
    windows.prepareQuit();
    expect(saved.at(-1)).toHaveLength(1); // an empty list never overwrites it
  });

  it('at quit saves every open window, then ignores the windows closing', () => {
    const { windows, saved, created } = setup();
    for (let i = 0; i < 3; i++) windows.open(placement({ bounds: { x: 100 + i * 50, y: 100, width: 800, height: 600 } }));
    windows.prepareQuit();
    const count = saved.length;
    expect(saved.at(-1)).toHaveLength(3);
    for (const w of created) w.close();
    windows.saveNow();
    expect(saved.length).toBe(count);
  });

  it('a kiosk window refuses a stray close; the operator shortcut leaves kiosk, then it closes', () => {
    const { windows, created } = setup();
    windows.open(placement({ kiosk: true, tab: 'detectors' }));
    const w = created[0];
    expect(w.init.kiosk).toBe(true);
    expect(w.menuBarVisible).toBe(false);
    expect(w.webContents.getURL()).toBe('app://livedata/index.html?tab=detectors&kiosk=1');
    w.close();
    expect(w.isDestroyed()).toBe(false);
    expect(w.webContents.key({ key: 'F12', control: true })).toBe(false); // not the shortcut
    expect(w.webContents.key({ key: 'F12', control: process.platform !== 'darwin', meta: process.platform === 'darwin', shift: true })).toBe(true);
    expect(w.isKiosk()).toBe(false);
    expect(w.menuBarVisible).toBe(true);
    expect(w.webContents.sent.at(-1)).toEqual({ channel: 'livedata:menu-action', args: ['kiosk-leave'] });
    w.close();
    expect(w.isDestroyed()).toBe(true);
  });

  it('a kiosk window closes when the app quits', () => {
    const { windows, created } = setup();
    windows.open(placement({ kiosk: true }));
    windows.prepareQuit();
    created[0].close();
    expect(created[0].isDestroyed()).toBe(true);
  });

  it('opening an arrangement replaces the windows, kiosk ones included, after opening the new ones', () => {
    const { windows, created } = setup();
    windows.open(placement({ kiosk: true }));
    windows.open(placement({}));
    windows.replaceWith([placement({ tab: 'a', fullScreen: true }), placement({ tab: 'b' }), placement({ tab: 'c' })]);
    expect(windows.count).toBe(3);
    expect(created.slice(0, 2).every((w) => w.isDestroyed())).toBe(true);
    expect(created.slice(2).map((w) => viewStateOf(w.webContents.getURL()).tab)).toEqual(['a', 'b', 'c']);
    expect(created[2].init.fullScreen).toBe(true);
  });

  it('a window with nothing remembered is centred on the primary display, the next one cascaded', () => {
    const { windows, created } = setup();
    windows.open();
    windows.open();
    expect(created[0].init.bounds).toEqual({ x: 580, y: 250, width: 1400, height: 900 });
    expect(created[1].init.bounds).toEqual({ x: 608, y: 278, width: 1400, height: 900 });
  });

  it('only our windows pass the IPC sender check', () => {
    const { windows, created } = setup();
    windows.open();
    expect(windows.isOurWindow(created[0].webContents)).toBe(true);
    expect(windows.isOurWindow({ id: -5 })).toBe(false);
    created[0].close();
    expect(windows.isOurWindow(created[0].webContents)).toBe(false);
  });
});

describe('window URL and kiosk shortcut', () => {
  it('round-trips tab, kiosk and zoom, and ignores nonsense zoom', () => {
    expect(windowUrl({})).toBe('app://livedata/index.html');
    expect(viewStateOf(windowUrl({ tab: 'My grid', zoom: 2 }))).toEqual({ tab: 'My grid', zoom: 2 });
    expect(viewStateOf('app://livedata/index.html?zoom=999')).toEqual({ zoom: 1 });
    expect(viewStateOf('not a url')).toEqual({ zoom: 1 });
  });

  it('matches Ctrl+Shift+F12 (Cmd on macOS) on key down only', () => {
    const k = { type: 'keyDown', key: 'F12', control: true, meta: false, shift: true, alt: false };
    expect(isKioskShortcut(k, 'linux')).toBe(true);
    expect(isKioskShortcut({ ...k, type: 'keyUp' }, 'linux')).toBe(false);
    expect(isKioskShortcut({ ...k, alt: true }, 'linux')).toBe(false);
    expect(isKioskShortcut(k, 'darwin')).toBe(false);
    expect(isKioskShortcut({ ...k, control: false, meta: true }, 'darwin')).toBe(true);
  });
});
