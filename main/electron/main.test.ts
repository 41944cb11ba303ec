// The Electron front door run under Node with a typed stand-in for the electron module: start-up
// errors end in a dialog and a clean exit that releases the single-instance lock; quitting waits
// for the core and the log; second launches open a window or are refused; no runtime needed.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipcChannel, SESSION_METHODS } from '../../shared/api/methods';
import { FakeIpcMain, FakeScreen, FakeWindow, display } from '../../test/support/electron-fakes';

interface FakeElectron {
  app: EventEmitter & Record<string, unknown>;
  exited: Promise<number>;
  errorBoxes: { title: string; message: string }[];
  messageBoxes: { type?: string; detail?: string }[];
  windows: FakeWindow[];
  ipcMain: FakeIpcMain;
  lockReleased: number;
  menuSet: number;
}

function makeFakeElectron(): { module: Record<string, unknown>; fake: FakeElectron } {
  let resolveExit: (code: number) => void = () => undefined;
  const app = new EventEmitter() as FakeElectron['app'];
  const fake: FakeElectron = {
    app,
    exited: new Promise<number>((r) => (resolveExit = r)),
    errorBoxes: [],
    messageBoxes: [],
    windows: [],
    ipcMain: new FakeIpcMain(),
    lockReleased: 0,
    menuSet: 0,
  };
  Object.assign(app, {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    releaseSingleInstanceLock: () => void fake.lockReleased++,
    setPath: () => undefined,
    getVersion: () => '0.0.0-test',
    exit: (code = 0) => resolveExit(code),
    // As Electron: 'before-quit' may be prevented; otherwise the app would go on to quit.
    quit: () => app.emit('before-quit', { preventDefault: () => undefined }),
  });
  class BrowserWindow extends FakeWindow {
    static getFocusedWindow = (): FakeWindow | null => fake.windows.find((w) => !w.isDestroyed()) ?? null;
    static getAllWindows = (): FakeWindow[] => fake.windows.filter((w) => !w.isDestroyed());
    constructor(opts: { x: number; y: number; width: number; height: number; fullscreen?: boolean; kiosk?: boolean }) {
      super({ bounds: { x: opts.x, y: opts.y, width: opts.width, height: opts.height }, fullScreen: !!opts.fullscreen, kiosk: !!opts.kiosk });
      fake.windows.push(this);
    }
  }
  const module = {
    app,
    BrowserWindow,
    ipcMain: fake.ipcMain,
    dialog: {
      showErrorBox: (title: string, message: string) => void fake.errorBoxes.push({ title, message }),
      showMessageBox: (...args: unknown[]) => {
        fake.messageBoxes.push(args.at(-1) as { type?: string; detail?: string });
        return Promise.resolve({ response: 0 });
      },
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showSaveDialog: () => Promise.resolve({ canceled: true }),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => void fake.menuSet++ },
    screen: new FakeScreen([display(1, 0, 0, 1920, 1080)]),
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    shell: { openExternal: () => Promise.resolve(), openPath: () => Promise.resolve('') },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    net: { fetch: () => Promise.reject(new Error('not in tests')) },
  };
  return { module, fake };
}


const argv0 = process.argv;
afterEach(() => {
  process.argv = argv0;
  vi.doUnmock('electron');
  vi.resetModules();
});

function scratch(): { config: string; logs: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'electron-main-'));
  return { config: path.join(dir, 'config'), logs: path.join(dir, 'logs') };
}

/** Runs main.ts as Electron would, with these arguments; returns the stand-in. */
async function launch(...args: string[]): Promise<FakeElectron> {
  process.argv = ['/opt/livedata/electron', '/opt/livedata/dist/node/main/electron/main.js', ...args];
  vi.resetModules();
  const { module, fake } = makeFakeElectron();
  vi.doMock('electron', () => module);
  await import('./main');
  return fake;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!cond()) throw new Error(`never happened: ${what}`);
}

