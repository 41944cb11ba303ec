// The test broker itself: start, fixed port, outage, the lifted partition limit, the
// external-broker mode and the build errors.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { compileMockBroker, startTestBroker, type TestBroker } from './test-broker';

const external = Boolean(process.env.KAFKA_BOOTSTRAP?.trim());
const started: TestBroker[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((b) => b.stop()));
});

async function start(opts: Parameters<typeof startTestBroker>[0]): Promise<TestBroker> {
  const b = await startTestBroker(opts);
  started.push(b);
  return b;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves to the connect error code, or "connected". */
function tryConnect(hostPort: string): Promise<string> {
  const i = hostPort.lastIndexOf(':');
  return new Promise((resolve) => {
    const s = net.connect({ host: hostPort.slice(0, i), port: Number(hostPort.slice(i + 1)) });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? String(err)));
  });
}

function client(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'broker-test', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 2 } });
}

describe.skipIf(external)('mock broker launcher', () => {
  test('starts on an ephemeral port with the topics (and partition counts) given', async () => {
    const b = await start({ topics: ['alpha', 'beta:3'] });
    expect(b.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(b.external).toBe(false);
    expect(b.outageUnsupportedReason).toBeNull();
    const admin = client(b.bootstrap).admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: ['alpha', 'beta'] });
    await admin.disconnect();
    expect(meta.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([
      ['alpha', 1],
      ['beta', 3],
    ]);
  });

  test('fixed port; down() refuses connections (ECONNREFUSED), up() listens again and the data is still there', async () => {
    const port = await freePort();
    const b = await start({ topics: ['t'], port });
    expect(b.bootstrap).toBe(`127.0.0.1:${port}`);
    const kafka = client(b.bootstrap);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 't', messages: [{ value: 'kept across the outage' }] });
    await producer.disconnect();

    await b.down();
    expect(await tryConnect(b.bootstrap)).toBe('ECONNREFUSED');
    await b.down(); // idempotent
    await b.up();
    expect(await tryConnect(b.bootstrap)).toBe('connected');

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets('t');
    await admin.disconnect();
    expect(offsets).toEqual([expect.objectContaining({ partition: 0, high: '1', low: '0' })]);
  });

  test('stop() ends the process, is safe to call twice and frees the port', async () => {
    const port = await freePort();
    const b = await startTestBroker({ topics: ['t'], port });
    await Promise.all([b.stop(), b.stop()]);
    await b.stop();
    expect(await tryConnect(b.bootstrap)).toBe('ECONNREFUSED');
    await expect(b.down()).rejects.toThrow(/stopped/);
    const again = await start({ topics: ['t'], port });
    expect(again.bootstrap).toBe(`127.0.0.1:${port}`);
  });

  test('a port in use gives a clear error', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const addr = srv.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    try {
      await expect(startTestBroker({ topics: ['t'], port })).rejects.toThrow(/did not start \(port \d+ in use\?\)/);
    } finally {
      srv.close();
    }
  });

  // What reaches a live consumer: the stock mock loses a batch bigger than 5 MiB minus its
  // predecessor (README); the launcher lifts that limit.
  test('large messages: 8 MB is lost with the stock 5 MiB partition limit, 8 MB and 100 MiB pass when lifted', async () => {
    async function deliveredSizes(partitionLogBytes: number | undefined, sizes: number[]): Promise<number[]> {
      const b = await start({ topics: ['big'], partitionLogBytes });
      const kafka = client(b.bootstrap);
      const producer = kafka.producer();
      await producer.connect();
      const consumer = kafka.consumer({ groupId: `g-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 100, maxBytes: 104_857_600, maxBytesPerPartition: 104_857_600 });
      await consumer.connect();
      await consumer.subscribe({ topic: 'big', fromBeginning: true });
      const got: number[] = [];
      let joined = false;
      consumer.on(consumer.events.GROUP_JOIN, () => {
        joined = true;
      });
      await consumer.run({ eachMessage: async ({ message }) => void got.push(message.value?.length ?? -1) });
      while (!joined) await new Promise((r) => setTimeout(r, 20));
      await producer.send({ topic: 'big', messages: [{ value: Buffer.alloc(100) }] });
      for (const size of sizes) {
        await producer.send({ topic: 'big', messages: [{ value: Buffer.alloc(size, 1) }] });
        const deadline = Date.now() + 3000;
        while (!got.includes(size) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      }
      await producer.disconnect();
      await consumer.disconnect();
      return got.filter((s) => s !== 100);
    }
    const MB8 = 8_000_000;
    const MiB100 = 100 * 1024 * 1024;
    const [stock, lifted] = await Promise.all([deliveredSizes(0, [4_000_000, MB8]), deliveredSizes(undefined, [MB8, MiB100])]);
    expect(stock).toEqual([4_000_000]);
    expect(lifted).toEqual([MB8, MiB100]);
  }, 60_000);

  test('KAFKA_BOOTSTRAP: uses that broker, creates missing topics, and down()/up() say they are not supported', async () => {
    const mock = await start({ topics: ['existing'] });
    const saved = process.env.KAFKA_BOOTSTRAP;
    process.env.KAFKA_BOOTSTRAP = mock.bootstrap;
    try {
      const b = await startTestBroker({ topics: ['existing', 'created-on-demand'] });
      expect(b.external).toBe(true);
      expect(b.bootstrap).toBe(mock.bootstrap);
      expect(b.outageUnsupportedReason).toMatch(/not supported on external broker \(KAFKA_BOOTSTRAP=127\.0\.0\.1:\d+\)/);
      await expect(b.down()).rejects.toThrow(/down\(\) is not supported on external broker/);
      await expect(b.up()).rejects.toThrow(/up\(\) is not supported on external broker/);
      await b.stop();
      const admin = client(mock.bootstrap).admin();
      await admin.connect();
      const names = await admin.listTopics();
      await admin.disconnect();
      expect(names).toEqual(expect.arrayContaining(['existing', 'created-on-demand']));
    } finally {
      if (saved === undefined) delete process.env.KAFKA_BOOTSTRAP;
      else process.env.KAFKA_BOOTSTRAP = saved;
    }
  });
});

describe('building the launcher', () => {
  function fakeCompiler(dir: string, stderr: string): string {
    const cc = path.join(dir, 'fake-cc');
    fs.writeFileSync(cc, `#!/bin/sh\necho '${stderr}' >&2\nexit 1\n`, { mode: 0o755 });
    return cc;
  }

  test('without librdkafka-dev the error says what to install', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-broker-'));
    try {
      const cc = fakeCompiler(dir, 'mock-broker.c:29:10: fatal error: librdkafka/rdkafka_mock.h: No such file or directory');
      await expect(compileMockBroker(path.join(dir, 'out'), cc)).rejects.toThrow(
        'cannot build the mock Kafka broker: install librdkafka-dev (apt-get install -y librdkafka-dev)',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a C compiler the error says so', async () => {
    await expect(compileMockBroker(path.join(os.tmpdir(), 'never-built'), '/nonexistent/cc')).rejects.toThrow(
      /no C compiler "\/nonexistent\/cc" \(apt-get install -y gcc\)/,
    );
  });
});
