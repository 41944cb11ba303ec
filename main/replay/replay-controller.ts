// Replay as the sessions see it: opens a recording (index with progress, then play), answers
// the "replay" commands from any window, publishes the shared "replay" section, refuses
// commanding the backend while a recording plays, and makes the job orchestrator forget what
// it knew whenever the timeline jumps (seek, loop, switching source), so the heartbeats that
// follow adopt exactly the jobs that ran at the new time.
import path from 'node:path';
import type { ReplayView } from '../../shared/api/replay-commands';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import type { JobOrchestrator } from '../jobs/job-orchestrator';
import type { Logger } from '../logging/logger';
import type { CommandRouter } from '../sessions/command-router';
import type { NotificationQueue } from '../sessions/notification-queue';
import type { SectionSource } from '../sessions/section-source';
import type { Transport } from '../transport/transport';
import { RecordingError, RecordingIndex } from './recording-index';
import { IdleTransport, READ_ONLY_REASON, ReplayTransport } from './replay-transport';
import { SourceSwitch } from './source-switch';

/** Command domains that send to the backend: refused while a recording plays. */
const COMMANDING_DOMAINS = ['workflow', 'roi'];
/** While playing, the section's position is refreshed at most this often (sessions interpolate between). */
const POSITION_REFRESH_MS = 250;

export interface ReplayControllerDeps {
  transport: Transport;
  instrument: InstrumentSpec;
  jobs: JobOrchestrator;
  notifications: NotificationQueue;
  logger: Logger;
}

export class ReplayController {
  private phase: ReplayView['phase'] = 'idle';
  private fileName: string | null = null;
  private progress = 0;
  private error: string | null = null;
  private replay: ReplayTransport | null = null;
  private version = 1;
  private opening = 0;
  private ticker: NodeJS.Timeout | null = null;
  private reportedPlayerError: string | null = null;
  /** Puts the live workflow records back when the replay ends (the recording's jobs must not overwrite them). */
  private restoreConfigs: (() => void) | null = null;
  private readonly switcher: SourceSwitch | null;
  private readonly listeners = new Set<() => void>();
  uploadPath: string | null = null;

  constructor(private readonly deps: ReplayControllerDeps) {
    this.switcher = deps.transport instanceof SourceSwitch ? deps.transport : null;
    const initial = this.switcher?.initialReplay;
    if (initial) this.switcher!.onStart(() => void this.open(initial).catch(() => undefined));
  }

  /** True while a recording is the source (also while it indexes, when started with --replay). */
  get active(): boolean {
    return this.switcher !== null && this.switcher.kind === 'replay';
  }

  get transport(): ReplayTransport | null {
    return this.replay;
  }

  /**
   * Opens `file` and plays it from the start. Rejects (with a message naming the file) when it
   * cannot be replayed at all; the section and one notification say so too.
   */
  async open(file: string): Promise<void> {
    const { logger, notifications, instrument, jobs } = this.deps;
    if (!this.switcher) throw new Error('this app instance cannot switch its data source');
    const attempt = ++this.opening;
    const resolved = path.resolve(file);
    this.phase = 'indexing';
    this.fileName = path.basename(resolved);
    this.progress = 0;
    this.error = null;
    this.bump();
    logger.info('replay: indexing recording', { file: resolved });
    let index: RecordingIndex;
    try {
      index = await RecordingIndex.open(resolved, (p) => {
        const next = p.totalBytes ? p.bytesRead / p.totalBytes : 1;
        if (next - this.progress >= 0.01 || next === 1) {
          this.progress = next;
          this.bump();
        }
      });
      const recorded = index.instrument;
      if (recorded && recorded !== instrument.name) {
        await index.close();
        throw new RecordingError(`${resolved} was recorded for instrument '${recorded}'; this app runs '${instrument.name}' (start it with --instrument ${recorded})`);
      }
    } catch (err) {
      const message = err instanceof RecordingError ? err.message : `Cannot replay ${resolved}: ${(err as Error).message}`;
      if (attempt === this.opening) {
        // Live and nothing replaying: stay live (the notification says why); otherwise show it in the bar.
        this.phase = this.replay ? 'ready' : this.switcher.live && this.switcher.active === this.switcher.live ? 'idle' : 'error';
        this.error = message;
        if (this.replay) this.fileName = path.basename(this.replay.index.file);
        this.bump();
      }
      logger.error('replay: recording rejected', { file: resolved, error: message });
      notifications.push('error', message);
      throw new RecordingError(message);
    }
    if (attempt !== this.opening) {
      await index.close();
      return;
    }
    const replay = new ReplayTransport(index, instrument.name);
    replay.onJump(() => jobs.forgetAll());
    replay.player.onChange(() => this.onPlayerChange());
    const previous = this.replay;
    this.replay = replay;
    jobs.announceAdoptions = false;
    this.restoreConfigs ??= jobs.configs.suspendForReplay();
    jobs.forgetAll();
    await this.switcher.use(replay);
    if (previous) {
      previous.player.dispose();
      await previous.index.close();
    }
    this.phase = 'ready';
    this.reportedPlayerError = null;
    this.bump();
    const minutes = (index.endMs - index.startMs) / 60_000;
    logger.info('replay: playing', { file: resolved, messages: index.messageCount, durationS: Math.round(minutes * 60), damage: index.damage });
    if (index.damage) {
      // One notification for the damage; the valid part plays.
      notifications.push('error', `${this.fileName} is damaged (${index.damage}); replaying the ${index.messageCount} messages before the damage.`);
      logger.error('replay: damaged recording', { file: resolved, damage: index.damage, messages: index.messageCount });
    } else {
      notifications.push('info', `Replaying ${this.fileName}: ${index.messageCount} messages over ${formatDuration(index.endMs - index.startMs)}`);
    }
    await replay.player.seek(index.startMs, true);
  }

