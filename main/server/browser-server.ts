// Browser mode: serves the built renderer over HTTP and the session gateway over one WebSocket
// per tab, with binary frames. Binds to loopback by default; any wider address requires a token.
// Who may connect is decided in ./access.ts; this file bounds what a connected client can cost:
// frame size, sessions per socket, bytes buffered for a client that does not read, dead sockets.
// Closing a tab closes the sessions it opened.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import fs from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, encodeFrameChunks, type WsClientMessage, type WsServerMessage } from '../../shared/binary-frame';
import { SESSION_METHODS, type SessionMethod } from '../../shared/api/methods';
import { REQUEST_SCHEMAS, type RequestOf } from '../../shared/session-api';
import { compactPollResult } from '../../shared/api/compact-result';
import type { PollResult } from '../../shared/protocol';
import type { Logger } from '../logging/logger';
import type { SessionGateway } from '../sessions/session-gateway';
import { LogRateLimiter } from '../sessions/log-rate-limiter';
import { AccessPolicy, TOKEN_COOKIE, displayHost, isLoopback } from './access';
import { accessDeniedPage, hostRefusedPage } from './pages';

export { isLoopback } from './access';

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

/** Sent with every HTTP answer, including refusals: no framing by other sites, no sniffing, no referrer (the URL may carry the token). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** How long shutdown waits for tabs to answer the WebSocket close handshake. */
const CLOSE_GRACE_MS = 1000;

export interface ServerLimits {
  /** Largest frame a client may send (a poll with MAX_LAYERS seen entries is well under this). */
  maxPayloadBytes: number;
  /** Above this many bytes queued for a socket, its polls get no plot data (it gets the latest once it catches up). */
  softBufferedBytes: number;
  /** Above this, or behind for longer than behindCloseMs, the socket is closed and its memory released. */
  hardBufferedBytes: number;
  behindCloseMs: number;
  /** Ping period; a socket that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
  maxSessionsPerSocket: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxPayloadBytes: 1024 * 1024,
  softBufferedBytes: 4 * 1024 * 1024,
  hardBufferedBytes: 32 * 1024 * 1024,
  behindCloseMs: 20_000,
  pingIntervalMs: 15_000,
  maxSessionsPerSocket: 8,
};

export interface BrowserServerOptions {
  host: string;
  port: number;
  staticDir: string;
  token: string | null;
  /** Names the server is also reached by (--public-host): a DNS alias, a proxy. */
  publicHosts?: string[];
  limits?: Partial<ServerLimits>;
  /** POST endpoint for opening a recording (main/server/recording-upload.ts); guarded there with this server's access policy. */
  upload?: { handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, access: AccessPolicy): Promise<boolean> };
}

interface SocketState {
  readonly sessions: Set<string>;
  alive: boolean;
  /** Since when the socket's buffer is above the soft limit (performance.now()), or null. */
  behindSince: number | null;
  readonly key: string;
}

/** Counters for diagnostics and the fault suite. */
export interface ServerStats {
  refusedUpgrades: number;
  refusedRequests: number;
  plotsSkippedForSlowClient: number;
  socketsClosedBehind: number;
  socketsDroppedDead: number;
}

/** The URL with its token replaced: what may go to log files. */
export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1<redacted>');
}

export class BrowserServer {
  private readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Map<WebSocket, SocketState>();
  private readonly access: AccessPolicy;
  private readonly limits: ServerLimits;
  private readonly warnLimiter = new LogRateLimiter(2, 20);
  private unsubscribeWake: (() => void) | null = null;
  private unsubscribeRemoved: (() => void) | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private nextSocketKey = 1;
  readonly stats: ServerStats = { refusedUpgrades: 0, refusedRequests: 0, plotsSkippedForSlowClient: 0, socketsClosedBehind: 0, socketsDroppedDead: 0 };

