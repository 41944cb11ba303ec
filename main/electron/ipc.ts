// ipcMain wiring: every handler checks that the sender is one of our windows showing our
// own content, and validates its payload against the shared schema before the gateway sees it.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { z } from 'zod';
import { IPC_CHANNELS } from '../../shared/ipc-channels';
import { CloseRequestSchema, CommandRequestSchema, LogRequestSchema, OpenRequestSchema, PollRequestSchema } from '../../shared/protocol';
import type { Logger } from '../logging/logger';
import type { SessionGateway } from '../sessions/session-gateway';
import { APP_ORIGIN } from './app-protocol';

export class IpcBridge {
  /** Sessions each window opened, so a closed or crashed window frees them at once. */
  private readonly sessionsByWindow = new Map<number, Set<string>>();
  /** Our windows' WebContents by id, for the wake hint; dropped when destroyed. */
  private readonly webContentsById = new Map<number, WebContents>();

  constructor(
    private readonly gateway: SessionGateway,
    private readonly isOurWindow: (wc: WebContents) => boolean,
    private readonly logger: Logger,
  ) {}

  register(): void {
    this.handle(IPC_CHANNELS.open, OpenRequestSchema, async (req, wc) => {
      const result = await this.gateway.open(req);
      this.track(wc).add(result.sessionId);
      return result;
    });
    this.handle(IPC_CHANNELS.poll, PollRequestSchema, (req) => this.gateway.poll(req));
    this.handle(IPC_CHANNELS.command, CommandRequestSchema, (req) => this.gateway.command(req));
    this.handle(IPC_CHANNELS.close, CloseRequestSchema, async (req, wc) => {
      this.sessionsByWindow.get(wc.id)?.delete(req.sessionId);
      await this.gateway.close(req);
    });
    this.handle(IPC_CHANNELS.log, LogRequestSchema, (req) => this.gateway.log(req));
    this.gateway.onWake(() => this.wakeAll());
  }

  /** Called when a window's renderer is gone (closed, crashed, killed). */
  releaseWindow(webContentsId: number): void {
    const sessions = this.sessionsByWindow.get(webContentsId);
    this.sessionsByWindow.delete(webContentsId);
    for (const sessionId of sessions ?? []) void this.gateway.close({ sessionId });
  }

  private track(wc: WebContents): Set<string> {
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

  private wakeAll(): void {
    for (const id of this.sessionsByWindow.keys()) {
      const wc = this.webContentsById.get(id);
      if (wc && !wc.isDestroyed()) wc.send(IPC_CHANNELS.wake);
    }
  }

  private handle<S extends z.ZodType, R>(channel: string, schema: S, fn: (req: z.infer<S>, wc: WebContents) => Promise<R>): void {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
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
      return fn(parsed.data, wc);
    });
  }
}
