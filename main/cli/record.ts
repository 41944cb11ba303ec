// `npm run record -- ...` and `livedata-desktop record ...`: records a live source to MCAP
// without a window. With --kafka, what the instrument's topics carry; without, the embedded demo
// backend with its workflows started (that is how resources/recordings/demo.mcap is made).
// The source runs inside a headless core, so what is recorded is exactly what the app consumes.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Core } from '../app/core';
import { defaultPaths } from '../config/paths';
import { readSettingsFile, settingsPath } from '../config/settings-file';
import { FakeBackendTransport } from '../fake/fake-backend';
import { instrumentByName } from '../instruments';
import { resolveKafkaOptions } from '../kafka/kafka-options';
import { createKafkaTransport } from '../kafka/kafka-transport';
import { createLogger, type Logger } from '../logging/logger';
import { SourceSwitch } from '../replay/source-switch';
import type { Transport } from '../transport/transport';
import { defaultRecordingName } from '../record/recorder';

export const RECORD_USAGE = `Usage: livedata-desktop record [options]     (or: npm run record -- [options])

Records what the app consumes (data, heartbeats, responses) to an MCAP file.

Options:
  --kafka BOOTSTRAP      record from Kafka (host:port[,...]; also KAFKA_BOOTSTRAP, TLS/SASL flags
                         as for the app); without it, the embedded demo backend is recorded
  --instrument NAME      instrument / topic prefix (default: dummy)
  --out FILE             the file (default: ./livedata-<instrument>-<time>.mcap); rotated files
                         are FILE.2.mcap, FILE.3.mcap...
  --duration S           stop after S seconds (default: until Ctrl+C)
  --max-size MB          start a new file when one reaches MB megabytes
  --rotate-every S       start a new file every S seconds
  --demo-interval MS     demo backend: ms between updates per output (default 1000)
  --kafka-ca FILE, --kafka-sasl-mechanism M, --kafka-sasl-username U   as for the app
  --log-level LEVEL      error | warn | info | debug (default: info)
  -h, --help             this text`;

export interface RecordArgs {
  kafka: string | null;
  instrument: string;
  out: string | null;
  durationS: number | null;
  maxSizeMb: number | null;
  rotateEveryS: number | null;
  demoIntervalMs: number | null;
  logLevel: string;
  help: boolean;
  raw: Record<string, string | boolean | undefined>;
}

function positive(name: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${JSON.stringify(v)}`);
  return n;
}

export function parseRecordArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RecordArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      kafka: { type: 'string' },
      'kafka-ca': { type: 'string' },
      'kafka-sasl-mechanism': { type: 'string' },
      'kafka-sasl-username': { type: 'string' },
      instrument: { type: 'string' },
      out: { type: 'string' },
      duration: { type: 'string' },
      'max-size': { type: 'string' },
      'rotate-every': { type: 'string' },
      'demo-interval': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const raw = values as Record<string, string | boolean | undefined>;
  const s = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  return {
    kafka: s('kafka') ?? env.KAFKA_BOOTSTRAP ?? null,
    instrument: s('instrument') ?? env.LIVEDATA_INSTRUMENT ?? 'dummy',
    out: s('out') ?? null,
    durationS: positive('duration', s('duration')),
    maxSizeMb: positive('max-size', s('max-size')),
    rotateEveryS: positive('rotate-every', s('rotate-every')),
    demoIntervalMs: positive('demo-interval', s('demo-interval')),
    logLevel: s('log-level') ?? 'info',
    help: raw.help === true,
    raw,
  };
}

function source(args: RecordArgs, logger: Logger, env: NodeJS.ProcessEnv): Transport {
  const instrument = instrumentByName(args.instrument);
  if (!args.kafka) return new FakeBackendTransport(instrument, logger, args.demoIntervalMs ? { updateIntervalMs: args.demoIntervalMs } : {});
  const file = settingsPath(defaultPaths(env).configDir);
  const connection = resolveKafkaOptions({ ...args.raw, kafka: args.kafka }, env, readSettingsFile(file), { fileConfigDir: path.dirname(file) });
  if (!connection) throw new Error('--kafka: no bootstrap servers');
  return createKafkaTransport({ instrument: instrument.name, connection, logger });
}

/** Runs a recording; resolves with the exit code. `stopSignal` ends it early (Ctrl+C). */
export async function recordMain(argv: string[], env: NodeJS.ProcessEnv = process.env, stopSignal?: Promise<void>): Promise<number> {
  let args: RecordArgs;
  try {
    args = parseRecordArgs(argv, env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${RECORD_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${RECORD_USAGE}\n`);
    return 0;
  }
  const logger = createLogger({ logDir: null, level: args.logLevel });
  let core: Core | null = null;
  try {
    const instrument = instrumentByName(args.instrument);
    const live = source(args, logger, env);
    const transport = new SourceSwitch(live, live);
    core = new Core({ instrument, transport, logger, autoStart: !args.kafka, configDir: null });
    await core.start();
    const out = path.resolve(args.out ?? defaultRecordingName(instrument.name));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // The core's recorder with the CLI's limits: the same code path as the record button.
    const started = await startWithLimits(core, out, args);
    process.stderr.write(`recording ${transport.description} to ${started}${args.durationS ? ` for ${args.durationS} s` : ' (Ctrl+C stops)'}\n`);
    const stops: Promise<unknown>[] = [];
    if (stopSignal) stops.push(stopSignal);
    if (args.durationS) stops.push(new Promise((r) => setTimeout(r, args.durationS! * 1000)));
    const failed = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (core!.recording.view().state === 'failed') {
          clearInterval(check);
          resolve();
        }
      }, 200);
      check.unref();
    });
    stops.push(failed);
    const progress = setInterval(() => {
      const v = core!.recording.view();
      process.stderr.write(`  ${(v.elapsedMs / 1000).toFixed(0)} s, ${v.messages} messages, ${(v.bytes / 1e6).toFixed(1)} MB${v.dropped ? `, ${v.dropped} dropped` : ''}\n`);
    }, 10_000);
    progress.unref();
    await Promise.race(stops);
    clearInterval(progress);
    const view = core.recording.view();
    if (view.state === 'recording') await core.recording.stop();
    const final = core.recording.view();
    if (final.state === 'failed') {
      process.stderr.write(`${final.error}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify({ files: final.files, messages: final.messages, bytes: final.bytes, dropped: final.dropped })}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`livedata record: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await core?.stop().catch(() => undefined);
    logger.end();
  }
}

async function startWithLimits(core: Core, out: string, args: RecordArgs): Promise<string> {
  core.recording.limits = {
    maxFileBytes: args.maxSizeMb ? args.maxSizeMb * 1024 * 1024 : null,
    maxFileDurationMs: args.rotateEveryS ? args.rotateEveryS * 1000 : null,
  };
  return core.recording.start(out);
}

if (require.main === module) {
  let stop!: () => void;
  const stopSignal = new Promise<void>((r) => (stop = r));
  process.once('SIGINT', () => stop());
  process.once('SIGTERM', () => stop());
  void recordMain(process.argv.slice(2), process.env, stopSignal).then((code) => process.exit(code));
}
