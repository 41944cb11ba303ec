// The one start-up path behind both front doors (main/electron/main.ts and main/cli/serve.ts):
// options, folders, logger, instrument, data source, core, and the auto-start rule. Each front
// door adds only what is its own (windows, or the HTTP server) and decides how to show a
// StartupError (a dialog, or a line on stderr).
import fs from 'node:fs';
import { parseAppOptions, USAGE, type AppOptions } from '../config/cli-options';
import { defaultPaths } from '../config/paths';
import { loadInstrumentRegistry, type InstrumentSpec } from '../instruments';
import { createLogger, type Logger } from '../logging/logger';
import type { Transport } from '../transport/transport';
import { readBuildInfo, type BuildInfo } from './build-info';
import { Core } from './core';
import { createTransport } from './create-transport';

export type StartupStage = 'options' | 'folders' | 'settings' | 'instrument' | 'data source' | 'core';

/** A start that cannot go on; `message` is written for the user (a dialog or stderr). */
export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    readonly stage: StartupStage,
    message: string,
    /** Process exit code: 2 for bad options (usage), 1 otherwise. */
    readonly exitCode: number = stage === 'options' ? 2 : 1,
  ) {
    super(message);
  }
}

export interface StartedApp {
  options: AppOptions;
  configDir: string;
  logDir: string;
  logger: Logger;
  instrument: InstrumentSpec;
  transport: Transport;
  core: Core;
  build: BuildInfo;
  /** Stops the core (pending commands sent, layout saved) and flushes the log. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Console log lines (development); the log file is always written. */
  console?: boolean;
  /** Test seam: the transport to use instead of the one the options select. */
  transportFactory?: (options: AppOptions, instrument: InstrumentSpec, logger: Logger, configDir: string) => Transport;
  /** Test seam: builds the core. */
  coreFactory?: (args: ConstructorParameters<typeof Core>[0]) => Core;
}

/**
 * Parses the command line; an unknown option or value becomes a StartupError('options') whose
 * message ends with the usage text. `lenient` is Electron's (see parseAppOptions).
 */
export function parseStartupOptions(argv: string[], env: NodeJS.ProcessEnv = process.env, lenient = false): AppOptions {
  try {
    return parseAppOptions(argv, env, lenient);
  } catch (err) {
    throw new StartupError('options', `${errorText(err)}\n\n${USAGE}`);
  }
}

/** Creates the folder if needed and proves it can be written, so a bad folder stops the start with its name. */
export function ensureWritableDir(dir: string, what: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK);
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StartupError('folders', `The ${what} folder ${dir} cannot be used: ${code ? `${code} ` : ''}${errorText(err)}`);
  }
}

/** Everything both front doors share, in order; any failure is a StartupError naming its stage. */
export async function startApp(options: AppOptions, start: StartOptions = {}): Promise<StartedApp> {
  const env = start.env ?? process.env;
  const paths = defaultPaths(env);
  const configDir = options.configDir ?? paths.configDir;
  const logDir = options.logDir ?? paths.logDir;
  ensureWritableDir(configDir, 'config');
  ensureWritableDir(logDir, 'log');
  const logger = createLogger({ logDir, level: options.logLevel, console: start.console ?? true });
  const build = readBuildInfo();
  logger.info('Livedata Desktop starting', { ...build, node: process.versions.node, electron: process.versions.electron ?? null, configDir, logDir });

  const fail = async (stage: StartupStage, err: unknown): Promise<never> => {
    const message = err instanceof StartupError ? err.message : errorText(err);
    logger.error('start-up failed', { stage, error: message });
    await flushLogger(logger);
    throw err instanceof StartupError ? err : new StartupError(stage, message);
  };

  let instrument: InstrumentSpec;
  let problems: string[] = [];
  try {
    const registry = loadInstrumentRegistry({ configDir, logger });
    problems = registry.problemNotices();
    instrument = registry.byName(options.instrument);
  } catch (err) {
    return fail('instrument', err);
  }

  let transport: Transport;
  try {
    transport = (start.transportFactory ?? ((o, i, l, c) => createTransport(o, i, l, c, env)))(options, instrument, logger, configDir);
  } catch (err) {
    return fail('data source', err);
  }

  // Auto-start is for the demo only: against a real facility, starting jobs is the operator's call.
  const coreArgs = { instrument, transport, logger, autoStart: options.autoStart && transport.kind === 'fake', configDir };
  let core: Core;
  try {
    core = (start.coreFactory ?? ((a) => new Core(a)))(coreArgs);
    for (const p of problems) core.notifications.push('warning', p);
    await core.start();
  } catch (err) {
    await transport.stop().catch(() => undefined);
    return fail('core', err);
  }

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        await core.stop();
        logger.info('Livedata Desktop stopped');
      } catch (err) {
        logger.error('core did not stop cleanly', { error: errorText(err) });
      }
      await flushLogger(logger);
    })());
  return { options, configDir, logDir, logger, instrument, transport, core, build, stop };
}

/**
 * Resolves once every log line written so far is on disk. winston's own 'finish' can come before
 * the file transport has written (winston issue #1250), so each transport's 'finish' is awaited too.
 * Bounded: a stuck disk must not hold the exit.
 */
export function flushLogger(logger: Logger, timeoutMs = 3000): Promise<void> {
  const finished = (stream: NodeJS.EventEmitter): Promise<void> => new Promise((resolve) => stream.once('finish', () => resolve()));
  const all = Promise.all([finished(logger), ...logger.transports.map((t) => finished(t))]).then(() => undefined);
  // A line logged after this (a window closing while the process exits) must not throw "write after end".
  logger.on('error', () => undefined);
  logger.end();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref?.();
    void all.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
