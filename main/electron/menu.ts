// The application menu, following each OS's conventions (macOS: app menu first, About there;
// Windows/Linux: File … Help, About under Help). Built from plain handlers so the template is
// unit-tested without the runtime (menu.test.ts): every item is reachable by keyboard, and a
// packaged build has no DevTools or reload.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../../shared/bridge';

export interface MenuHandlers {
  newWindow(): void;
  /** Absent while the core cannot open recordings. */
  openRecording?: () => void;
  saveArrangement(): void;
  openArrangement(): void;
  toggleKiosk(): void;
  /** A renderer-side action for the focused window (shared/bridge.ts MENU_ACTIONS). */
  sendToFocused(action: MenuAction): void;
  openLogFolder(): void;
  about(): void;
}

export interface MenuFlags {
  platform: NodeJS.Platform;
  /** app.isPackaged: no DevTools, no reload. */
  packaged: boolean;
  appName: string;
}

/** Leaves kiosk mode; handled in before-input-event too, because a kiosk window has no menu. */
export const KIOSK_ACCELERATOR = 'CmdOrCtrl+Shift+F12';

export function buildMenuTemplate(h: MenuHandlers, flags: MenuFlags): MenuItemConstructorOptions[] {
  const mac = flags.platform === 'darwin';
  const send = (action: MenuAction) => () => h.sendToFocused(action);
  const about: MenuItemConstructorOptions = { id: 'about', label: mac ? `About ${flags.appName}` : 'About', click: () => h.about() };

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'new-window', label: 'New Window', accelerator: 'CmdOrCtrl+N', click: () => h.newWindow() },
      { id: 'open-recording', label: 'Open Recording…', accelerator: 'CmdOrCtrl+O', enabled: !!h.openRecording, click: () => h.openRecording?.() },
      { type: 'separator' },
      { id: 'save-arrangement', label: 'Save Window Arrangement…', accelerator: 'CmdOrCtrl+Shift+S', click: () => h.saveArrangement() },
      { id: 'open-arrangement', label: 'Open Window Arrangement…', accelerator: 'CmdOrCtrl+Shift+O', click: () => h.openArrangement() },
      { type: 'separator' },
      { id: 'close-window', role: 'close', label: 'Close Window', accelerator: 'CmdOrCtrl+W' },
      ...(mac ? [] : ([{ type: 'separator' }, { id: 'quit', role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' }] as MenuItemConstructorOptions[])),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { id: 'next-tab', label: 'Next Tab', accelerator: 'CmdOrCtrl+PageDown', click: send('next-tab') },
      { id: 'previous-tab', label: 'Previous Tab', accelerator: 'CmdOrCtrl+PageUp', click: send('previous-tab') },
      { type: 'separator' },
      { id: 'ui-zoom-in', label: 'Zoom In', accelerator: 'CmdOrCtrl+=', click: send('ui-zoom-in') },
      { id: 'ui-zoom-out', label: 'Zoom Out', accelerator: 'CmdOrCtrl+-', click: send('ui-zoom-out') },
      { id: 'ui-zoom-reset', label: 'Actual Size', accelerator: 'CmdOrCtrl+0', click: send('ui-zoom-reset') },
      { type: 'separator' },
      {
        label: 'Theme',
        submenu: [
          { id: 'theme-light', label: 'Light', accelerator: 'CmdOrCtrl+Alt+1', click: send('theme-light') },
          { id: 'theme-dark', label: 'Dark', accelerator: 'CmdOrCtrl+Alt+2', click: send('theme-dark') },
          { id: 'theme-system', label: 'Follow System', accelerator: 'CmdOrCtrl+Alt+0', click: send('theme-system') },
        ],
      },
      { type: 'separator' },
      { id: 'full-screen', role: 'togglefullscreen', label: 'Toggle Full Screen', accelerator: mac ? 'Ctrl+Cmd+F' : 'F11' },
      { id: 'kiosk', label: 'Kiosk Mode (leave with Ctrl+Shift+F12)', accelerator: KIOSK_ACCELERATOR, click: () => h.toggleKiosk() },
      ...(flags.packaged
        ? []
        : ([
            { type: 'separator' },
            { id: 'reload', role: 'reload', accelerator: 'CmdOrCtrl+R' },
            { id: 'devtools', role: 'toggleDevTools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I' },
          ] as MenuItemConstructorOptions[])),
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    label: '&Window',
    submenu: [
      { id: 'minimize', role: 'minimize', accelerator: 'CmdOrCtrl+M' },
      { id: 'zoom-window', role: 'zoom', label: mac ? 'Zoom' : 'Maximise', accelerator: mac ? 'Alt+Cmd+Z' : 'Super+Up' },
      ...(mac ? ([{ type: 'separator' }, { id: 'front', role: 'front', accelerator: 'Alt+Cmd+F' }] as MenuItemConstructorOptions[]) : []),
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { id: 'show-shortcuts', label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', click: send('show-shortcuts') },
      { id: 'open-log-folder', label: 'Open Log Folder', accelerator: 'CmdOrCtrl+Shift+L', click: () => h.openLogFolder() },
      ...(mac ? [] : ([{ type: 'separator' }, { ...about, accelerator: 'F1' }] as MenuItemConstructorOptions[])),
    ],
  };

  if (!mac) return [file, view, windowMenu, help];
  const appMenu: MenuItemConstructorOptions = {
    label: flags.appName,
    submenu: [
      { ...about, accelerator: 'Cmd+I' },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { id: 'hide', role: 'hide', accelerator: 'Cmd+H' },
      { id: 'hide-others', role: 'hideOthers', accelerator: 'Alt+Cmd+H' },
      { role: 'unhide' },
      { type: 'separator' },
      { id: 'quit', role: 'quit', accelerator: 'Cmd+Q' },
    ],
  };
  // macOS: Edit so copy/paste work in text fields (the system expects it).
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      // Not the undo/redo roles: their Cmd+Z would never reach the page, whose handler undoes
      // the text being typed, or else the last layout edit (renderer/src/components/TabStrip.vue).
      { id: 'edit-undo', label: 'Undo', accelerator: 'Cmd+Z', click: send('edit-undo') },
      { id: 'edit-redo', label: 'Redo', accelerator: 'Shift+Cmd+Z', click: send('edit-redo') },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  return [appMenu, file, edit, view, windowMenu, help];
}

/** Items with an action (click or role) but no accelerator: must be empty (menu.test.ts). */
export function itemsWithoutAccelerator(template: readonly MenuItemConstructorOptions[], exempt: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const walk = (items: readonly MenuItemConstructorOptions[]): void => {
    for (const item of items) {
      if (Array.isArray(item.submenu)) walk(item.submenu);
      else if ((item.click || item.role) && !item.accelerator && !exempt.has(item.role ?? '')) out.push(item.id ?? item.label ?? item.role ?? '?');
    }
  };
  walk(template);
  return out;
}
