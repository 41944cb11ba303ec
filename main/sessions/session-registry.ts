// Tracks live sessions. Every poll is a heartbeat; a session silent for longer than the
// timeout (window crashed, renderer hung, tab closed without a goodbye) is reaped and
// everything it held is released through the onRemoved listeners.
import { randomBytes } from 'node:crypto';

export interface SessionRecord {
  readonly id: string;
  readonly client: 'electron' | 'browser';
  readonly openedAt: number;
  lastSeen: number;
}

export type RemovalReason = 'closed' | 'timeout';

export class SessionRegistry {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly removedListeners = new Set<(id: string, reason: RemovalReason) => void>();
  private readonly changeListeners = new Set<() => void>();

  constructor(
    readonly timeoutMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  open(client: 'electron' | 'browser'): SessionRecord {
    const t = this.now();
    // 128 random bits, base64url: unguessable, and short, since every poll names it.
    const record: SessionRecord = { id: randomBytes(16).toString('base64url'), client, openedAt: t, lastSeen: t };
    this.sessions.set(record.id, record);
    this.changed();
    return record;
  }

  /** Records a heartbeat; false if the session is unknown (closed or reaped). */
  touch(id: string): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    s.lastSeen = this.now();
    return true;
  }

  get(id: string): SessionRecord | undefined {
    return this.sessions.get(id);
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  close(id: string): boolean {
    return this.remove(id, 'closed');
  }

  /** Drops every session silent for longer than the timeout; returns their ids. */
  reapStale(): string[] {
    const limit = this.now() - this.timeoutMs;
    const stale = [...this.sessions.values()].filter((s) => s.lastSeen < limit).map((s) => s.id);
    for (const id of stale) this.remove(id, 'timeout');
    return stale;
  }

  get count(): number {
    return this.sessions.size;
  }

  list(): SessionRecord[] {
    return [...this.sessions.values()];
  }

  onRemoved(listener: (id: string, reason: RemovalReason) => void): () => void {
    this.removedListeners.add(listener);
    return () => this.removedListeners.delete(listener);
  }

  onChange(listener: () => void): void {
    this.changeListeners.add(listener);
  }

  private remove(id: string, reason: RemovalReason): boolean {
    if (!this.sessions.delete(id)) return false;
    for (const l of this.removedListeners) l(id, reason);
    this.changed();
    return true;
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }
}
