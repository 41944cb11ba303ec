// Restarting the core while the backend keeps its jobs running: the committed config was
// persisted in workflow_configs.yaml, so the next core re-attaches to the very same jobs (no
// new commands), labels them with their recorded params, and the plots resume.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptySeen } from '../../shared/session-api';
import type { JsonObject } from '../../shared/json';
import { Core } from '../../main/app/core';
import { FakeBackendTransport } from '../../main/fake/fake-backend';
import { dummyInstrument } from '../../main/instruments/dummy';
import { silentLogger } from '../../main/logging/logger';
import type { Transport } from '../../main/transport/transport';
import { until } from '../support/wait';

const WF = 'dummy/monitor_histogram/1';
const ctx = { sessionId: 's-test', client: 'browser' };
const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reattach-'));
const logger = silentLogger();
// One demo backend for both cores: it lives on when a core stops, as real services do.
const backend = new FakeBackendTransport(dummyInstrument, logger, { updateIntervalMs: 100 });

/** The backend as a core sees it; stopping the core leaves the backend (and its jobs) running. */
function survivingBackend(): Transport {
  return new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop === 'stop') return async () => undefined;
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const monitorLayer = (core: Core) => [...core.layers.all()].find((l) => l.config.workflowId === WF && l.config.outputName === 'current')!;
const binsOf = (core: Core, source: string): number | null => {
  const plot = monitorLayer(core).plot;
  if (!plot || plot.kind !== 'line') return null;
  const s = plot.series.find((x) => x.name.includes(source));
  return s ? s.y.length : null;
};

let cores: Core[] = [];
afterAll(async () => {
  for (const c of cores) await c.stop();
  await backend.stop();
  fs.rmSync(configDir, { recursive: true, force: true });
});

describe('restart re-attach', () => {
  it('a restarted core re-attaches to the jobs the backend kept running and the plots resume', async () => {
    const a = new Core({ instrument: dummyInstrument, transport: survivingBackend(), logger, autoStart: false, configDir });
    cores.push(a);
    await a.start();
    const defaults = structuredClone(dummyInstrument.workflows.find((w) => w.id.name === 'monitor_histogram')!.params);
    const params: JsonObject = { ...defaults, toa_edges: { ...(defaults.toa_edges as JsonObject), num_bins: 37 } };
    await a.router.command({ type: 'workflow.stage', workflowId: WF, sources: ['monitor1', 'monitor2'], params, auxSourceNames: {}, remove: [] }, ctx);
    await a.router.command({ type: 'workflow.commit', workflowId: WF, confirmedDevices: [] }, ctx);
    const job = a.jobs.currentJob(WF)!;
    await until('ACTIVE', () => a.jobs.snapshot().workflows.find((w) => w.id === WF)?.status === 'ACTIVE', 20_000);
    await until('plots with 37 bins', () => binsOf(a, 'monitor1') === 37, 20_000);
    await a.stop();
    cores = cores.filter((c) => c !== a);
    const configsSent = backend.receivedCommands().filter((c) => c.kind === 'workflow_config').length;
    expect(backend.runningJobs().filter((j) => j.jobId.jobNumber === job)).toHaveLength(2);

    const b = new Core({ instrument: dummyInstrument, transport: survivingBackend(), logger, autoStart: false, configDir });
    cores.push(b);
    const session = await b.gateway.open({ client: 'browser' });
    await b.start();
    await until('re-attached', () => b.jobs.currentJob(WF) === job, 20_000);
    await until('ACTIVE again', () => b.jobs.snapshot().workflows.find((w) => w.id === WF)?.status === 'ACTIVE', 20_000);
    await until('plots resume with the recorded binning', () => binsOf(b, 'monitor1') === 37 && monitorLayer(b).snapshot.state === 'READY', 20_000);
    // Nothing was sent: the same jobs, recognised by their recorded job number.
    expect(backend.receivedCommands().filter((c) => c.kind === 'workflow_config')).toHaveLength(configsSent);
    const view = b.jobs.configs.view().workflows[WF];
    expect(view.adoptedWithoutRecord).toBe(false);
    expect(view.committed?.jobNumber).toBe(job);
    expect((view.committed?.jobs.monitor1.params.toa_edges as { num_bins: number }).num_bins).toBe(37);
    const poll = await b.gateway.poll({ sessionId: session.sessionId, seen: { ...emptySeen(), cursor: session.cursor } });
    expect(poll.notifications.map((n) => n.message)).toContain("Re-attached running job of 'Beam monitor' (monitor1, monitor2)");
    expect(poll.notifications.map((n) => n.message).filter((m) => m.startsWith('Adopted'))).toEqual([]);
  }, 90_000);
});
