// The narrow bridge between a sandboxed window and main: the session API, the wake hint and menu
// actions, nothing else. Methods come from the one declaration (shared/api/methods.ts); payloads
// are validated in main; menu actions are checked against the shared list (shared/bridge.ts)
// so the page never receives anything main did not mean to send.
import { contextBridge, ipcRenderer } from 'electron';
import { isMenuAction, MENU_ACTION_CHANNEL, type LivedataBridge, type MenuAction } from '../shared/bridge';
import { ipcChannel, SESSION_METHODS } from '../shared/api/methods';

const methods = Object.fromEntries(
  SESSION_METHODS.map((m) => [m, (req: unknown) => ipcRenderer.invoke(ipcChannel(m), req)]),
) as unknown as Omit<LivedataBridge, 'onWake' | 'onMenuAction'>;

const bridge: LivedataBridge = {
  ...methods,
  onWake(listener) {
    // The IPC event object is never handed to the page (it carries `sender`).
    const handler = (): void => listener();
    ipcRenderer.on(ipcChannel('wake'), handler);
    return () => {
      ipcRenderer.removeListener(ipcChannel('wake'), handler);
    };
  },
  onMenuAction(listener) {
    const handler = (_event: unknown, action: unknown): void => {
      if (isMenuAction(action)) listener(action as MenuAction);
    };
    ipcRenderer.on(MENU_ACTION_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(MENU_ACTION_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('livedata', bridge);
