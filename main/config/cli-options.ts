// Command-line options shared by the desktop app and the serve command.
import { parseArgs } from 'node:util';

export interface AppOptions {
  instrument: string;
  autoStart: boolean;
  configDir: string | null;
  logDir: string | null;
  logLevel: string;
  /** Kafka bootstrap servers; null = the embedded demo backend. */
  kafka: string | null;
  port: number;
  host: string;
  token: string | null;
  help: boolean;
  /** Raw parsed values, for transport-specific flags (Kafka TLS/SASL). */
  raw: Record<string, string | boolean | undefined>;
}

export const USAGE = `Options:
  --instrument NAME        instrument / topic prefix (default: dummy)
  --no-auto-start          do not start the demo workflows (never auto-started with Kafka)
  --kafka BOOTSTRAP        connect to Kafka (host:port[,host:port]) instead of the demo backend
                           (also KAFKA_BOOTSTRAP); see README "Connecting to Kafka" for TLS/SASL
  --kafka-ca FILE          CA certificate for TLS
  --kafka-sasl-mechanism M plain | scram-sha-256 | scram-sha-512 (password: KAFKA_SASL_PASSWORD)
  --kafka-sasl-username U
  --config-dir DIR         where layouts and settings live (also LIVEDATA_CONFIG_DIR)
  --log-dir DIR            where livedata.log goes (also LIVEDATA_LOG_DIR)
  --log-level LEVEL        error | warn | info | debug (default: info)
  --port N                 browser mode: port (default: 5009; 0 = any free port)
  --host ADDR              browser mode: address (default: 127.0.0.1; others need --token)
  --token TOKEN            browser mode: access token required from clients
  -h, --help               this text`;

/**
 * `lenient` is for Electron, whose argv also carries the app path and Chromium/Node switches
 * (e.g. Playwright's --remote-debugging-port): unknown switches and positionals are ignored.
 */
export function parseAppOptions(argv: string[], env: NodeJS.ProcessEnv = process.env, lenient = false): AppOptions {
  const { values } = parseArgs({
    args: argv,
    strict: !lenient,
    allowPositionals: lenient,
    options: {
      instrument: { type: 'string' },
      'no-auto-start': { type: 'boolean' },
      kafka: { type: 'string' },
      'kafka-ca': { type: 'string' },
      'kafka-sasl-mechanism': { type: 'string' },
      'kafka-sasl-username': { type: 'string' },
      'config-dir': { type: 'string' },
      'log-dir': { type: 'string' },
      'log-level': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const raw = values as Record<string, string | boolean | undefined>;
  // In lenient mode a string option given without a value parses as `true`: treat as absent.
  const str = (k: string): string | undefined => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const port = str('port') === undefined ? 5009 : Number(str('port'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${str('port')}`);
  return {
    instrument: str('instrument') ?? env.LIVEDATA_INSTRUMENT ?? 'dummy',
    autoStart: raw['no-auto-start'] !== true,
    configDir: str('config-dir') ?? null,
    logDir: str('log-dir') ?? null,
    logLevel: str('log-level') ?? env.LIVEDATA_LOG_LEVEL ?? 'info',
    kafka: str('kafka') ?? env.KAFKA_BOOTSTRAP ?? null,
    port,
    host: str('host') ?? '127.0.0.1',
    token: str('token') ?? env.LIVEDATA_TOKEN ?? null,
    help: raw.help === true,
    raw,
  };
}
