// Command-line parsing for the inspector (kept apart from I/O so it can be tested).

export interface InspectArgs {
  files: string[];
  kafka: string | null;
  topic: string | null;
  fromBeginning: boolean;
  count: number | null;
  full: boolean;
  /** Seconds to wait for the broker before giving up. */
  timeoutS: number;
  help: boolean;
}

export const USAGE = `Usage:
  npm run inspect -- [--full] FILE...
  npm run inspect -- RECORDING.mcap [--topic TOPIC] [--count N] [--full]
  npm run inspect -- --kafka BOOTSTRAP --topic TOPIC [--from-beginning] [--count N] [--timeout S] [--full]

Decodes ESS live-data payloads and prints one JSON line per message.
  FILE              *.bin: flatbuffer (da00 or x5f2, by identifier); *.json: command or ack JSON;
                    *.mcap: a recording (a summary line, then its messages; see README
                    "Recording and replay"); anything else: detected from the content
  --kafka BOOTSTRAP broker list, e.g. localhost:9092 (a fresh consumer group is used)
  --topic TOPIC     topic to read; <instrument>_livedata_<role> names select the decoder
  --from-beginning  start at the earliest offset (default: only new messages)
  --count N         stop after N messages (default: until Ctrl-C)
  --timeout S       give up if the broker cannot be reached within S seconds (default 10)
  --full            print all values of every array (default: the first 8)
  --help            this text

Numbers that JSON cannot hold exactly are strings: int64 values, ns timestamps, NaN, Infinity.
Exit code: 0 all payloads decoded; 1 some payload was rejected (its line has "error");
2 usage error or Kafka unreachable.`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): InspectArgs {
  const a: InspectArgs = { files: [], kafka: null, topic: null, fromBeginning: false, count: null, full: false, timeoutS: 10, help: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const positive = (s: string, flag: string): number => {
    const n = Number(s);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got ${JSON.stringify(s)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--help': case '-h': a.help = true; break;
      case '--full': a.full = true; break;
      case '--from-beginning': a.fromBeginning = true; break;
      case '--kafka': a.kafka = value(i, arg); i++; break;
      case '--topic': a.topic = value(i, arg); i++; break;
      case '--count': {
        const n = positive(value(i, arg), arg);
        if (!Number.isInteger(n)) throw new UsageError('--count must be a whole number');
        a.count = n; i++; break;
      }
      case '--timeout': a.timeoutS = positive(value(i, arg), arg); i++; break;
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
        a.files.push(arg);
    }
  }
  if (a.help) return a;
  if (a.kafka !== null && a.topic === null) throw new UsageError('--kafka needs --topic');
  const recordings = a.files.length > 0 && a.files.every((f) => /\.mcap$/i.test(f));
  if (a.topic !== null && a.kafka === null && !recordings) throw new UsageError('--topic needs --kafka (or .mcap recordings)');
  if (a.kafka !== null && a.files.length > 0) throw new UsageError('give either files or --kafka, not both');
  if (a.kafka === null && a.files.length === 0) throw new UsageError('no input: give payload files or --kafka/--topic');
  return a;
}
