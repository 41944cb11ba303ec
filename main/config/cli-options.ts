// Command-line options shared by the desktop app and the serve command.
import { parseArgs } from 'node:util';
import { builtinInstrumentNames } from '../instruments';

export interface AppOptions {
  instrument: string;
  autoStart: boolean;
  configDir: string | null;
  logDir: string | null;
  logLevel: string;
  /** Kafka bootstrap servers; null = the embedded demo backend. */
  kafka: string | null;
  /** A recording to replay instead of a live source (main/replay/). */
  replay: string | null;
  port: number;
  host: string;
  token: string | null;
  /** Browser mode: extra names the server is reached by (a DNS alias, a proxy); see main/server/access.ts. */
  publicHosts: string[];
  help: boolean;
  /** Desktop: open exactly this window arrangement (YAML, see main/config/arrangement.ts). */
  arrangement: string | null;
  /** Desktop: the tab the first (or, from a second launch, the new) window shows. */
  tab: string | null;
  /** Desktop: open the window(s) in kiosk mode (full screen, no menu, operator shortcut leaves). */
  kiosk: boolean;
  /** A recording named as a plain argument (file association, drag onto the icon). */
  recordingArg: string | null;
  /** Demo backend behaviour for showing and testing timeouts and errors (main/fake/fake-backend.ts). */
  demo: DemoOptions;
  /** Raw parsed values, for transport-specific flags (Kafka TLS/SASL). */
  raw: Record<string, string | boolean | undefined>;
}

export interface DemoOptions {
  /** Acknowledgements are sent this many ms late (0 = at once). */
  ackDelayMs: number;
  /** No acknowledgements: every command times out. */
  dropAcks: boolean;
  /** Workflow id → 'error' (its jobs fail after starting), 'reject' (its configs get ERR) or 'pending' (its jobs wait for context forever). */
  failWorkflows: Record<string, 'error' | 'reject' | 'pending'>;
}

/** The levels the log is written at; anything else is refused rather than silently accepted. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

const BUILTIN_INSTRUMENTS = builtinInstrumentNames();

export const USAGE = `Options:
  --instrument NAME        instrument / topic prefix (default: dummy); built in: ${BUILTIN_INSTRUMENTS.join(', ')};
                           more from <config-dir>/instruments/*.yaml (README "Instruments and catalogues")
  --no-auto-start          do not start the demo workflows (never auto-started with Kafka)
  --kafka BOOTSTRAP        connect to Kafka (host:port[,host:port]) instead of the demo backend
                           (also KAFKA_BOOTSTRAP); see README "Connecting to Kafka" for TLS/SASL
  --replay FILE            replay a recording (.mcap) instead of a live source; see README "Recording and replay"
  --kafka-ca FILE          CA certificate for TLS
  --kafka-sasl-mechanism M plain | scram-sha-256 | scram-sha-512 (password: KAFKA_SASL_PASSWORD)
  --kafka-sasl-username U
  --config-dir DIR         where layouts and settings live (also LIVEDATA_CONFIG_DIR)
  --log-dir DIR            where livedata.log goes (also LIVEDATA_LOG_DIR)
  --log-level LEVEL        error | warn | info | debug (default: info)
  --arrangement FILE       desktop: open the windows saved in FILE (File > Save Window Arrangement)
  --tab NAME               desktop: the tab a new window shows (workflows, system, or a grid name)
  --kiosk                  desktop: full screen without menu; leave with Ctrl+Shift+F12
  --port N                 browser mode: port (default: 5009; 0 = any free port)
  --host ADDR              browser mode: address (default: 127.0.0.1; others need --token)
  --token TOKEN            browser mode: access token required from clients
  --public-host NAME       browser mode: another name clients reach the server by (repeatable)
  --demo-ack-delay MS      demo backend: acknowledge commands MS milliseconds late
  --demo-drop-acks         demo backend: never acknowledge (commands time out)
  --demo-fail-workflow ID  demo backend: jobs of workflow ID (e.g. dummy/monitor_histogram/1) fail;
                           ID:reject answers its starts with ERR, ID:pending keeps them waiting
                           for context (repeatable)
  -h, --help               this text`;

/**
 * `lenient` is for Electron, whose argv also carries the app path and Chromium/Node switches
 * (e.g. Playwright's --remote-debugging-port): unknown switches and positionals are ignored.
 */
