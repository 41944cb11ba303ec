import type { LivedataBridge } from '../../../shared/bridge';
import { forwardSessionApi } from '../../../shared/session-api';
import type { Gateway } from './gateway';

/** Electron carrier: the preload bridge already speaks the session API. */
export function createIpcGateway(bridge: LivedataBridge): Gateway {
  return {
    ...forwardSessionApi((method, req) => (bridge[method] as (r: typeof req) => Promise<never>)(req)),
    carrier: 'electron',
    onWake: (listener) => bridge.onWake(listener),
    // IPC to main cannot drop while the window exists.
    onDisconnect: () => () => undefined,
  };
}
