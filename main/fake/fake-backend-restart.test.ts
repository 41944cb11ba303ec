// A core restarted on the same demo backend (tests restart the core) finds the jobs still
// running: their heartbeats and data reach the new core without a new start.
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../test/support/wait';
import { Core } from '../app/core';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { FakeBackendTransport } from './fake-backend';

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

describe('demo backend across a core restart', () => {
  it('keeps its jobs: the new core receives their data and the backend got no new start', async () => {
    const logger = silentLogger();
    const backend = new FakeBackendTransport(dummyInstrument, logger, { updateIntervalMs: 100 });
    const first = new Core({ instrument: dummyInstrument, transport: backend, logger, autoStart: true, configDir: null });
    cores.push(first);
    await first.start();
    await until('jobs running', () => backend.runningJobs().some((j) => j.workflowId === 'dummy/monitor_histogram/1'));
    const jobsBefore = backend.runningJobs().map((j) => `${j.jobId.sourceName}/${j.jobId.jobNumber}`).sort();
    const configsBefore = backend.receivedCommands().filter((c) => c.kind === 'workflow_config').length;
    await first.stop();
    cores.splice(0);

    const second = new Core({ instrument: dummyInstrument, transport: backend, logger, autoStart: false, configDir: null });
    cores.push(second);
    await second.start();
    const job = backend.runningJobs().find((j) => j.workflowId === 'dummy/monitor_histogram/1')!;
    const key = { workflowId: 'dummy/monitor_histogram/1', sourceName: job.jobId.sourceName, outputName: 'current' };
    await until('data in the new core', () => second.data.get(key) !== undefined);
    expect(backend.runningJobs().map((j) => `${j.jobId.sourceName}/${j.jobId.jobNumber}`).sort()).toEqual(jobsBefore);
    expect(backend.receivedCommands().filter((c) => c.kind === 'workflow_config').length).toBe(configsBefore);
  });
});
