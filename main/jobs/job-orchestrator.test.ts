import { describe, expect, it } from 'vitest';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { NotificationQueue } from '../sessions/notification-queue';
import { JobOrchestrator, PENDING_COMMAND_TIMEOUT_MS, STOP_REISSUE_MS, type ObservedJobStatus, type OutgoingCommand } from './job-orchestrator';

const WF = 'dummy/monitor_histogram/1';

function setup() {
  let t = 1_000_000;
  const sent: OutgoingCommand[] = [];
  const events: string[] = [];
  const notifications = new NotificationQueue();
  const jobs = new JobOrchestrator(dummyInstrument, async (c) => void sent.push(c), notifications, {
    cleared: (wf) => events.push(`cleared ${wf}`),
    started: (wf) => events.push(`started ${wf}`),
    stopped: (wf) => events.push(`stopped ${wf}`),
  }, silentLogger(), () => t);
  // The device-confirmation rule has its own tests (workflow-configs.test.ts); these are about the job life cycle.
  jobs.configs.setConfirmDeviceActions(false);
  const status = (source: string, jobNumber: string, state = 'active'): ObservedJobStatus => ({
    state, warning: null, error: state === 'error' ? 'bad' : null, jobId: { sourceName: source, jobNumber }, workflowId: WF, startTime: 1755763200000000123n,
  });
  return { jobs, sent, events, notifications, status, advance: (ms: number) => (t += ms) };
}

