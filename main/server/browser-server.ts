// Browser mode (design §9): serves the built renderer over HTTP and the session gateway over
// one WebSocket per tab, with binary frames. Binds to loopback by default; any wider address
// requires a token. Closing a tab closes the sessions it opened.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, type WsClientMessage, type WsServerMessage } from '../../shared/binary-frame';
import { SESSION_METHODS, type SessionMethod } from '../../shared/api/methods';
import { REQUEST_SCHEMAS, type RequestOf } from '../../shared/session-api';
import type { Logger } from '../logging/logger';
import type { SessionGateway } from '../sessions/session-gateway';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** How long shutdown waits for tabs to answer the WebSocket close handshake. */
const CLOSE_GRACE_MS = 1000;

export interface BrowserServerOptions {
  host: string;
  port: number;
  staticDir: string;
  token: string | null;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export class BrowserServer {
  private readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Map<WebSocket, Set<string>>();
  private unsubscribeWake: (() => void) | null = null;

  constructor(
    private readonly gateway: SessionGateway,
    private readonly options: BrowserServerOptions,
    private readonly logger: Logger,
  ) {
    if (!isLoopback(options.host) && !options.token) {
      throw new Error(`browser mode on ${options.host} (not loopback) requires --token`);
    }
    this.http = http.createServer((req, res) => void this.serveStatic(req, res));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
    this.http.on('upgrade', (req, socket, head) => {
      const url = parseRequestUrl(req);
      if (!url) {
        socket.write('HTTP/1.1 400 Bad Request\r\n\r\n');
        socket.destroy();
        return;
      }
      if (url.pathname !== '/session' || !this.authorized(url) || !this.sameOrigin(req)) {
        socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  /** Starts listening; resolves with the URL users open. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, this.options.host, () => resolve());
    });
    this.unsubscribeWake = this.gateway.onWake(() => this.broadcastWake());
    const address = this.http.address();
    const port = typeof address === 'object' && address ? address.port : this.options.port;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host}:${port}/${this.options.token ? `?token=${encodeURIComponent(this.options.token)}` : ''}`;
  }

  async close(): Promise<void> {
    this.unsubscribeWake?.();
    for (const [ws, sessions] of this.sockets) {
      for (const sessionId of sessions) await this.gateway.close({ sessionId });
      ws.close(1001, 'server shutting down');
    }
    this.sockets.clear();
    // wss.close() waits for every client's close handshake; a hung or unreachable tab would hold
    // shutdown for ws's 30 s close timeout (past serve's 10 s force-exit). Cut those off.
    const grace = setTimeout(() => {
      for (const ws of this.wss.clients) ws.terminate();
    }, CLOSE_GRACE_MS);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    clearTimeout(grace);
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    const sessions = new Set<string>();
    this.sockets.set(ws, sessions);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        ws.close(1003, 'binary frames only');
        return;
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      void this.handle(ws, sessions, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      // The tab went away: free its sessions at once rather than waiting for the timeout.
      for (const sessionId of sessions) void this.gateway.close({ sessionId });
    });
    ws.on('error', (err) => this.logger.warn('websocket error', { error: err.message }));
  }

  private async handle(ws: WebSocket, sessions: Set<string>, bytes: Uint8Array): Promise<void> {
    let msg: WsClientMessage;
    try {
      msg = decodeFrame(bytes) as WsClientMessage;
      if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') throw new Error('not an RPC message');
    } catch (err) {
      this.logger.warn('invalid frame from browser session', { error: String(err) });
      ws.close(1003, 'invalid frame');
      return;
    }
    try {
      const method = msg.method;
      if (!(SESSION_METHODS as readonly string[]).includes(method)) throw new Error(`unknown method ${String(method)}`);
      const req = REQUEST_SCHEMAS[method].parse(msg.params) as RequestOf<SessionMethod>;
      if (method === 'close') sessions.delete((req as RequestOf<'close'>).sessionId);
      const call = this.gateway[method] as (r: RequestOf<SessionMethod>) => Promise<unknown>;
      const result = await call.call(this.gateway, req);
      if (method === 'open') sessions.add((result as { sessionId: string }).sessionId);
      this.send(ws, { id: msg.id, result: result ?? null });
    } catch (err) {
      const error = err instanceof Error ? (err.name === 'ZodError' ? `invalid request: ${err.message}` : err.message) : String(err);
      if (!(err instanceof Error && err.name === 'UnknownSessionError')) {
        this.logger.warn('browser session request failed', { method: msg.method, error });
      }
      this.send(ws, { id: msg.id, error });
    }
  }

  private send(ws: WebSocket, msg: WsServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(msg));
  }

  private broadcastWake(): void {
    const frame = encodeFrame({ event: 'wake' } satisfies WsServerMessage);
    for (const ws of this.sockets.keys()) if (ws.readyState === ws.OPEN) ws.send(frame);
  }

  private authorized(url: URL): boolean {
    const expected = this.options.token;
    if (!expected) return true;
    const given = url.searchParams.get('token') ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Refuses WebSocket upgrades from pages of other origins (cross-site WebSocket hijacking). */
  private sameOrigin(req: http.IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true; // non-browser clients
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  private async serveStatic(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = parseRequestUrl(req);
    let rel: string;
    try {
      if (!url) throw new URIError('invalid URL');
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      // Thrown here it would be an unhandled rejection: the end of the serve process.
      res.writeHead(400).end('bad request');
      return;
    }
    const root = path.resolve(this.options.staticDir);
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep) || req.method !== 'GET') {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  }
}

/** The request's URL, or null when it does not parse (e.g. a path of `//`). */
function parseRequestUrl(req: http.IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}
