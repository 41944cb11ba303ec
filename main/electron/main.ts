// Electron entry: one core per process, one BrowserWindow per session. Thin glue only; all
// behaviour lives in the core, which is tested under plain Node.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import fs from 'node:fs';
import { parseAppOptions, USAGE } from '../config/cli-options';
import { createLogger } from '../logging/logger';
import { defaultPaths } from '../config/paths';
import { instrumentByName } from '../instruments';
import { Core } from '../app/core';
import { createTransport } from '../app/create-transport';
import { APP_ORIGIN, registerAppScheme, serveRendererFrom } from './app-protocol';
import { IpcBridge } from './ipc';
import { main as inspectMain } from '../cli/inspect';

registerAppScheme();

const windows = new Set<BrowserWindow>();

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Livedata Desktop',
    backgroundColor: '#f4f6f8',
    webPreferences: {
      preload: path.join(__dirname, '../../../preload/preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // A minimised window keeps its 1 s heartbeat poll; Chromium's intensive throttling of
      // hidden pages would otherwise let the registry reap the session.
      backgroundThrottling: false,
    },
  });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  void win.loadURL(`${APP_ORIGIN}index.html`);
  return win;
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { id: 'new-window', label: 'New Window', accelerator: 'CmdOrCtrl+N', click: () => createWindow() },
        { role: 'close' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function lockDown(): void {
  // Deny navigation, new windows and permission requests for all our web contents.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(APP_ORIGIN)) event.preventDefault();
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

async function main(): Promise<void> {
  // `livedata-desktop inspect ...`: the payload inspector, from the packaged app, no window.
  const inspectAt = process.argv.indexOf('inspect');
  if (inspectAt > 0) {
    app.exit(await inspectMain(process.argv.slice(inspectAt + 1)));
    return;
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const argv = process.argv.slice(1);
  let options;
  try {
    options = parseAppOptions(argv, process.env, true);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    app.exit(2);
    return;
  }
  await app.whenReady();
  // The same folders as browser mode, so both front doors share layouts and logs.
  const paths = defaultPaths();
  const logDir = options.logDir ?? paths.logDir;
  fs.mkdirSync(logDir, { recursive: true });
  const logger = createLogger({ logDir, level: options.logLevel, console: !app.isPackaged });
  const instrument = instrumentByName(options.instrument);
  const configDir = options.configDir ?? paths.configDir;
  let transport;
  try {
    transport = createTransport(options, instrument, logger, configDir);
  } catch (err) {
    // Bad settings: say what is wrong in a dialog rather than dying silently.
    dialog.showErrorBox('Livedata Desktop cannot start', err instanceof Error ? err.message : String(err));
    app.exit(2);
    return;
  }
  const core = new Core({ instrument, transport, logger, autoStart: options.autoStart && transport.kind === 'fake', configDir });

  lockDown();
  serveRendererFrom(path.join(__dirname, '../../../renderer'));
  const bridge = new IpcBridge(ipcMain, core.gateway, (wc) => [...windows].some((w) => !w.isDestroyed() && w.webContents === wc), logger);
  bridge.register();
  core.registry.onRemoved((id) => bridge.forgetSession(id));
  buildMenu();
  await core.start();
  createWindow();

  app.on('second-instance', () => createWindow());
  app.on('activate', () => {
    if (windows.size === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    void core.stop();
  });
}

void main();
