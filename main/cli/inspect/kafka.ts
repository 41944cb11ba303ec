// Reading a topic for the inspector with kafkajs: a fresh consumer group (so committed offsets
// never matter), logs to stderr (stdout carries only JSON lines), and a bounded connect.

import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: string;
  value: Uint8Array | null;
}

export interface ReadTopicOptions {
  brokers: string[];
  topic: string;
  fromBeginning: boolean;
  count: number | null;
  timeoutMs: number;
  onRecord: (r: KafkaRecord) => void;
  /** Resolves when the caller wants to stop (e.g. Ctrl-C). */
  stopSignal: Promise<void>;
}

export class BrokerUnreachableError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new BrokerUnreachableError(message)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}

/** Reads until `count` records, the stop signal, or a fatal error. */
export async function readTopic(o: ReadTopicOptions): Promise<void> {
  const kafka = new Kafka({
    clientId: 'livedata-inspect',
    brokers: o.brokers,
    connectionTimeout: Math.min(o.timeoutMs, 5000),
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 },
    // Silent: stdout carries JSON lines only, and failures are reported once by the caller.
    logLevel: logLevel.NOTHING,
  });
  const consumer: Consumer = kafka.consumer({
    groupId: `livedata-inspect-${randomUUID()}`,
    sessionTimeout: 6000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 100,
    retry: { retries: 2 },
  });
  const where = `Kafka broker ${o.brokers.join(',')}`;
  let seen = 0;
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<void>((resolve, reject) => { finish = resolve; fail = reject; });
  consumer.on(consumer.events.CRASH, (e) => fail(new Error(`consumer crashed: ${String(e.payload.error)}`)));
  try {
    await withTimeout(consumer.connect(), o.timeoutMs, `cannot reach ${where} within ${o.timeoutMs / 1000} s`).catch((e: unknown) => {
      if (e instanceof BrokerUnreachableError) throw e;
      throw new BrokerUnreachableError(`cannot reach ${where}: ${e instanceof Error ? e.message : String(e)}`);
    });
    await withTimeout(consumer.subscribe({ topics: [o.topic], fromBeginning: o.fromBeginning }), o.timeoutMs,
      `${where}: subscribing to ${o.topic} timed out after ${o.timeoutMs / 1000} s`);
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (o.count !== null && seen >= o.count) return;
        seen++;
        const v = message.value;
        o.onRecord({ topic, partition, offset: message.offset, value: v === null ? null : new Uint8Array(v.buffer, v.byteOffset, v.byteLength) });
        if (o.count !== null && seen >= o.count) finish();
      },
    });
    await Promise.race([done, o.stopSignal]);
  } finally {
    // Bounded: kafkajs can hang disconnecting a group that is still joining.
    await Promise.race([consumer.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
  }
}
