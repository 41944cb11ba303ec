import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptySeen, type Seen } from '../../shared/session-api';
import type { PollResult } from '../../shared/protocol';

const apply = (seen: Seen, r: PollResult, shown: string[]): Seen => ({ ...advanceSeen(seen, r), shown });
import { decodeCommand, encodeAcknowledgement, encodeDa00, encodeJobHeartbeat, formatResultKey, makeVariable, type WorkflowConfig } from '../../shared/wire';
import { ScriptedTransport } from '../../test/support/scripted-transport';
import { FakeBackendTransport } from '../fake/fake-backend';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { Core } from './core';
import { advanceSeen } from '../../shared/seen';
import { until } from '../../test/support/wait';

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

describe('core with the demo backend', () => {
  it('first start: default layout, workflows auto-started, every plot of the layout goes READY, layout saved', async () => {
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-'));
    const logger = silentLogger();
    const core = new Core({ instrument: dummyInstrument, transport: new FakeBackendTransport(dummyInstrument, logger, { updateIntervalMs: 100 }), logger, autoStart: true, configDir });
    cores.push(core);
    await core.start();
    const s = await core.gateway.open({ client: 'browser' });
    const layerIds = s.topology!.grids.flatMap((g) => g.cells.flatMap((c) => c.layers.map((l) => l.id)));
    expect(s.topology!.grids.map((g) => g.title)).toEqual(['Detectors', 'Monitors']);
    let seen = apply({ ...emptySeen(), cursor: s.cursor }, s, layerIds);
    const states = new Map(s.layers.map((l) => [l.layerId, l.state]));
    await until('all layers READY', async () => {
      const r = await core.gateway.poll({ sessionId: s.sessionId, seen });
      seen = apply(seen, r, layerIds);
      for (const l of r.layers) states.set(l.layerId, l.state);
      return layerIds.every((id) => states.get(id) === 'READY');
    });
    const image = [...core.layers.all()].find((l) => l.plot?.kind === 'image')!.plot!;
    expect(image.kind === 'image' && [image.width, image.height]).toEqual([128, 128]);
    expect(fs.existsSync(path.join(configDir, 'dummy', 'layout.yaml'))).toBe(true);
  });

  it('stop: ACK from the backend becomes one success toast for every session; plots keep data and show STOPPED', async () => {
    const logger = silentLogger();
    const core = new Core({ instrument: dummyInstrument, transport: new FakeBackendTransport(dummyInstrument, logger, { updateIntervalMs: 100 }), logger, autoStart: true, configDir: null });
    cores.push(core);
    await core.start();
    const a = await core.gateway.open({ client: 'browser' });
    const b = await core.gateway.open({ client: 'electron' });
    const wf = 'dummy/monitor_histogram/1';
    const monitorLayers = [...core.layers.all()].filter((l) => l.config.workflowId === wf);
    await until('monitor plots', () => monitorLayers.every((l) => l.snapshot.state === 'READY'));
    // The monitors feed instrument devices: a stop names them as confirmed (main/jobs/workflow-configs.ts rule).
    await core.gateway.command({ sessionId: a.sessionId, command: { type: 'workflow.stop', workflowId: wf, confirmedDevices: ['monitor1_counts_total', 'monitor2_counts_total'] } });
    const toast = "Stopped 2/2 jobs for 'Beam monitor'";
    for (const s of [a, b]) {
      const seen = { ...emptySeen(), cursor: s.cursor };
      const r = await until('stop toast', async () => {
        const r = await core.gateway.poll({ sessionId: s.sessionId, seen });
        return r.notifications.some((n) => n.message === toast) && r;
      });
      expect(r.notifications.filter((n) => n.message === toast)).toHaveLength(1);
    }
    expect(monitorLayers.every((l) => l.snapshot.state === 'STOPPED' && l.plot !== null)).toBe(true);
  });

  it('a corrupt layout file is moved aside with an error notification and the default layout is used', async () => {
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-'));
    fs.mkdirSync(path.join(configDir, 'dummy'));
    fs.writeFileSync(path.join(configDir, 'dummy', 'layout.yaml'), 'grids: {oops');
    const logger = silentLogger();
    const core = new Core({ instrument: dummyInstrument, transport: new ScriptedTransport(), logger, autoStart: false, configDir });
    cores.push(core);
    await core.start();
    expect(core.notifications.all().some((n) => n.level === 'error' && /Layout file was unusable/.test(n.message))).toBe(true);
    expect(core.plots.topology().grids.length).toBe(2);
    expect(fs.readdirSync(path.join(configDir, 'dummy')).some((f) => f.startsWith('layout.yaml.corrupt-'))).toBe(true);
  });
});

