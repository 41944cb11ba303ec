// The transport's in-memory buffer between kafkajs and the pump. Data messages are
// bounded (count and bytes): when the pump falls behind, the oldest data goes first.
// Heartbeats and responses are never dropped: losing an ack or a job status would
// mislead the operator, while a newer data message supersedes an older one.
// One array with a head index; a dropped data message leaves a null hole, and a cursor
// remembers where the oldest data message may be, so dropping stays amortised O(1)
// and no wrapper object is allocated per message (this sits on the ingest hot path).
import type { RawMessage } from '../transport/transport';

export interface QueueLimits {
  /** Most data messages kept (default 20000); heartbeats and responses are not counted. */
  maxMessages: number;
  /** Most data payload bytes kept (default 512 MiB). A single bigger message is still kept. */
  maxBytes: number;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = {
  maxMessages: 20_000,
  maxBytes: 512 * 1024 * 1024,
};

export interface QueueStats {
  queued: number;
  queuedDataBytes: number;
  /** Data messages dropped because the pump fell behind, since creation. */
  droppedData: number;
  droppedDataBytes: number;
}

export class MessageQueue {
  private items: Array<RawMessage | null> = [];
  private head = 0;
  /** No data message is left before this index. */
  private dataCursor = 0;
  private live = 0;
  /** Null holes (dropped messages) between head and the end. */
  private holes = 0;
  private dataCount = 0;
  private dataBytes = 0;
  private dropped = 0;
  private droppedBytes = 0;

  constructor(private readonly limits: QueueLimits = DEFAULT_QUEUE_LIMITS) {}

  get length(): number {
    return this.live;
  }

  /** Queues one message; returns how many data messages were dropped to make room. */
  push(msg: RawMessage): number {
    this.items.push(msg);
    this.live++;
    if (msg.role !== 'data') return 0;
    this.dataCount++;
    this.dataBytes += msg.value.byteLength;
    let dropped = 0;
    // dataCount > 1: the message just queued is never the one dropped.
    while (this.dataCount > 1 && (this.dataCount > this.limits.maxMessages || this.dataBytes > this.limits.maxBytes)) {
      if (!this.dropOldestData()) break;
      dropped++;
    }
    return dropped;
  }

  private dropOldestData(): boolean {
    const items = this.items;
    let i = Math.max(this.dataCursor, this.head);
    while (i < items.length) {
      const m = items[i];
      if (m && m.role === 'data') break;
      i++;
    }
    const m = items[i];
    if (!m) return false;
    items[i] = null;
    this.holes++;
    this.dataCursor = i + 1;
    this.live--;
    this.dataCount--;
    this.dataBytes -= m.value.byteLength;
    this.dropped++;
    this.droppedBytes += m.value.byteLength;
    return true;
  }

  /** Up to `max` messages, oldest first. */
  drain(max: number): RawMessage[] {
    const n = Math.max(0, Math.floor(max));
    const items = this.items;
    // Fast path, the usual case: the pump takes everything and nothing was dropped.
    if (this.holes === 0 && n >= items.length - this.head && this.live > 0) {
      // No holes: nothing from head on is null.
      const all = (this.head === 0 ? items : items.slice(this.head)) as RawMessage[];
      this.clear();
      return all;
    }
    const out: RawMessage[] = [];
    while (out.length < n && this.head < items.length) {
      const m = items[this.head];
      items[this.head++] = null; // let the payload be collected
      if (!m) {
        this.holes--;
        continue;
      }
      out.push(m);
      this.live--;
      if (m.role === 'data') {
        this.dataCount--;
        this.dataBytes -= m.value.byteLength;
      }
    }
    if (this.head === items.length) {
      this.items = [];
      this.head = 0;
      this.dataCursor = 0;
      this.holes = 0;
    } else if (this.head > 4096 && this.head * 2 > items.length) {
      // Compact now and then so the array does not grow without bound.
      this.items = items.slice(this.head);
      this.dataCursor = Math.max(0, this.dataCursor - this.head);
      this.head = 0;
    }
    return out;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.dataCursor = 0;
    this.holes = 0;
    this.live = 0;
    this.dataCount = 0;
    this.dataBytes = 0;
  }

  stats(): QueueStats {
    return {
      queued: this.live,
      queuedDataBytes: this.dataBytes,
      droppedData: this.dropped,
      droppedDataBytes: this.droppedBytes,
    };
  }
}
