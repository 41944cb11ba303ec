// Observers of consumed messages (the recorder), kept apart from each transport's queue so a
// transport only has to call `emit` where it queues a message. A throwing observer is the
// observer's problem: it never breaks ingestion.
import type { MessageTap, RawMessage } from './transport';

export class MessageTaps {
  private readonly taps = new Set<MessageTap>();

  add(tap: MessageTap): () => void {
    this.taps.add(tap);
    return () => {
      this.taps.delete(tap);
    };
  }

  get active(): boolean {
    return this.taps.size > 0;
  }

  emit(message: RawMessage): void {
    const now = Date.now();
    for (const tap of this.taps) {
      try {
        tap(message, now);
      } catch {
        // the recorder counts its own failures; ingestion goes on
      }
    }
  }
}
