// The replay source: a Transport over a recording, fed by a ReplayPlayer, drained by the same
// pump as live data (main/pump/message-pump.ts). Read-only: nothing is ever sent.
import path from 'node:path';
import { topicsFor, type ConnectionHealth, type ProducedRole, type RawMessage, type TopicRole, type Transport } from '../transport/transport';
import type { RecordedMessage, RecordingIndex } from './recording-index';
import { ReplayPlayer, type PlayerOptions } from './replay-player';

/** Why every command is refused while a recording plays (shown to the operator). */
export const READ_ONLY_REASON = 'Replay is read-only: commands are not sent while a recording plays. Close the recording to control live workflows.';

export class ReplayTransport implements Transport {
  readonly kind = 'replay' as const;
  readonly description: string;
  readonly topics: Record<TopicRole, string>;
  readonly player: ReplayPlayer;
  private queue: RawMessage[] = [];
  private head = 0;
  private readonly listeners = new Set<() => void>();
  private readonly jumpListeners = new Set<() => void>();
  private drainWaiters: (() => void)[] = [];
  private readonly healthState: ConnectionHealth;
  private readonly openedAtWall: number;

  constructor(readonly index: RecordingIndex, instrument: string, options: PlayerOptions = {}) {
    this.description = `replay ${path.basename(index.file)}`;
    this.topics = topicsFor(instrument);
    this.healthState = { state: 'connecting', since: Date.now(), detail: `recording ${index.file}` };
    this.openedAtWall = Date.now();
    this.player = new ReplayPlayer(index, {
      jump: () => {
        this.queue = [];
        this.head = 0;
        for (const l of this.jumpListeners) l();
      },
      deliver: (messages) => this.enqueue(messages),
      backlog: () => this.backlog(),
      drained: () => new Promise<void>((resolve) => {
        this.drainWaiters.push(resolve);
        setTimeout(resolve, 20);
      }),
    }, options);
  }

  async start(): Promise<void> {
    Object.assign(this.healthState, { state: 'connected', since: Date.now() });
    this.notify();
  }

  async stop(): Promise<void> {
    this.player.pause();
    Object.assign(this.healthState, { state: 'disconnected', since: Date.now(), detail: 'recording closed' });
  }

  drain(max: number): RawMessage[] {
    const n = Math.min(max, this.queue.length - this.head);
    const out = this.queue.slice(this.head, this.head + n);
    this.head += n;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    if (n > 0 && this.drainWaiters.length) for (const w of this.drainWaiters.splice(0)) w();
    return out;
  }

  async send(_role: ProducedRole, _value: Uint8Array): Promise<void> {
    throw new Error(READ_ONLY_REASON);
  }

  health(): ConnectionHealth {
    return { ...this.healthState };
  }

  /** Messages queued for the pump and not yet taken. */
  backlog(): number {
    return this.queue.length - this.head;
  }

  onActivity(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** The timeline jumped: whoever built state from earlier messages must forget it. */
  onJump(listener: () => void): void {
    this.jumpListeners.add(listener);
  }

  /**
   * The job orchestrator's clock: runs with the replayed time (frozen while paused, 10× at 10×),
   * anchored at the wall time of opening so ages shown stay plausible.
   */
  clock(): number {
    return this.openedAtWall + (this.player.position() - this.index.startMs);
  }

  private enqueue(messages: RecordedMessage[]): void {
    for (const m of messages) {
      this.queue.push({
        role: m.channel.role,
        topic: m.channel.topic,
        partition: m.channel.partition,
        offset: (m.channel.offsetBase + BigInt(m.sequence)).toString(),
        timestampMs: Number(m.publishTimeNs / 1_000_000n),
        value: m.data,
      });
    }
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

/** The source while nothing plays (started with --replay, before or after a file). */
export class IdleTransport implements Transport {
  readonly kind = 'replay' as const;
  readonly description = 'replay (no recording open)';
  readonly topics: Record<TopicRole, string>;
  private readonly since = Date.now();

  constructor(instrument: string, private readonly detail = 'open a recording') {
    this.topics = topicsFor(instrument);
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  drain(): RawMessage[] {
    return [];
  }
  async send(): Promise<void> {
    throw new Error(READ_ONLY_REASON);
  }
  health(): ConnectionHealth {
    return { state: 'disconnected', since: this.since, detail: this.detail };
  }
  onActivity(): void {}
}
