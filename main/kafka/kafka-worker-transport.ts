// The Kafka transport as main sees it when ingest runs on a worker thread (kafka-worker.ts):
// the same Transport interface, with messages arriving already decoded. Main keeps its own
// bounded queue (oldest data dropped first, never heartbeats or acks) in case the pump falls
// behind what the worker delivers.
import path from 'node:path';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/logger';
import { MessageTaps } from '../transport/message-tap';
import { topicsFor, type ConnectionHealth, type MessageTap, type ProducedRole, type RawMessage, type TopicRole, type Transport } from '../transport/transport';
import { DEFAULT_QUEUE_LIMITS, MessageQueue } from './message-queue';
import type { KafkaTransportOptions } from './kafka-transport';
import type { FromWorker, KafkaWorkerOptions, ToWorker } from './kafka-worker-protocol';

/**
 * The compiled worker script. From sources (tests run TypeScript) it is the build's copy,
 * so `npm run build` must have run; null when neither exists.
 */
export function kafkaWorkerScript(): string | null {
  const here = path.join(__dirname, 'kafka-worker.js');
  if (fs.existsSync(here)) return here;
  const built = path.resolve(__dirname, '../../dist/node/main/kafka/kafka-worker.js');
  return fs.existsSync(built) ? built : null;
}

export class KafkaWorkerTransport implements Transport {
  readonly kind = 'kafka' as const;
  readonly description: string;
  readonly topics: Record<TopicRole, string>;
  private readonly worker: Worker;
  private readonly queue: MessageQueue;
  private readonly listeners: (() => void)[] = [];
  private readonly taps = new MessageTaps();
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private healthState: ConnectionHealth = { state: 'disconnected', since: Date.now(), detail: 'not started' };
  private exited: string | null = null;
  private readonly logger: Logger;

  constructor(opts: KafkaTransportOptions, script: string) {
    this.logger = opts.logger;
    this.topics = topicsFor(opts.instrument);
    this.description = `kafka ${opts.connection.bootstrap.join(',')}`;
    this.queue = new MessageQueue({ ...DEFAULT_QUEUE_LIMITS, ...opts.queue });
    const { logger: _logger, ...workerOptions } = opts;
    this.worker = new Worker(script, { workerData: workerOptions satisfies KafkaWorkerOptions, name: 'kafka-ingest' });
    this.worker.on('message', (msg: FromWorker) => this.onWorkerMessage(msg));
    this.worker.on('error', (err) => {
      this.logger.error('kafka ingest worker failed', { error: err.message });
      this.healthState = { state: 'disconnected', since: Date.now(), detail: `ingest worker failed: ${err.message}` };
      this.notify();
    });
    this.worker.on('exit', (code) => {
      this.exited = `ingest worker exited (${code})`;
      for (const p of this.pending.values()) p.reject(new Error(`kafka: ${this.exited}`));
      this.pending.clear();
    });
  }

  start(): Promise<void> {
    return this.call({ type: 'start', id: 0 });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.call({ type: 'stop', id: 0 });
    } finally {
      await this.worker.terminate();
      this.queue.clear();
      this.healthState = { state: 'disconnected', since: Date.now(), detail: 'stopped' };
    }
  }

  drain(max: number): RawMessage[] {
    return this.queue.drain(max);
  }

  send(role: ProducedRole, value: Uint8Array): Promise<void> {
    return this.call({ type: 'send', id: 0, role, value });
  }

  health(): ConnectionHealth {
    return { ...this.healthState };
  }

  onActivity(listener: () => void): void {
    this.listeners.push(listener);
  }

  onMessage(tap: MessageTap): () => void {
    return this.taps.add(tap);
  }

  private call(msg: ToWorker): Promise<void> {
    if (this.exited) return Promise.reject(new Error(`kafka: ${this.exited}`));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private onWorkerMessage(msg: FromWorker): void {
    switch (msg.type) {
      case 'reply': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (!p) return;
        if (msg.error) p.reject(new Error(msg.error));
        else p.resolve();
        return;
      }
      case 'messages': {
        this.healthState = msg.health;
        let dropped = 0;
        for (const m of msg.messages) {
          dropped += this.queue.push(m);
          if (this.taps.active) this.taps.emit(m);
        }
        if (dropped > 0) this.logger.warn('kafka: the pump fell behind; oldest data dropped', { dropped });
        this.notify();
        return;
      }
      case 'health':
        this.healthState = msg.health;
        this.notify();
        return;
      case 'log':
        this.logger.log(msg.level, msg.message, msg.meta);
        return;
    }
  }

  private notify(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (err) {
        this.logger.error('kafka: activity listener failed', { error: String(err) });
      }
    }
  }
}
