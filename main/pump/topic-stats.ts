// Per-topic message, byte and error counts with rates over a sliding window, for the
// connection health view.
import type { TopicStatsView } from '../../shared/protocol';

interface Counter {
  topic: string;
  role: string;
  messages: number;
  bytes: number;
  errors: number;
  /** Samples of (time, messages, bytes) taken once a second. */
  samples: { t: number; messages: number; bytes: number }[];
}

const WINDOW_MS = 5000;

export class TopicStats {
  private readonly counters = new Map<string, Counter>();

  constructor(topics: { topic: string; role: string }[], private readonly now: () => number = Date.now) {
    for (const t of topics) this.counter(t.topic, t.role);
  }

  record(topic: string, role: string, bytes: number): void {
    const c = this.counter(topic, role);
    c.messages++;
    c.bytes += bytes;
  }

  recordError(topic: string, role: string): void {
    this.counter(topic, role).errors++;
  }

  /** Takes a rate sample; returns true when anything changed since the last sample. */
  sample(): boolean {
    const t = this.now();
    let changed = false;
    for (const c of this.counters.values()) {
      const last = c.samples[c.samples.length - 1];
      if (!last || last.messages !== c.messages || last.bytes !== c.bytes) changed = true;
      const before = rates(c);
      c.samples.push({ t, messages: c.messages, bytes: c.bytes });
      while (c.samples.length > 2 && t - c.samples[0].t > WINDOW_MS) c.samples.shift();
      // Counts unchanged but the rate still falling (traffic stopped): sessions must hear of it.
      const after = rates(c);
      if (after.messagesPerSecond !== before.messagesPerSecond || after.bytesPerSecond !== before.bytesPerSecond) changed = true;
    }
    return changed;
  }

  view(): TopicStatsView[] {
    return [...this.counters.values()].map((c) => ({
      topic: c.topic,
      role: c.role,
      messages: c.messages,
      bytes: c.bytes,
      errors: c.errors,
      ...rates(c),
    }));
  }

  errorCount(topic: string): number {
    return this.counters.get(topic)?.errors ?? 0;
  }

  private counter(topic: string, role: string): Counter {
    let c = this.counters.get(topic);
    if (!c) this.counters.set(topic, (c = { topic, role, messages: 0, bytes: 0, errors: 0, samples: [] }));
    return c;
  }
}

function rates(c: Counter): { messagesPerSecond: number; bytesPerSecond: number } {
  const first = c.samples[0];
  const last = c.samples[c.samples.length - 1];
  const dt = first && last ? (last.t - first.t) / 1000 : 0;
  return {
    messagesPerSecond: dt > 0 ? (last.messages - first.messages) / dt : 0,
    bytesPerSecond: dt > 0 ? (last.bytes - first.bytes) / dt : 0,
  };
}
