// Typed stand-ins for the few Electron objects main/electron uses (ipc.ts, windows.ts), so the
// glue is unit-tested without the Electron runtime. Each implements the narrow *Like interface.
import { EventEmitter } from 'node:events';
import type { DisplayInfo, Rect } from '../../main/config/window-state';
import type { IpcInvokeEventLike, IpcMainLike } from '../../main/electron/ipc';
import type { BrowserWindowLike, KeyInput, ScreenLike, WindowInit, WindowWebContentsLike } from '../../main/electron/windows';

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>>();
  handle(channel: string, fn: (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`); // as Electron does
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, sender: FakeWebContents, payload: unknown, frameUrl = sender.url): Promise<unknown> {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`no handler for ${channel}`);
    return fn({ sender, senderFrame: { url: frameUrl } }, payload);
  }
}

let nextId = 1;

export class FakeWebContents extends EventEmitter implements WindowWebContentsLike {
  readonly id = nextId++;
  destroyed = false;
  url = 'about:blank';
  readonly sent: { channel: string; args: unknown[] }[] = [];
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  getURL(): string {
    return this.url;
  }
  /** The renderer crashed (Electron keeps the WebContents and may reload it). */
  crash(): void {
    this.emit('render-process-gone');
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
  key(input: Partial<KeyInput>): boolean {
    let prevented = false;
    this.emit('before-input-event', { preventDefault: () => (prevented = true) }, { type: 'keyDown', key: '', control: false, meta: false, shift: false, alt: false, ...input });
    return prevented;
  }
}

export class FakeWindow extends EventEmitter implements BrowserWindowLike {
  readonly webContents = new FakeWebContents();
  bounds: Rect;
  maximized = false;
  fullScreen: boolean;
  kiosk: boolean;
  menuBarVisible = true;
  destroyed = false;
  constructor(readonly init: WindowInit) {
    super();
    this.bounds = { ...init.bounds };
    this.fullScreen = init.fullScreen;
    this.kiosk = init.kiosk;
  }
  loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    return Promise.resolve();
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isFullScreen(): boolean {
    return this.fullScreen || this.kiosk;
  }
  isKiosk(): boolean {
    return this.kiosk;
  }
  setKiosk(flag: boolean): void {
    this.kiosk = flag;
  }
  setMenuBarVisibility(visible: boolean): void {
    this.menuBarVisible = visible;
  }
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  focus(): void {}
  /** As Electron: 'close' may be prevented; otherwise the window and its WebContents go. */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
  moveTo(bounds: Rect): void {
    this.bounds = { ...bounds };
    this.emit('move');
  }
}

export class FakeScreen implements ScreenLike {
  constructor(
    public displays: DisplayInfo[],
    public primaryId = displays[0]?.id ?? 1,
  ) {}
  getAllDisplays(): DisplayInfo[] {
    return this.displays;
  }
  getPrimaryDisplay(): { id: number } {
    return { id: this.primaryId };
  }
  getDisplayMatching(r: Rect): DisplayInfo {
    const area = (d: DisplayInfo): number =>
      Math.max(0, Math.min(r.x + r.width, d.bounds.x + d.bounds.width) - Math.max(r.x, d.bounds.x)) *
      Math.max(0, Math.min(r.y + r.height, d.bounds.y + d.bounds.height) - Math.max(r.y, d.bounds.y));
    return [...this.displays].sort((a, b) => area(b) - area(a))[0];
  }
}

export const display = (id: number, x: number, y: number, width: number, height: number, scaleFactor = 1): DisplayInfo => ({
  id,
  bounds: { x, y, width, height },
  workArea: { x, y, width, height: height - 40 },
  scaleFactor,
});
