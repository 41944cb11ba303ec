// Electron front door: the shared start-up (main/app/startup.ts) builds the core; this file adds
// only what is the desktop's own — windows (windows.ts), menus (menu.ts), the IPC bridge (ipc.ts),
// the lock-down (security.ts), single instance (second-launch.ts) — and shows every start-up
// error in a dialog before exiting cleanly (single-instance lock released).
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell } from 'electron';
import path from 'node:path';
import { USAGE } from '../config/cli-options';
import { arrangementFromSettings, readArrangement, writeArrangement } from '../config/arrangement';
import { defaultPaths } from '../config/paths';
import { readSettingsFile, settingsPath } from '../config/settings-file';
import { windowStateFile, type WindowPlacement } from '../config/window-state';
import { parseStartupOptions, startApp, StartupError, type StartedApp } from '../app/startup';
import { main as inspectMain } from '../cli/inspect';
import { recordMain } from '../cli/record';
import { registerAppScheme, serveRendererFrom } from './app-protocol';
import { IpcBridge } from './ipc';
import { buildMenuTemplate } from './menu';
import { identityOf, planSecondLaunch } from './second-launch';
import { externalLinksFromSettings, lockDown } from './security';
import { WindowManager, type BrowserWindowLike } from './windows';

const APP_NAME = 'Livedata Desktop';
const PRELOAD = path.join(__dirname, '../../../preload/preload.js');
const RENDERER = path.join(__dirname, '../../../renderer');

registerAppScheme();

// macOS hands a double-clicked recording over with 'open-file', possibly before the app is ready:
// keep it until the core can open it.
const earlyFiles: string[] = [];
let openFileNow: ((file: string) => void) | null = null;
// A second launch while this one is still starting is answered once the windows exist.
const earlyLaunches: { argv: string[]; cwd: string }[] = [];
let secondLaunchNow: ((argv: string[], cwd: string) => void) | null = null;
app.on('second-instance', (_event, argv, cwd) => {
  if (secondLaunchNow) secondLaunchNow(argv, cwd);
  else earlyLaunches.push({ argv, cwd });
});
app.on('open-file', (event, file) => {
  event.preventDefault();
  if (openFileNow) openFileNow(file);
  else earlyFiles.push(file);
});

/** Shows a start-up error and exits, releasing the single-instance lock so the next launch can start. */
async function failStart(err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof StartupError ? err.exitCode : 1;
  console.error(`${APP_NAME}: ${message}`);
  // Before 'ready' the box goes to stderr on Linux only; wait so it is a real dialog everywhere.
  await app.whenReady().catch(() => undefined);
  dialog.showErrorBox(`${APP_NAME} cannot start`, message);
  app.releaseSingleInstanceLock();
  app.exit(code);
}

function createBrowserWindow(init: { bounds: { x: number; y: number; width: number; height: number }; fullScreen: boolean; kiosk: boolean }): BrowserWindowLike {
  return new BrowserWindow({
    ...init.bounds,
    fullscreen: init.fullScreen,
    kiosk: init.kiosk,
    title: APP_NAME,
    backgroundColor: '#f4f6f8',
    autoHideMenuBar: init.kiosk,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click must not open a link in a new window (Electron checklist: limit navigation).
      disableBlinkFeatures: 'Auxclick',
      // Installed builds have no DevTools (also no menu entry: menu.ts).
      devTools: !app.isPackaged,
      // A minimised window keeps its 1 s heartbeat poll; Chromium's intensive throttling of
      // hidden pages would otherwise let the registry reap the session.
      backgroundThrottling: false,
    },
  });
}

