// ipcMain wiring, derived from the one declaration of the session API (shared/session-api.ts):
// every handler checks that the sender is one of our windows showing our own content, and
// validates its payload against the method's schema before the gateway sees it.
import { ipcChannel, SESSION_METHODS, type SessionMethod } from '../../shared/api/methods';
import { REQUEST_SCHEMAS, type RequestOf, type SessionApi } from '../../shared/session-api';
import type { Logger } from '../logging/logger';
import { APP_ORIGIN } from './app-url';

/** The few Electron APIs used, typed narrowly, so the bridge is unit-tested without the Electron runtime. */
export interface WebContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string): void;
  once(event: 'destroyed', listener: () => void): unknown;
  on(event: 'render-process-gone', listener: () => void): unknown;
}
export interface IpcInvokeEventLike {
  sender: WebContentsLike;
  senderFrame?: { url: string } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface WakeSource {
  onWake(listener: (sessions: ReadonlySet<string> | null) => void): () => void;
}

export class IpcBridge {
  /** Sessions each window opened, so a closed or crashed window frees them at once. */
  private readonly sessionsByWindow = new Map<number, Set<string>>();
  /** Our windows' WebContents by id, for the wake hint; dropped when destroyed. */
  private readonly webContentsById = new Map<number, WebContentsLike>();
  private unsubscribeWake: (() => void) | null = null;

  constructor(
    private readonly ipcMain: IpcMainLike,
    private readonly gateway: SessionApi & WakeSource,
    private readonly isOurWindow: (wc: WebContentsLike) => boolean,
    private readonly logger: Logger,
  ) {}

  register(): void {
    for (const method of SESSION_METHODS) this.handle(method);
    this.unsubscribeWake = this.gateway.onWake((sessions) => this.wakeAll(sessions));
  }

  unregister(): void {
    for (const method of SESSION_METHODS) this.ipcMain.removeHandler(ipcChannel(method));
    this.unsubscribeWake?.();
  }

  /** Forgets sessions the core dropped by itself (timeout), so they are not closed twice nor kept. */
  forgetSession(sessionId: string): void {
    for (const set of this.sessionsByWindow.values()) set.delete(sessionId);
  }

  /** Called when a window's renderer is gone (closed, crashed, killed). */
  releaseWindow(webContentsId: number): void {
    const sessions = this.sessionsByWindow.get(webContentsId);
    this.sessionsByWindow.delete(webContentsId);
    for (const sessionId of sessions ?? []) void this.gateway.close({ sessionId });
  }

  /** Sessions held per window (for tests and diagnostics). */
  sessionsOf(webContentsId: number): string[] {
    return [...(this.sessionsByWindow.get(webContentsId) ?? [])];
  }

  private handle<M extends SessionMethod>(method: M): void {
    const channel = ipcChannel(method);
    const schema = REQUEST_SCHEMAS[method];
    this.ipcMain.handle(channel, async (event, payload) => {
      const wc = event.sender;
      const frameUrl = event.senderFrame?.url ?? '';
      if (!this.isOurWindow(wc) || !frameUrl.startsWith(APP_ORIGIN)) {
        this.logger.warn('IPC from an unexpected sender refused', { channel, url: frameUrl });
        throw new Error('refused: unexpected sender');
      }
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        this.logger.warn('invalid IPC payload refused', { channel, error: parsed.error.message });
        throw new Error(`invalid request on ${channel}: ${parsed.error.message}`);
      }
      const req = parsed.data as RequestOf<M>;
      if (method === 'close') this.sessionsByWindow.get(wc.id)?.delete((req as RequestOf<'close'>).sessionId);
      const call = this.gateway[method] as (r: RequestOf<M>) => Promise<unknown>;
      const result = await call.call(this.gateway, req);
      if (method === 'open') this.track(wc).add((result as { sessionId: string }).sessionId);
      return result;
    });
  }

  private track(wc: WebContentsLike): Set<string> {
    let set = this.sessionsByWindow.get(wc.id);
    if (!set) {
      set = new Set();
      this.sessionsByWindow.set(wc.id, set);
    }
    // Once per WebContents: a crashed renderer that reloads keeps its WebContents (and id).
    if (!this.webContentsById.has(wc.id)) {
      this.webContentsById.set(wc.id, wc);
      const id = wc.id;
      wc.once('destroyed', () => {
        this.releaseWindow(id);
        this.webContentsById.delete(id);
      });
      wc.on('render-process-gone', () => this.releaseWindow(id));
    }
    return set;
  }

  /** Wakes the windows holding a session with something new (all when `sessions` is null). */
  private wakeAll(sessions: ReadonlySet<string> | null): void {
    for (const [id, held] of this.sessionsByWindow) {
      if (sessions && ![...held].some((s) => sessions.has(s))) continue;
      const wc = this.webContentsById.get(id);
      if (wc && !wc.isDestroyed()) wc.send(ipcChannel('wake'));
    }
  }
}
