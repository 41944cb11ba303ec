import type { LivedataBridge } from '../../../shared/bridge';
import type { Gateway } from './gateway';
import { createIpcGateway } from './ipc-gateway';
import { createWsGateway } from './ws-gateway';

export type { Gateway } from './gateway';

declare global {
  interface Window {
    livedata?: LivedataBridge;
  }
}

/** Electron windows get the preload bridge; browser tabs talk to the serve command's WebSocket. */
export function createGateway(): Gateway {
  if (window.livedata) return createIpcGateway(window.livedata);
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(location.search).get('token');
  const url = `${scheme}//${location.host}/session${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  // Asked when the socket is refused, to tell "wrong token" apart from "server gone".
  return createWsGateway(url, { accessUrl: `${location.origin}/access${location.search}` });
}
