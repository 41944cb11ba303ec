// Window management: opening windows where they were (main/config/window-state.ts), keeping
// <config>/windows.yaml current, arrangements, kiosk windows. Written against the few
// BrowserWindow/screen APIs it uses (typed stand-ins below), so windows.test.ts drives it
// without the Electron runtime; main.ts supplies the real ones.
import type { Logger } from '../logging/logger';
import { fitToDisplays, type DisplayInfo, type Rect, type WindowPlacement } from '../config/window-state';
import { APP_ORIGIN } from './app-url';
import type { WebContentsLike } from './ipc';

export interface WindowWebContentsLike extends WebContentsLike {
  getURL(): string;
  on(event: 'render-process-gone', listener: () => void): unknown;
  on(event: 'did-navigate-in-page', listener: () => void): unknown;
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: KeyInput) => void): unknown;
  send(channel: string, ...args: unknown[]): void;
}

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

type WindowEvent = 'closed' | 'move' | 'resize' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen';

export interface BrowserWindowLike {
  readonly webContents: WindowWebContentsLike;
  loadURL(url: string): Promise<void>;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isKiosk(): boolean;
  setKiosk(flag: boolean): void;
  setMenuBarVisibility(visible: boolean): void;
  maximize(): void;
  isDestroyed(): boolean;
  close(): void;
  destroy(): void;
  focus(): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: WindowEvent, listener: () => void): unknown;
}

export interface WindowInit {
  bounds: Rect;
  fullScreen: boolean;
  kiosk: boolean;
}

export interface ScreenLike {
  getAllDisplays(): DisplayInfo[];
  getPrimaryDisplay(): { id: number };
  getDisplayMatching(rect: Rect): DisplayInfo;
}

export interface WindowManagerOptions {
  createWindow(init: WindowInit): BrowserWindowLike;
  screen: ScreenLike;
  logger: Logger;
  /** Persists the placements (windows.yaml); called debounced and at quit. */
  save(placements: WindowPlacement[]): void;
  saveDelayMs?: number;
}

/** Where a new window goes when nothing is remembered: centred on the primary display. */
export const DEFAULT_SIZE = { width: 1400, height: 900 } as const;

/** The operator shortcut that leaves kiosk mode (menu.ts KIOSK_ACCELERATOR), matched on raw key input. */
export function isKioskShortcut(input: KeyInput, platform: NodeJS.Platform = process.platform): boolean {
  const mod = platform === 'darwin' ? input.meta : input.control;
  return input.type === 'keyDown' && input.key === 'F12' && mod && input.shift && !input.alt;
}

/** The app page for a window: its tab, kiosk and zoom travel as URL parameters (renderer/src/window-url.ts). */
export function windowUrl(p: Pick<Partial<WindowPlacement>, 'tab' | 'kiosk' | 'zoom'>): string {
  const q = new URLSearchParams();
  if (p.tab) q.set('tab', p.tab);
  if (p.kiosk) q.set('kiosk', '1');
  if (p.zoom !== undefined && p.zoom !== 1) q.set('zoom', String(p.zoom));
  const qs = q.toString();
  return `${APP_ORIGIN}index.html${qs ? `?${qs}` : ''}`;
}

/** The view state a window's renderer keeps in its URL (tab, zoom). */
export function viewStateOf(url: string): { tab?: string; zoom: number } {
  try {
    const q = new URL(url).searchParams;
    const zoom = Number(q.get('zoom') ?? '1');
    const tab = q.get('tab') ?? undefined;
    return { tab: tab && tab.length <= 200 ? tab : undefined, zoom: Number.isFinite(zoom) && zoom >= 0.25 && zoom <= 5 ? zoom : 1 };
  } catch {
    return { zoom: 1 };
  }
}

export class WindowManager {
  private readonly windows = new Set<BrowserWindowLike>();
  /** The webContents ids of our windows, for the IPC sender check. */
  private readonly ids = new Set<number>();
  private saveTimer: NodeJS.Timeout | null = null;
  private quitting = false;

  constructor(private readonly options: WindowManagerOptions) {}

  get count(): number {
    return this.windows.size;
  }

  all(): BrowserWindowLike[] {
    return [...this.windows];
  }

  /** True for the webContents of a live window we opened (ipc.ts refuses everything else). */
  isOurWindow = (wc: { id: number }): boolean => this.ids.has(wc.id);

