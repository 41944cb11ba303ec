// `npm run serve`: browser mode. The shared start-up (main/app/startup.ts) builds the core;
// this front door adds only the HTTP/WebSocket server and signal handling.
import path from 'node:path';
import fs from 'node:fs';
import { USAGE } from '../config/cli-options';
import { parseStartupOptions, startApp, StartupError, type StartedApp } from '../app/startup';
import { BrowserServer, redactToken } from '../server/browser-server';
import { RecordingUpload } from '../server/recording-upload';

/** Where the built renderer is (dist/renderer next to dist/node). */
export const RENDERER_DIR = path.resolve(__dirname, '../../../renderer');

export interface ServeHandle {
  app: StartedApp;
  server: BrowserServer;
  url: string;
  shutdown(signal: string): Promise<void>;
}

/** Starts browser mode; throws StartupError for anything the user must fix. */
export async function serve(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ServeHandle | null> {
  const options = parseStartupOptions(argv, env);
  if (options.help) {
    console.log(`Usage: npm run serve -- [options]\n\n${USAGE}`);
    return null;
  }
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new StartupError('folders', `The renderer is not built (${RENDERER_DIR} has no index.html): run npm run build`);
  }
  const app = await startApp(options, { env });
  const upload = new RecordingUpload({ open: (file) => app.core.openRecording(file), logger: app.logger });
  app.core.replay.uploadPath = upload.path;
  const server = new BrowserServer(app.core.gateway, { host: options.host, port: options.port, staticDir: RENDERER_DIR, token: options.token, publicHosts: options.publicHosts, upload }, app.logger);
  let url: string;
  try {
    url = await server.listen();
  } catch (err) {
    app.logger.error('browser mode cannot listen', { host: options.host, port: options.port, error: String(err) });
    await app.stop();
    throw new StartupError('core', `Cannot listen on ${options.host}:${options.port}: ${err instanceof Error ? err.message : String(err)}`);
  }
  app.logger.info('browser mode listening', { url: redactToken(url), logDir: app.logDir });
  let stopping: Promise<void> | null = null;
  const shutdown = (signal: string): Promise<void> =>
    (stopping ??= (async () => {
      app.logger.info('shutting down', { signal });
      await server.close();
      await app.stop();
      upload.dispose();
    })());
  return { app, server, url, shutdown };
}

async function main(): Promise<void> {
  const handle = await serve(process.argv.slice(2));
  if (!handle) return;
  // The one line scripts and users look for.
  console.log(`Livedata Desktop serving ${handle.url}`);
  const onSignal = (signal: string): void => {
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void handle.shutdown(signal).then(() => process.exit(0));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`livedata serve: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof StartupError ? err.exitCode : 1);
  });
}