async function main(): Promise<void> {
  // `livedata-desktop inspect ...`: the payload inspector, from the packaged app, no window.
  const inspectAt = process.argv.indexOf('inspect');
  if (inspectAt > 0) {
    app.exit(await inspectMain(process.argv.slice(inspectAt + 1)));
    return;
  }
  // `livedata-desktop record ...`: record a live source to MCAP, no window (main/cli/record.ts).
  const recordAt = process.argv.indexOf('record');
  if (recordAt > 0) {
    const stop = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    app.exit(await recordMain(process.argv.slice(recordAt + 1), process.env, stop));
    return;
  }
  let options;
  try {
    options = parseStartupOptions(process.argv.slice(1), process.env, true);
  } catch (err) {
    return failStart(err);
  }
  if (options.help) {
    console.log(`Usage: livedata-desktop [options] [recording.mcap]\n\n${USAGE}`);
    app.exit(0);
    return;
  }
  // Chromium's own data (and with it the single-instance lock) lives in the config folder, so
  // one instance runs per config folder: a second copy with its own --config-dir is independent.
  app.setPath('userData', path.join(path.resolve(options.configDir ?? defaultPaths().configDir), 'electron'));
  // The second process hands its argv to the first (app 'second-instance') and leaves.
  if (!app.requestSingleInstanceLock()) {
    console.log('Livedata Desktop is already running: the running app opens a window for this launch.');
    app.exit(0);
    return;
  }
  await app.whenReady();

  let started: StartedApp;
  try {
    started = await startApp(options, { console: !app.isPackaged });
  } catch (err) {
    return failStart(err);
  }
  const { core, logger, configDir, logDir } = started;
  logger.info('desktop shell', { electron: process.versions.electron, chrome: process.versions.chrome, packaged: app.isPackaged });

  // settings.yaml was validated by the start-up; these two entries are the desktop's.
  let externalLinks: string[] = [];
  let settingsArrangement: string | null = null;
  try {
    const settings = readSettingsFile(settingsPath(configDir));
    externalLinks = externalLinksFromSettings(settings);
    settingsArrangement = arrangementFromSettings(settings, configDir);
  } catch (err) {
    await started.stop();
    return failStart(new StartupError('settings', err instanceof Error ? err.message : String(err)));
  }

  lockDown(app, session.defaultSession, shell, {
    externalAllowList: externalLinks,
    onRefused: (what, detail) => logger.warn(`refused: ${what}`, detail),
  });
  serveRendererFrom(RENDERER);

  const stateFile = windowStateFile(configDir);
  const windows = new WindowManager({
    createWindow: createBrowserWindow,
    screen,
    logger,
    save: (placements) => stateFile.save({ version: 1, windows: placements }),
  });
  const bridge = new IpcBridge(ipcMain, core.gateway, windows.isOurWindow, logger);
  bridge.register();
  core.registry.onRemoved((id) => bridge.forgetSession(id));

  const focused = (): BrowserWindow | null => {
    const win = BrowserWindow.getFocusedWindow();
    return win && windows.isOurWindow(win.webContents) ? win : null;
  };
  const showBox = (box: Electron.MessageBoxOptions): void => {
    const parent = focused() ?? BrowserWindow.getAllWindows()[0];
    void (parent ? dialog.showMessageBox(parent, box) : dialog.showMessageBox(box));
  };
  const openRecording = async (file: string): Promise<void> => {
    try {
      await core.openRecording(file);
      logger.info('recording opened', { file });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.error('recording could not be opened', { file, error: message });
      dialog.showErrorBox('Recording not opened', `${file}\n\n${message}`);
    }
  };
  const openArrangementFile = (file: string): boolean => {
    try {
      const arrangement = readArrangement(file);
      windows.replaceWith(arrangement.windows);
      logger.info('window arrangement opened', { file, windows: arrangement.windows.length });
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.error('window arrangement not opened', { file, error: message });
      dialog.showErrorBox('Window arrangement not opened', message);
      return false;
    }
  };

  const about = (): void => {
    const b = started.build;
    const detail = [
      `Version ${b.version}`,
      `Commit ${b.commit}`,
      `Built ${b.buildDate}`,
      '',
      `Instrument ${started.instrument.name}`,
      `Data source ${started.transport.description}`,
      '',
      `Electron ${process.versions.electron}`,
      `Chromium ${process.versions.chrome}`,
      `Node ${process.versions.node}`,
      '',
      `Config ${configDir}`,
      `Logs ${logDir}`,
    ].join('\n');
    showBox({ type: 'info', title: `About ${APP_NAME}`, message: APP_NAME, detail, buttons: ['OK'] });
  };

  const rebuildMenu = (): void => {
    const template = buildMenuTemplate(
      {
        newWindow: () => windows.open({ kiosk: false }),
        openRecording: () => {
          void dialog
            .showOpenDialog({ title: 'Open Recording', properties: ['openFile'], filters: [{ name: 'Recordings', extensions: ['mcap'] }] })
            .then((r) => (r.canceled || !r.filePaths[0] ? undefined : openRecording(r.filePaths[0])));
        },
        saveArrangement: () => {
          void dialog
            .showSaveDialog({ title: 'Save Window Arrangement', defaultPath: path.join(configDir, 'arrangement.yaml'), filters: [{ name: 'Arrangements', extensions: ['yaml', 'yml'] }] })
            .then((r) => {
              if (r.canceled || !r.filePath) return;
              try {
                writeArrangement(r.filePath, windows.snapshot());
                logger.info('window arrangement saved', { file: r.filePath, windows: windows.count });
              } catch (err) {
                dialog.showErrorBox('Window arrangement not saved', err instanceof Error ? err.message : String(err));
              }
            });
        },
        openArrangement: () => {
          void dialog
            .showOpenDialog({ title: 'Open Window Arrangement', defaultPath: configDir, properties: ['openFile'], filters: [{ name: 'Arrangements', extensions: ['yaml', 'yml'] }] })
            .then((r) => (r.canceled || !r.filePaths[0] ? undefined : openArrangementFile(r.filePaths[0])));
        },
        toggleKiosk: () => {
          const win = focused();
          if (win) windows.setKiosk(win, !win.isKiosk());
        },
        sendToFocused: (action) => windows.send(focused(), action),
        openLogFolder: () => void shell.openPath(logDir),
        about,
      },
      { platform: process.platform, packaged: app.isPackaged, appName: APP_NAME },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  rebuildMenu();

  // The first windows: --arrangement, else the settings entry, else where they were last time.
  const arrangementFile = options.arrangement ? path.resolve(options.arrangement) : settingsArrangement;
  let opened = false;
  if (arrangementFile) opened = openArrangementFile(arrangementFile);
  if (!opened) {
    const saved = stateFile.load();
    if (saved.kind === 'corrupt') logger.warn('window placements unreadable, moved aside', { problem: saved.problem, movedTo: saved.movedTo });
    const placements: Partial<WindowPlacement>[] = saved.kind === 'loaded' && saved.value.windows.length > 0 ? saved.value.windows : [{}];
    // --tab and --kiosk apply to the first window; the others come back as they were.
    placements.forEach((p, i) => windows.open(i === 0 ? { ...p, ...(options.tab ? { tab: options.tab } : {}), kiosk: options.kiosk || p.kiosk } : p));
  }
  if (options.recordingArg) void openRecording(path.resolve(options.recordingArg));

  const running = identityOf(options);
  secondLaunchNow = (argv, cwd) => {
    const plan = planSecondLaunch(running, argv, cwd);
    if (plan.kind === 'refuse') {
      logger.warn('second launch refused', { argv: argv.slice(1), reason: plan.message });
      showBox({ type: 'warning', title: APP_NAME, message: 'Already running', detail: plan.message, buttons: ['OK'] });
      return;
    }
    logger.info('second launch', { tab: plan.tab, kiosk: plan.kiosk, arrangement: plan.arrangement, recording: plan.recording });
    if (plan.arrangement) {
      openArrangementFile(plan.arrangement);
    } else {
      windows.open({ tab: plan.tab ?? undefined, kiosk: plan.kiosk }).focus();
    }
    if (plan.recording) void openRecording(plan.recording);
  };
  for (const l of earlyLaunches.splice(0)) secondLaunchNow(l.argv, l.cwd);
  // macOS delivers double-clicked files with 'open-file' (the .mcap association, electron-builder.yml).
  openFileNow = (file) => void openRecording(file);
  for (const file of earlyFiles.splice(0)) openFileNow(file);
  app.on('activate', () => {
    if (windows.count === 0) windows.open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits for the core: pending commands sent, layout saved, log flushed; then exit.
  let quit: 'running' | 'stopping' = 'running';
  app.on('before-quit', (event) => {
    event.preventDefault();
    if (quit === 'stopping') return;
    quit = 'stopping';
    windows.prepareQuit();
    logger.info('quitting');
    bridge.unregister();
    const force = setTimeout(() => app.exit(1), 10_000);
    void started.stop().finally(() => {
      clearTimeout(force);
      app.exit(0);
    });
  });
}

main().catch((err: unknown) => failStart(err));
