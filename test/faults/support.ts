// Shared pieces of the fault suite: an in-process browser-mode server over a core with a
// scripted transport, a minimal RPC client, and a snapshot of the state that must not change.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, type WsServerMessage } from '../../shared/binary-frame';
import { Core } from '../../main/app/core';
import { dummyInstrument } from '../../main/instruments/dummy';
import { silentLogger, type Logger } from '../../main/logging/logger';
import { BrowserServer, type ServerLimits } from '../../main/server/browser-server';
import { ScriptedTransport } from '../support/scripted-transport';

export interface Served {
  core: Core;
  transport: ScriptedTransport;
  server: BrowserServer;
  url: URL;
  staticDir: string;
  /** A file next to (outside) the static root: no request may ever return it. */
  secret: string;
  stop(): Promise<void>;
}

export const SECRET_TEXT = 'TOP-SECRET-OUTSIDE-THE-ROOT';

export async function serveInProcess(opts: { token?: string | null; limits?: Partial<ServerLimits>; logger?: Logger } = {}): Promise<Served> {
  const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-'));
  const staticDir = path.join(outer, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>index</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  const secret = path.join(outer, 'secret.txt');
  fs.writeFileSync(secret, SECRET_TEXT);
  fs.symlinkSync(secret, path.join(staticDir, 'assets', 'link.txt'));
  const logger = opts.logger ?? silentLogger();
  const transport = new ScriptedTransport();
  const core = new Core({ instrument: dummyInstrument, transport, logger, autoStart: false, configDir: null });
  await core.start();
  const server = new BrowserServer(core.gateway, { host: '127.0.0.1', port: 0, staticDir, token: opts.token ?? null, limits: opts.limits }, logger);
  const url = new URL(await server.listen());
  return {
    core, transport, server, url, staticDir, secret,
    async stop() {
      await server.close();
      await core.stop();
      fs.rmSync(outer, { recursive: true, force: true });
    },
  };
}

/** What refused requests must leave exactly as it was. */
export function stateOf(s: Pick<Served, 'core' | 'transport'>) {
  return {
    sessions: s.core.registry.count,
    topologyVersion: s.core.plots.topologyVersion,
    jobsVersion: s.core.jobs.jobsVersion,
    jobs: JSON.stringify(s.core.jobs.snapshot().workflows.map((w) => [w.id, w.status, w.jobNumber])),
    commandsSent: s.transport.sent.length,
  };
}

export function connect(url: URL, headers: Record<string, string> = {}, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(`ws://${url.host}/session${url.search}`, { headers, ...options });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** RPC client: answers matched by id; many calls may be in flight. */
export class RpcClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: WsServerMessage) => void>();
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = decodeFrame(new Uint8Array(data)) as WsServerMessage;
      if ('id' in msg) {
        this.waiting.get(msg.id)?.(msg);
        this.waiting.delete(msg.id);
      }
    });
  }
  call(method: string, params: unknown): Promise<WsServerMessage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(encodeFrame({ id, method, params }));
    });
  }
}

export const heapMb = (): number => process.memoryUsage().heapUsed / 1024 / 1024;

/** Forces a full GC when the process runs with --expose-gc (the faults config does); returns whether it could. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}
