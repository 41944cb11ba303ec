// Electron security checklist items that are policy, kept pure where possible so they are
// unit-tested without the runtime (security.test.ts); docs/security.md maps each item to here.
import type { App, Session, Shell, WebContents } from 'electron';
import { APP_ORIGIN } from './app-url';

/**
 * The renderer's Content-Security-Policy in Electron, sent as a header by the app:// protocol
 * (app-protocol.ts) on top of the meta tag in renderer/index.html (both must allow a load).
 * The window talks to main over IPC only, so connect-src is its own origin and nothing else.
 */
export const ELECTRON_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // ECharts and Vue set inline style attributes; no inline script is allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * External links (shell.openExternal) only to an allow-list of https URL prefixes: by default
 * none; a facility may list its documentation in settings.yaml (`externalLinks: [https://…]`).
 * A prefix matches on the whole origin and a path prefix ending at a '/' boundary.
 */
export function isAllowedExternal(url: string, allowList: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' || target.username || target.password) return false;
  return allowList.some((entry) => {
    let allowed: URL;
    try {
      allowed = new URL(entry);
    } catch {
      return false;
    }
    if (allowed.protocol !== 'https:' || allowed.origin !== target.origin) return false;
    const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return target.pathname === allowed.pathname || target.pathname.startsWith(prefix);
  });
}

/** The `externalLinks` entry of settings.yaml: https URLs only; anything else is refused by name. */
export function externalLinksFromSettings(settings: unknown): string[] {
  if (!settings || typeof settings !== 'object') return [];
  const value = (settings as Record<string, unknown>).externalLinks;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('settings.yaml: externalLinks must be a list of https:// URLs');
  return value.map((v) => {
    if (typeof v !== 'string' || !/^https:\/\/[^/\s]+/.test(v)) throw new Error(`settings.yaml: externalLinks entry ${JSON.stringify(v)} is not an https:// URL`);
    return v;
  });
}

/** Navigation inside a window only to our own pages. */
export function isOwnPage(url: string): boolean {
  return url.startsWith(APP_ORIGIN);
}

/** No permission (camera, notifications, clipboard read, HID, serial…) is ever needed by the renderer. */
export const GRANTED_PERMISSIONS: readonly string[] = [];

export interface LockDownOptions {
  externalAllowList: readonly string[];
  onRefused(what: string, detail: Record<string, unknown>): void;
}

/** Denies navigation, new windows, webviews and permissions for every web contents we create. */
export function lockDown(app: Pick<App, 'on'>, session: Session, shell: Pick<Shell, 'openExternal'>, options: LockDownOptions): void {
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternal(url, options.externalAllowList)) void shell.openExternal(url);
      else options.onRefused('new window / external link', { url });
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url)) {
        event.preventDefault();
        options.onRefused('navigation', { url });
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      options.onRefused('webview', {});
    });
  });
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    const granted = GRANTED_PERMISSIONS.includes(permission);
    if (!granted) options.onRefused('permission request', { permission });
    callback(granted);
  });
  session.setPermissionCheckHandler((_wc, permission) => GRANTED_PERMISSIONS.includes(permission));
}