describe('job orchestrator', () => {
  it('start sends one WorkflowConfig per source with one job number and one message id, and flips the generation first', async () => {
    const { jobs, sent, events } = setup();
    await jobs.start(WF);
    const configs = sent.filter((c) => c.kind === 'workflow_config');
    expect(configs.map((c) => c.jobId.sourceName)).toEqual(['monitor1', 'monitor2']);
    expect(new Set(configs.map((c) => c.jobId.jobNumber)).size).toBe(1);
    expect(new Set(configs.map((c) => c.messageId)).size).toBe(1);
    expect(jobs.isCurrent(WF, configs[0].jobId.jobNumber)).toBe(true);
    expect(events).toEqual([`cleared ${WF}`, `started ${WF}`]);
  });

  it('restart stops the previous generation; its data is no longer current', async () => {
    const { jobs, sent } = setup();
    await jobs.start(WF);
    const first = jobs.currentJob(WF)!;
    await jobs.start(WF);
    expect(jobs.isCurrent(WF, first)).toBe(false);
    const stops = sent.filter((c) => c.kind === 'job_command' && c.action === 'stop');
    expect(stops.map((c) => c.kind === 'job_command' && c.jobId.jobNumber)).toEqual([first, first]);
  });

  it('acknowledgements produce one summary notification per command', async () => {
    const { jobs, sent, notifications } = setup();
    await jobs.start(WF);
    const { messageId } = sent[0];
    jobs.onAcknowledgement({ messageId, device: 'monitor1', response: 'ACK', message: null });
    expect(notifications.all()).toHaveLength(0); // waits for every source
    jobs.onAcknowledgement({ messageId, device: 'monitor2', response: 'ERR', message: 'no such detector' });
    expect(notifications.all().map((n) => [n.level, n.message])).toEqual([
      ['success', "Started 1/2 jobs for 'Beam monitor'"],
      ['error', "Failed to start 1/2 jobs for 'Beam monitor': monitor2: no such detector"],
    ]);
    jobs.onAcknowledgement({ messageId: 'someone-else', device: 'x', response: 'ACK', message: null }); // ignored
    expect(notifications.all()).toHaveLength(2);
  });

  it('a command without answer times out after 30 s with an error notification', async () => {
    const { jobs, notifications, advance } = setup();
    await jobs.start(WF);
    expect(jobs.snapshot().workflows.find((w) => w.id === WF)?.pendingCommand).toBe('start');
    advance(PENDING_COMMAND_TIMEOUT_MS - 1);
    jobs.tick();
    expect(notifications.all()).toHaveLength(0);
    advance(1);
    jobs.tick();
    expect(notifications.all()[0].message).toMatch(/no response from backend \(timed out after 30s\)/);
    expect(jobs.snapshot().workflows.find((w) => w.id === WF)?.pendingCommand).toBeNull();
  });

  it('workflow status: PENDING until a heartbeat, then ACTIVE, ERROR when a source errs, STOPPED after stop', async () => {
    const { jobs, status } = setup();
    const wf = () => jobs.snapshot().workflows.find((w) => w.id === WF)!;
    expect(wf().status).toBe('STOPPED');
    await jobs.start(WF);
    expect(wf().status).toBe('PENDING');
    const job = jobs.currentJob(WF)!;
    jobs.onJobStatus(status('monitor1', job));
    expect(wf().status).toBe('ACTIVE');
    expect(wf().startedAtMs).toBe(1755763200000);
    jobs.onJobStatus(status('monitor2', job, 'error'));
    expect(wf().status).toBe('ERROR');
    await jobs.stop(WF);
    expect(wf().status).toBe('STOPPED');
  });

  it('adopts a running job it did not start, but never the one it just stopped', async () => {
    const { jobs, status, notifications, events } = setup();
    jobs.onJobStatus(status('monitor1', 'found-running'));
    expect(jobs.currentJob(WF)).toBe('found-running');
    expect(notifications.all()[0].message).toMatch(/Adopted/);
    await jobs.stop(WF);
    jobs.onJobStatus(status('monitor1', 'found-running')); // a heartbeat still in flight
    expect(jobs.currentJob(WF)).toBeNull();
    expect(events.filter((e) => e.startsWith('started'))).toHaveLength(1);
  });

  it('forgets finished jobs: status records and retired job numbers do not grow with every restart', async () => {
    const { jobs, status, advance } = setup();
    for (let i = 0; i < 50; i++) {
      await jobs.start(WF);
      const job = jobs.currentJob(WF)!;
      jobs.onJobStatus(status('monitor1', job));
      jobs.onJobStatus(status('monitor2', job));
      advance(15 * 60_000);
      jobs.tick();
    }
    expect(jobs['statuses'].size).toBeLessThanOrEqual(2); // the current job's sources
    expect(jobs['retired'].size).toBeLessThanOrEqual(1);
    expect(jobs.snapshot().workflows.find((w) => w.id === WF)?.startedAtMs).toBe(1755763200000);
  });

  it('a stopped job that keeps heartbeating is never adopted again, however long it runs', async () => {
    const { jobs, status, advance } = setup();
    jobs.onJobStatus(status('monitor1', 'stubborn'));
    await jobs.stop(WF);
    for (let s = 0; s < 30 * 60; s += 5) {
      advance(5000);
      jobs.onJobStatus(status('monitor1', 'stubborn')); // the backend ignored our stop
      jobs.tick();
    }
    expect(jobs.currentJob(WF)).toBeNull();
  });

  it('when every job of the current generation reports stopped (backend shut down), the workflow is deactivated without commands', async () => {
    const { jobs, sent, events, status } = setup();
    await jobs.start(WF);
    const job = jobs.currentJob(WF)!;
    jobs.onJobStatus(status('monitor1', job));
    jobs.onJobStatus(status('monitor2', job));
    const commands = sent.length;
    jobs.onJobStatus(status('monitor1', job, 'stopped'));
    expect(jobs.currentJob(WF)).toBe(job); // only some stopped: stays active
    jobs.onJobStatus(status('monitor2', job, 'stopped'));
    expect(jobs.currentJob(WF)).toBeNull();
    expect(events.at(-1)).toBe(`stopped ${WF}`);
    expect(sent.length).toBe(commands);
    jobs.onJobStatus(status('monitor1', 'started-by-nicos')); // a job started elsewhere afterwards is adopted
    expect(jobs.currentJob(WF)).toBe('started-by-nicos');
  });

  it('keeps at most 3 inactive workers per service (restarted workers get new ids)', () => {
    const { jobs, advance } = setup();
    const service = (workerId: string, state = 'running') => ({ serviceId: `dummy:monitor_data:${workerId}`, instrument: 'dummy', serviceName: 'monitor_data', workerId, state, activeJobCount: 1, error: null });
    for (let i = 0; i < 20; i++) {
      jobs.onServiceStatus(service(`w${i}`, i % 2 ? 'stopped' : 'running'));
      advance(60_000); // the worker is gone (stale, or stopped)
      jobs.tick();
    }
    jobs.onServiceStatus(service('alive'));
    jobs.tick();
    const views = jobs.snapshot().services;
    expect(views.map((s) => s.workerId).sort()).toEqual(['alive', 'w17', 'w18', 'w19']);
  });

  it('ignores heartbeats of workflows it does not know', () => {
    const { jobs } = setup();
    const v = jobs.jobsVersion;
    jobs.onJobStatus({ state: 'active', warning: null, error: null, jobId: { sourceName: 's', jobNumber: 'j' }, workflowId: 'other/thing/1', startTime: null });
    expect(jobs.jobsVersion).toBe(v);
  });

  it('refuses reset for workflows that do not support it', async () => {
    const { jobs } = setup();
    await jobs.start('dummy/timeseries_data/1');
    await expect(jobs.reset('dummy/timeseries_data/1')).rejects.toThrow(/does not support reset/);
  });
});