  /** Opens a window; `placement` brings it where it was (fitted to today's displays). */
  open(placement: Partial<WindowPlacement> = {}): BrowserWindowLike {
    const { screen } = this.options;
    const primary = screen.getPrimaryDisplay();
    const displays = screen.getAllDisplays();
    const bounds = placement.bounds
      ? fitToDisplays({ bounds: placement.bounds, display: placement.display }, displays, primary.id).bounds
      : this.centred(displays.find((d) => d.id === primary.id) ?? displays[0]);
    const kiosk = placement.kiosk ?? false;
    const win = this.options.createWindow({ bounds, fullScreen: placement.fullScreen ?? false, kiosk });
    const wcId = win.webContents.id;
    this.windows.add(win);
    this.ids.add(wcId);
    if (placement.maximized && !placement.fullScreen && !kiosk) win.maximize();
    if (kiosk) win.setMenuBarVisibility(false);

    win.on('close', (event) => {
      if (win.isKiosk() && !this.quitting) {
        // A wall display is not closed by a stray Alt+F4 or click: the operator leaves kiosk first.
        event.preventDefault();
        this.options.logger.info('close of a kiosk window refused (leave kiosk with Ctrl+Shift+F12 first)');
        return;
      }
      // The last window closing quits the app: remember it, so the next start brings it back.
      if (!this.quitting && this.windows.size === 1) this.saveNow();
    });
    win.on('closed', () => {
      const wasLast = this.windows.size === 1;
      this.windows.delete(win);
      this.ids.delete(wcId);
      if (!this.quitting && !wasLast) this.scheduleSave();
    });
    for (const ev of ['move', 'resize', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) win.on(ev, () => this.scheduleSave());
    // The renderer keeps its tab (and zoom) in its URL with history.replaceState.
    win.webContents.on('did-navigate-in-page', () => this.scheduleSave());
    win.webContents.on('before-input-event', (event, input) => {
      if (isKioskShortcut(input)) {
        event.preventDefault();
        this.setKiosk(win, !win.isKiosk());
      }
    });
    void win.loadURL(windowUrl({ tab: placement.tab, kiosk, zoom: placement.zoom })).catch((err: unknown) => {
      this.options.logger.error('window failed to load the app page', { error: String(err) });
    });
    this.scheduleSave();
    return win;
  }

  setKiosk(win: BrowserWindowLike, on: boolean): void {
    if (win.isDestroyed()) return;
    win.setKiosk(on);
    win.setMenuBarVisibility(!on);
    // The renderer hides or shows its own header (renderer/src/window-url.ts).
    win.webContents.send('livedata:menu-action', on ? 'kiosk-enter' : 'kiosk-leave');
    this.options.logger.info(on ? 'window entered kiosk mode' : 'window left kiosk mode');
    this.scheduleSave();
  }

  /** The placements of all open windows, as windows.yaml and arrangement files keep them. */
  snapshot(): WindowPlacement[] {
    return this.all()
      .filter((w) => !w.isDestroyed())
      .map((w) => {
        const bounds = w.getNormalBounds();
        const d = this.options.screen.getDisplayMatching(bounds);
        const view = viewStateOf(w.webContents.getURL());
        return {
          bounds,
          display: { id: d.id, bounds: d.bounds, scaleFactor: d.scaleFactor },
          maximized: w.isMaximized(),
          fullScreen: w.isFullScreen() && !w.isKiosk(),
          kiosk: w.isKiosk(),
          ...(view.tab ? { tab: view.tab } : {}),
          zoom: view.zoom,
        };
      });
  }

  /**
   * Opens exactly these windows: the new ones first, then the old ones close (kiosk too), so a
   * wall display never flashes an empty desktop and the app never runs out of windows meanwhile.
   */
  replaceWith(placements: readonly WindowPlacement[]): void {
    const old = this.all();
    for (const p of placements) this.open(p);
    for (const w of old) {
      if (w.isDestroyed()) continue;
      if (w.isKiosk()) w.setKiosk(false);
      w.close();
    }
  }

  /** Quit begins: stop tracking changes, write the placements of every open window now. */
  prepareQuit(): void {
    if (this.quitting) return;
    this.saveNow();
    this.quitting = true;
  }

  /** Sends a renderer-side action to one window. */
  send(win: BrowserWindowLike | null | undefined, action: string): void {
    if (win && !win.isDestroyed()) win.webContents.send('livedata:menu-action', action);
  }

  private centred(d: DisplayInfo | undefined): Rect {
    if (!d) return { x: 0, y: 0, ...DEFAULT_SIZE };
    const width = Math.min(DEFAULT_SIZE.width, d.workArea.width);
    const height = Math.min(DEFAULT_SIZE.height, d.workArea.height);
    // Cascade so a second window does not hide exactly behind the first.
    const offset = (this.windows.size % 8) * 28;
    const x = Math.min(d.workArea.x + Math.round((d.workArea.width - width) / 2) + offset, d.workArea.x + d.workArea.width - width);
    const y = Math.min(d.workArea.y + Math.round((d.workArea.height - height) / 2) + offset, d.workArea.y + d.workArea.height - height);
    return { x, y, width, height };
  }

  private scheduleSave(): void {
    if (this.quitting) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), this.options.saveDelayMs ?? 1000);
    this.saveTimer.unref?.();
  }

  saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.quitting) return;
    const placements = this.snapshot();
    if (placements.length === 0) return; // never forget the last window because it closed
    try {
      this.options.save(placements);
    } catch (err) {
      this.options.logger.error('window placements not saved', { error: String(err) });
    }
  }
}