  constructor(
    private readonly gateway: SessionGateway,
    private readonly options: BrowserServerOptions,
    private readonly logger: Logger,
  ) {
    this.access = new AccessPolicy({ bindHost: options.host, token: options.token, publicHosts: options.publicHosts });
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.http = http.createServer((req, res) => void this.serveHttp(req, res));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxPayloadBytes, perMessageDeflate: false });
    this.http.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  /** Starts listening; resolves with the URL users open (it carries the token: print it, never log it). */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, this.options.host, () => resolve());
    });
    this.unsubscribeWake = this.gateway.onWake((sessions) => this.broadcastWake(sessions));
    // A session reaped by timeout must leave the socket's set too (else closing the tab "closes" a stranger's id).
    this.unsubscribeRemoved = this.gateway.onSessionRemoved((id) => {
      for (const s of this.sockets.values()) s.sessions.delete(id);
    });
    this.pingTimer = setInterval(() => this.heartbeat(), this.limits.pingIntervalMs);
    this.pingTimer.unref();
    const address = this.http.address();
    const port = typeof address === 'object' && address ? address.port : this.options.port;
    this.access.setPort(port);
    const host = displayHost(this.options.host, this.options.publicHosts ?? []);
    if (!isLoopback(this.options.host)) {
      this.logger.info('browser mode answers to these host names', { hosts: this.access.hostNames.join(', ') });
    }
    return `http://${host}:${port}/${this.options.token ? `?token=${encodeURIComponent(this.options.token)}` : ''}`;
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    this.unsubscribeWake?.();
    this.unsubscribeRemoved?.();
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const [ws, state] of this.sockets) {
      for (const sessionId of state.sessions) await this.gateway.close({ sessionId });
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

  // ---- admission -------------------------------------------------------------------------

  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const url = parseRequestUrl(req);
    const refuse = (status: number, text: string, why: string): void => {
      this.stats.refusedUpgrades++;
      this.warn('upgrade', 'browser-mode connection refused', { why, host: clip(req.headers.host), origin: clip(req.headers.origin) });
      const headers = Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(why)}\r\n${headers}\r\n${why}`);
    };
    if (!url) return refuse(400, 'Bad Request', 'invalid request URL');
    if (url.pathname !== '/session') return refuse(404, 'Not Found', 'no WebSocket endpoint here');
    if (!this.access.hostAllowed(req.headers.host)) return refuse(421, 'Misdirected Request', 'host name not served here');
    if (!this.access.originAllowed(req.headers.origin, req.headers.host)) return refuse(403, 'Forbidden', 'foreign origin');
    if (!this.access.tokenAllowed(url, req.headers.cookie)) return refuse(401, 'Unauthorized', 'missing or wrong access token');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const state: SocketState = { sessions: new Set(), alive: true, behindSince: null, key: `ws${this.nextSocketKey++}` };
    this.sockets.set(ws, state);
    ws.on('pong', () => {
      state.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        ws.close(1003, 'binary frames only');
        return;
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      void this.handle(ws, state, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.warnLimiter.forget(state.key);
      // The tab went away: free its sessions at once rather than waiting for the timeout.
      for (const sessionId of state.sessions) void this.gateway.close({ sessionId });
      state.sessions.clear();
    });
    ws.on('error', (err) => this.warn(state.key, 'websocket error', { error: err.message }));
  }

  // ---- requests --------------------------------------------------------------------------

  private async handle(ws: WebSocket, state: SocketState, bytes: Uint8Array): Promise<void> {
    let msg: WsClientMessage;
    try {
      msg = decodeFrame(bytes) as WsClientMessage;
      if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') throw new Error('not an RPC message');
    } catch (err) {
      this.warn(state.key, 'invalid frame from browser session', { error: String(err) });
      ws.close(1003, 'invalid frame');
      return;
    }
    try {
      const method = msg.method;
      if (!(SESSION_METHODS as readonly string[]).includes(method)) throw new Error(`unknown method ${clip(String(method))}`);
      const req = REQUEST_SCHEMAS[method].parse(msg.params) as RequestOf<SessionMethod>;
      if (method === 'open') {
        if (state.sessions.size >= this.limits.maxSessionsPerSocket) {
          throw new Error(`too many sessions on one connection (at most ${this.limits.maxSessionsPerSocket})`);
        }
      } else {
        // A connection may only drive the sessions it opened (ids are not capabilities to share).
        const sessionId = (req as { sessionId: string }).sessionId;
        if (!state.sessions.has(sessionId)) throw new UnknownSocketSession(sessionId);
        if (method === 'close') state.sessions.delete(sessionId);
      }
      let result: unknown;
      if (method === 'poll' && this.isBehind(ws, state)) {
        // Behind: no plot data this time. Its data versions stay old, so the next poll brings the latest.
        this.stats.plotsSkippedForSlowClient++;
        result = await this.gateway.poll(req as RequestOf<'poll'>, { skipPlots: true });
      } else {
        const call = this.gateway[method] as (r: RequestOf<SessionMethod>) => Promise<unknown>;
        result = await call.call(this.gateway, req);
      }
      if (method === 'open') {
        const id = (result as { sessionId: string }).sessionId;
        if (ws.readyState === ws.OPEN) state.sessions.add(id);
        else void this.gateway.close({ sessionId: id }); // the tab left while we opened it
      }
      // Poll answers leave out what is empty on this wire (shared/api/compact-result.ts).
      const answer = method === 'poll' || method === 'open' ? compactPollResult(result as PollResult) : result;
      this.send(ws, state, { id: msg.id, result: answer ?? null });
    } catch (err) {
      const raw = err instanceof Error ? (err.name === 'ZodError' ? `invalid request: ${err.message}` : err.message) : String(err);
      const error = raw.length > 1000 ? `${raw.slice(0, 1000)}…` : raw;
      if (!(err instanceof Error && (err.name === 'UnknownSessionError' || err.name === 'UnknownSocketSession'))) {
        this.warn(state.key, 'browser session request refused', { method: clip(String(msg.method)), error: error.slice(0, 300) });
      }
      this.send(ws, state, { id: msg.id, error });
    }
  }

  private send(ws: WebSocket, state: SocketState, msg: WsServerMessage): void {
    if (ws.readyState !== ws.OPEN) return;
    // Fragments of one message: plot arrays go out as views of the shared plot state, so the
    // per-session cost is the JSON header (shared/binary-frame.ts encodeFrameChunks).
    const chunks = encodeFrameChunks(msg);
    for (let i = 0; i < chunks.length; i++) ws.send(chunks[i]!, { binary: true, fin: i === chunks.length - 1 });
    this.checkBacklog(ws, state);
  }

  private isBehind(ws: WebSocket, state: SocketState): boolean {
    this.checkBacklog(ws, state);
    return state.behindSince !== null;
  }

  /** Tracks how long a socket has been behind; closes it past the hard limit or the grace period. */
  private checkBacklog(ws: WebSocket, state: SocketState): void {
    const buffered = ws.bufferedAmount;
    if (buffered <= this.limits.softBufferedBytes) {
      state.behindSince = null;
      return;
    }
    const now = performance.now();
    state.behindSince ??= now;
    if (buffered > this.limits.hardBufferedBytes || now - state.behindSince > this.limits.behindCloseMs) {
      this.stats.socketsClosedBehind++;
      this.logger.warn('browser session closed: client does not read what it asks for', { buffered, sessions: state.sessions.size });
      // terminate(), not close(): a client that does not read will not read the close frame either.
      ws.terminate();
    }
  }

  /** Wakes the tabs holding a session with something new (all when `sessions` is null). */
  private broadcastWake(sessions: ReadonlySet<string> | null): void {
    const frame = encodeFrame({ event: 'wake' } satisfies WsServerMessage);
    for (const [ws, state] of this.sockets) {
      if (ws.readyState !== ws.OPEN || state.behindSince !== null) continue;
      if (sessions && ![...state.sessions].some((id) => sessions.has(id))) continue;
      ws.send(frame);
    }
  }

  /** Drops sockets that did not answer the last ping (a vanished laptop, a cut cable), and slow ones past their grace. */
  private heartbeat(): void {
    for (const [ws, state] of this.sockets) {
      if (!state.alive) {
        this.stats.socketsDroppedDead++;
        this.logger.info('browser session dropped: no answer to ping', { sessions: state.sessions.size });
        ws.terminate();
        continue;
      }
      this.checkBacklog(ws, state);
      state.alive = false;
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }

  /** Warnings caused by clients are rate-limited per client: a hostile tab must not rotate the log away. */
  private warn(key: string, message: string, fields: Record<string, unknown>): void {
    const verdict = this.warnLimiter.admit(key);
    if (!verdict.admit) return;
    this.logger.warn(message, verdict.suppressed > 0 ? { ...fields, suppressedBefore: verdict.suppressed } : fields);
  }

  // ---- static files ----------------------------------------------------------------------

  private async serveHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const refuse = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      this.stats.refusedRequests++;
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
    };
    const url = parseRequestUrl(req);
    if (!url) return refuse(400, 'bad request');
    if (!this.access.hostAllowed(req.headers.host)) {
      this.warn('http', 'browser-mode request refused: host name not served here', { host: clip(req.headers.host) });
      return refuse(421, hostRefusedPage(), 'text/html; charset=utf-8');
    }
    if (this.options.upload && (await this.options.upload.handle(req, res, url, this.access))) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'method not allowed');
    const authorized = this.access.tokenAllowed(url, req.headers.cookie);
    if (url.pathname === '/access') {
      // The renderer asks this when its WebSocket is refused, to tell the user why.
      res.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(authorized ? { ok: true } : { ok: false, reason: 'token' }));
      return;
    }
    if (!authorized) {
      const given = url.searchParams.has('token');
      this.warn('http', 'browser-mode page refused: missing or wrong token', { path: clip(url.pathname) });
      return refuse(401, accessDeniedPage(given), 'text/html; charset=utf-8');
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      // Thrown here it would be an unhandled rejection: the end of the serve process.
      return refuse(400, 'bad request');
    }
    const file = await this.resolveStatic(rel);
    if (!file) return refuse(404, 'not found');
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return refuse(404, 'not found');
    }
    const headers: Record<string, string | string[]> = {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    };
    if (this.access.tokenInQuery(url)) {
      // After the first load the token rides in a cookie scripts cannot read, sent only to this site.
      headers['set-cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(this.options.token ?? '')}; Path=/; HttpOnly; SameSite=Strict`;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** The file under the static root a request path names, or null (outside, hidden, odd bytes, symlinked out). */
  private async resolveStatic(rel: string): Promise<string | null> {
    if (rel.includes('\0') || rel.includes('\\') || rel.length > 1024) return null;
    if (rel.split('/').some((part) => part.startsWith('.') && part.length > 0)) return null;
    const root = path.resolve(this.options.staticDir);
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep)) return null;
    try {
      const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
      if (!realFile.startsWith(realRoot + path.sep)) return null;
      const stat = await fs.stat(realFile);
      return stat.isFile() ? realFile : null;
    } catch {
      return null;
    }
  }
}

class UnknownSocketSession extends Error {
  override name = 'UnknownSocketSession';
  constructor(id: string) {
    super(`unknown session ${clip(id)} (closed, timed out, or not opened on this connection)`);
  }
}

function clip(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.length > 120 ? `${value.slice(0, 120)}…` : value;
}

/** The request's URL, or null when it does not parse (e.g. a path of `//`). */
function parseRequestUrl(req: http.IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}
