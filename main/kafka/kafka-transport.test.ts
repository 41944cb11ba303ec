// Integration tests of the Kafka transport against a real Kafka-protocol broker:
// librdkafka's mock cluster (test/broker), or KAFKA_BOOTSTRAP when set.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import winston from 'winston';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../../test/broker/test-broker';
import { topicsFor, type ConnectionHealth, type RawMessage } from '../transport/transport';
import { KafkaTransport, type KafkaTransportOptions } from './kafka-transport';

// Test timing: short sessions so rejoins are quick, short empty fetches.
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

// A unique instrument per run keeps runs apart on a shared external broker; every test gets its
// own instrument (own topics) and its own transport, so each runs alone and in any order.
const base = `ldt${randomUUID().slice(0, 8)}`;
// The mock broker creates topics slowly (~0.2 s each), so tests that read no offsets and no
// earlier messages share one instrument: each transport has a fresh group at "latest" anyway.
const TEST_INSTRUMENTS = ['start', 'flow', 'drain', 'send', 'big', 'huge', 'outage', 'stop', 'join'] as const;
type TestInstrument = (typeof TEST_INSTRUMENTS)[number];
const OWN_TOPICS: readonly TestInstrument[] = ['flow', 'send', 'huge'];
const instrumentOf = (name: TestInstrument) => `${base}${OWN_TOPICS.includes(name) ? name : 'shared'}`;
// The instrument of the tests further down that bring their own broker or none.
const instrument = instrumentOf('start');
const topics = topicsFor(instrument);
// Only heartbeat and responses exist for this one: its data topic is missing.
const partial = `${base}p`;
const partialTopics = topicsFor(partial);

interface Started {
  transport: KafkaTransport;
  captured: CapturedLogger;
  healthLog: ConnectionHealth[];
  activity: () => number;
  startMs: number;
}

