// End-to-end ingest throughput: broker → kafkajs → our transport → decode → data store,
// against raw kafkajs consumption of the same messages from the same broker, side by side.
// Target: ingest reaches at least 80% of raw throughput (time ratio ≤ 1.25).
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { encodeDa00, formatResultKey, makeVariable } from '../shared/wire';
import { Core } from '../main/app/core';
import { dummyInstrument } from '../main/instruments/dummy';
import { createKafkaTransport } from '../main/kafka/kafka-transport';
import { silentLogger } from '../main/logging/logger';
import { startTestBroker } from '../test/broker/test-broker';
import { median, type BenchResult } from './bench-result';

const MESSAGES = 1000;
const ROUNDS = 5;

function payload(jobNumber: string, i: number): Buffer {
  const sourceName = formatResultKey({ workflowId: { instrument: 'dummy', name: 'panel_0_xy', version: 1 }, jobId: { sourceName: 'panel_0', jobNumber }, outputName: 'current' });
  const values = new Float64Array(128 * 128).fill(i); // 128 KiB, a detector panel update
  return Buffer.from(encodeDa00({ sourceName, timestamp: 0n, variables: [
    makeVariable('signal', values, { axes: ['dim_0', 'dim_1'], shape: [128, 128], unit: 'counts' }),
    makeVariable('time', new BigInt64Array([BigInt(Date.now()) * 1_000_000n]), { unit: 'ns' }),
  ] }));
}

async function until(fn: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error('bench timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Raw kafkajs: ms from the first to the last of MESSAGES messages on `topic`. */
async function raw(kafka: Kafka, topic: string): Promise<number> {
  const consumer = kafka.consumer({ groupId: `raw-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 1000, maxWaitTimeInMs: 100, maxBytes: 104_857_600, maxBytesPerPartition: 104_857_600 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  let first = 0;
  let last = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        if (n === 0) first = performance.now();
        if (m.value) n++;
      }
      last = performance.now();
    },
  });
  await until(() => n >= MESSAGES, 120_000);
  await new Promise((r) => setTimeout(r, 1200)); // kafkajs dislikes disconnecting right after a join
  await consumer.disconnect();
  return last - first;
}

/** Our ingest path: ms from the first message consumed to the last one stored. */
async function ingest(bootstrap: string[], topic: string, jobNumber: string): Promise<number> {
  const logger = silentLogger();
  const transport = createKafkaTransport({
    instrument: 'bench', connection: { bootstrap, clientId: 'bench' }, logger, fromBeginning: true,
    tuning: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, maxWaitTimeInMs: 100 },
    queue: { maxBytes: 2 * 1024 ** 3 },
  });
  const core = new Core({ instrument: { ...dummyInstrument, name: 'bench' }, transport, logger, autoStart: false, configDir: null });
  // Adopt the job before consuming (as from its heartbeat), so all of its data is admitted.
  core.jobs.onJobStatus({ state: 'active', warning: null, error: null, jobId: { sourceName: 'panel_0', jobNumber }, workflowId: 'dummy/panel_0_xy/1', startTime: 1n });
  let stored = 0;
  let first = 0;
  let last = 0;
  core.data.onCommit((changed) => {
    if (changed.size === 0) return;
    last = performance.now();
  });
  const dataTopic = topic;
  // Start the clock when the transport hands over the first message, as for the raw consumer
  // (with ingest on its worker thread: when the first batch reaches main, already decoded).
  transport.onMessage?.(() => {
    if (first === 0) first = performance.now();
  });
  await core.start();
  const stats = () => core.stats.view().find((t) => t.topic === dataTopic);
  await until(() => {
    stored = stats()?.messages ?? 0;
    return stored >= MESSAGES && last > 0 && core.data.get({ workflowId: 'dummy/panel_0_xy/1', sourceName: 'panel_0', outputName: 'current' })?.value.signal.values[0] === MESSAGES - 1;
  }, 120_000);
  await new Promise((r) => setTimeout(r, 1200));
  await core.stop();
  return last - first;
}

export async function run(): Promise<BenchResult[]> {
  const topics = { data: 'bench_livedata_data', heartbeat: 'bench_livedata_heartbeat', responses: 'bench_livedata_responses', commands: 'bench_livedata_commands', roi: 'bench_livedata_roi' };
  const broker = await startTestBroker({ topics: Object.values(topics) });
  try {
    const bootstrap = broker.bootstrap.split(',');
    const kafka = new Kafka({ clientId: 'bench', brokers: bootstrap, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const jobNumber = randomUUID();
    for (let i = 0; i < MESSAGES; i += 50) {
      await producer.send({ topic: topics.data, messages: Array.from({ length: Math.min(50, MESSAGES - i) }, (_, k) => ({ value: payload(jobNumber, i + k) })) });
    }
    await producer.disconnect();
    const ours: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate the order so neither always runs on a warmer machine.
      if (r % 2 === 0) {
        base.push(await raw(kafka, topics.data));
        ours.push(await ingest(bootstrap, topics.data, jobNumber));
      } else {
        ours.push(await ingest(bootstrap, topics.data, jobNumber));
        base.push(await raw(kafka, topics.data));
      }
    }
    const per1000 = (ms: number) => (ms / MESSAGES) * 1000;
    const m = per1000(median(ours));
    const b = per1000(median(base));
    return [{
      name: `ingest ${MESSAGES}×128 KiB da00: broker→decoded→stored (ms/1000 msgs)`,
      medianMs: m,
      baseline: { name: 'raw kafkajs consumption', medianMs: b },
      ratio: m / b,
      target: '<= 1.25 (≥ 80% throughput)',
      iterations: ROUNDS,
    }];
  } finally {
    await broker.stop();
  }
}
