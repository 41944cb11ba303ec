// A staged and committed configuration against a real Kafka-protocol broker (librdkafka's mock
// cluster): exactly the documented workflow_config JSON, with the staged params and aux sources,
// for exactly the staged sources, after the stops of the old job number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { parseJson } from '../../shared/wire';
import { Core } from '../../main/app/core';
import { dummyInstrument } from '../../main/instruments/dummy';
import { createKafkaTransport } from '../../main/kafka/kafka-transport';
import { silentLogger } from '../../main/logging/logger';
import { startTestBroker, type TestBroker } from '../broker/test-broker';
import { until as waitUntil } from '../support/wait';

const until = <T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000) => waitUntil(what, fn, timeoutMs, 50);

const T = { data: 'dummy_livedata_data', heartbeat: 'dummy_livedata_heartbeat', responses: 'dummy_livedata_responses', commands: 'dummy_livedata_commands', roi: 'dummy_livedata_roi' };
const WF = 'dummy/monitor_histogram/1';
const PANEL = 'dummy/panel_0_xy/1';

let broker: TestBroker;
let core: Core;
let producer: Producer;
let consumer: Consumer;
const commands: string[] = [];
const ctx = { sessionId: 's-test', client: 'browser' };

beforeAll(async () => {
  broker = await startTestBroker({ topics: Object.values(T) });
  const kafka = new Kafka({ clientId: 'fake-backend-services', brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  consumer = kafka.consumer({ groupId: `commands-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: T.commands, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void commands.push(message.value!.toString('utf8')) });
  const logger = silentLogger();
  const transport = createKafkaTransport({
    instrument: 'dummy', connection: { bootstrap: broker.bootstrap.split(','), clientId: 'livedata-test' }, logger,
    tuning: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, maxWaitTimeInMs: 100 },
    retry: { initialRetryTime: 200, maxRetryTime: 1000 },
  });
  core = new Core({ instrument: dummyInstrument, transport, logger, autoStart: false, configDir: null });
  await core.start();
  await until('connected', () => transport.health().state === 'connected', 60_000).catch((err: unknown) => {
    throw new Error(`${String(err)}: ${JSON.stringify(transport.health())}`);
  });
}, 90_000);

afterAll(async () => {
  await core?.stop();
  await consumer?.disconnect();
  await producer?.disconnect();
  await broker?.stop();
});

const docs = () => commands.map((c) => ({ raw: c, doc: parseJson(c, 'command') as Record<string, unknown> }));

describe('staged configuration on the commands topic', () => {
  it('a commit with changed params puts exactly the documented workflow_config JSON, with those params, for the staged sources only', async () => {
    await core.router.command({ type: 'workflow.commit', workflowId: WF, confirmedDevices: [] }, ctx);
    const first = core.jobs.currentJob(WF)!;
    await until('first start on the topic', () => docs().filter((d) => JSON.stringify(d.doc).includes(first)).length === 2);

    const params = {
      coordinate_mode: { mode: 'toa' },
      toa_edges: { start: 5, stop: 60.5, num_bins: 37, scale: 'linear', unit: 'ms' },
      toa_range: { start: 0, stop: 10, enabled: false, unit: 'μs' },
    };
    await core.router.command({ type: 'workflow.stage', workflowId: WF, sources: ['monitor1'], params, auxSourceNames: {}, remove: ['monitor2'] }, ctx);
    // Running and feeding devices: a commit needs them confirmed.
    await expect(core.router.command({ type: 'workflow.commit', workflowId: WF }, ctx)).rejects.toThrow(/Confirmation needed.*monitor1_counts_total, monitor2_counts_total/);
    await core.router.command({ type: 'workflow.commit', workflowId: WF, confirmedDevices: ['monitor1_counts_total', 'monitor2_counts_total'] }, ctx);
    const second = core.jobs.currentJob(WF)!;
    expect(second).not.toBe(first);

    const stops = await until('stops of the old job number', () => {
      const s = docs().filter((d) => d.doc.kind === 'job_command' && (d.doc.job_id as { job_number: string }).job_number === first);
      return s.length === 2 && s;
    });
    for (const s of stops) expect(s.doc).toMatchObject({ kind: 'job_command', action: 'stop' });
    const starts = await until('the new config', () => {
      const s = docs().filter((d) => d.doc.kind === 'workflow_config' && (d.doc.job_id as { job_number: string }).job_number === second);
      return s.length === 1 && s;
    });
    // Give a wrongly sent second config a chance to arrive before asserting there is none.
    await new Promise((r) => setTimeout(r, 300));
    expect(docs().filter((d) => d.doc.kind === 'workflow_config' && (d.doc.job_id as { job_number: string }).job_number === second)).toHaveLength(1);
    const doc = starts[0].doc;
    expect(Object.keys(doc)).toEqual(['kind', 'identifier', 'message_id', 'job_id', 'schedule', 'aux_source_names', 'params']);
    expect(doc).toEqual({
      kind: 'workflow_config',
      identifier: { instrument: 'dummy', name: 'monitor_histogram', version: 1 },
      message_id: doc.message_id,
      job_id: { source_name: 'monitor1', job_number: second },
      schedule: { start_time: null, end_time: null },
      aux_source_names: {},
      params,
    });
    expect(typeof doc.message_id).toBe('string');
    // The stops come before the new config on the topic.
    const order = commands.findIndex((c) => c.includes(second));
    expect(commands.findIndex((c) => c.includes(first) && c.includes('"stop"'))).toBeLessThan(order);
  });

  it('aux sources chosen in the dialog are sent as aux_source_names', async () => {
    const panel = dummyInstrument.workflows.find((w) => `${w.id.instrument}/${w.id.name}/${w.id.version}` === PANEL)!;
    await core.router.command({ type: 'workflow.stage', workflowId: PANEL, sources: ['panel_0'], params: panel.params, auxSourceNames: { roi_rectangle: 'roi_rectangle' }, remove: [] }, ctx);
    await core.router.command({ type: 'workflow.commit', workflowId: PANEL, confirmedDevices: [] }, ctx);
    const job = core.jobs.currentJob(PANEL)!;
    const sent = await until('panel config', () => docs().find((d) => d.raw.includes(job) && d.doc.kind === 'workflow_config'));
    expect(sent.doc.aux_source_names).toEqual({ roi_rectangle: 'roi_rectangle', roi_polygon: 'roi_polygon' });
  });

  it('an invalid staged change is refused to the asking session, and nothing is sent', async () => {
    const before = commands.length;
    await expect(core.router.command({
      type: 'workflow.stage', workflowId: WF, sources: ['monitor1'], remove: [], auxSourceNames: {},
      params: { coordinate_mode: { mode: 'toa' }, toa_edges: { start: 50, stop: 10, num_bins: 0, scale: 'linear', unit: 'ms' } },
    }, ctx)).rejects.toThrow(/Invalid parameters for .*toa_edges\.num_bins/);
    await new Promise((r) => setTimeout(r, 300));
    expect(commands.length).toBe(before);
  });
});
