// The IPC glue without the Electron runtime (typed stand-ins: test/support/electron-fakes.ts):
// every handler refuses foreign senders and invalid payloads before the gateway sees them;
// closed, crashed and timed-out windows' sessions are freed and forgotten.
import { describe, expect, it } from 'vitest';
import { ipcChannel, SESSION_METHODS, type SessionMethod } from '../../shared/api/methods';
import { FakeIpcMain, FakeWebContents, FakeScreen, FakeWindow, display } from '../../test/support/electron-fakes';
import { ScriptedTransport } from '../../test/support/scripted-transport';
import { Core } from '../app/core';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { APP_ORIGIN } from './app-url';
import { IpcBridge } from './ipc';
import { WindowManager } from './windows';

const PAGE = `${APP_ORIGIN}index.html`;

function setup(sessionTimeoutMs?: number) {
  const logger = silentLogger();
  const core = new Core({ instrument: dummyInstrument, transport: new ScriptedTransport(), logger, autoStart: false, configDir: null, sessionTimeoutMs });
  const calls: SessionMethod[] = [];
  // Counts what reaches the gateway: a refused call must never get there.
  const gateway = new Proxy(core.gateway, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value === 'function' && (SESSION_METHODS as readonly string[]).includes(String(prop))) {
        return (...args: unknown[]) => {
          calls.push(prop as SessionMethod);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const ipcMain = new FakeIpcMain();
  const windows = new WindowManager({ createWindow: (init) => new FakeWindow(init), screen: new FakeScreen([display(1, 0, 0, 1920, 1080)]), logger, save: () => undefined });
  const bridge = new IpcBridge(ipcMain, gateway, windows.isOurWindow, logger);
  bridge.register();
  core.registry.onRemoved((id) => bridge.forgetSession(id));
  const open = async (wc: FakeWebContents): Promise<string> => ((await ipcMain.invoke(ipcChannel('open'), wc, { client: 'electron' })) as { sessionId: string }).sessionId;
  return { core, calls, ipcMain, windows, bridge, open };
}

/** A valid payload per method (given a live session), to show that only the sender was wrong. */
const validPayload = (method: SessionMethod, sessionId: string): unknown =>
  ({
    open: { client: 'electron' },
    poll: { sessionId, seen: { topology: 0, sections: {}, cursor: 0, layers: {}, shown: [] } },
    command: { sessionId, command: { type: 'workflow.stop', workflowId: 'x' } },
    query: { sessionId, query: { type: 'layer.data', layerId: 'x' } },
    close: { sessionId },
    log: { sessionId, level: 'info', message: 'hello' },
  })[method];

/** Payloads no method accepts, plus per-method wrong shapes. */
const INVALID_ANY: unknown[] = [undefined, null, 42, 'open', [], true];
const INVALID: Record<SessionMethod, unknown[]> = {
  open: [{}, { client: 'admin' }, { client: 1 }],
  poll: [{}, { sessionId: '' }, { sessionId: 's', seen: 'all' }, { sessionId: 'x'.repeat(201), seen: {} }],
  command: [{ sessionId: 's' }, { sessionId: 's', command: { type: 'shell.exec', cmd: 'rm -rf /' } }, { sessionId: 's', command: null }],
  query: [{ sessionId: 's' }, { sessionId: 's', query: { type: 'fs.read', path: '/etc/passwd' } }],
  close: [{}, { sessionId: 7 }],
  log: [{ sessionId: 's', level: 'debug', message: 'x' }, { sessionId: 's', level: 'info', message: 'x'.repeat(10_001) }, { sessionId: 's', level: 'info' }],
};

describe('IPC bridge', () => {
  it('registers one handler per session method, and removes them all', () => {
    const { ipcMain, bridge } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(SESSION_METHODS.map((m) => ipcChannel(m)).sort());
    bridge.unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('every handler refuses a sender that is not one of our windows, or a frame not showing our page', async () => {
    const { ipcMain, windows, calls, open } = setup();
    const ours = windows.open() as FakeWindow;
    const sessionId = await open(ours.webContents);
    calls.length = 0;
    const foreign = new FakeWebContents();
    foreign.url = PAGE;
    for (const method of SESSION_METHODS) {
      const payload = validPayload(method, sessionId);
      await expect(ipcMain.invoke(ipcChannel(method), foreign, payload, PAGE)).rejects.toThrow(/refused: unexpected sender/);
      // Our window, but a frame from elsewhere (a navigation that slipped through, an iframe).
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', '', 'app://livedata.evil/']) {
        await expect(ipcMain.invoke(ipcChannel(method), ours.webContents, payload, url)).rejects.toThrow(/refused: unexpected sender/);
      }
    }
    expect(calls).toEqual([]);
    // A window that closed is foreign from then on.
    ours.close();
    await expect(ipcMain.invoke(ipcChannel('poll'), ours.webContents, validPayload('poll', sessionId), PAGE)).rejects.toThrow(/unexpected sender/);
  });

  it('every handler refuses an invalid payload before the gateway sees it', async () => {
    const { ipcMain, windows, calls } = setup();
    const win = windows.open() as FakeWindow;
    let refused = 0;
    for (const method of SESSION_METHODS) {
      for (const payload of [...INVALID_ANY, ...INVALID[method]]) {
        await expect(ipcMain.invoke(ipcChannel(method), win.webContents, payload, PAGE)).rejects.toThrow(new RegExp(`invalid request on livedata:${method}`));
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(50);
    expect(calls).toEqual([]);
  });

  it('a valid call from our window reaches the gateway', async () => {
    const { ipcMain, windows, calls, open, core } = setup();
    const win = windows.open() as FakeWindow;
    const sessionId = await open(win.webContents);
    await ipcMain.invoke(ipcChannel('poll'), win.webContents, validPayload('poll', sessionId), PAGE);
    expect(calls).toEqual(['open', 'poll']);
    expect(core.registry.count).toBe(1);
  });

  it('closing a window frees its sessions; the other window keeps its own', async () => {
    const { windows, open, core, bridge } = setup();
    const a = windows.open() as FakeWindow;
    const b = windows.open() as FakeWindow;
    await open(a.webContents);
    await open(a.webContents); // a reload opens a second session before the first times out
    const kept = await open(b.webContents);
    expect(core.registry.count).toBe(3);
    a.close();
    expect(core.registry.count).toBe(1);
    expect(core.registry.has(kept)).toBe(true);
    expect(bridge.sessionsOf(a.webContents.id)).toEqual([]);
    expect(windows.count).toBe(1);
  });

  it('a crashed renderer frees its sessions at once, and is wired only once however often it crashes', async () => {
    const { windows, open, core } = setup();
    const win = windows.open() as FakeWindow;
    for (let i = 0; i < 5; i++) {
      await open(win.webContents);
      win.webContents.crash();
      expect(core.registry.count).toBe(0);
    }
    expect(win.webContents.listenerCount('render-process-gone')).toBe(1);
    expect(win.webContents.listenerCount('destroyed')).toBe(1);
    win.close();
    expect(windows.count).toBe(0);
  });

  it('a session reaped by timeout is forgotten by its window, and not closed again when the window goes', async () => {
    const { windows, open, core, bridge, calls } = setup(0);
    const win = windows.open() as FakeWindow;
    const sessionId = await open(win.webContents);
    let reaped: string[] = [];
    for (let i = 0; i < 1000 && reaped.length === 0; i++) reaped = core.registry.reapStale();
    expect(reaped).toEqual([sessionId]);
    expect(bridge.sessionsOf(win.webContents.id)).toEqual([]);
    calls.length = 0;
    win.close();
    expect(calls).toEqual([]);
  });

  it('many windows opened and closed leave nothing behind', async () => {
    const { windows, open, core, bridge } = setup();
    for (let i = 0; i < 20; i++) {
      const w = windows.open() as FakeWindow;
      await open(w.webContents);
      if (i % 2) w.webContents.crash();
      w.close();
    }
    expect(core.registry.count).toBe(0);
    expect(windows.count).toBe(0);
    expect(bridge['webContentsById'].size).toBe(0);
    expect(bridge['sessionsByWindow'].size).toBe(0);
  });

  it('sends the wake hint to our windows only', async () => {
    const { windows, open, core } = setup();
    const win = windows.open() as FakeWindow;
    await open(win.webContents);
    const other = new FakeWebContents(); // never one of ours: gets nothing
    core.notifications.push('info', 'something happened');
    await new Promise((resolve) => setImmediate(resolve)); // the hint is coalesced to one per turn
    expect(other.sent).toEqual([]);
    expect(win.webContents.sent.some((s) => s.channel === ipcChannel('wake'))).toBe(true);
  });
});
