// ROI messages on a real Kafka-protocol broker (librdkafka's mock cluster, or KAFKA_BOOTSTRAP):
// what a window draws reaches `<instrument>_livedata_roi` exactly as the ROI wire format (shared/wire/roi.ts)
// describes, and the backend's readback coming back on the data topic is drawn as such.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { decodeDa00, encodeDa00, formatResultKey, makeVariable, roiVariables } from '../../shared/wire';
import type { RoiPlotState } from '../../shared/plot-state';
import { Core } from '../../main/app/core';
import { dummyInstrument } from '../../main/instruments/dummy';
import { createKafkaTransport } from '../../main/kafka/kafka-transport';
import { silentLogger } from '../../main/logging/logger';
import { startTestBroker, type TestBroker } from '../broker/test-broker';
import { until as waitUntil } from '../support/wait';

const until = <T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000) => waitUntil(what, fn, timeoutMs, 50);

const T = { data: 'dummy_livedata_data', heartbeat: 'dummy_livedata_heartbeat', responses: 'dummy_livedata_responses', commands: 'dummy_livedata_commands', roi: 'dummy_livedata_roi' };
const WF = 'dummy/panel_0_xy/1';

let broker: TestBroker;
let core: Core;
let producer: Producer;
let roiConsumer: Consumer;
const rois: { value: Buffer; key: Buffer | null }[] = [];
let imageLayer = '';
let sessionId = '';

