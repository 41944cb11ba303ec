import { decodeFrame, encodeFrame, type WsClientMessage, type WsServerMessage } from '../../../shared/binary-frame';
import { forwardSessionApi } from '../../../shared/session-api';
import type { Gateway } from './gateway';

/** Browser-mode carrier: RPC over one WebSocket with binary frames. */
export function createWsGateway(url: string): Gateway {
  let socket: WebSocket | null = null;
  let connecting: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const wakeListeners = new Set<() => void>();
  const disconnectListeners = new Set<(reason: string) => void>();

  function connect(): Promise<WebSocket> {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    if (connecting) return connecting;
    connecting = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        socket = ws;
        connecting = null;
        resolve(ws);
      };
      ws.onerror = () => {
        // onclose follows and rejects the pending calls.
      };
      ws.onclose = (ev) => {
        const reason = `connection to the app closed (${ev.code}${ev.reason ? ': ' + ev.reason : ''})`;
        if (connecting) {
          connecting = null;
          reject(new Error(reason));
        }
        socket = null;
        for (const p of pending.values()) p.reject(new Error(reason));
        pending.clear();
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
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
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
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(encodeFrame(message));
    });
  }

  return {
    ...forwardSessionApi((method, req) => call(method, req)),
    carrier: 'browser',
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
