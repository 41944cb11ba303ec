// Recording from a real Kafka-protocol broker (librdkafka's mock cluster, test/broker/): every
// message that arrives is in the file, with its topic, partition, offset and Kafka timestamp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { McapIndexedReader } from '@mcap/core';
import * as zstd from '@foxglove/wasm-zstd';
import { encodeDa00, formatResultKey, makeVariable } from '../../shared/wire';
import { Core } from '../app/core';
import { dummyInstrument } from '../instruments/dummy';
import { createKafkaTransport } from '../kafka/kafka-transport';
import { silentLogger } from '../logging/logger';
import { SourceSwitch } from '../replay/source-switch';
import { startTestBroker, type TestBroker } from '../../test/broker/test-broker';
import { until } from '../../test/support/wait';
import { nsToMs } from './recording-format';

const T = { data: 'dummy_livedata_data', heartbeat: 'dummy_livedata_heartbeat', responses: 'dummy_livedata_responses', commands: 'dummy_livedata_commands', roi: 'dummy_livedata_roi' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-kafka-rec-'));
const file = path.join(dir, 'kafka.mcap');

let broker: TestBroker;
let producer: Producer;
let core: Core;

function payload(i: number): Buffer {
  const sourceName = formatResultKey({ workflowId: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, jobId: { sourceName: 'monitor1', jobNumber: 'job-1' }, outputName: 'current' });
  return Buffer.from(encodeDa00({ sourceName, timestamp: BigInt(i), variables: [makeVariable('signal', new Float64Array([i, i + 1, i + 2]), { axes: ['x'], shape: [3] })] }));
}

beforeAll(async () => {
  broker = await startTestBroker({ topics: Object.values(T) });
  const kafka = new Kafka({ clientId: 'recording-test-producer', brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const logger = silentLogger();
  const transport = createKafkaTransport({
    instrument: 'dummy', connection: { bootstrap: broker.bootstrap.split(','), clientId: 'livedata-record-test' }, logger,
    tuning: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, maxWaitTimeInMs: 100 },
    retry: { initialRetryTime: 200, maxRetryTime: 1000 },
  });
  core = new Core({ instrument: dummyInstrument, transport: new SourceSwitch(transport, transport), logger, autoStart: false, configDir: null });
  await core.start();
  await until('connected', () => transport.health().state === 'connected', 30_000);
  // The consumer starts at the latest offsets: make sure it fetches before the test produces.
  await until('consuming', async () => {
    await producer.send({ topic: T.heartbeat, messages: [{ value: Buffer.from('probe') }] });
    return core.stats.view().find((t) => t.role === 'heartbeat')!.messages > 0;
  }, 30_000, 200);
}, 90_000);

afterAll(async () => {
  await core?.stop();
  await producer?.disconnect();
  await broker?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('recording from Kafka', () => {
  it('loses none of 1000 messages that arrive while recording, and keeps their Kafka positions and timestamps', async () => {
    await core.recording.start(file);
    const sent: { offset: string; timestamp: string; i: number }[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const res = await producer.send({
        topic: T.data,
        messages: Array.from({ length: 100 }, (_, k) => ({ value: payload(batch * 100 + k), timestamp: String(1_700_000_000_000 + batch * 100 + k) })),
      });
      for (let k = 0; k < 100; k++) sent.push({ offset: (BigInt(res[0].baseOffset!) + BigInt(k)).toString(), timestamp: String(1_700_000_000_000 + batch * 100 + k), i: batch * 100 + k });
    }
    await until('1000 data messages recorded', () => core.recording.view().messages >= 1000, 30_000, 100);
    await core.recording.stop();
    const view = core.recording.view();
    expect(view).toMatchObject({ state: 'stopped', dropped: 0, error: null });

    await zstd.isLoaded;
    const fd = fs.openSync(file, 'r');
    const reader = await McapIndexedReader.Initialize({
      readable: {
        size: async () => BigInt(fs.fstatSync(fd).size),
        read: async (offset, size) => {
          const b = Buffer.alloc(Number(size));
          fs.readSync(fd, b, 0, Number(size), Number(offset));
          return b;
        },
      },
      decompressHandlers: { zstd: (buf, size) => zstd.decompress(buf, Number(size)) },
    });
    const channels = [...reader.channelsById.values()].filter((c) => c.topic === T.data);
    expect(channels).toHaveLength(1);
    const base = BigInt(channels[0].metadata.get('offset_base')!);
    const got: { offset: string; timestamp: number; data: Uint8Array }[] = [];
    for await (const m of reader.readMessages({ topics: [T.data] })) got.push({ offset: (base + BigInt(m.sequence)).toString(), timestamp: nsToMs(m.publishTime), data: m.data });
    fs.closeSync(fd);
    expect(got).toHaveLength(1000);
    expect(got.map((g) => g.offset)).toEqual(sent.map((s) => s.offset));
    expect(got.map((g) => String(g.timestamp))).toEqual(sent.map((s) => s.timestamp));
    for (const s of sent) expect(Buffer.from(got[s.i].data).equals(payload(s.i))).toBe(true);
  }, 60_000);
});
