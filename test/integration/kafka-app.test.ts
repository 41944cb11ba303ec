// The whole app against a real Kafka-protocol broker (librdkafka's mock cluster, or the broker
// named by KAFKA_BOOTSTRAP): what users rely on when the app talks to real backend services.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { emptySeen } from '../../shared/session-api';
import { encodeAcknowledgement, encodeDa00, encodeJobHeartbeat, formatResultKey, makeVariable, parseJson } from '../../shared/wire';
import { Core } from '../../main/app/core';
import { dummyInstrument } from '../../main/instruments/dummy';
import { createKafkaTransport } from '../../main/kafka/kafka-transport';
import { silentLogger } from '../../main/logging/logger';
import { startTestBroker, type TestBroker } from '../broker/test-broker';
import { until as waitUntil } from '../support/wait';

const until = <T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000) => waitUntil(what, fn, timeoutMs, 50);

const T = { data: 'dummy_livedata_data', heartbeat: 'dummy_livedata_heartbeat', responses: 'dummy_livedata_responses', commands: 'dummy_livedata_commands', roi: 'dummy_livedata_roi' };
const WF = 'dummy/monitor_histogram/1';

let broker: TestBroker;
let core: Core;
let producer: Producer;
let commandsConsumer: Consumer;
const commands: { value: string; key: Buffer | null }[] = [];

function histogram(jobNumber: string, source: string, values: number[]): Buffer {
  const sourceName = formatResultKey({ workflowId: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, jobId: { sourceName: source, jobNumber }, outputName: 'current' });
  return Buffer.from(encodeDa00({ sourceName, timestamp: 0n, variables: [
    makeVariable('signal', new Float64Array(values), { axes: ['time_of_arrival'], unit: 'counts', label: 'Histogram update' }),
    makeVariable('time_of_arrival', new Float64Array(values.length + 1).map((_, i) => i * 0.5), { axes: ['time_of_arrival'], unit: 'ms' }),
    makeVariable('time', new BigInt64Array([1755763200000000123n]), { unit: 'ns' }),
  ] }));
}

const layer = () => [...core.layers.all()].find((l) => l.config.workflowId === WF && l.config.outputName === 'current')!;

