// The Kafka transport (kafkajs). Consumes <i>_livedata_data/_heartbeat/_responses from the
// latest offsets with a fresh consumer group per start (like the reference dashboard),
// buffers messages for the pump, produces commands and ROIs with a null key, and reports
// connection health. kafkajs quirks we work around are described where we do it;
// kafka-transport.test.ts and bench/ measure them against librdkafka's mock broker (test/broker).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type KafkaConfig,
  type LogEntry,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import type { ConnectionHealth, ConnectionState, ConsumedRole, MessageTap, ProducedRole, RawMessage, TopicRole, Transport } from '../transport/transport';
import { MessageTaps } from '../transport/message-tap';
import { topicsFor } from '../transport/transport';
import type { Logger } from '../logging/logger';
import { describeKafkaOptions, type KafkaConnectionOptions, type KafkaSaslOptions } from './kafka-options';
import { createKafkaLogCreator } from './kafka-log';
import { DEFAULT_QUEUE_LIMITS, MessageQueue, type QueueLimits, type QueueStats } from './message-queue';
import { KafkaWorkerTransport, kafkaWorkerScript } from './kafka-worker-transport';

/** Consumer and client timing. Defaults follow the reference dashboard. */
export interface KafkaTuning {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** How long the broker holds an empty fetch (fetch.wait.max.ms). */
  maxWaitTimeInMs: number;
  /** Per fetch response and per partition; large enough for 100 MiB messages. */
  maxBytes: number;
  maxBytesPerPartition: number;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_TUNING: KafkaTuning = {
  sessionTimeoutMs: 6000,
  heartbeatIntervalMs: 2000,
  maxWaitTimeInMs: 200,
  maxBytes: 104_857_600,
  maxBytesPerPartition: 104_857_600,
  connectionTimeoutMs: 3000,
  requestTimeoutMs: 30_000,
};

/** Reconnect backoff, for kafkajs's retries and for our own restarts alike. */
export interface KafkaRetryTuning {
  initialRetryTime: number;
  /** Upper bound of one wait: after a broker returns we reconnect within about this long. */
  maxRetryTime: number;
  /** Retries of one operation before kafkajs gives up and crash-restarts the consumer. */
  retries: number;
}

export const DEFAULT_RETRY: KafkaRetryTuning = { initialRetryTime: 300, maxRetryTime: 5000, retries: 8 };

export interface KafkaTransportOptions {
  instrument: string;
  connection: KafkaConnectionOptions;
  logger: Logger;
  tuning?: Partial<KafkaTuning>;
  retry?: Partial<KafkaRetryTuning>;
  queue?: Partial<QueueLimits>;
  /**
   * start() resolves once connected (offsets pinned), on the first connection error or
   * failure (health then says what is wrong while retries go on), or after this long
   * (default 20 s). It rejects only for unusable settings (e.g. an unreadable CA file).
   */
  startTimeoutMs?: number;
  /** Consumer group is `${groupIdPrefix}-<uuid>` (default "livedata-desktop"). */
  groupIdPrefix?: string;
  /** Benchmarks only: read what is already on the topics. The app always starts at the latest offsets. */
  fromBeginning?: boolean;
}

export interface KafkaTransportStats extends QueueStats {
  /** Messages taken from Kafka since start (after de-duplication). */
  received: number;
  /** Re-delivered messages skipped after a reconnect. */
  duplicatesSkipped: number;
  groupId: string | null;
  /** Duration of the last consumer-group join, ms. */
  lastJoinMs: number | null;
}

class MissingTopicsError extends Error {
  constructor(
    readonly topics: string[],
    broker: string,
  ) {
    super(
      topics.length === 1
        ? `topic ${topics[0]} does not exist on broker ${broker}`
        : `topics ${topics.join(', ')} do not exist on broker ${broker}`,
    );
    this.name = 'MissingTopicsError';
  }
}

// kafkajs: disconnecting a consumer while its group join is in flight, or within about a
// second after it, makes it crash on "write after end" and restart itself forever
// (reproduced in kafka-transport.test.ts, "stopping while the group join is in flight").
// stop() waits for the join and this long after it.
const JOIN_SETTLE_MS = 1200;
const DROP_LOG_INTERVAL_MS = 10_000;

/** kafkajs's special seek offset for "the earliest offset the broker has". */
const EARLIEST_OFFSET = '-2';

const CONSUMED: readonly ConsumedRole[] = ['data', 'heartbeat', 'responses'];

type RunState = 'idle' | 'running' | 'stopping';

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The innermost cause of a kafkajs error (retry wrappers nest the real one). */
function rootCause(err: unknown): unknown {
  let e = err;
  for (let i = 0; i < 10 && e instanceof Error && e.cause instanceof Error; i++) e = e.cause;
  return e;
}

function errorType(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'type' in err && typeof err.type === 'string') return err.type;
  return undefined;
}