describe('Electron front door', () => {
  it('an unknown instrument: a dialog naming it, the lock released, exit 1, no window', async () => {
    const d = scratch();
    const e = await launch('--config-dir', d.config, '--log-dir', d.logs, '--instrument', 'dreem');
    expect(await e.exited).toBe(1);
    expect(e.errorBoxes).toEqual([{ title: 'Livedata Desktop cannot start', message: expect.stringMatching(/unknown instrument 'dreem' \(known: .*dummy/) }]);
    expect(e.lockReleased).toBe(1);
    expect(e.windows).toEqual([]);
  });

  it('an unusable config folder: a dialog naming the folder, exit 1', async () => {
    const d = scratch();
    fs.mkdirSync(path.dirname(d.config), { recursive: true });
    fs.writeFileSync(d.config, 'not a folder');
    const e = await launch('--config-dir', d.config, '--log-dir', d.logs);
    expect(await e.exited).toBe(1);
    expect(e.errorBoxes[0].message).toContain(`The config folder ${d.config} cannot be used`);
    expect(e.lockReleased).toBe(1);
  });

  it('a refused option value: a dialog with the usage, exit 2', async () => {
    const d = scratch();
    const e = await launch('--config-dir', d.config, '--log-dir', d.logs, '--log-level', 'verbose');
    expect(await e.exited).toBe(2);
    expect(e.errorBoxes[0].message).toMatch(/--log-level: unknown level 'verbose'[\s\S]*Options:/);
  });

  it('a broken settings file: a dialog naming it, exit 1', async () => {
    const d = scratch();
    fs.mkdirSync(d.config, { recursive: true });
    fs.writeFileSync(path.join(d.config, 'settings.yaml'), 'externalLinks: [http://insecure.example]\n');
    const e = await launch('--config-dir', d.config, '--log-dir', d.logs);
    expect(await e.exited).toBe(1);
    expect(e.errorBoxes[0].message).toMatch(/externalLinks entry "http:\/\/insecure\.example" is not an https:\/\/ URL/);
  });

  it('starts: a window, the IPC handlers, the menu; quitting waits for the core, saves windows, flushes the log, exits 0', async () => {
    const d = scratch();
    const e = await launch('--config-dir', d.config, '--log-dir', d.logs, '--tab', 'system');
    await until(() => e.windows.length === 1, 'first window');
    expect(e.windows[0].webContents.getURL()).toBe('app://livedata/index.html?tab=system');
    expect([...e.ipcMain.handlers.keys()].sort()).toEqual(SESSION_METHODS.map((m) => ipcChannel(m)).sort());
    expect(e.menuSet).toBe(1);
    let prevented = false;
    e.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true); // Electron must not quit before the core has stopped
    expect(await e.exited).toBe(0);
    expect(e.ipcMain.handlers.size).toBe(0);
    expect(fs.readFileSync(path.join(d.config, 'windows.yaml'), 'utf8')).toMatch(/tab: system/);
    expect(fs.readFileSync(path.join(d.logs, 'livedata.log'), 'utf8')).toMatch(/Livedata Desktop stopped/);
  });

  it('a second launch opens a window on its tab, and one naming another instrument is refused with a message', async () => {
    const d = scratch();
    const e = await launch('--config-dir', d.config, '--log-dir', d.logs);
    await until(() => e.windows.length === 1, 'first window');
    e.app.emit('second-instance', {}, ['/opt/livedata/electron', '--tab', 'workflows'], '/home/op');
    expect(e.windows).toHaveLength(2);
    expect(e.windows[1].webContents.getURL()).toBe('app://livedata/index.html?tab=workflows');
    e.app.emit('second-instance', {}, ['/opt/livedata/electron', '--instrument', 'loki'], '/home/op');
    expect(e.windows).toHaveLength(2);
    expect(e.messageBoxes.at(-1)).toMatchObject({ type: 'warning', detail: expect.stringMatching(/already running for dummy on the demo data source\. It cannot also open instrument loki/) });
    e.app.emit('before-quit', { preventDefault: () => undefined });
    expect(await e.exited).toBe(0);
  });

  it('restores the windows of the last run', async () => {
    const d = scratch();
    fs.mkdirSync(d.config, { recursive: true });
    fs.writeFileSync(
      path.join(d.config, 'windows.yaml'),
      'version: 1\nwindows:\n  - { bounds: { x: 10, y: 20, width: 800, height: 600 }, tab: system }\n  - { bounds: { x: 900, y: 20, width: 800, height: 600 }, maximized: true }\n',
    );
    const e = await launch('--config-dir', d.config, '--log-dir', d.logs);
    await until(() => e.windows.length === 2, 'two windows');
    expect(e.windows.map((w) => w.init.bounds)).toEqual([
      { x: 10, y: 20, width: 800, height: 600 },
      { x: 900, y: 20, width: 800, height: 600 },
    ]);
    expect(e.windows[1].isMaximized()).toBe(true);
    e.app.emit('before-quit', { preventDefault: () => undefined });
    expect(await e.exited).toBe(0);
  });
});
