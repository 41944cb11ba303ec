// The narrow bridge between a sandboxed window and main: the session API and the wake hint,
// nothing else. Payloads are validated in main; this file only forwards.
import { contextBridge, ipcRenderer } from 'electron';
import type { LivedataBridge } from '../shared/bridge';
import { IPC_CHANNELS } from '../shared/ipc-channels';

const bridge: LivedataBridge = {
  open: (req) => ipcRenderer.invoke(IPC_CHANNELS.open, req),
  poll: (req) => ipcRenderer.invoke(IPC_CHANNELS.poll, req),
  command: (req) => ipcRenderer.invoke(IPC_CHANNELS.command, req),
  close: (req) => ipcRenderer.invoke(IPC_CHANNELS.close, req),
  log: (req) => ipcRenderer.invoke(IPC_CHANNELS.log, req),
  onWake(listener) {
    const handler = (): void => listener();
    ipcRenderer.on(IPC_CHANNELS.wake, handler);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.wake, handler);
    };
  },
};

contextBridge.exposeInMainWorld('livedata', bridge);
