// App content is served from a custom protocol instead of file:// (Electron security checklist:
// "use a custom protocol instead of file://"), with the CSP header of security.ts.
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_ORIGIN, APP_SCHEME, resolveAppFile } from './app-url';
import { ELECTRON_CSP } from './security';

export { APP_ORIGIN, APP_SCHEME };

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRendererFrom(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', ELECTRON_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  });
}
