// What a second launch asks of the running app (single instance): Electron hands the first
// instance the second one's argv. It may open a window on a tab, an arrangement or a recording;
// a launch naming another instrument or data source is refused with a message saying so, never
// silently turned into a window on the running one. Pure, so second-launch.test.ts covers it.
import path from 'node:path';
import { parseAppOptions, type AppOptions } from '../config/cli-options';

/** What the running app is connected to, as named by its own options. */
export interface RunningIdentity {
  instrument: string;
  /** Kafka bootstrap servers, or null. */
  kafka: string | null;
  /** The replayed recording, or null. */
  replay: string | null;
}

export type SecondLaunch =
  | { kind: 'refuse'; message: string }
  | { kind: 'open'; tab: string | null; kiosk: boolean; arrangement: string | null; recording: string | null };

export function identityOf(options: AppOptions): RunningIdentity {
  const replay = typeof options.raw.replay === 'string' ? options.raw.replay : options.recordingArg;
  return { instrument: options.instrument, kafka: options.kafka, replay: replay ? path.resolve(replay) : null };
}

const normaliseBootstrap = (s: string): string =>
  s
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean)
    .sort()
    .join(',');

/**
 * `argv` is the second process's argv (Electron passes it whole: binary, maybe the app path,
 * Chromium switches), `cwd` its working directory: relative files are resolved against it.
 * Only what the second launch names explicitly is compared (its environment is not ours to read).
 */
export function planSecondLaunch(running: RunningIdentity, argv: readonly string[], cwd: string): SecondLaunch {
  let options: AppOptions;
  try {
    options = parseAppOptions(argv.slice(1), {}, true);
  } catch (err) {
    return { kind: 'refuse', message: `The second launch's options were not understood: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  const named = (flag: string): boolean => argv.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
  const already = `Livedata Desktop is already running for ${running.instrument} on ${describeSource(running)}.`;
  const howTo = 'Quit it first to start on another, or run a second copy in browser mode (npm run serve) with its own --config-dir.';
  if (named('instrument') && options.instrument !== running.instrument) {
    return { kind: 'refuse', message: `${already} It cannot also open instrument ${options.instrument}. ${howTo}` };
  }
  if (named('kafka') && (!running.kafka || normaliseBootstrap(options.kafka ?? '') !== normaliseBootstrap(running.kafka))) {
    return { kind: 'refuse', message: `${already} It cannot also connect to Kafka at ${options.kafka}. ${howTo}` };
  }
  const replay = typeof options.raw.replay === 'string' ? path.resolve(cwd, options.raw.replay) : null;
  if (replay && replay !== running.replay) {
    return { kind: 'refuse', message: `${already} It cannot also replay ${replay} as its data source; open the recording with File > Open Recording… instead. ${howTo}` };
  }
  // A recording as a plain argument (double-click on a .mcap file) is opened like File > Open Recording….
  const recording = options.recordingArg ? path.resolve(cwd, options.recordingArg) : null;
  return {
    kind: 'open',
    tab: options.tab,
    kiosk: options.kiosk,
    arrangement: options.arrangement ? path.resolve(cwd, options.arrangement) : null,
    recording,
  };
}

function describeSource(r: RunningIdentity): string {
  if (r.kafka) return `Kafka ${r.kafka}`;
  if (r.replay) return `the recording ${r.replay}`;
  return 'the demo data source';
}