function toKafkajsSasl(s: KafkaSaslOptions): SASLOptions {
  switch (s.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username: s.username, password: s.password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username: s.username, password: s.password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username: s.username, password: s.password };
  }
}

/** Decimal offset strings compare as numbers without BigInt: longer is larger. */
function offsetAfter(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

export class KafkaTransport implements Transport {
  readonly kind = 'kafka' as const;
  readonly description: string;
  readonly topics: Record<TopicRole, string>;

  private readonly log: Logger;
  private readonly tuning: KafkaTuning;
  private readonly retry: KafkaRetryTuning;
  private readonly queue: MessageQueue;
  private readonly roleByTopic = new Map<string, ConsumedRole>();
  private readonly brokerText: string;
  private readonly listeners: Array<() => void> = [];
  private readonly taps = new MessageTaps();

  private runState: RunState = 'idle';
  /** Bumped on every start and stop; callbacks from an older generation are ignored. */
  private generation = 0;
  private stopPromise: Promise<void> | null = null;
  private startPromise: Promise<void> | null = null;

  private kafka: Kafka | null = null;
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private producerConnect: Promise<void> | null = null;
  private admin: Admin | null = null;
  private groupId: string | null = null;
  /** consumer.run() of the current consumer, pending while its first join is in flight. */
  private runPromise: Promise<void> | null = null;
  private launching = false;
  private relaunchPending = false;
  private readonly sleepers = new Set<() => void>();
  private startWaiter: (() => void) | null = null;

  private healthState: ConnectionHealth = { state: 'disconnected', since: Date.now(), detail: 'not started' };
  private everConnected = false;
  private failures = 0;
  private lastJoinAt = 0;
  private lastJoinMs: number | null = null;

  /** Last offset handed to the queue per "topic\0partition": resume point after a rejoin. */
  private readonly positions = new Map<string, string>();
  /** Partitions whose position the broker lost: resume them from the earliest offset. */
  private readonly resumeEarliest = new Set<string>();
  private received = 0;
  private duplicatesSkipped = 0;
  private droppedSinceLog = 0;
  private lastDropLog = 0;
  private warnedProducerTopics = false;

  constructor(private readonly opts: KafkaTransportOptions) {
    this.log = opts.logger;
    this.tuning = { ...DEFAULT_TUNING, ...opts.tuning };
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.queue = new MessageQueue({ ...DEFAULT_QUEUE_LIMITS, ...opts.queue });
    this.topics = topicsFor(opts.instrument);
    for (const role of CONSUMED) this.roleByTopic.set(this.topics[role], role);
    this.brokerText = opts.connection.bootstrap.join(',');
    this.description = `kafka ${this.brokerText}`;
    if (this.tuning.heartbeatIntervalMs >= this.tuning.sessionTimeoutMs) {
      throw new Error(
        `kafka: heartbeatIntervalMs (${this.tuning.heartbeatIntervalMs}) must be below sessionTimeoutMs (${this.tuning.sessionTimeoutMs})`,
      );
    }
  }

  // ---- Transport ------------------------------------------------------------------

  start(): Promise<void> {
    if (this.runState === 'running' && this.startPromise) return this.startPromise;
    this.startPromise = this.doStart();
    return this.startPromise;
  }

  stop(): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    if (this.runState !== 'running') return Promise.resolve();
    this.runState = 'stopping';
    this.generation++;
    this.stopPromise = this.doStop().finally(() => {
      this.runState = 'idle';
      this.stopPromise = null;
      this.startPromise = null;
    });
    return this.stopPromise;
  }

  drain(max: number): RawMessage[] {
    return this.queue.drain(max);
  }

  async send(role: ProducedRole, value: Uint8Array): Promise<void> {
    const topic = this.topics[role];
    const producer = this.producer;
    if (this.runState !== 'running' || !producer) throw new Error(`kafka: cannot send to ${topic}: transport is not running`);
    try {
      this.producerConnect ??= producer.connect().catch((err: unknown) => {
        this.producerConnect = null;
        throw err;
      });
      await this.producerConnect;
      await producer.send({
        topic,
        acks: -1,
        timeout: this.tuning.requestTimeoutMs,
        // Zero-copy view; null key like the reference.
        messages: [{ key: null, value: Buffer.from(value.buffer, value.byteOffset, value.byteLength) }],
      });
    } catch (err) {
      throw new Error(`kafka: sending to ${topic} failed: ${this.describeError(err, [topic])}`, { cause: err });
    }
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

  // ---- extras (not part of Transport) -----------------------------------------------

  stats(): KafkaTransportStats {
    return {
      ...this.queue.stats(),
      received: this.received,
      duplicatesSkipped: this.duplicatesSkipped,
      groupId: this.groupId,
      lastJoinMs: this.lastJoinMs,
    };
  }

  // ---- lifecycle --------------------------------------------------------------------

  private async doStart(): Promise<void> {
    if (this.stopPromise) await this.stopPromise;
    const gen = ++this.generation;
    this.runState = 'running';
    this.groupId = `${this.opts.groupIdPrefix ?? 'livedata-desktop'}-${randomUUID()}`;
    this.positions.clear();
    this.resumeEarliest.clear();
    this.queue.clear();
    this.everConnected = false;
    this.failures = 0;
    this.warnedProducerTopics = false;

    try {
      this.kafka = new Kafka(this.kafkaConfig());
    } catch (err) {
      this.runState = 'idle';
      this.setHealth('disconnected', errorText(err));
      throw err;
    }
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      // Silences kafkajs's v2 partitioner notice; with null keys any partitioner will do.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { ...this.kafkaRetry(), retries: Math.min(this.retry.retries, 3) },
    });
    this.producerConnect = null;
    this.producer.on(this.producer.events.REQUEST_TIMEOUT, (e) => {
      if (this.isCurrent(gen)) this.noteRequestTimeout(e.payload.broker, e.payload.apiName);
    });

    this.log.info(`kafka: starting on ${describeKafkaOptions(this.opts.connection)}`, {
      groupId: this.groupId,
      topics: CONSUMED.map((r) => this.topics[r]),
    });
    this.setHealth('connecting', `connecting to ${this.brokerText}`);

    const firstOutcome = new Promise<void>((resolve) => {
      this.startWaiter = resolve;
    });
    const timer = setTimeout(() => this.resolveStart(), this.opts.startTimeoutMs ?? 20_000);
    void this.launchConsumer(gen);
    await firstOutcome;
    clearTimeout(timer);
  }

  private async doStop(): Promise<void> {
    for (const wake of [...this.sleepers]) wake();
    this.resolveStart();
    const consumer = this.consumer;
    const producer = this.producer;
    const admin = this.admin;
    this.consumer = null;
    this.admin = null;

    if (admin) await admin.disconnect().catch(() => undefined);
    if (consumer) {
      if (this.runPromise) await this.withTimeout(this.runPromise, this.tuning.sessionTimeoutMs + 5000);
      const sinceJoin = Date.now() - this.lastJoinAt;
      if (sinceJoin < JOIN_SETTLE_MS) await this.delay(JOIN_SETTLE_MS - sinceJoin);
      await consumer.disconnect().catch((err: unknown) => this.log.warn(`kafka: consumer disconnect: ${errorText(err)}`));
    }
    if (producer && this.producerConnect) {
      await this.producerConnect.catch(() => undefined);
      await producer.disconnect().catch((err: unknown) => this.log.warn(`kafka: producer disconnect: ${errorText(err)}`));
    }
    this.producer = null;
    this.producerConnect = null;
    this.runPromise = null;
    this.kafka = null;
    this.queue.clear();
    this.setHealth('disconnected', 'stopped');
    this.log.info('kafka: stopped', { groupId: this.groupId });
  }

  private resolveStart(): void {
    const w = this.startWaiter;
    this.startWaiter = null;
    w?.();
  }

  private isCurrent(gen: number): boolean {
    return this.runState === 'running' && gen === this.generation;
  }

  // ---- kafkajs configuration ----------------------------------------------------------

  private kafkaRetry(): { initialRetryTime: number; maxRetryTime: number; retries: number; factor: number; multiplier: number } {
    // All fields explicit: kafkajs silently uses much shorter defaults when NODE_ENV=test.
    return { ...this.retry, factor: 0.2, multiplier: 2 };
  }

  private kafkaConfig(): KafkaConfig {
    const c = this.opts.connection;
    const config: KafkaConfig = {
      clientId: c.clientId,
      brokers: c.bootstrap,
      connectionTimeout: this.tuning.connectionTimeoutMs,
      requestTimeout: this.tuning.requestTimeoutMs,
      retry: this.kafkaRetry(),
      logLevel: logLevel.INFO,
      logCreator: createKafkaLogCreator(this.log, { tap: (e) => this.onKafkaLog(e) }),
    };
    if (c.ssl === true) config.ssl = true;
    else if (c.ssl) {
      const ssl: { ca?: string[]; rejectUnauthorized?: boolean } = {};
      if (c.ssl.caFile) {
        try {
          ssl.ca = [fs.readFileSync(c.ssl.caFile, 'utf8')];
        } catch (err) {
          throw new Error(`kafka: cannot read CA file ${c.ssl.caFile}: ${errorText(err)}`);
        }
      }
      if (c.ssl.rejectUnauthorized !== undefined) ssl.rejectUnauthorized = c.ssl.rejectUnauthorized;
      config.ssl = ssl;
    }
    if (c.sasl) config.sasl = toKafkajsSasl(c.sasl);
    return config;
  }

  // ---- consumer supervision -----------------------------------------------------------

  /**
   * Brings a consumer up, retrying with backoff until it joins or the transport stops.
   * Once running, kafkajs restarts it by itself after retriable errors (restartOnFailure);
   * a non-retriable crash brings us back here.
   */
  private async launchConsumer(gen: number): Promise<void> {
    if (this.launching) {
      // The running launch may be the one whose consumer just crashed: go again after it.
      this.relaunchPending = true;
      return;
    }
    this.launching = true;
    this.relaunchPending = false;
    try {
      while (this.isCurrent(gen)) {
        try {
          await this.checkTopics(gen);
          if (!this.isCurrent(gen)) return;
          await this.runConsumer(gen);
          return;
        } catch (err) {
          if (!this.isCurrent(gen)) return;
          this.reportFailure(err);
          await this.delay(this.backoff());
        }
      }
    } finally {
      this.launching = false;
      if (this.relaunchPending && this.isCurrent(gen)) {
        this.relaunchPending = false;
        void this.delay(this.backoff()).then(() => this.launchConsumer(gen));
      }
    }
  }

  private backoff(): number {
    const base = Math.min(this.retry.initialRetryTime * 2 ** Math.min(this.failures, 16), this.retry.maxRetryTime);
    return Math.round(base * (0.8 + 0.4 * Math.random()));
  }

  /** A missing topic gets a clear message instead of kafkajs's generic metadata error. */
  private async checkTopics(gen: number): Promise<void> {
    if (!this.kafka) return;
    const admin = this.kafka.admin({ retry: this.kafkaRetry() });
    this.admin = admin;
    let names: string[];
    try {
      await admin.connect();
      names = await admin.listTopics();
    } finally {
      if (this.admin === admin) this.admin = null;
      await admin.disconnect().catch(() => undefined);
    }
    if (!this.isCurrent(gen)) return;
    const known = new Set(names);
    const missing = CONSUMED.map((r) => this.topics[r]).filter((t) => !known.has(t));
    if (missing.length > 0) throw new MissingTopicsError(missing, this.brokerText);
    const missingOut = (['commands', 'roi'] as const).map((r) => this.topics[r]).filter((t) => !known.has(t));
    if (missingOut.length > 0 && !this.warnedProducerTopics) {
      this.warnedProducerTopics = true;
      this.log.warn(`kafka: ${new MissingTopicsError(missingOut, this.brokerText).message}; sending there will fail`);
    }
  }

  private async runConsumer(gen: number): Promise<void> {
    if (!this.kafka || !this.groupId) return;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.tuning.sessionTimeoutMs,
      heartbeatInterval: this.tuning.heartbeatIntervalMs,
      maxWaitTimeInMs: this.tuning.maxWaitTimeInMs,
      maxBytes: this.tuning.maxBytes,
      maxBytesPerPartition: this.tuning.maxBytesPerPartition,
      allowAutoTopicCreation: false,
      retry: {
        ...this.kafkaRetry(),
        // Keep restarting after every retriable failure, forever, until we stop.
        restartOnFailure: () => Promise.resolve(this.isCurrent(gen)),
      },
    });
    this.consumer = consumer;
    this.attachConsumerEvents(consumer, gen);
    // stop() may have come while we waited; it may have missed this consumer's connect.
    const abandon = async (): Promise<void> => {
      if (this.consumer === consumer) this.consumer = null;
      await consumer.disconnect().catch(() => undefined);
    };
    try {
      await consumer.connect();
      if (!this.isCurrent(gen)) return await abandon();
      await consumer.subscribe({ topics: CONSUMED.map((r) => this.topics[r]), fromBeginning: this.opts.fromBeginning ?? false });
      if (!this.isCurrent(gen)) return await abandon();
      // No commits: offsets live in `positions` (a fresh group per start has nothing to resume).
      this.runPromise = consumer.run({ autoCommit: false, eachBatch: (p) => this.onBatch(p) });
      await this.runPromise;
    } catch (err) {
      // Not joined yet, so disconnecting here is safe from the "write after end" loop.
      await abandon();
      throw err;
    } finally {
      this.runPromise = null;
    }
  }

  private attachConsumerEvents(consumer: Consumer, gen: number): void {
    const ev = consumer.events;
    consumer.on(ev.GROUP_JOIN, (e) => {
      if (!this.isCurrent(gen)) return;
      this.lastJoinAt = Date.now();
      this.lastJoinMs = e.payload.duration;
      // After a crash-restart or an expired session kafkajs would start at "latest" again
      // (nothing committed); continue after the last message we queued instead.
      for (const [topic, partitions] of Object.entries(e.payload.memberAssignment)) {
        for (const partition of partitions) {
          const key = `${topic}\0${partition}`;
          const last = this.positions.get(key);
          if (last !== undefined) consumer.seek({ topic, partition, offset: nextOffset(last) });
          else if (this.resumeEarliest.has(key)) consumer.seek({ topic, partition, offset: EARLIEST_OFFSET });
        }
      }
      this.log.info(`kafka: joined group in ${e.payload.duration} ms`, { groupId: e.payload.groupId });
    });
    consumer.on(ev.FETCH, () => {
      if (this.isCurrent(gen)) this.markConnected();
    });
    consumer.on(ev.CRASH, (e) => {
      if (!this.isCurrent(gen)) return;
      const { error, restart } = e.payload;
      this.reportFailure(error, restart ? ' (restarting)' : '');
      if (!restart) {
        // kafkajs gave up on this consumer (non-retriable error): build a new one.
        if (this.consumer === consumer) this.consumer = null;
        void this.delay(this.backoff()).then(() => this.launchConsumer(gen));
      }
    });
    consumer.on(ev.REQUEST_TIMEOUT, (e) => {
      if (this.isCurrent(gen)) this.noteRequestTimeout(e.payload.broker, e.payload.apiName);
    });
  }

  private noteRequestTimeout(broker: string, apiName: string): void {
    const detail = `request to ${broker} timed out (${apiName})`;
    // A successful fetch (FETCH event) turns health back to connected.
    this.setHealth(this.healthState.state === 'connected' ? 'reconnecting' : this.healthState.state, detail);
  }

  private onBatch({ batch }: EachBatchPayload): Promise<void> {
    const role = this.roleByTopic.get(batch.topic);
    const messages = batch.messages;
    if (!role || messages.length === 0) return Promise.resolve();
    const { topic, partition } = batch;
    const key = `${topic}\0${partition}`;
    const last = this.positions.get(key);
    // Re-deliveries only happen right after a rejoin; skip the per-message check otherwise.
    const mayRepeat = last !== undefined && !offsetAfter(messages[0].offset, last);
    let queued = 0;
    let dropped = 0;
    for (const m of messages) {
      if (mayRepeat && last !== undefined && !offsetAfter(m.offset, last)) {
        this.duplicatesSkipped++;
        continue;
      }
      if (!m.value) continue; // tombstones carry nothing for us
      const raw: RawMessage = {
        role,
        topic,
        partition,
        offset: m.offset,
        timestampMs: Number(m.timestamp),
        // kafkajs's Buffer is a Uint8Array: passed on without a copy or a new view
        // (a view per message cost ~15% of ingest with small messages).
        value: m.value,
      };
      dropped += this.queue.push(raw);
      if (this.taps.active) this.taps.emit(raw); // the recorder sees what arrived, before any queue drop
      queued++;
    }
    const lastOffset = messages[messages.length - 1].offset;
    if (last === undefined || offsetAfter(lastOffset, last)) this.positions.set(key, lastOffset);
    if (this.resumeEarliest.size > 0) this.resumeEarliest.delete(key);
    this.received += queued;
    if (dropped > 0) this.noteDrops(dropped);
    if (queued > 0) this.notify();
    return Promise.resolve();
  }

  private noteDrops(n: number): void {
    this.droppedSinceLog += n;
    const now = Date.now();
    if (now - this.lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.lastDropLog = now;
    this.log.warn(`kafka: message pump is behind, dropped ${this.droppedSinceLog} oldest data messages`, {
      droppedTotal: this.queue.stats().droppedData,
    });
    this.droppedSinceLog = 0;
  }

  // ---- health -----------------------------------------------------------------------

  /**
   * kafkajs reports some things only in its log: failed connects (a lost broker shows
   * there first) and offset resets.
   */
  private onKafkaLog(entry: LogEntry): void {
    if (this.runState !== 'running') return;
    const log = entry.log as unknown as Record<string, unknown>;
    const message = typeof log.message === 'string' ? log.message : '';
    if (entry.namespace === 'ConsumerGroup' && message.startsWith('Offset out of range, resetting')) {
      // The broker no longer has our resume point: it lost its data or the topic was
      // recreated (offset past the end), or retention removed what we had not read yet
      // (before the start). Either way everything it still has is newer than what we
      // queued, so continue from its earliest offset, not kafkajs's default (latest); and
      // forget the old position, or the new, lower offsets would be skipped as duplicates.
      const topic = String(log.topic);
      const partition = Number(log.partition);
      const key = `${topic}\0${partition}`;
      if (this.positions.delete(key)) {
        this.resumeEarliest.add(key);
        this.log.warn(`kafka: ${topic}[${partition}]: our offset is gone from the broker; continuing from its earliest offset`);
      }
      if (this.resumeEarliest.has(key)) {
        try {
          this.consumer?.seek({ topic, partition, offset: EARLIEST_OFFSET });
        } catch {
          // not running: the next join seeks instead
        }
      }
      return;
    }
    if (entry.namespace !== 'Connection') return;
    if (!/^Connection (error|timeout)/i.test(message)) return;
    const broker = typeof log.broker === 'string' ? log.broker : this.brokerText;
    const detail = `cannot reach broker ${broker}: ${message.replace(/^Connection error: /, '')}`;
    const state: ConnectionState = this.healthState.state === 'connecting' ? 'connecting' : 'reconnecting';
    this.setHealth(state, detail);
    // Do not hold start() through kafkajs's whole retry cycle: health tells the rest.
    this.resolveStart();
  }

  private markConnected(): void {
    this.failures = 0;
    this.everConnected = true;
    if (this.healthState.state !== 'connected') {
      this.setHealth('connected', `${this.brokerText}, group ${this.groupId ?? '?'}`);
    }
    this.resolveStart();
  }

  private reportFailure(err: unknown, suffix = ''): void {
    this.failures++;
    const detail = this.describeError(err, CONSUMED.map((r) => this.topics[r])) + suffix;
    this.setHealth(this.everConnected ? 'reconnecting' : 'connecting', detail);
    this.resolveStart();
  }

  /** One line for health and logs: what went wrong, without kafkajs's wrapping. */
  private describeError(err: unknown, topics: string[]): string {
    const cause = rootCause(err);
    if (err instanceof MissingTopicsError) return err.message;
    if (errorType(cause) === 'UNKNOWN_TOPIC_OR_PARTITION') {
      return topics.length === 1
        ? `topic ${topics[0]} does not exist on broker ${this.brokerText}`
        : `a topic of ${topics.join(', ')} does not exist on broker ${this.brokerText}`;
    }
    if (cause instanceof Error && /SASL/i.test(cause.name)) return `authentication failed: ${cause.message}`;
    if (cause instanceof Error && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Connection|No broker available/i.test(cause.message)) {
      return `cannot reach broker ${this.brokerText}: ${cause.message.replace(/^Connection error: /, '')}`;
    }
    return errorText(cause);
  }

  private setHealth(state: ConnectionState, detail: string | null): void {
    const prev = this.healthState;
    if (prev.state === state && prev.detail === detail) return;
    this.healthState = { state, since: prev.state === state ? prev.since : Date.now(), detail };
    if (prev.state !== state) {
      const line = `kafka: ${state}${detail ? ` (${detail})` : ''}`;
      if (state === 'reconnecting') this.log.warn(line);
      else this.log.info(line);
    } else if (state !== 'connected') {
      this.log.debug(`kafka: ${state}: ${detail ?? ''}`);
    }
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (err) {
        this.log.error(`kafka: activity listener failed: ${errorText(err)}`);
      }
    }
  }

  // ---- timers -------------------------------------------------------------------------

  /** A sleep that stop() cuts short. */
  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private async withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([p.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }
}

/**
 * The app's Kafka transport: ingest (consume + decode) on a worker thread when the compiled
 * worker exists (kafka-worker-transport.ts), else on this thread. `thread: 'main'` forces the latter.
 */
export function createKafkaTransport(opts: KafkaTransportOptions, where: { thread?: 'worker' | 'main' } = {}): Transport {
  if (where.thread !== 'main') {
    const script = kafkaWorkerScript();
    if (script) return new KafkaWorkerTransport(opts, script);
  }
  return new KafkaTransport(opts);
}
