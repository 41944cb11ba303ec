// Throughput of the Kafka transport alone (kafkajs → our queue → drain, no decoding)
// against plain kafkajs consumption of the same messages, side by side, for small, medium
// and large messages. `npm run bench -- kafka-transport` (takes a few minutes).
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { silentLogger } from '../main/logging/logger';
import { startTestBroker } from '../test/broker/test-broker';
import { median, type BenchResult } from './bench-result';
import { topicsFor } from '../main/transport/transport';
import { KafkaTransport } from '../main/kafka/kafka-transport';

interface Case {
  name: string;
  count: number;
  size: number;
}

const CASES: Case[] = [
  { name: 'small (200 B)', count: 200_000, size: 200 },
  { name: 'medium (20 KB)', count: 20_000, size: 20_000 },
  { name: 'large (1 MB)', count: 800, size: 1_000_000 },
];

const TUNING = { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, maxWaitTimeInMs: 100 };

async function fill(producer: Producer, topic: string, c: Case): Promise<void> {
  const value = Buffer.alloc(c.size, 7);
  const perSend = Math.max(1, Math.min(1000, Math.floor(4_000_000 / c.size)));
  for (let sent = 0; sent < c.count; sent += perSend) {
    const n = Math.min(perSend, c.count - sent);
    await producer.send({ topic, messages: Array.from({ length: n }, () => ({ value })) });
  }
}

/** ms from the first to the last message. */
async function rawKafkajs(kafka: Kafka, topic: string, count: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `raw-${randomUUID()}`, maxBytes: 104_857_600, maxBytesPerPartition: 104_857_600, ...TUNING, sessionTimeout: TUNING.sessionTimeoutMs, heartbeatInterval: TUNING.heartbeatIntervalMs });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  let first = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (n === 0) first = performance.now();
        n += batch.messages.length;
        if (n >= count) resolve(performance.now() - first);
      },
    });
  });
  const ms = await done;
  await new Promise((r) => setTimeout(r, 1200)); // kafkajs: no disconnect right after a join
  await consumer.disconnect();
  return ms;
}

async function transportIngest(bootstrap: string, instrument: string, count: number): Promise<number> {
  const t = new KafkaTransport({
    instrument,
    connection: { bootstrap: bootstrap.split(','), clientId: 'bench' },
    logger: silentLogger(),
    tuning: TUNING,
    fromBeginning: true,
    queue: { maxMessages: count + 1, maxBytes: 8 * 1024 * 1024 * 1024 },
  });
  let n = 0;
  let first = 0;
  const done = new Promise<number>((resolve) => {
    // The pump's part: take what arrived whenever we are told.
    t.onActivity(() => {
      const got = t.drain(1_000_000).length;
      if (got > 0 && n === 0) first = performance.now();
      n += got;
      if (n >= count) resolve(performance.now() - first);
    });
  });
  await t.start();
  const ms = await done;
  await t.stop();
  return ms;
}

export async function run(): Promise<BenchResult[]> {
  const instruments = CASES.map(() => `bench${randomUUID().slice(0, 6)}`);
  const broker = await startTestBroker({ topics: instruments.flatMap((i) => Object.values(topicsFor(i))) });
  const kafka = new Kafka({ clientId: 'bench', brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const results: BenchResult[] = [];
  try {
    for (const [i, c] of CASES.entries()) {
      const topic = topicsFor(instruments[i]).data;
      await fill(producer, topic, c);
      // Alternate, so neither side always runs on a warmer broker.
      const raws: number[] = [];
      const ours: number[] = [];
      for (let round = 0; round < 3; round++) {
        raws.push(await rawKafkajs(kafka, topic, c.count));
        ours.push(await transportIngest(broker.bootstrap, instruments[i], c.count));
      }
      const per1000 = (ms: number) => (ms / c.count) * 1000;
      results.push({
        name: `transport only, ${c.count} × ${c.name} (ms/1000 msgs)`,
        medianMs: per1000(median(ours)),
        baseline: { name: 'raw kafkajs consumption', medianMs: per1000(median(raws)) },
        ratio: median(ours) / median(raws),
        target: '<= 1.25',
        iterations: 3,
      });
    }
  } finally {
    await producer.disconnect();
    await broker.stop();
  }
  return results;
}