describe('KafkaTransport (integration)', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let producer: Producer;
  const cleanups: (() => Promise<void>)[] = [];

  // Partition 0 explicitly: on an external broker topics may have several partitions.
  const produce = (topic: string, value: Buffer) => producer.send({ topic, messages: [{ value, partition: 0 }] });

  beforeAll(async () => {
    const all = [...new Set(TEST_INSTRUMENTS.map(instrumentOf))].flatMap((name) => {
      const t = topicsFor(name);
      // Only the tests that read what the transport sends need the produced topics.
      const produced = name.endsWith('send') ? [t.commands, t.roi] : name.endsWith('huge') ? [t.roi] : [];
      return [t.data, t.heartbeat, t.responses, ...produced];
    });
    broker = await startTestBroker({ topics: [...all, partialTopics.heartbeat, partialTopics.responses] });
    kafka = new Kafka({ clientId: 'test-raw', brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }, 60_000);

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await broker?.stop();
  }, 60_000);

  /** A transport of its own for one test (stopped after it). */
  async function startTransport(name: TestInstrument): Promise<Started> {
    const captured = captureLogger();
    const healthLog: ConnectionHealth[] = [];
    let activityCalls = 0;
    const transport = new KafkaTransport({
      instrument: instrumentOf(name),
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
    cleanups.push(() => transport.stop());
    const t0 = Date.now();
    await transport.start();
    return { transport, captured, healthLog, activity: () => activityCalls, startMs: Date.now() - t0 };
  }

  /**
   * "Connected" means the first fetch came back, not that every partition's "latest" position is
   * fixed: a message produced at once may land before it and be skipped (latest semantics). A
   * probe that comes out of drain() proves the data partition is positioned.
   */
  async function positioned(transport: KafkaTransport, topic: string): Promise<void> {
    let n = 0;
    await waitFor('the data partition positioned', () => {
      if (n++ % 40 === 0) void produce(topic, Buffer.from('probe')).catch(() => undefined);
      return transport.drain(1000).some((m) => Buffer.from(m.value).toString() === 'probe');
    }, 20_000);
    transport.drain(100_000);
  }

  /** A plain consumer that reads what a transport sends to commands and roi. */
  async function startReader(name: TestInstrument) {
    const t = topicsFor(instrumentOf(name));
    const seen: Array<{ topic: string; key: Buffer | null; value: Buffer | null }> = [];
    const reader: Consumer = kafka.consumer({
      groupId: `reader-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
      maxBytes: 104_857_600,
      maxBytesPerPartition: 104_857_600,
    });
    cleanups.push(() => reader.disconnect());
    await reader.connect();
    await reader.subscribe({ topics: [t.commands, t.roi], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        seen.push({ topic, key: message.key, value: message.value });
      },
    });
    return seen;
  }

  test('start() resolves once connected, with a fresh group and health "connected"', async () => {
    const { transport, healthLog, startMs } = await startTransport('start');
    const h = transport.health();
    expect(h.state).toBe('connected');
    expect(h.detail).toContain(broker.bootstrap.split(',')[0]);
    expect(transport.stats().groupId).toMatch(/^livedata-desktop-[0-9a-f-]{36}$/);
    expect(healthLog.map((x) => x.state)).toEqual(['connecting', 'connected']);
    console.log(`[measure] transport start (group join + first fetch): ${startMs} ms, join ${transport.stats().lastJoinMs} ms`);
  });

  test('new messages on the three consumed topics come out of drain() with role, topic, partition and offset', async () => {
    const t = topicsFor(instrumentOf('flow'));
    // Written before the transport starts: must never come out of drain() (latest semantics).
    for (const topic of [t.data, t.heartbeat, t.responses]) await produce(topic, Buffer.from(`before:${topic}`));
    const { transport, activity } = await startTransport('flow');
    const activityBefore = activity();
    await produce(t.data, Buffer.from('after:data'));
    await produce(t.heartbeat, Buffer.from('after:heartbeat'));
    await produce(t.responses, Buffer.from('after:responses'));
    // Per partition, order is kept: had a "before" message been delivered, it would come before its "after".
    const received: RawMessage[] = [];
    await waitFor('3 messages', () => (received.push(...transport.drain(1000)), received.length >= 3), 10_000);
    expect(activity()).toBeGreaterThan(activityBefore);
    const got = received.map((m) => ({
      role: m.role,
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      text: Buffer.from(m.value).toString(),
      isUint8Array: m.value instanceof Uint8Array,
      recent: Math.abs(Date.now() - m.timestampMs) < 60_000,
    }));
    got.sort((a, b) => a.topic.localeCompare(b.topic));
    expect(got).toEqual(
      [
        { role: 'data', topic: t.data, partition: 0, offset: '1', text: 'after:data', isUint8Array: true, recent: true },
        { role: 'heartbeat', topic: t.heartbeat, partition: 0, offset: '1', text: 'after:heartbeat', isUint8Array: true, recent: true },
        { role: 'responses', topic: t.responses, partition: 0, offset: '1', text: 'after:responses', isUint8Array: true, recent: true },
      ].sort((a, b) => a.topic.localeCompare(b.topic)),
    );
  });

  test('drain(max) takes at most max, oldest first, in arrival order', async () => {
    const { transport } = await startTransport('drain');
    const t = topicsFor(instrumentOf('drain'));
    await positioned(transport, t.data);
    for (let i = 0; i < 20; i++) await produce(t.data, Buffer.from(`seq:${i}`));
    await waitFor('20 queued', () => transport.stats().queued >= 20, 10_000);
    const first = transport.drain(5);
    const rest = transport.drain(100);
    expect(first).toHaveLength(5);
    expect([...first, ...rest].map((m) => Buffer.from(m.value).toString())).toEqual(Array.from({ length: 20 }, (_, i) => `seq:${i}`));
    expect(transport.drain(10)).toEqual([]);
  });

  test("send('commands'|'roi') publishes byte-identical payloads with a null key", async () => {
    const [{ transport }, seenByReader] = await Promise.all([startTransport('send'), startReader('send')]);
    const t = topicsFor(instrumentOf('send'));
    const cmd = bytes(JSON.stringify({ kind: 'start', job: 42 }));
    const roi = new Uint8Array(1000).map((_, i) => (i * 7) & 0xff);
    // A view into a larger buffer: only the viewed bytes must go out.
    const backing = new Uint8Array(2000);
    backing.set(roi, 500);
    await transport.send('commands', cmd);
    await transport.send('roi', backing.subarray(500, 1500));
    const seen = await waitFor('2 produced messages', () => (seenByReader.length >= 2 ? seenByReader : null), 15_000);
    const byTopic = new Map(seen.map((s) => [s.topic, s]));
    expect(byTopic.get(t.commands)?.key).toBeNull();
    expect(byTopic.get(t.roi)?.key).toBeNull();
    expect(Buffer.compare(byTopic.get(t.commands)?.value ?? Buffer.alloc(0), Buffer.from(cmd))).toBe(0);
    expect(Buffer.compare(byTopic.get(t.roi)?.value ?? Buffer.alloc(0), Buffer.from(roi))).toBe(0);
  }, 30_000);

  test('a ~4 MB message passes', async () => {
    const { transport } = await startTransport('big');
    await positioned(transport, topicsFor(instrumentOf('big')).data);
    const big = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    await produce(topicsFor(instrumentOf('big')).data, big);
    const msg = await waitFor('the 4 MB message', () => transport.drain(10).find((m) => m.value.byteLength === big.length), 15_000);
    expect(Buffer.compare(Buffer.from(msg.value), big)).toBe(0);
  }, 30_000);

  test('large payloads both ways: a 64 MiB message is consumed, a 10 MiB ROI is sent', async () => {
    const [{ transport }, seenByReader] = await Promise.all([startTransport('huge'), startReader('huge')]);
    const t = topicsFor(instrumentOf('huge'));
    await positioned(transport, t.data);
    const big = Buffer.alloc(64 * 1024 * 1024, 3);
    big.writeUInt32LE(0xdeadbeef, big.length - 4);
    await produce(t.data, big);
    const msg = await waitFor('the 64 MiB message', () => transport.drain(10).find((m) => m.value.byteLength === big.length), 30_000);
    expect(Buffer.compare(Buffer.from(msg.value.buffer, msg.value.byteOffset, msg.value.byteLength), big)).toBe(0);

    const roi = Buffer.alloc(10 * 1024 * 1024, 5);
    roi.writeUInt32LE(0xfeedface, 0);
    await transport.send('roi', roi);
    const seen = await waitFor('the 10 MiB ROI', () => seenByReader.find((c) => c.topic === t.roi && c.value?.length === roi.length), 30_000);
    expect(Buffer.compare(seen.value ?? Buffer.alloc(0), roi)).toBe(0);
  }, 90_000);

  test('broker outage: health goes reconnecting with a reason, then connected, messages flow again; kafkajs lines are rate-limited', async (ctx) => {
    if (broker.outageUnsupportedReason) {
      ctx.skip(broker.outageUnsupportedReason);
      return;
    }
    const { transport, healthLog, captured } = await startTransport('outage');
    const t = topicsFor(instrumentOf('outage'));
    const startIndex = healthLog.length;
    const tDown = Date.now();
    await broker.down();
    let down: ConnectionHealth;
    try {
      down = await waitFor('health to leave "connected"', () => {
        const h = transport.health();
        return h.state === 'reconnecting' || h.state === 'disconnected' ? h : null;
      }, 15_000);
      expect(down.detail).toMatch(/ECONNREFUSED|cannot reach broker/);
      expect(down.detail).toContain(broker.bootstrap.split(',')[0]);
      // The outage lasts a few seconds (the scenario, not a synchronisation): long enough for
      // kafkajs to retry, fail and crash-restart at least once.
      await sleep(3000);
    } finally {
      await broker.up();
    }
    const detectMs = Date.now() - tDown;
    const tUp = Date.now();
    await waitFor('health "connected" again', () => transport.health().state === 'connected', 60_000, 50);
    const reconnectMs = Date.now() - tUp;

    // New messages flow again without restarting the transport.
    let n = 0;
    const got = await waitFor(
      'a message after the outage',
      () => {
        if (n % 10 === 0) void produce(t.heartbeat, Buffer.from(`post-outage:${n}`)).catch(() => undefined);
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

    // The outage produced many identical connection errors: most were suppressed, none with a stack.
    const kafkajsLines = captured.lines.filter((l) => l.message.startsWith('kafkajs ['));
    expect(kafkajsLines.length).toBeGreaterThan(0);
    expect(kafkajsLines.filter((l) => /ECONNREFUSED/.test(l.message)).length).toBeLessThanOrEqual(6);
    expect(captured.lines.some((l) => l.level === 'warn' && l.message.startsWith('kafka: reconnecting'))).toBe(true);
    expect(captured.lines.some((l) => /\n\s+at /.test(l.message))).toBe(false);
    console.log(`[measure] outage detected within ${detectMs} ms; health connected ${reconnectMs} ms after the broker returned; first message ${flowMs} ms after`);
  }, 120_000);

  test('stop() disconnects cleanly, reports "disconnected" and is safe to call twice', async () => {
    const { transport, captured } = await startTransport('stop');
    await Promise.all([transport.stop(), transport.stop()]);
    await transport.stop();
    expect(transport.health().state).toBe('disconnected');
    await expect(transport.send('commands', bytes('x'))).rejects.toThrow(/not running/);
    const n = captured.lines.length;
    await sleep(1500); // an observation window: nothing may happen in it
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
        instrument: instrumentOf('join'),
        connection: { bootstrap: broker.bootstrap.split(','), clientId: 'livedata-test' },
        logger: cap.logger,
        tuning: TEST_TUNING,
        retry: TEST_RETRY,
      };
      const t = new KafkaTransport(opts);
      const starting = t.start().catch(() => undefined);
      // Inside the group join: the consumer has said "Starting" and has not joined yet (the mock's first join takes ~3 s).
      await waitFor('the consumer to start joining', () => cap.lines.some((l) => /kafkajs \[Consumer\] Starting/.test(l.message)), 15_000, 10);
      const joinedBeforeStop = cap.lines.some((l) => /joined group/.test(l.message));
      await t.stop();
      await starting;
      expect(joinedBeforeStop).toBe(false);
      await t.stop();
      expect(t.health().state).toBe('disconnected');
      const n = cap.lines.length;
      await sleep(2000);
      expect(cap.lines.slice(n).map((l) => l.message)).toEqual([]);
      expect(cap.lines.filter((l) => /write after end|Restarting the consumer/.test(l.message))).toEqual([]);
    }, 30_000);
  });
});
