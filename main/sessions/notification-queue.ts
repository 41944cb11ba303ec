// One shared queue of notifications with absolute sequence numbers. Each session reads
// from its own cursor; a new session starts at the end so old toasts are not replayed.
import type { Notification, NotificationLevel } from '../../shared/protocol';

export class NotificationQueue {
  private readonly events: Notification[] = [];
  private nextSeq = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly capacity = 100,
    private readonly now: () => number = Date.now,
  ) {}

  push(level: NotificationLevel, message: string): Notification {
    const event: Notification = { seq: this.nextSeq++, level, message, timeMs: this.now() };
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
    for (const l of this.listeners) l();
    return event;
  }

  /** Sequence number a new reader starts from (the end of the queue). */
  get end(): number {
    return this.nextSeq;
  }

  /** Events with seq >= cursor that are still retained, and the new cursor. */
  since(cursor: number): { events: Notification[]; cursor: number } {
    if (cursor >= this.nextSeq) return { events: [], cursor: this.nextSeq };
    return { events: this.events.filter((e) => e.seq >= cursor), cursor: this.nextSeq };
  }

  /** All retained events, newest last (for a notification log). */
  all(): readonly Notification[] {
    return this.events;
  }

  onPush(listener: () => void): void {
    this.listeners.add(listener);
  }
}
