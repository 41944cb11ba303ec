// Recording as the sessions see it: one recorder per app, started and stopped from any window
// ("recording" commands), its progress in the shared "recording" section (elapsed time, size,
// messages, drops, the file), and its failures as one notification each.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RecordingView } from '../../shared/api/recording-commands';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import type { Logger } from '../logging/logger';
import type { CommandRouter } from '../sessions/command-router';
import type { NotificationQueue } from '../sessions/notification-queue';
import type { SectionSource } from '../sessions/section-source';
import type { Transport } from '../transport/transport';
import { SourceSwitch } from '../replay/source-switch';
import { defaultRecordingName, Recorder, type RecorderOptions } from './recorder';

/** While recording, the section's counters are refreshed this often. */
const REFRESH_MS = 500;

export interface RecordingControllerDeps {
  transport: Transport;
  instrument: InstrumentSpec;
  notifications: NotificationQueue;
  logger: Logger;
  /** Where UI recordings go (default: ~/livedata-recordings). */
  folder?: string;
  /** Rotation limits for UI recordings. */
  limits?: Pick<RecorderOptions, 'maxFileBytes' | 'maxFileDurationMs'>;
}

export function defaultRecordingsFolder(): string {
  return path.join(os.homedir(), 'livedata-recordings');
}

export class RecordingController {
  private recorder: Recorder | null = null;
  private untap: (() => void) | null = null;
  private version = 1;
  private ticker: NodeJS.Timeout | null = null;
  private starting = false;
  private reportedFailure: Recorder | null = null;
  private readonly listeners = new Set<() => void>();
  readonly folder: string;
  /** Rotation limits for new recordings. */
  limits: Pick<RecorderOptions, 'maxFileBytes' | 'maxFileDurationMs'>;

  constructor(private readonly deps: RecordingControllerDeps) {
    this.folder = deps.folder ?? defaultRecordingsFolder();
    this.limits = deps.limits ?? {};
    if (deps.transport instanceof SourceSwitch) {
      deps.transport.onSwitch(async (stage) => {
        // A recording belongs to the source it taps: it ends when another source takes over.
        if (stage === 'before' && this.recorder?.status().state === 'recording') await this.stop().catch(() => undefined);
        this.bump();
      });
    }
  }

  /** Why recording is not possible now, or null. */
  unavailableReason(): string | null {
    const t = this.deps.transport;
    if (t.kind === 'replay') return 'Recording is not available while a recording plays (replay is read-only).';
    const recordable = (t as { recordable?: boolean }).recordable ?? typeof t.onMessage === 'function';
    return recordable ? null : `The source ${t.description} cannot be recorded.`;
  }

  async start(out?: string): Promise<string> {
    const reason = this.unavailableReason();
    if (reason) throw new Error(reason);
    if (this.starting || this.recorder?.status().state === 'recording' || this.recorder?.status().state === 'stopping') {
      throw new Error('a recording is already running');
    }
    const { transport, instrument, logger, notifications } = this.deps;
    this.starting = true;
    try {
      fs.mkdirSync(this.folder, { recursive: true });
      const file = out ?? path.join(this.folder, defaultRecordingName(instrument.name));
      const t = transport.topics;
      const recorder = await Recorder.start({
        out: file, instrument: instrument.name, source: transport.description,
        topics: { data: t.data, heartbeat: t.heartbeat, responses: t.responses }, logger, ...this.limits,
      });
      this.recorder = recorder;
      this.untap = transport.onMessage!(recorder.tap);
      recorder.onChange(() => this.onRecorderChange());
      this.ticker = setInterval(() => this.bump(), REFRESH_MS);
      this.ticker.unref();
      notifications.push('info', `Recording to ${file}`);
      this.bump();
      return file;
    } finally {
      this.starting = false;
    }
  }

  async stop(): Promise<void> {
    const recorder = this.recorder;
    if (!recorder || recorder.status().state !== 'recording') throw new Error('no recording is running');
    this.untap?.();
    this.untap = null;
    const status = await recorder.stop();
    this.stopTicker();
    if (status.state === 'stopped') {
      // kB below a megabyte: a short recording must not read "0.0 MB".
      const size = status.bytes < 1e6 ? `${Math.max(1, Math.round(status.bytes / 1e3))} kB` : `${(status.bytes / 1e6).toFixed(1)} MB`;
      this.deps.notifications.push('success', `Recording saved: ${status.files.join(', ')} (${status.messages} messages, ${size}${status.dropped ? `, ${status.dropped} dropped` : ''})`);
    }
    this.bump();
  }

  /** Closes a running recording cleanly (app shutdown). */
  async dispose(): Promise<void> {
    if (this.recorder?.status().state === 'recording') await this.stop().catch(() => undefined);
    this.stopTicker();
  }

  register(router: CommandRouter): void {
    router.handleCommands('recording', async (command) => {
      if (command.type === 'recording.start') return await this.start();
      await this.stop();
    });
  }

  section(): SectionSource<'recording'> {
    return {
      name: 'recording',
      version: () => this.version,
      view: () => this.view(),
      onChange: (l) => {
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
    };
  }

  view(): RecordingView {
    const s = this.recorder?.status();
    const reason = this.unavailableReason();
    return {
      state: s?.state ?? 'idle',
      available: reason === null,
      unavailableReason: reason,
      file: s?.file ?? null,
      files: s?.files ?? [],
      folder: this.folder,
      startedAtMs: s?.startedAtMs ?? null,
      elapsedMs: s?.elapsedMs ?? 0,
      messages: s?.messages ?? 0,
      bytes: s?.bytes ?? 0,
      dropped: s?.dropped ?? 0,
      error: s?.error ?? null,
    };
  }

  private onRecorderChange(): void {
    const s = this.recorder?.status();
    if (s?.state === 'failed' && this.reportedFailure !== this.recorder) {
      this.reportedFailure = this.recorder;
      this.untap?.();
      this.untap = null;
      this.stopTicker();
      this.deps.notifications.push('error', s.error ?? 'Recording failed');
    }
    this.bump();
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}