  /** Back to the live source the app started with. */
  async close(): Promise<void> {
    if (!this.switcher) return;
    const live = this.switcher.live;
    if (!live) throw new Error('the app was started with --replay: there is no live source to return to');
    const replay = this.replay;
    this.replay = null;
    this.opening++;
    replay?.player.dispose();
    this.deps.jobs.forgetAll();
    this.restoreConfigs?.();
    this.restoreConfigs = null;
    this.deps.jobs.restoreRecords(); // live jobs re-attach to their recorded configurations
    await this.switcher.use(live);
    // The live jobs are re-adopted from their next heartbeats: not news worth a toast.
    setTimeout(() => {
      if (!this.replay) this.deps.jobs.announceAdoptions = true;
    }, 5000).unref();
    await replay?.index.close();
    this.phase = 'idle';
    this.fileName = null;
    this.error = null;
    this.bump();
    this.deps.logger.info('replay: closed, back to the live source', { source: live.description });
  }

  /** Registers the "replay" command domain and the read-only guard. */
  register(router: CommandRouter): void {
    router.addGuard((command) => {
      const domain = command.type.slice(0, command.type.indexOf('.'));
      return this.active && COMMANDING_DOMAINS.includes(domain) ? READ_ONLY_REASON : null;
    });
    router.handleCommands('replay', async (command, ctx) => {
      if (command.type === 'replay.open') {
        // A path names a file on the machine running the app: only its own windows may name one
        // (a browser could otherwise probe that machine's files); browsers upload instead.
        if (ctx.client !== 'electron') throw new Error('browser sessions open a recording by uploading it (Open recording)');
        await this.open(command.path);
        return;
      }
      if (command.type === 'replay.close') {
        await this.close();
        return;
      }
      const player = this.replay?.player;
      if (!player || this.phase !== 'ready') throw new Error(this.phase === 'indexing' ? 'the recording is still being indexed' : 'no recording is open');
      switch (command.type) {
        case 'replay.play': player.play(); break;
        case 'replay.pause': player.pause(); break;
        case 'replay.seek': await player.seek(command.timeMs); break;
        case 'replay.speed': player.setSpeed(command.speed); break;
        case 'replay.loop': player.setLoop(command.loop); break;
        case 'replay.step': await player.step(); break;
      }
    });
  }

  section(): SectionSource<'replay'> {
    return {
      name: 'replay',
      version: () => this.version,
      view: () => this.view(),
      onChange: (l) => {
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
    };
  }

  view(): ReplayView {
    const p = this.replay?.player;
    const index = this.replay?.index;
    return {
      phase: this.phase,
      fileName: this.fileName,
      indexProgress: this.progress,
      error: this.error,
      damage: index?.damage ?? null,
      instrument: index?.instrument ?? null,
      startMs: index?.startMs ?? 0,
      endMs: index?.endMs ?? 0,
      positionMs: p?.position() ?? 0,
      sampledAtMs: Date.now(),
      playing: p?.playing ?? false,
      speed: p?.speed ?? 1,
      loop: p?.loop ?? false,
      ended: p?.ended ?? false,
      messageCount: index?.messageCount ?? 0,
      delivered: p?.delivered ?? 0,
      canClose: this.replay !== null && this.switcher?.live != null,
      uploadPath: this.uploadPath,
    };
  }

  async dispose(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.replay?.player.dispose();
    await this.replay?.index.close();
  }

  private onPlayerChange(): void {
    const p = this.replay?.player;
    if (p?.error && p.error !== this.reportedPlayerError) {
      this.reportedPlayerError = p.error;
      this.deps.notifications.push('error', `Replay stopped: ${p.error}`);
      this.deps.logger.error('replay: reading failed', { error: p.error });
    }
    // While playing, the position moves without events: refresh the section now and then.
    if (p?.playing && !this.ticker) {
      this.ticker = setInterval(() => this.bump(), POSITION_REFRESH_MS);
      this.ticker.unref();
    }
    if (!p?.playing && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
    this.bump();
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

/** `--replay FILE` or the live source: the Transport the core is built with (main/app/create-transport.ts). */
export function replayableSource(live: Transport | null, instrument: string, replayFile: string | null): SourceSwitch {
  if (replayFile) return new SourceSwitch(live, new IdleTransport(instrument, `indexing ${path.basename(replayFile)}`), replayFile);
  if (!live) return new SourceSwitch(null, new IdleTransport(instrument));
  return new SourceSwitch(live, live);
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 120 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
