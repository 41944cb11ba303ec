// Integration tests of the Kafka transport against a real Kafka-protocol broker:
// librdkafka's mock cluster (test/broker), or KAFKA_BOOTSTRAP when set.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import winston from 'winston';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../../test/broker/test-broker';
import { topicsFor, type ConnectionHealth, type RawMessage } from '../transport/transport';
import { KafkaTransport, type KafkaTransportOptions } from './kafka-transport';

// Test timing from design §10: short sessions so rejoins are quick, short empty fetches.
const TEST_TUNING = { sessionTimeoutMs: 4000, heartbeatIntervalMs: 500, maxWaitTimeInMs: 100, connectionTimeoutMs: 1000 };
const TEST_RETRY = { initialRetryTime: 100, maxRetryTime: 1000, retries: 5 };

interface CapturedLogger {
  logger: winston.Logger;
  lines: Array<{ level: string; message: string }>;
}

function captureLogger(): CapturedLogger {
  const lines: Array<{ level: string; message: string }> = [];
  const stream = new Writable({
    objectMode: true,
    write(info: { level: string; message: string }, _enc, cb) {
      lines.push({ level: info.level, message: info.message });
      cb();
    },
  });
  const logger = winston.createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream })] });
  return { logger, lines };
}

async function waitFor<T>(what: string, fn: () => T | undefined | null | false, timeoutMs: number, stepMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bytes = (s: string) => new Uint8Array(Buffer.from(s));

// A unique instrument per run keeps runs apart on a shared external broker.
const instrument = `ldt${randomUUID().slice(0, 8)}`;
const topics = topicsFor(instrument);
// Only heartbeat and responses exist for this one: its data topic is missing.
const partial = `${instrument}p`;
const partialTopics = topicsFor(partial);

describe('KafkaTransport (integration)', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let producer: Producer;
  let commandReader: Consumer;
  const commandsSeen: Array<{ topic: string; key: Buffer | null; value: Buffer | null }> = [];
  let transport: KafkaTransport;
  let captured: CapturedLogger;
  const healthLog: ConnectionHealth[] = [];
  let activityCalls = 0;
  const received: RawMessage[] = [];
  let startMs = 0;

  const pump = () => {
    received.push(...transport.drain(1000));
  };
  // Partition 0 explicitly: on an external broker topics may have several partitions.
  const produce = (topic: string, value: Buffer) => producer.send({ topic, messages: [{ value, partition: 0 }] });

  beforeAll(async () => {
    broker = await startTestBroker({
      topics: [topics.data, topics.heartbeat, topics.responses, topics.commands, topics.roi, partialTopics.heartbeat, partialTopics.responses],
    });
    kafka = new Kafka({ clientId: 'test-raw', brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();

    // Written before the transport starts: must never come out of drain().
    for (const t of [topics.data, topics.heartbeat, topics.responses]) await produce(t, Buffer.from(`before:${t}`));

    // A plain consumer that reads what the transport sends; joins while the transport joins.
    commandReader = kafka.consumer({
      groupId: `reader-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
      maxBytes: 104_857_600,
      maxBytesPerPartition: 104_857_600,
    });
    await commandReader.connect();
    await commandReader.subscribe({ topics: [topics.commands, topics.roi], fromBeginning: true });
    const readerRun = commandReader.run({
      eachMessage: async ({ topic, message }) => {
        commandsSeen.push({ topic, key: message.key, value: message.value });
      },
    });

    captured = captureLogger();
    transport = new KafkaTransport({
      instrument,
      connection: { bootstrap: broker.bootstrap.split(','), clientId: 'livedata-test' },
      logger: captured.logger,
      tuning: TEST_TUNING,
      retry: TEST_RETRY,
    });
    transport.onActivity(() => {
      activityCalls++;
      const h = transport.health();
      const prev = healthLog[healthLog.length - 1];
      if (!prev || prev.state !== h.state || prev.detail !== h.detail) healthLog.push(h);
    });
    const t0 = Date.now();
    await transport.start();
    startMs = Date.now() - t0;
    await readerRun;
  }, 60_000);

  afterAll(async () => {
    await transport?.stop();
    await commandReader?.disconnect();
    await producer?.disconnect();
    await broker?.stop();
  }, 60_000);

  test('start() resolves once connected, with a fresh group and health "connected"', () => {
    const h = transport.health();
    expect(h.state).toBe('connected');
    expect(h.detail).toContain(broker.bootstrap.split(',')[0]);
    expect(transport.stats().groupId).toMatch(/^livedata-desktop-[0-9a-f-]{36}$/);
    expect(healthLog.map((x) => x.state)).toEqual(['connecting', 'connected']);
    console.log(`[measure] transport start (group join + first fetch): ${startMs} ms, join ${transport.stats().lastJoinMs} ms`);
  });

  test('new messages on the three consumed topics come out of drain() with role, topic, partition and offset', async () => {
    const activityBefore = activityCalls;
    await produce(topics.data, Buffer.from('after:data'));
    await produce(topics.heartbeat, Buffer.from('after:heartbeat'));
    await produce(topics.responses, Buffer.from('after:responses'));
    await waitFor('3 messages', () => (pump(), received.length >= 3), 10_000);
    await sleep(300);
    pump();
    expect(activityCalls).toBeGreaterThan(activityBefore);
    const got = received.splice(0).map((m) => ({
      role: m.role,
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      text: Buffer.from(m.value).toString(),
      isUint8Array: m.value instanceof Uint8Array,
      recent: Math.abs(Date.now() - m.timestampMs) < 60_000,
    }));
    got.sort((a, b) => a.topic.localeCompare(b.topic));
    // Latest semantics: the "before" messages (offset 0) are not seen.
    expect(got).toEqual(
      [
        { role: 'data', topic: topics.data, partition: 0, offset: '1', text: 'after:data', isUint8Array: true, recent: true },
        { role: 'heartbeat', topic: topics.heartbeat, partition: 0, offset: '1', text: 'after:heartbeat', isUint8Array: true, recent: true },
        { role: 'responses', topic: topics.responses, partition: 0, offset: '1', text: 'after:responses', isUint8Array: true, recent: true },
      ].sort((a, b) => a.topic.localeCompare(b.topic)),
    );
  });

  test('drain(max) takes at most max, oldest first, in arrival order', async () => {
    for (let i = 0; i < 20; i++) await produce(topics.data, Buffer.from(`seq:${i}`));
    await waitFor('20 queued', () => transport.stats().queued >= 20, 10_000);
    const first = transport.drain(5);
    const rest = transport.drain(100);
    expect(first).toHaveLength(5);
    expect([...first, ...rest].map((m) => Buffer.from(m.value).toString())).toEqual(Array.from({ length: 20 }, (_, i) => `seq:${i}`));
    expect(transport.drain(10)).toEqual([]);
  });

  test("send('commands'|'roi') publishes byte-identical payloads with a null key", async () => {
    const cmd = bytes(JSON.stringify({ kind: 'start', job: 42 }));
    const roi = new Uint8Array(1000).map((_, i) => (i * 7) & 0xff);
    // A view into a larger buffer: only the viewed bytes must go out.
    const backing = new Uint8Array(2000);
    backing.set(roi, 500);
    await transport.send('commands', cmd);
    await transport.send('roi', backing.subarray(500, 1500));
    const seen = await waitFor('2 produced messages', () => (commandsSeen.length >= 2 ? commandsSeen : null), 10_000);
    const byTopic = new Map(seen.map((s) => [s.topic, s]));
    expect(byTopic.get(topics.commands)?.key).toBeNull();
    expect(byTopic.get(topics.roi)?.key).toBeNull();
    expect(Buffer.compare(byTopic.get(topics.commands)?.value ?? Buffer.alloc(0), Buffer.from(cmd))).toBe(0);
    expect(Buffer.compare(byTopic.get(topics.roi)?.value ?? Buffer.alloc(0), Buffer.from(roi))).toBe(0);
  });

  test('a ~4 MB message passes', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    await produce(topics.data, big);
    const msg = await waitFor('the 4 MB message', () => transport.drain(10).find((m) => m.value.byteLength === big.length), 15_000);
    expect(Buffer.compare(Buffer.from(msg.value), big)).toBe(0);
  });

  test('large payloads both ways: a 64 MiB message is consumed, a 10 MiB ROI is sent', async () => {
    const big = Buffer.alloc(64 * 1024 * 1024, 3);
    big.writeUInt32LE(0xdeadbeef, big.length - 4);
    await produce(topics.data, big);
    const msg = await waitFor('the 64 MiB message', () => transport.drain(10).find((m) => m.value.byteLength === big.length), 30_000);
    expect(Buffer.compare(Buffer.from(msg.value.buffer, msg.value.byteOffset, msg.value.byteLength), big)).toBe(0);

    const roi = Buffer.alloc(10 * 1024 * 1024, 5);
    roi.writeUInt32LE(0xfeedface, 0);
    await transport.send('roi', roi);
    const seen = await waitFor('the 10 MiB ROI', () => commandsSeen.find((c) => c.topic === topics.roi && c.value?.length === roi.length), 30_000);
    expect(Buffer.compare(seen.value ?? Buffer.alloc(0), roi)).toBe(0);
  }, 60_000);

  test('broker outage: health goes reconnecting with a reason, then connected, and messages flow again', async (ctx) => {
    if (broker.outageUnsupportedReason) {
      ctx.skip(broker.outageUnsupportedReason);
      return;
    }
    transport.drain(100_000);
    const startIndex = healthLog.length;
    const tDown = Date.now();
    await broker.down();
    const down = await waitFor('health to leave "connected"', () => {
      const h = transport.health();
      return h.state === 'reconnecting' || h.state === 'disconnected' ? h : null;
    }, 15_000);
    const detectMs = Date.now() - tDown;
    expect(down.detail).toMatch(/ECONNREFUSED|cannot reach broker/);
    expect(down.detail).toContain(broker.bootstrap.split(',')[0]);
    await sleep(3000); // long enough for kafkajs to retry, fail and crash-restart at least once

    const tUp = Date.now();
    await broker.up();
    await waitFor('health "connected" again', () => transport.health().state === 'connected', 60_000, 50);
    const reconnectMs = Date.now() - tUp;

    // New messages flow again without restarting the transport.
    let n = 0;
    const got = await waitFor(
      'a message after the outage',
      () => {
        if (n % 10 === 0) void produce(topics.heartbeat, Buffer.from(`post-outage:${n}`)).catch(() => undefined);
        n++;
        return transport.drain(1000).find((m) => Buffer.from(m.value).toString().startsWith('post-outage:'));
      },
      60_000,
      50,
    );
    const flowMs = Date.now() - tUp;
    expect(got.role).toBe('heartbeat');
    const states = healthLog.slice(startIndex).map((h) => h.state);
    expect(states[0]).toBe('reconnecting');
    expect(states[states.length - 1]).toBe('connected');
    console.log(`[measure] outage detected after ${detectMs} ms; health connected ${reconnectMs} ms after the broker returned; first message ${flowMs} ms after`);
  }, 90_000);

  test('kafkajs log lines reach our logger, rate-limited, without stack traces', () => {
    const kafkajsLines = captured.lines.filter((l) => l.message.startsWith('kafkajs ['));
    expect(kafkajsLines.length).toBeGreaterThan(0);
    if (!broker.outageUnsupportedReason) {
      // The outage produced many identical connection errors; most were suppressed.
      const refused = kafkajsLines.filter((l) => /ECONNREFUSED/.test(l.message));
      expect(refused.length).toBeLessThanOrEqual(6);
      expect(captured.lines.some((l) => l.level === 'warn' && l.message.startsWith('kafka: reconnecting'))).toBe(true);
    }
    expect(captured.lines.some((l) => /\n\s+at /.test(l.message))).toBe(false);
  });

  test('stop() disconnects cleanly, reports "disconnected" and is safe to call twice', async () => {
    await Promise.all([transport.stop(), transport.stop()]);
    await transport.stop();
    expect(transport.health().state).toBe('disconnected');
    await expect(transport.send('commands', bytes('x'))).rejects.toThrow(/not running/);
    const n = captured.lines.length;
    await sleep(1500);
    // Nothing keeps running after stop (no crash-restart loop).
    expect(captured.lines.slice(n).filter((l) => /Restarting|write after end|Crash/.test(l.message))).toEqual([]);
  });

  describe('with a missing topic', () => {
    let t: KafkaTransport;
    let cap: CapturedLogger;
    afterAll(async () => {
      await t?.stop();
    });

    test('health and log say which topic is missing, without a stack trace', async () => {
      cap = captureLogger();
      t = new KafkaTransport({
        instrument: partial,
        connection: { bootstrap: broker.bootstrap.split(','), clientId: 'livedata-test' },
        logger: cap.logger,
        tuning: TEST_TUNING,
        retry: TEST_RETRY,
      });
      await t.start();
      const expected = `topic ${partialTopics.data} does not exist on broker ${broker.bootstrap}`;
      const h = await waitFor('missing-topic health', () => (t.health().detail === expected ? t.health() : null), 10_000);
      expect(h.state).toBe('connecting');
      expect(cap.lines.some((l) => l.message.includes(expected))).toBe(true);
      expect(cap.lines.some((l) => /\n\s+at /.test(l.message))).toBe(false);
      await t.stop();
      expect(t.health().state).toBe('disconnected');
    });
  });

  describe('a broker that comes back without its data', () => {
    test('the transport reconnects and delivers new messages, although their offsets start again at 0', async (ctx) => {
      if (broker.outageUnsupportedReason) ctx.skip(broker.outageUnsupportedReason);
      const names = [topics.data, topics.heartbeat, topics.responses, topics.commands, topics.roi];
      let b = await startTestBroker({ topics: names });
      const port = Number(b.bootstrap.slice(b.bootstrap.lastIndexOf(':') + 1));
      const k = new Kafka({ clientId: 'test-raw-2', brokers: [b.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 1 } });
      const p = k.producer({ allowAutoTopicCreation: false });
      const cap = captureLogger();
      const t = new KafkaTransport({
        instrument,
        connection: { bootstrap: [b.bootstrap], clientId: 'livedata-test' },
        logger: cap.logger,
        tuning: TEST_TUNING,
        retry: TEST_RETRY,
      });
      try {
        await t.start();
        await p.connect();
        for (let i = 0; i < 5; i++) await p.send({ topic: topics.heartbeat, messages: [{ value: `old:${i}` }] });
        const old: RawMessage[] = [];
        await waitFor('5 messages', () => (old.push(...t.drain(100)), old.length >= 5), 10_000);
        expect(old.map((m) => m.offset)).toEqual(['0', '1', '2', '3', '4']);

        // Same address, empty log: the transport's resume point (offset 5) no longer exists.
        await b.stop();
        b = await startTestBroker({ topics: names, port });
        await waitFor('health "reconnecting"', () => t.health().state === 'reconnecting', 15_000);
        await waitFor('health "connected" again', () => t.health().state === 'connected', 60_000, 50);
        await sleep(500);
        await p.connect();
        let n = 0;
        const first = await waitFor(
          'a message from the new broker',
          () => {
            if (n++ % 10 === 0) void p.send({ topic: topics.heartbeat, messages: [{ value: 'new' }] }).catch(() => undefined);
            return t.drain(100).find((m) => Buffer.from(m.value).toString() === 'new');
          },
          30_000,
          50,
        );
        expect(first.offset).toBe('0');
        expect(cap.lines.some((l) => l.message.includes('our offset is gone from the broker; continuing from its earliest offset'))).toBe(true);
      } finally {
        await t.stop();
        await p.disconnect().catch(() => undefined);
        await b.stop();
      }
    }, 90_000);
  });

  describe('with no broker listening', () => {
    test('start() returns promptly, health says why, send() fails clearly, stop() is clean', async () => {
      const port = await new Promise<number>((resolve) => {
        const srv = net.createServer().listen(0, '127.0.0.1', () => {
          const addr = srv.address();
          srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
        });
      });
      const t = new KafkaTransport({
        instrument,
        connection: { bootstrap: [`127.0.0.1:${port}`], clientId: 'livedata-test' },
        logger: captureLogger().logger,
        tuning: TEST_TUNING,
        retry: TEST_RETRY,
      });
      const t0 = Date.now();
      await t.start();
      expect(Date.now() - t0).toBeLessThan(5000); // not held for kafkajs's whole retry cycle
      expect(t.health()).toMatchObject({ state: 'connecting', detail: `cannot reach broker 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}` });
      await expect(t.send('commands', bytes('{}'))).rejects.toThrow(
        new RegExp(`^kafka: sending to ${topics.commands} failed: cannot reach broker 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`),
      );
      await t.stop();
      expect(t.health()).toMatchObject({ state: 'disconnected', detail: 'stopped' });
    }, 30_000);

    test('an unreadable CA file rejects start() with the path', async () => {
      const t = new KafkaTransport({
        instrument,
        connection: { bootstrap: ['127.0.0.1:9'], clientId: 'livedata-test', ssl: { caFile: '/nonexistent/ca.pem' } },
        logger: captureLogger().logger,
      });
      await expect(t.start()).rejects.toThrow(/^kafka: cannot read CA file \/nonexistent\/ca\.pem: ENOENT/);
      expect(t.health().state).toBe('disconnected');
      await t.stop();
    });
  });

  describe('stopping while the group join is in flight', () => {
    test('does not leave a consumer that crash-restarts on "write after end"', async () => {
      const cap = captureLogger();
      const opts: KafkaTransportOptions = {
        instrument,
        connection: { bootstrap: broker.bootstrap.split(','), clientId: 'livedata-test' },
        logger: cap.logger,
        tuning: TEST_TUNING,
        retry: TEST_RETRY,
      };
      const t = new KafkaTransport(opts);
      void t.start();
      await sleep(800); // inside the ~3 s first join of the mock
      await t.stop();
      await t.stop();
      expect(t.health().state).toBe('disconnected');
      const n = cap.lines.length;
      await sleep(2000);
      expect(cap.lines.slice(n).map((l) => l.message)).toEqual([]);
      expect(cap.lines.filter((l) => /write after end|Restarting the consumer/.test(l.message))).toEqual([]);
    }, 30_000);
  });
});