beforeAll(async () => {
  broker = await startTestBroker({ topics: Object.values(T) });
  const kafka = new Kafka({ clientId: 'fake-backend-services', brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  commandsConsumer = kafka.consumer({ groupId: `commands-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
  await commandsConsumer.connect();
  await commandsConsumer.subscribe({ topic: T.commands, fromBeginning: true });
  await commandsConsumer.run({ eachMessage: async ({ message }) => void commands.push({ value: message.value!.toString('utf8'), key: message.key }) });

  const logger = silentLogger();
  const transport = createKafkaTransport({
    instrument: 'dummy', connection: { bootstrap: broker.bootstrap.split(','), clientId: 'livedata-test' }, logger,
    tuning: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, maxWaitTimeInMs: 100 },
    retry: { initialRetryTime: 200, maxRetryTime: 1000 },
  });
  core = new Core({ instrument: dummyInstrument, transport, logger, autoStart: false, configDir: null });
  await core.start();
  await until('connected', () => transport.health().state === 'connected');
  // The consumer starts at the latest offsets: make sure it fetches before the tests produce.
  await until('consuming', async () => {
    await producer.send({ topic: T.heartbeat, messages: [{ value: Buffer.from('probe') }] });
    return core.stats.view().find((t) => t.role === 'heartbeat')!.messages > 0;
  });
  // A window that shows the monitor plot and keeps polling, as a real one does: layers no
  // session shows are not computed on every update (main/plots/compute-economy.ts).
  const viewer = await core.gateway.open({ client: 'browser' });
  let applied = (await core.gateway.poll({ sessionId: viewer.sessionId, applied: viewer.seq!, shown: [layer().id] })).seq!;
  viewerTimer = setInterval(() => {
    void core.gateway.poll({ sessionId: viewer.sessionId, applied }).then((r) => (applied = r.seq!), () => undefined);
  }, 500);
}, 90_000);

let viewerTimer: NodeJS.Timeout | undefined;

afterAll(async () => {
  clearInterval(viewerTimer);
  await core?.stop();
  await commandsConsumer?.disconnect();
  await producer?.disconnect();
  await broker?.stop();
});

describe('the app against a Kafka-protocol broker', () => {
  it('start sends one WorkflowConfig per source with exactly the documented fields, null key', async () => {
    const before = commands.length;
    await core.jobs.start(WF);
    const jobNumber = core.jobs.currentJob(WF)!;
    const mine = await until('two configs on the commands topic', () => {
      const c = commands.slice(before).filter((m) => m.value.includes(jobNumber));
      return c.length === 2 && c;
    });
    for (const m of mine) {
      expect(m.key).toBeNull();
      const doc = parseJson(m.value, 'command') as Record<string, unknown>;
      expect(Object.keys(doc)).toEqual(['kind', 'identifier', 'message_id', 'job_id', 'schedule', 'aux_source_names', 'params']);
      expect(doc.kind).toBe('workflow_config');
      expect(doc.identifier).toEqual({ instrument: 'dummy', name: 'monitor_histogram', version: 1 });
      expect(doc.schedule).toEqual({ start_time: null, end_time: null });
      expect(Object.keys(doc.job_id as object)).toEqual(['source_name', 'job_number']);
    }
    expect(mine.map((m) => (parseJson(m.value, 'c') as { job_id: { source_name: string } }).job_id.source_name).sort()).toEqual(['monitor1', 'monitor2']);
  });

  it('a job heartbeat and data for the started job make the layer READY with the values sent; old job data is dropped', async () => {
    const jobNumber = core.jobs.currentJob(WF)!;
    const dropped = core.pump.staleDropped;
    await producer.send({ topic: T.heartbeat, messages: [{ value: Buffer.from(encodeJobHeartbeat({ jobId: { sourceName: 'monitor1', jobNumber }, workflowId: WF, state: 'active', startTime: 1n, endTime: 2n })) }] });
    await producer.send({ topic: T.data, messages: [{ value: histogram(randomUUID(), 'monitor1', [100, 100]) }, { value: histogram(jobNumber, 'monitor1', [2, 7, 1, 8]) }] });
    await until('READY', () => layer().snapshot.state === 'READY');
    const plot = layer().plot!;
    expect(plot.kind === 'line' && Array.from(plot.series[0].y)).toEqual([2, 7, 1, 8]);
    expect(core.pump.staleDropped).toBe(dropped + 1);
    expect(core.jobs.snapshot().workflows.find((w) => w.id === WF)?.status).toBe('ACTIVE');
  });

  it('ACK and ERR on the responses topic become the right notification in every session', async () => {
    const a = await core.gateway.open({ client: 'browser' });
    const b = await core.gateway.open({ client: 'electron' });
    const before = commands.length;
    await core.jobs.reset(WF, ['monitor1_counts_total', 'monitor2_counts_total']); // devices fed by the monitors: confirmed
    const resets = await until('reset commands', () => {
      const c = commands.slice(before).map((m) => parseJson(m.value, 'c') as { kind: string; action?: string; message_id: string; job_id: { source_name: string; job_number: string } }).filter((c) => c.action === 'reset');
      return c.length === 2 && c;
    });
    await producer.send({ topic: T.responses, messages: resets.map((c) => ({
      value: Buffer.from(encodeAcknowledgement({ messageId: c.message_id, device: `${c.job_id.source_name}/${c.job_id.job_number}`, response: c.job_id.source_name === 'monitor1' ? 'ACK' : 'ERR', message: c.job_id.source_name === 'monitor1' ? null : 'reset refused' })),
    })) });
    for (const s of [a, b]) {
      const r = await until('notifications', async () => {
        const r = await core.gateway.poll({ sessionId: s.sessionId, seen: { ...emptySeen(), cursor: s.cursor } });
        return r.notifications.length >= 2 && r;
      });
      expect(r.notifications.map((n) => [n.level, n.message])).toEqual([
        ['success', "Reset 1/2 jobs for 'Beam monitor'"],
        ['error', "Failed to reset 1/2 jobs for 'Beam monitor': monitor2/" + resets[0].job_id.job_number + ': reset refused'],
      ]);
    }
  });

  it('1000 malformed messages interleaved with valid ones: all valid processed, all malformed counted, no crash', async () => {
    const jobNumber = core.jobs.currentJob(WF)!;
    const errorsBefore = core.stats.view().find((t) => t.role === 'data')!.errors;
    const versionBefore = layer().dataVersion;
    const messages = [];
    for (let i = 0; i < 1000; i++) {
      messages.push({ value: Buffer.from(i % 2 ? 'garbage' : `{"i":${i}}`) });
      messages.push({ value: histogram(jobNumber, 'monitor1', [i, i]) });
    }
    for (let i = 0; i < messages.length; i += 200) await producer.send({ topic: T.data, messages: messages.slice(i, i + 200) });
    await until('all consumed', () => core.stats.view().find((t) => t.role === 'data')!.errors - errorsBefore === 1000 && (() => {
      const p = layer().plot;
      return p?.kind === 'line' && p.series[0].y[0] === 999;
    })(), 30_000);
    expect(layer().dataVersion).toBeGreaterThan(versionBefore);
    expect(layer().snapshot.state).toBe('READY');
  });

  it('broker outage: health shows it in every session, and data resumes after it returns without a restart', async (ctx) => {
    if (broker.outageUnsupportedReason) ctx.skip(broker.outageUnsupportedReason);
    const jobNumber = core.jobs.currentJob(WF)!;
    await broker.down();
    await until('not connected', () => (['reconnecting', 'disconnected'] as string[]).includes(connection().state), 30_000);
    // Announced once it has held (CONNECTION_NOTICE_HOLD_MS), in every session's queue.
    await until('outage notice', () => core.notifications.all().some((n) => n.level === 'warning' && /Connection .*(reconnecting|disconnected)/.test(n.message)), 10_000);
    await broker.up();
    await until('connected again', () => connection().state === 'connected', 60_000);
    await until('data flows again', async () => {
      await producer.send({ topic: T.data, messages: [{ value: histogram(jobNumber, 'monitor1', [31, 41, 59]) }] }).catch(() => undefined);
      const p = layer().plot;
      return p?.kind === 'line' && p.series[0].y[2] === 59;
    }, 60_000);
  }, 150_000);
});

function connection() {
  return core.transportHealth();
}
