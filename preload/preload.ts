// The narrow bridge between a sandboxed window and main: the session API and the wake hint,
// nothing else. Methods come from the one declaration (shared/api/methods.ts); payloads are
// validated in main; this file only forwards.
import { contextBridge, ipcRenderer } from 'electron';
import type { LivedataBridge } from '../shared/bridge';
import { ipcChannel, SESSION_METHODS } from '../shared/api/methods';

const methods = Object.fromEntries(
  SESSION_METHODS.map((m) => [m, (req: unknown) => ipcRenderer.invoke(ipcChannel(m), req)]),
) as unknown as Omit<LivedataBridge, 'onWake'>;

const bridge: LivedataBridge = {
  ...methods,
  onWake(listener) {
    const handler = (): void => listener();
    ipcRenderer.on(ipcChannel('wake'), handler);
    return () => {
      ipcRenderer.removeListener(ipcChannel('wake'), handler);
    };
  },
};

contextBridge.exposeInMainWorld('livedata', bridge);
