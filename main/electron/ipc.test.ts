import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { ipcChannel } from '../../shared/api/methods';
import { ScriptedTransport } from '../../test/support/scripted-transport';
import { Core } from '../app/core';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { APP_ORIGIN } from './app-protocol';
import { IpcBridge, type IpcInvokeEventLike } from './ipc';

const handlers = new Map<string, (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({ net: {}, protocol: {} }));
const ipcMain = {
  handle: (channel: string, fn: (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>) => void handlers.set(channel, fn),
  removeHandler: (channel: string) => void handlers.delete(channel),
};

class FakeWebContents extends EventEmitter {
  destroyed = false;
  constructor(readonly id: number) {
    super();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(): void {}
}

describe('IPC bridge', () => {
  it('forgets a window once it is gone, and wires a crashed-and-reloaded window only once', async () => {
    handlers.clear();
    const logger = silentLogger();
    const core = new Core({ instrument: dummyInstrument, transport: new ScriptedTransport(), logger, autoStart: false, configDir: null });
    const bridge = new IpcBridge(ipcMain, core.gateway, () => true, logger);
    bridge.register();
    const open = (wc: FakeWebContents) => handlers.get(ipcChannel('open'))!({ sender: wc, senderFrame: { url: `${APP_ORIGIN}index.html` } }, { client: 'electron' });

    const crashy = new FakeWebContents(1);
    for (let i = 0; i < 5; i++) {
      await open(crashy);
      crashy.emit('render-process-gone'); // crash; the window reloads and opens a new session
    }
    expect(core.registry.count).toBe(0);
    expect(crashy.listenerCount('render-process-gone')).toBe(1);
    expect(crashy.listenerCount('destroyed')).toBe(1);

    for (let id = 2; id < 12; id++) {
      const wc = new FakeWebContents(id);
      await open(wc);
      wc.destroyed = true;
      wc.emit('destroyed');
    }
    crashy.destroyed = true;
    crashy.emit('destroyed');
    expect(core.registry.count).toBe(0);
    expect(bridge['webContentsById'].size).toBe(0); // no closed window's WebContents kept alive
  });
});