export function parseAppOptions(argv: string[], env: NodeJS.ProcessEnv = process.env, lenient = false): AppOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: !lenient,
    allowPositionals: lenient,
    options: {
      instrument: { type: 'string' },
      'no-auto-start': { type: 'boolean' },
      kafka: { type: 'string' },
      replay: { type: 'string' },
      'kafka-ca': { type: 'string' },
      'kafka-sasl-mechanism': { type: 'string' },
      'kafka-sasl-username': { type: 'string' },
      'config-dir': { type: 'string' },
      'log-dir': { type: 'string' },
      'log-level': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      'public-host': { type: 'string', multiple: true },
      arrangement: { type: 'string' },
      tab: { type: 'string' },
      kiosk: { type: 'boolean' },
      'demo-ack-delay': { type: 'string' },
      'demo-drop-acks': { type: 'boolean' },
      'demo-fail-workflow': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const raw = values as Record<string, string | boolean | undefined>;
  // In lenient mode a string option given without a value parses as `true`: treat as absent.
  const str = (k: string): string | undefined => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const portText = str('port');
  const port = portText === undefined ? 5009 : /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: '${portText}' is not a port number (0-65535)`);
  const logLevel = str('log-level') ?? env.LIVEDATA_LOG_LEVEL ?? 'info';
  // winston accepts more levels (verbose, silly...) but the log is only ever written at these.
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`--log-level: unknown level '${logLevel}' (use one of: ${LOG_LEVELS.join(', ')})`);
  }
  const host = str('host') ?? '127.0.0.1';
  if (host.trim() === '') throw new Error('--host: empty address');
  for (const k of ['instrument', 'config-dir', 'log-dir', 'kafka', 'arrangement', 'tab', 'token'] as const) {
    if (str(k) !== undefined && str(k)!.trim() === '') throw new Error(`--${k}: empty value`);
  }
  const ackDelayText = str('demo-ack-delay');
  if (ackDelayText !== undefined && !/^\d+$/.test(ackDelayText)) throw new Error(`--demo-ack-delay: '${ackDelayText}' is not a number of milliseconds`);
  const failWorkflows: Record<string, 'error' | 'reject' | 'pending'> = {};
  for (const spec of Array.isArray(raw['demo-fail-workflow']) ? (raw['demo-fail-workflow'] as unknown as unknown[]) : []) {
    const m = typeof spec === 'string' ? /^([^/:\s]+\/[^/:\s]+\/\d+)(?::(error|reject|pending))?$/.exec(spec) : null;
    if (!m) throw new Error(`--demo-fail-workflow: '${String(spec)}' is not a workflow id (instrument/name/version, optionally :reject or :pending)`);
    failWorkflows[m[1]] = (m[2] as 'error' | 'reject' | 'pending' | undefined) ?? 'error';
  }
  // A file opened through the .mcap association arrives as a plain argument (Electron only).
  const recordingArg = (lenient ? positionals : []).find((p) => /\.mcap$/i.test(p)) ?? null;
  return {
    instrument: str('instrument') ?? env.LIVEDATA_INSTRUMENT ?? 'dummy',
    autoStart: raw['no-auto-start'] !== true,
    configDir: str('config-dir') ?? null,
    logDir: str('log-dir') ?? null,
    logLevel,
    kafka: str('kafka') ?? env.KAFKA_BOOTSTRAP ?? null,
    replay: str('replay') ?? null,
    port,
    host,
    token: str('token') ?? env.LIVEDATA_TOKEN ?? null,
    publicHosts: (Array.isArray(raw['public-host']) ? (raw['public-host'] as unknown as string[]) : []).filter((h) => typeof h === 'string' && h.trim() !== ''),
    help: raw.help === true,
    arrangement: str('arrangement') ?? null,
    tab: str('tab') ?? null,
    kiosk: raw.kiosk === true,
    recordingArg,
    demo: { ackDelayMs: ackDelayText === undefined ? 0 : Number(ackDelayText), dropAcks: raw['demo-drop-acks'] === true, failWorkflows },
    raw,
  };
}
