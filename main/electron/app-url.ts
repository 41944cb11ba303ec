// The app's own origin and how its URLs map to files: pure, so tests need no electron import.
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://livedata/`;

/** The file a request maps to, or null for anything outside the renderer folder. */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return null;
  }
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + rel);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'livedata' || !file.startsWith(base + path.sep) || rel.includes('\0')) return null;
  return file;
}
