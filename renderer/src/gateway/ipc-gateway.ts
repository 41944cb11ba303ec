import type { LivedataBridge } from '../../../shared/bridge';
import type { Gateway } from './gateway';

/** Electron carrier: the preload bridge already speaks the session API. */
export function createIpcGateway(bridge: LivedataBridge): Gateway {
  return {
    carrier: 'electron',
    open: (req) => bridge.open(req),
    poll: (req) => bridge.poll(req),
    command: (req) => bridge.command(req),
    close: (req) => bridge.close(req),
    log: (req) => bridge.log(req),
    onWake: (listener) => bridge.onWake(listener),
    // IPC to main cannot drop while the window exists.
    onDisconnect: () => () => undefined,
  };
}
