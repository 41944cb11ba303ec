import { decodeFrame, encodeFrame, type WsClientMessage, type WsServerMessage } from '../../../shared/binary-frame';
import { forwardSessionApi } from '../../../shared/session-api';
import { expandPollResult } from '../../../shared/api/compact-result';
import type { PollResult } from '../../../shared/protocol';
import type { Gateway } from './gateway';

/** Shown when the server refuses this page's token (e.g. restarted with a new one). */
export const ACCESS_REFUSED_MESSAGE =
  'Access refused: this page’s access token is missing or not accepted. Open the address the server printed when it started (it ends in ?token=…).';

export interface WsGatewayOptions {
  /** A call unanswered for this long is rejected and forgotten (the updater has given up on it by then). */
  callTimeoutMs?: number;
  /** For tests under Node: the WebSocket constructor and fetch. */
  WebSocketImpl?: typeof WebSocket;
  fetchImpl?: typeof fetch;
  /** URL of the server's access probe (answers 401 when the token is refused). */
  accessUrl?: string | null;
}

export interface WsGateway extends Gateway {
  /** Calls waiting for an answer (bounded: each one ends by answer, timeout or disconnect). */
  readonly pendingCount: number;
}

/** Browser-mode carrier: RPC over one WebSocket with binary frames. */
export function createWsGateway(url: string, options: WsGatewayOptions = {}): WsGateway {
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const WS = options.WebSocketImpl ?? WebSocket;
  const doFetch = options.fetchImpl ?? (typeof fetch === 'function' ? fetch : null);
  let socket: WebSocket | null = null;
  let connecting: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  const wakeListeners = new Set<() => void>();
  const disconnectListeners = new Set<(reason: string) => void>();

  function settle(id: number): { resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    clearTimeout(p.timer);
    return p;
  }

  /** Why the server refused to open the socket, when it says (a token problem); else null. */
  async function refusalReason(): Promise<string | null> {
    if (!doFetch || !options.accessUrl) return null;
    try {
      const res = await doFetch(options.accessUrl, { credentials: 'same-origin', cache: 'no-store' });
      return res.status === 401 ? ACCESS_REFUSED_MESSAGE : null;
    } catch {
      return null;
    }
  }

  function connect(): Promise<WebSocket> {
    if (socket && socket.readyState === WS.OPEN) return Promise.resolve(socket);
    if (connecting) return connecting;
    connecting = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WS(url);
      let opened = false;
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        opened = true;
        socket = ws;
        connecting = null;
        resolve(ws);
      };
      ws.onerror = () => {
        // onclose follows and rejects the pending calls.
      };
      ws.onclose = (ev) => {
        const reason = `connection to the app closed (${ev.code}${ev.reason ? ': ' + ev.reason : ''})`;
        socket = null;
        for (const id of [...pending.keys()]) settle(id)?.reject(new Error(reason));
        if (!opened) {
          // Refused before opening: ask the server why, so the user reads "access refused", not "1006".
          void refusalReason().then((why) => {
            connecting = null;
            const message = why ?? reason;
            reject(new Error(message));
            for (const l of disconnectListeners) l(message);
          });
          return;
        }
        for (const l of disconnectListeners) l(reason);
      };
      ws.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
        let msg: WsServerMessage;
        try {
          msg = decodeFrame(new Uint8Array(ev.data)) as WsServerMessage;
        } catch (err) {
          console.error('bad frame from server', err);
          return;
        }
        if ('event' in msg) {
          for (const l of wakeListeners) l();
          return;
        }
        const p = settle(msg.id);
        if (!p) return; // answered after its timeout: already forgotten
        if ('error' in msg) p.reject(new Error(msg.error));
        else p.resolve(msg.result);
      };
    });
    return connecting;
  }

  async function call<T>(method: WsClientMessage['method'], params: unknown): Promise<T> {
    const ws = await connect();
    const id = nextId++;
    const message: WsClientMessage = { id, method, params };
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => settle(id)?.reject(new Error(`${method} timed out after ${callTimeoutMs} ms`)), callTimeoutMs);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        ws.send(encodeFrame(message));
      } catch (err) {
        settle(id)?.reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  return {
    ...forwardSessionApi(async (method, req) => {
      const result = await call(method, req);
      // Poll answers come without their empty parts (shared/api/compact-result.ts).
      return (method === 'poll' || method === 'open' ? expandPollResult(result as PollResult) : result) as never;
    }),
    carrier: 'browser',
    get pendingCount() {
      return pending.size;
    },
    onWake(listener) {
      wakeListeners.add(listener);
      return () => wakeListeners.delete(listener);
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
  };
}
