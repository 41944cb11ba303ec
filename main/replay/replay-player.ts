// Plays an indexed recording (./recording-index.ts) into a sink at the recorded pace, or a
// multiple of it, or as fast as the pipeline drains ("max"); pauses, seeks, loops and steps.
// A seek first delivers, for every state key, its latest message at or before the target
// (found through the per-key index, reading only the chunks that hold them), then plays on.
// One async loop runs at a time; every control bumps `gen`, which ends the loop in flight.
import type { ReplaySpeed } from '../../shared/api/replay-commands';
import { JOB_STATUS_STALE_MS, SERVICE_STALE_MS } from '../jobs/job-orchestrator';
import type { RecordedMessage, RecordingIndex } from './recording-index';

export interface PlayerSink {
  /** The timeline jumped (seek, loop): forget the state built so far. Called before the seek's messages. */
  jump(): void;
  deliver(messages: RecordedMessage[]): void;
  /** Messages delivered but not yet taken by the pump (max speed keeps this bounded). */
  backlog(): number;
  /** Resolves when the pump took messages (or soon): max speed refills then. */
  drained(): Promise<void>;
}

export interface PlayerOptions {
  now?: () => number;
  /** Max speed keeps at most about this many messages queued ahead of the pump. */
  maxBacklog?: number;
}

/** Longest sleep between checks while playing at a recorded pace. */
const MAX_SLEEP_MS = 50;

export class ReplayPlayer {
  private cursor = 0;
  private gen = 0;
  private running = false;
  private anchorWall = 0;
  private anchorRec: number;
  private positionRec: number;
  private _playing = false;
  private _speed: ReplaySpeed = 1;
  private _loop = false;
  private _ended = false;
  private _delivered = 0;
  private failure: string | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly maxBacklog: number;

  constructor(readonly index: RecordingIndex, private readonly sink: PlayerSink, options: PlayerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxBacklog = options.maxBacklog ?? 4000;
    this.anchorRec = index.startMs;
    this.positionRec = index.startMs;
  }

  get playing(): boolean { return this._playing; }
  get speed(): ReplaySpeed { return this._speed; }
  get loop(): boolean { return this._loop; }
  get ended(): boolean { return this._ended; }
  get delivered(): number { return this._delivered; }
  /** A chunk could not be read while playing (the index said it was fine): the reason. */
  get error(): string | null { return this.failure; }