describe('job orchestrator when commands cannot be sent', () => {
  it('a start that reaches no source is rolled back: one error toast, workflow STOPPED, no timeout later', async () => {
    let t = 0;
    const notifications = new NotificationQueue();
    const events: string[] = [];
    const jobs = new JobOrchestrator(dummyInstrument, async () => {
      throw new Error('broker unreachable');
    }, notifications, { cleared: () => undefined, started: (wf) => events.push(`started ${wf}`), stopped: (wf) => events.push(`stopped ${wf}`) }, silentLogger(), () => t);
    await jobs.start(WF);
    expect(notifications.all().map((n) => n.message)).toEqual(["Could not send the start of 'Beam monitor' for 2/2 sources: broker unreachable"]);
    expect(jobs.currentJob(WF)).toBeNull();
    expect(events).toEqual([`started ${WF}`, `stopped ${WF}`]);
    expect(jobs.snapshot().workflows.find((w) => w.id === WF)).toMatchObject({ status: 'STOPPED', pendingCommand: null });
    t += PENDING_COMMAND_TIMEOUT_MS + 1;
    jobs.tick();
    expect(notifications.all()).toHaveLength(1);
  });
});

describe('job orchestrator reconciliation', () => {
  const stopsFor = (sent: OutgoingCommand[], jobNumber: string) =>
    sent.filter((c) => c.kind === 'job_command' && c.action === 'stop' && c.jobId.jobNumber === jobNumber);

  it('a stopped job that keeps heartbeating gets its stop re-issued, at most every 30 s', async () => {
    const { jobs, sent, status, advance } = setup();
    await jobs.start(WF);
    const job = jobs.currentJob(WF)!;
    await jobs.stop(WF);
    expect(stopsFor(sent, job)).toHaveLength(2); // one per source
    jobs.onJobStatus(status('monitor1', job)); // in flight right after the stop: no new stop
    expect(stopsFor(sent, job)).toHaveLength(2);
    advance(STOP_REISSUE_MS);
    jobs.onJobStatus(status('monitor1', job)); // still running 30 s later: the stop was lost
    jobs.onJobStatus(status('monitor1', job));
    expect(stopsFor(sent, job)).toHaveLength(3);
    expect(jobs.currentJob(WF)).toBeNull(); // and it is never adopted
  });

  it('a job of a known workflow that is not the current generation is stopped', async () => {
    const { jobs, sent, status } = setup();
    await jobs.start(WF);
    jobs.onJobStatus(status('monitor2', 'stray-job'));
    expect(stopsFor(sent, 'stray-job').map((c) => c.kind === 'job_command' && c.jobId.sourceName)).toEqual(['monitor2']);
    jobs.onJobStatus(status('monitor2', 'stray-job', 'stopped')); // a stopped one needs nothing
    expect(stopsFor(sent, 'stray-job')).toHaveLength(1);
  });

  it('the current generation is never stopped by reconciliation', async () => {
    const { jobs, sent, status } = setup();
    await jobs.start(WF);
    const job = jobs.currentJob(WF)!;
    jobs.onJobStatus(status('monitor1', job));
    jobs.onJobStatus(status('monitor2', job));
    expect(stopsFor(sent, job)).toHaveLength(0);
  });
});