describe('connection notices', () => {
  it('a flapping connection does not flood sessions with toasts; a state that holds is announced once', async () => {
    const transport = new ScriptedTransport();
    const logger = silentLogger();
    const core = new Core({ instrument: dummyInstrument, transport, logger, autoStart: false, configDir: null });
    cores.push(core);
    await core.start();
    const notices = () => core.notifications.all().filter((n) => n.message.startsWith('Connection'));
    const set = (state: 'connected' | 'reconnecting') => (transport.healthState = { state, since: Date.now(), detail: state === 'reconnecting' ? 'ECONNREFUSED' : null });
    // Ten short drops, 100 ms each: visible in the status bar, but no toast.
    for (let i = 0; i < 10; i++) {
      set('reconnecting');
      await new Promise((r) => setTimeout(r, 100));
      set('connected');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(notices()).toEqual([]);
    // A real outage is announced once, and so is the recovery.
    set('reconnecting');
    await until('outage notice', () => notices().length === 1, 5000);
    expect(notices()[0]).toMatchObject({ level: 'warning' });
    expect(notices()[0].message).toMatch(/reconnecting \(ECONNREFUSED\)/);
    set('connected');
    await until('recovery notice', () => notices().length === 2, 5000);
    expect(notices()[1].level).toBe('success');
  });
});

describe('pump: wire messages through the core', () => {
  async function started() {
    const transport = new ScriptedTransport();
    const logger = silentLogger();
    const core = new Core({ instrument: dummyInstrument, transport, logger, autoStart: false, configDir: null });
    cores.push(core);
    await core.start();
    await core.jobs.start('dummy/monitor_histogram/1');
    const configs = transport.sent.map((m) => decodeCommand(m.value)).filter((c): c is WorkflowConfig => c.kind === 'workflow_config');
    return { core, transport, configs, jobNumber: configs[0].jobId.jobNumber };
  }

  function histogramMessage(jobNumber: string, source: string, values: number[]): Uint8Array {
    const sourceName = formatResultKey({ workflowId: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, jobId: { sourceName: source, jobNumber }, outputName: 'current' });
    const edges = new Float64Array(values.length + 1).map((_, i) => i);
    return encodeDa00({ sourceName, timestamp: 0n, variables: [
      makeVariable('signal', new Float64Array(values), { axes: ['time_of_arrival'], unit: 'counts', label: 'Histogram update' }),
      makeVariable('time_of_arrival', edges, { axes: ['time_of_arrival'], unit: 'ms' }),
      makeVariable('time', new BigInt64Array([1755763200000000123n]), { unit: 'ns' }),
    ] });
  }

  const layer = (core: Core) => [...core.layers.all()].find((l) => l.config.workflowId === 'dummy/monitor_histogram/1' && l.config.outputName === 'current')!;

  it('a heartbeat and data for the started job make the layer READY with the values sent', async () => {
    const { core, transport, jobNumber } = await started();
    transport.push('heartbeat', encodeJobHeartbeat({ jobId: { sourceName: 'monitor1', jobNumber }, workflowId: 'dummy/monitor_histogram/1', state: 'active', startTime: 1n, endTime: 2n }));
    transport.push('data', histogramMessage(jobNumber, 'monitor1', [3, 1, 4, 1, 5]));
    await until('READY', () => layer(core).snapshot.state === 'READY');
    const plot = layer(core).plot!;
    expect(plot.kind === 'line' && Array.from(plot.series[0].y)).toEqual([3, 1, 4, 1, 5]);
    expect(plot.endTime).toBe('1755763200000000123');
    expect(core.jobs.snapshot().workflows.find((w) => w.id === 'dummy/monitor_histogram/1')?.status).toBe('ACTIVE');
  });

  it('drops data of a job number that is not current', async () => {
    const { core, transport } = await started();
    transport.push('data', histogramMessage('00000000-0000-0000-0000-000000000000', 'monitor1', [9, 9]));
    await until('consumed', () => core.pump.staleDropped === 1);
    expect(layer(core).snapshot.state).toBe('WAITING_FOR_DATA');
    expect(layer(core).plot).toBeNull();
  });

  it('an ERR acknowledgement becomes an error notification', async () => {
    const { core, transport, configs } = await started();
    for (const c of configs) {
      transport.push('responses', encodeAcknowledgement({ messageId: c.messageId, device: c.jobId.sourceName, response: c.jobId.sourceName === 'monitor2' ? 'ERR' : 'ACK', message: c.jobId.sourceName === 'monitor2' ? 'detector offline' : null }));
    }
    await until('notifications', () => core.notifications.all().length >= 2);
    expect(core.notifications.all().map((n) => n.message)).toEqual([
      "Started 1/2 jobs for 'Beam monitor'",
      "Failed to start 1/2 jobs for 'Beam monitor': monitor2: detector offline",
    ]);
  });

  it('1000 malformed messages interleaved with valid ones: every valid one processed, every bad one counted, no crash', async () => {
    const { core, transport, jobNumber } = await started();
    const junk = [new Uint8Array([1, 2, 3]), new TextEncoder().encode('{"not":"da00"}'), new Uint8Array(64).fill(255)];
    for (let i = 0; i < 1000; i++) {
      transport.push('data', junk[i % 3]);
      transport.push('data', histogramMessage(jobNumber, 'monitor1', [i, i + 1]));
      if (i % 10 === 0) transport.push('heartbeat', new Uint8Array([0, 0, 0, 0, 120, 53, 102, 50])); // "x5f2" id, nothing else
    }
    await until('all consumed', () => layer(core).dataVersion >= 1 && core.stats.view().find((t) => t.role === 'data')!.messages === 2000, 20_000);
    const dataStats = core.stats.view().find((t) => t.role === 'data')!;
    expect(dataStats.errors).toBe(1000);
    expect(core.stats.view().find((t) => t.role === 'heartbeat')!.errors).toBe(100);
    const plot = layer(core).plot!;
    expect(plot.kind === 'line' && Array.from(plot.series[0].y)).toEqual([999, 1000]); // the last valid one
  });

  it('accepts a ~100 MB data message', async () => {
    const { core, transport, jobNumber } = await started();
    const n = 12_500_000; // float64: 100 MB
    const big = new Float64Array(n);
    big[n - 1] = 42;
    const sourceName = formatResultKey({ workflowId: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, jobId: { sourceName: 'monitor1', jobNumber }, outputName: 'current' });
    transport.push('data', encodeDa00({ sourceName, timestamp: 0n, variables: [makeVariable('signal', big, { axes: ['time_of_arrival'], unit: 'counts' })] }));
    await until('READY', () => layer(core).snapshot.state === 'READY', 20_000);
    const plot = layer(core).plot!;
    // Stored whole; decimated once for display, the peak at the very end kept.
    expect(core.data.get({ workflowId: 'dummy/monitor_histogram/1', sourceName: 'monitor1', outputName: 'current' })?.value.signal.shape).toEqual([n]);
    if (plot.kind !== 'line') throw new Error('not a line');
    expect(plot.series[0].y.length).toBeLessThan(10_000);
    expect(plot.series[0].y[plot.series[0].y.length - 1]).toBe(42);
  });
});