  /** The recorded time the replay stands at. */
  position(): number {
    if (!this._playing || this._speed === 'max') return this.positionRec;
    const t = this.anchorRec + (this.now() - this.anchorWall) * this._speed;
    return Math.min(t, this.index.endMs);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  play(): void {
    if (this._playing) return;
    if (this._ended || this.cursor >= this.index.messageCount) {
      void this.seek(this.index.startMs, true);
      return;
    }
    this._playing = true;
    this.reanchor(this.positionRec);
    this.changed();
    this.kick();
  }

  pause(): void {
    if (!this._playing) return;
    this.positionRec = this.position();
    this._playing = false;
    this.gen++;
    this.changed();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.positionRec = this.position();
    this._speed = speed;
    this.reanchor(this.positionRec);
    this.gen++;
    this.changed();
    this.kick();
  }

  setLoop(loop: boolean): void {
    this._loop = loop;
    this.changed();
  }

  /** Paused: delivers the next message alone and stands at its time. */
  async step(): Promise<void> {
    if (this._playing) this.pause();
    if (this.cursor >= this.index.messageCount) return;
    const gen = ++this.gen;
    const i = this.cursor;
    const m = await this.index.message(i);
    if (gen !== this.gen) return;
    this.cursor = i + 1;
    this.positionRec = this.index.timeMs[i];
    this.deliver([m]);
    this._ended = false;
    this.changed();
  }

  /** Jumps to `timeMs` (clamped to the recording): state as of then, then plays on if playing (or if `thenPlay`). */
  async seek(timeMs: number, thenPlay = false): Promise<void> {
    const gen = ++this.gen;
    const index = this.index;
    const target = Math.min(Math.max(timeMs, index.startMs), index.endMs);
    const next = index.firstAfter(target);
    const picks = this.stateAt(target, next);
    const messages: RecordedMessage[] = [];
    for (const i of picks) messages.push(await index.message(i));
    if (gen !== this.gen) return; // a newer control won
    this.sink.jump();
    this.cursor = next;
    this.positionRec = target;
    this._ended = false;
    this.deliver(messages);
    if (thenPlay) this._playing = true;
    this.reanchor(target);
    this.changed();
    this.kick();
  }

  /** Stops for good (file closed). */
  dispose(): void {
    this._playing = false;
    this.gen++;
    this.listeners.clear();
  }

  /**
   * Message indices that make up the state at `target` (all before message `next`): the latest
   * heartbeat of every job and service still fresh then, and the latest data of every result key
   * of those jobs — the reference's outputs are per-update or cumulative values, so a key's latest
   * message is its state. File order, so heartbeats adopt jobs before their data arrives.
   */
  private stateAt(target: number, next: number): number[] {
    const index = this.index;
    const picks: number[] = [];
    const jobs = new Set<string>();
    for (const key of index.keys) {
      if (key.kind === 'data') continue;
      const i = index.latestOf(key, next);
      if (i < 0) continue;
      const fresh = key.kind === 'job' ? JOB_STATUS_STALE_MS : SERVICE_STALE_MS;
      if (target - index.timeMs[i] >= fresh) continue;
      picks.push(i);
      if (key.jobNumber) jobs.add(key.jobNumber);
    }
    for (const key of index.keys) {
      if (key.kind !== 'data' || (key.jobNumber !== null && !jobs.has(key.jobNumber))) continue;
      const i = index.latestOf(key, next);
      if (i >= 0) picks.push(i);
    }
    return picks.sort((a, b) => a - b);
  }

  private reanchor(rec: number): void {
    this.anchorRec = rec;
    this.anchorWall = this.now();
  }

  private deliver(messages: RecordedMessage[]): void {
    if (messages.length === 0) return;
    this._delivered += messages.length;
    this.sink.deliver(messages);
  }

  private kick(): void {
    if (!this._playing || this.running) return;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
      // A control that came in while the loop wound down may want a new one.
      if (this._playing && this.cursor < this.index.messageCount) this.kick();
    });
  }

  private async run(): Promise<void> {
    const index = this.index;
    let gen = this.gen;
    while (this._playing) {
      if (gen !== this.gen) gen = this.gen; // a control re-anchored us: go on from there
      if (this.cursor >= index.messageCount) {
        if (this._loop) {
          await this.seek(index.startMs);
          gen = this.gen;
          continue;
        }
        this._playing = false;
        this._ended = true;
        this.positionRec = index.endMs;
        this.changed();
        return;
      }
      const c = index.chunkOf[this.cursor];
      const ref = index.chunks[c];
      const chunkEnd = ref.firstMessage + ref.messageCount;
      if (this._speed === 'max') {
        if (this.sink.backlog() >= this.maxBacklog) {
          await this.sink.drained();
          continue;
        }
      } else {
        const target = this.position();
        const due = index.timeMs[this.cursor];
        if (due > target) {
          await sleep(Math.min((due - target) / this._speed, MAX_SLEEP_MS));
          continue;
        }
      }
      let messages: RecordedMessage[];
      try {
        messages = await index.chunk(c);
      } catch (err) {
        this.failure = `${index.file}: ${(err as Error).message}`;
        this._playing = false;
        this._ended = true;
        this.changed();
        return;
      }
      if (gen !== this.gen || !this._playing) continue;
      let end = chunkEnd;
      if (this._speed !== 'max') {
        const target = this.position();
        end = this.cursor;
        while (end < chunkEnd && index.timeMs[end] <= target) end++;
      }
      this.deliver(messages.slice(this.cursor - ref.firstMessage, end - ref.firstMessage));
      this.cursor = end;
      if (this._speed === 'max') {
        this.positionRec = index.timeMs[end - 1];
        this.reanchor(this.positionRec);
        await new Promise((r) => setImmediate(r)); // let the pump run between chunks
      }
    }
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(1, ms)));
}