beforeAll(async () => {
  broker = await startTestBroker({ topics: Object.values(T) });
  const kafka = new Kafka({ clientId: 'fake-detector-service', brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  roiConsumer = kafka.consumer({ groupId: `roi-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
  await roiConsumer.connect();
  await roiConsumer.subscribe({ topic: T.roi, fromBeginning: true });
  await roiConsumer.run({ eachMessage: async ({ message }) => void rois.push({ value: message.value!, key: message.key }) });

  const logger = silentLogger();
  const transport = createKafkaTransport({
    instrument: 'dummy', connection: { bootstrap: broker.bootstrap.split(','), clientId: 'livedata-roi-test' }, logger,
    tuning: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, maxWaitTimeInMs: 100 },
    retry: { initialRetryTime: 200, maxRetryTime: 1000 },
  });
  core = new Core({ instrument: dummyInstrument, transport, logger, autoStart: false, configDir: null });
  await core.start();
  await until('connected', () => transport.health().state === 'connected');
  await until('consuming', async () => {
    await producer.send({ topic: T.heartbeat, messages: [{ value: Buffer.from('probe') }] });
    return core.stats.view().find((t) => t.role === 'heartbeat')!.messages > 0;
  });
  const grid = core.plots.addGrid('ROI', 1, 1);
  const cell = core.plots.addCell(grid, { row: 0, col: 0, rowSpan: 1, colSpan: 1 });
  imageLayer = core.plots.addLayer(cell, { workflowId: WF, sourceNames: ['panel_0'], outputName: 'cumulative', plotter: 'image', params: {} });
  await core.jobs.start(WF);
  sessionId = (await core.gateway.open({ client: 'browser' })).sessionId;
}, 90_000);

afterAll(async () => {
  await core?.stop();
  await roiConsumer?.disconnect();
  await producer?.disconnect();
  await broker?.stop();
});

describe('ROI messages on the broker', () => {
  it('a drawn rectangle is one da00 message on <instrument>_livedata_roi with the documented fields, null key', async () => {
    const job = core.jobs.currentJob(WF)!;
    const r = await core.gateway.command({ sessionId, command: { type: 'roi.set', layerId: imageLayer, sourceName: 'panel_0', geometry: 'rectangle', rois: [{ x0: 10, x1: 50, y0: 5, y1: 25 }] } });
    expect(r.ok).toBe(true);
    const m = await until('the ROI message', () => rois.find((x) => decodeDa00(new Uint8Array(x.value)).sourceName.endsWith('/roi_rectangle')));
    expect(m.key).toBeNull();
    const msg = decodeDa00(new Uint8Array(m.value));
    expect(msg.sourceName).toBe(`panel_0/${job}/roi_rectangle`);
    expect(msg.timestamp).toBe(0n);
    const v = Object.fromEntries(msg.variables.map((x) => [x.name, x]));
    expect(Object.keys(v).sort()).toEqual(['roi_index', 'signal', 'x', 'y']);
    expect(v.signal).toMatchObject({ dtype: 'int32', axes: ['bounds'], shape: [2], unit: 'dimensionless' });
    expect(Array.from(v.signal!.values as Int32Array)).toEqual([1, 1]);
    expect(v.x).toMatchObject({ dtype: 'float64', axes: ['bounds'], shape: [2], unit: null });
    expect(Array.from(v.x!.values as Float64Array)).toEqual([10, 50]);
    expect(Array.from(v.y!.values as Float64Array)).toEqual([5, 25]);
    expect(v.roi_index).toMatchObject({ dtype: 'int32', axes: ['bounds'], unit: 'dimensionless' });
    expect(Array.from(v.roi_index!.values as Int32Array)).toEqual([0, 0]);
  });

  it('two polygons: one message along vertex, roi_index 4 and 5, all vertices concatenated', async () => {
    const before = rois.length;
    const r = await core.gateway.command({ sessionId, command: { type: 'roi.set', layerId: imageLayer, sourceName: 'panel_0', geometry: 'polygon', rois: [{ x: [0, 4, 2], y: [0, 0, 3] }, { x: [5, 9, 9, 5], y: [5, 5, 9, 9] }] } });
    expect(r.ok).toBe(true);
    const m = await until('the polygon message', () => rois.slice(before).find((x) => decodeDa00(new Uint8Array(x.value)).sourceName.endsWith('/roi_polygon')));
    const v = Object.fromEntries(decodeDa00(new Uint8Array(m.value)).variables.map((x) => [x.name, x]));
    expect(v.x!.axes).toEqual(['vertex']);
    expect(Array.from(v.roi_index!.values as Int32Array)).toEqual([4, 4, 4, 5, 5, 5, 5]);
    expect(Array.from(v.x!.values as Float64Array)).toEqual([0, 4, 2, 5, 9, 9, 5]);
  });

  it("the backend's readback on the data topic is drawn as a separate overlay with the backend's geometry and units", async () => {
    const job = core.jobs.currentJob(WF)!;
    const readbackLayer = core.plots.topology().grids.flatMap((g) => g.cells).flatMap((c) => c.layers).find((l) => l.config.plotter === 'rectangles_readback')!;
    expect(readbackLayer).toBeDefined();
    // What a detector service echoes: its applied geometry (here clipped to the detector) in metres.
    const model = { rectangles: [{ index: 0, x: [0.01, 0.05] as [number, number], y: [0.005, 0.02] as [number, number] }], polygons: [], xUnit: 'm', yUnit: 'm' };
    const sourceName = formatResultKey({ workflowId: { instrument: 'dummy', name: 'panel_0_xy', version: 1 }, jobId: { sourceName: 'panel_0', jobNumber: job }, outputName: 'roi_rectangle' });
    const value = Buffer.from(encodeDa00({ sourceName, timestamp: 1n, variables: [...roiVariables('rectangle', model), makeVariable('time', new BigInt64Array([1755763200000000000n]), { unit: 'ns' })] }));
    await producer.send({ topic: T.data, messages: [{ value }] });
    const plot = await until('readback drawn', () => {
      const p = core.layers.get(readbackLayer.id)?.plot as RoiPlotState | null | undefined;
      return p && p.shapes.length === 1 ? p : undefined;
    });
    expect(plot).toMatchObject({ kind: 'roi', role: 'readback', geometry: 'rectangle', xUnit: 'm', yUnit: 'm' });
    expect(plot.shapes).toEqual([{ index: 0, x: [0.01, 0.05], y: [0.005, 0.02] }]);
  });
});
