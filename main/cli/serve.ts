// `npm run serve`: the core plus browser mode, without Electron.
import path from 'node:path';
import fs from 'node:fs';
import { parseAppOptions, USAGE } from '../config/cli-options';
import { defaultPaths } from '../config/paths';
import { createLogger } from '../logging/logger';
import { instrumentByName } from '../instruments';
import { Core } from '../app/core';
import { createTransport } from '../app/create-transport';
import { BrowserServer } from '../server/browser-server';

async function main(): Promise<void> {
  let options;
  try {
    options = parseAppOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(`Usage: npm run serve -- [options]\n\n${USAGE}`);
    return;
  }
  const paths = defaultPaths();
  const logDir = options.logDir ?? paths.logDir;
  fs.mkdirSync(logDir, { recursive: true });
  const logger = createLogger({ logDir, level: options.logLevel });
  const instrument = instrumentByName(options.instrument);
  const configDir = options.configDir ?? paths.configDir;
  const transport = createTransport(options, instrument, logger, configDir);
  // Auto-start is for the demo only: against a real facility, starting jobs is the operator's call.
  const core = new Core({ instrument, transport, logger, autoStart: options.autoStart && transport.kind === 'fake', configDir });
  const staticDir = path.resolve(__dirname, '../../../renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`renderer not built (${staticDir}); run npm run build`);
  }
  const server = new BrowserServer(core.gateway, { host: options.host, port: options.port, staticDir, token: options.token }, logger);
  await core.start();
  const url = await server.listen();
  // The one line scripts and users look for.
  console.log(`Livedata Desktop serving ${url}`);
  logger.info('browser mode listening', { url, logDir });

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await server.close();
    await core.stop();
    logger.end();
    process.exitCode = 0;
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`livedata serve: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
