import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigFile } from '../config/config-file';
import { silentLogger } from '../logging/logger';
import { NotificationQueue } from '../sessions/notification-queue';
import { CommandRefused } from '../sessions/command-router';
import { JobOrchestrator, PENDING_COMMAND_TIMEOUT_MS, RESTORE_GRACE_MS, type OutgoingCommand } from './job-orchestrator';
import { WorkflowConfigs, WorkflowConfigsFileSchema } from './workflow-configs';
import { TEST_WF, testInstrument } from './test-instrument';

const BY = { client: 'browser', sessionId: 's1' };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmpFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfcfg-'));
  dirs.push(dir);
  return path.join(dir, 'test', 'workflow_configs.yaml');
}

function setup(file: string | null = null, opts: { health?: () => string | null } = {}) {
  let t = 1_000_000;
  const sent: OutgoingCommand[] = [];
  const notifications = new NotificationQueue();
  const configs = new WorkflowConfigs(testInstrument, file ? new ConfigFile(file, WorkflowConfigsFileSchema) : null, silentLogger(), () => t);
  const loadProblems = configs.load();
  let failSend = false;
  const jobs = new JobOrchestrator(testInstrument, async (c) => {
    if (failSend) throw new Error('broker down');
    sent.push(c);
  }, notifications, { cleared: () => undefined, started: () => undefined, stopped: () => undefined }, silentLogger(), () => t, { configs, canSend: opts.health });
  const view = () => configs.view().workflows[TEST_WF];
  const wf = () => jobs.snapshot().workflows.find((w) => w.id === TEST_WF)!;
  const heartbeat = (source: string, jobNumber: string, state = 'active') =>
    jobs.onJobStatus({ state, warning: null, error: null, jobId: { sourceName: source, jobNumber }, workflowId: TEST_WF, startTime: 1n });
  return { jobs, configs, sent, notifications, view, wf, heartbeat, loadProblems, advance: (ms: number) => (t += ms), failSends: (v: boolean) => (failSend = v) };
}

const params = (numBins: number, start = 0) => ({ mode: { mode: 'toa' }, toa_edges: { start, stop: 70, num_bins: numBins, unit: 'ms' } });

describe('workflow configs: staging', () => {
  it('starts with the defaults staged for every source, nothing changed', () => {
    const { view } = setup();
    const v = view();
    expect(Object.keys(v.staged)).toEqual(['a', 'b', 'c']);
    expect(v.staged.a.params).toEqual(params(100));
    expect(v.staged.a.auxSourceNames).toEqual({ roi: 'roi_rectangle' });
    expect(v.changed).toBe(false);
    expect(v.groups).toHaveLength(1);
    expect(v.groups[0]).toMatchObject({ sources: ['a', 'b', 'c'], modified: false });
  });

  it('stage sets one config for the chosen sources and drops removed ones; groups mark the change', () => {
    const { configs, view } = setup();
    configs.stage(TEST_WF, ['b'], params(50), { roi: 'roi_polygon' }, ['c'], BY);
    const v = view();
    expect(Object.keys(v.staged)).toEqual(['a', 'b']);
    expect(v.staged.b).toEqual({ params: params(50), auxSourceNames: { roi: 'roi_polygon' } });
    expect(v.unstaged).toEqual(['c']);
    expect(v.changed).toBe(true);
    expect(v.stagedBy).toMatchObject({ client: 'browser', sessionId: 's1' });
    expect(v.groups.map((g) => [g.sources, g.modified])).toEqual([[['a'], false], [['b'], true]]);
  });

  it('validates in main: every problem with its path, nothing staged', () => {
    const { configs, view } = setup();
    const before = configs.view().version;
    expect(() => configs.stage(TEST_WF, ['a'], params(0, 80), {}, [], BY)).toThrow(CommandRefused);
    try {
      configs.stage(TEST_WF, ['a'], params(0, 80), {}, [], BY);
    } catch (err) {
      expect((err as Error).message).toBe('Invalid parameters for Histogram: toa_edges.num_bins: must be ≥ 1; toa_edges.stop: start must be below stop');
    }
    expect(() => configs.stage(TEST_WF, ['zz'], params(5), {}, [], BY)).toThrow(/has no source 'zz'/);
    expect(() => configs.stage(TEST_WF, ['a'], params(5), { roi: 'nope' }, [], BY)).toThrow(/'nope' is not a choice for ROI stream/);
    expect(() => configs.stage(TEST_WF, ['a'], params(5), { other: 'x' }, [], BY)).toThrow(/no aux-source slot 'other'/);
    expect(view().changed).toBe(false);
    expect(configs.view().version).toBe(before);
  });

  it('unstage discards the change: back to what runs, or the defaults', async () => {
    const { configs, jobs, view } = setup();
    configs.stage(TEST_WF, ['a', 'b', 'c'], params(10), {}, [], BY);
    await jobs.commit(TEST_WF, ['a_counts_total']);
    configs.stage(TEST_WF, ['a'], params(20), {}, ['b'], BY);
    expect(view().changed).toBe(true);
    configs.unstage(TEST_WF);
    expect(view().changed).toBe(false);
    expect(view().staged.a.params).toEqual(params(10));
    expect(Object.keys(view().staged)).toEqual(['a', 'b', 'c']);
  });
});

describe('workflow configs: commit', () => {
  it('stops the old job numbers, then one config per staged source with a fresh job number and its params', async () => {
    const { configs, jobs, sent, view } = setup();
    configs.setConfirmDeviceActions(false);
    await jobs.commit(TEST_WF);
    const first = jobs.currentJob(TEST_WF)!;
    sent.length = 0;
    configs.stage(TEST_WF, ['a'], params(7), { roi: 'roi_polygon' }, ['c'], BY);
    await jobs.commit(TEST_WF);
    const second = jobs.currentJob(TEST_WF)!;
    expect(second).not.toBe(first);
    const stops = sent.filter((c) => c.kind === 'job_command');
    expect(stops.map((c) => c.kind === 'job_command' && [c.jobId.sourceName, c.jobId.jobNumber, c.action])).toEqual([
      ['a', first, 'stop'], ['b', first, 'stop'], ['c', first, 'stop'],
    ]);
    const starts = sent.filter((c) => c.kind === 'workflow_config');
    expect(starts.map((c) => c.kind === 'workflow_config' && [c.jobId.sourceName, c.jobId.jobNumber, c.params, c.auxSourceNames])).toEqual([
      ['a', second, params(7), { roi: 'roi_polygon' }],
      ['b', second, params(100), { roi: 'roi_rectangle' }],
    ]);
    expect(view().committed).toEqual({ jobNumber: second, jobs: view().staged });
    expect(view().changed).toBe(false);
  });

  it('refuses a commit with no source staged', async () => {
    const { configs, jobs, sent } = setup();
    configs.stage(TEST_WF, [], params(7), {}, ['a', 'b', 'c'], BY);
    await expect(jobs.commit(TEST_WF)).rejects.toThrow(/no source is selected/);
    expect(sent).toHaveLength(0);
  });

  it('refuses at once, with the reason, when the data source cannot take commands', async () => {
    let reason: string | null = 'the data source is reconnecting (broker unreachable); commands cannot be sent';
    const { jobs, sent, wf, notifications } = setup(null, { health: () => reason });
    await expect(jobs.commit(TEST_WF)).rejects.toThrow("Cannot start 'Histogram': the data source is reconnecting (broker unreachable); commands cannot be sent");
    expect(sent).toHaveLength(0);
    expect(wf().status).toBe('STOPPED'); // never PENDING
    expect(notifications.all()).toHaveLength(0); // a refusal is for the asking session only
    reason = null;
    await jobs.commit(TEST_WF, ['a_counts_total']);
    expect(wf().status).toBe('PENDING');
  });
});

describe('a failed command returns the card to the true state', () => {
  it('a start nobody answered: one timeout notification, then STOPPED (not PENDING, not counted as running)', async () => {
    const { jobs, wf, notifications, advance } = setup();
    await jobs.commit(TEST_WF);
    expect(wf().status).toBe('PENDING');
    advance(PENDING_COMMAND_TIMEOUT_MS);
    jobs.tick();
    expect(notifications.all().map((n) => n.message)).toEqual(["Failed to start 3/3 jobs for 'Histogram': no response from backend (timed out after 30s)"]);
    expect(wf()).toMatchObject({ status: 'STOPPED', jobNumber: null, note: 'Start failed: no response from backend', pendingCommand: null });
  });

  it('a start every source refused (ERR): STOPPED with the reason', async () => {
    const { jobs, sent, wf, notifications } = setup();
    await jobs.commit(TEST_WF);
    const { messageId } = sent[0];
    for (const s of ['a', 'b', 'c']) jobs.onAcknowledgement({ messageId, device: s, response: 'ERR', message: 'bad params' });
    expect(notifications.all()).toHaveLength(1);
    expect(wf()).toMatchObject({ status: 'STOPPED', note: 'Start failed: refused by backend' });
  });

  it('a start with a heartbeat already seen is not rolled back by a late timeout', async () => {
    const { jobs, wf, heartbeat, advance } = setup();
    await jobs.commit(TEST_WF);
    heartbeat('a', jobs.currentJob(TEST_WF)!);
    advance(PENDING_COMMAND_TIMEOUT_MS);
    jobs.tick();
    expect(wf().status).toBe('ACTIVE');
  });

  it('job state wording as the reference', async () => {
    const { jobs, wf, heartbeat } = setup();
    await jobs.commit(TEST_WF);
    const job = jobs.currentJob(TEST_WF)!;
    heartbeat('a', job, 'scheduled');
    expect(wf().statusLabel).toBe('SCHEDULED');
    heartbeat('b', job, 'pending_context');
    expect(wf().statusLabel).toBe('WAITING FOR CONTEXT');
    heartbeat('a', job, 'stopped');
    heartbeat('b', job, 'stopped');
    heartbeat('c', job, 'stopped');
    expect(wf()).toMatchObject({ status: 'STOPPED', note: 'Backend shut down' });
  });
});

describe('device confirmation rule', () => {
  it('stop, reset and commit of a workflow feeding a device need that device confirmed; staging never does', async () => {
    const { configs, jobs, sent } = setup();
    await jobs.commit(TEST_WF); // not running yet: nothing to disrupt
    configs.stage(TEST_WF, ['b'], params(3), {}, [], BY);
    await expect(jobs.commit(TEST_WF)).rejects.toThrow("Confirmation needed: to restart with modified config 'Histogram' disrupts device(s) a_counts_total");
    await expect(jobs.stop(TEST_WF)).rejects.toThrow(/to stop 'Histogram' disrupts device\(s\) a_counts_total/);
    await expect(jobs.reset(TEST_WF, ['other'])).rejects.toThrow(/to reset/);
    const n = sent.length;
    await jobs.reset(TEST_WF, ['a_counts_total']);
    expect(sent.length).toBe(n + 3);
    await jobs.stop(TEST_WF, ['a_counts_total']);
    expect(jobs.currentJob(TEST_WF)).toBeNull();
  });

  it('no confirmation when the running sources feed no device, or when the setting is off', async () => {
    const { configs, jobs } = setup();
    configs.stage(TEST_WF, [], params(3), {}, ['a'], BY);
    await jobs.commit(TEST_WF);
    await jobs.stop(TEST_WF); // runs on b, c only
    configs.unstage(TEST_WF);
    configs.stage(TEST_WF, ['a'], params(3), {}, [], BY);
    await jobs.commit(TEST_WF);
    configs.setConfirmDeviceActions(false);
    expect(configs.view().confirmDeviceActions).toBe(false);
    await jobs.stop(TEST_WF);
    expect(jobs.currentJob(TEST_WF)).toBeNull();
  });
});

describe('persistence and re-attach', () => {
  it('persists on commit and on stop in the reference format; a restart restores staged and running records', async () => {
    const file = tmpFile();
    const a = setup(file);
    a.configs.setConfirmDeviceActions(false);
    a.configs.stage(TEST_WF, ['a', 'b'], params(42), { roi: 'roi_polygon' }, ['c'], BY);
    await a.jobs.commit(TEST_WF);
    const job = a.jobs.currentJob(TEST_WF)!;
    const onDisk = YAML.parse(fs.readFileSync(file, 'utf8'));
    expect(onDisk[TEST_WF].current_job).toEqual({
      job_number: job,
      jobs: { a: { params: params(42), aux_source_names: { roi: 'roi_polygon' } }, b: { params: params(42), aux_source_names: { roi: 'roi_polygon' } } },
    });
    expect(Object.keys(onDisk[TEST_WF].jobs)).toEqual(['a', 'b']);

    // Restart: the recorded job shows PENDING until its heartbeat, then re-attaches (not "adopted").
    const b = setup(file);
    expect(b.wf()).toMatchObject({ status: 'PENDING', jobNumber: job, activeSources: ['a', 'b'] });
    expect(b.view().staged.a.params).toEqual(params(42));
    expect(b.jobs.isCurrent(TEST_WF, job)).toBe(false); // only an observation admits data
    b.heartbeat('a', job);
    expect(b.jobs.isCurrent(TEST_WF, job)).toBe(true);
    expect(b.wf().status).toBe('ACTIVE');
    expect(b.notifications.all().map((n) => n.message)).toEqual(["Re-attached running job of 'Histogram' (a, b)"]);
    expect(b.view()).toMatchObject({ adoptedWithoutRecord: false, changed: false });
    expect(b.view().committed?.jobs.a.params).toEqual(params(42));

    // Stop (deactivation) removes the running record from the file, keeps the staged config.
    b.configs.setConfirmDeviceActions(false);
    await b.jobs.stop(TEST_WF);
    const after = YAML.parse(fs.readFileSync(file, 'utf8'));
    expect(after[TEST_WF].current_job).toBeUndefined();
    expect(after[TEST_WF].jobs.a.params).toEqual(params(42));
  });

  it('an unknown running job is still adopted (params unknown, no record written)', () => {
    const file = tmpFile();
    const { heartbeat, jobs, view, notifications } = setup(file);
    heartbeat('c', 'stranger');
    expect(jobs.currentJob(TEST_WF)).toBe('stranger');
    expect(view().adoptedWithoutRecord).toBe(true);
    expect(notifications.all()[0].message).toMatch(/Adopted running job/);
  });

  it('a recorded job never seen goes STOPPED after the grace period, and re-attaches if it shows up later', () => {
    const file = tmpFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, YAML.stringify({ [TEST_WF]: { jobs: {}, current_job: { job_number: 'old', jobs: { a: { params: params(9), aux_source_names: {} } } } } }));
    const { jobs, wf, heartbeat, advance } = setup(file);
    jobs.tick(); // connected: the grace starts
    heartbeat('b', 'someone-else'); // undecided during the grace: neither adopted nor stopped
    expect(jobs.currentJob(TEST_WF)).toBeNull();
    advance(RESTORE_GRACE_MS);
    jobs.tick();
    expect(wf()).toMatchObject({ status: 'STOPPED', note: 'Recorded as running but not seen in backend heartbeats' });
    heartbeat('a', 'old');
    expect(jobs.currentJob(TEST_WF)).toBe('old');
  });

  it('saved params that no longer fit the schema fall back to defaults with a problem for the user', () => {
    const file = tmpFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, YAML.stringify({
      [TEST_WF]: { jobs: { a: { params: params(-1), aux_source_names: {} }, b: { params: params(5), aux_source_names: {} }, gone: { params: {}, aux_source_names: {} } } },
      'other/wf/1': { jobs: { x: { params: { keep: 1 }, aux_source_names: {} } } },
    }));
    const { loadProblems, view, configs } = setup(file);
    expect(loadProblems).toEqual([expect.stringMatching(/Saved configuration of 'Histogram' for a no longer fits \(toa_edges.num_bins: must be ≥ 1\)/)]);
    expect(view().staged.a.params).toEqual(params(100));
    expect(view().staged.b.params).toEqual(params(5));
    expect(Object.keys(view().staged)).toEqual(['a', 'b']);
    configs.persist();
    expect(YAML.parse(fs.readFileSync(file, 'utf8'))['other/wf/1']).toEqual({ jobs: { x: { params: { keep: 1 }, aux_source_names: {} } } }); // kept verbatim
  });
});

describe('persistence: damaged files', () => {
  it('a corrupt file is moved aside and its good backup is used, with a problem for the user', async () => {
    const file = tmpFile();
    const a = setup(file);
    a.configs.stage(TEST_WF, ['a'], params(11), {}, ['b', 'c'], BY);
    a.configs.stage(TEST_WF, ['a'], params(12), {}, [], BY); // the second save backs up the first
    fs.writeFileSync(file, '{{{ not yaml');
    const b = setup(file);
    expect(b.loadProblems).toEqual([expect.stringMatching(/Workflow configurations file was unusable .*Using its backup\./)]);
    expect(b.view().staged.a.params).toEqual(params(11));
  });

  it('a corrupt file without backup gives defaults and a problem; nothing throws', () => {
    const file = tmpFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'just: [unclosed');
    const b = setup(file);
    expect(b.loadProblems).toEqual([expect.stringMatching(/unusable.*Using defaults\./)]);
    expect(b.view().staged.a.params).toEqual(params(100));
  });
});

describe('auto-start after a restart', () => {
  it("the app's own start replaces a recorded job without asking; an operator's commit still asks", async () => {
    const file = tmpFile();
    const a = setup(file);
    await a.jobs.commit(TEST_WF);
    const recorded = a.jobs.currentJob(TEST_WF)!;
    const b = setup(file);
    await expect(b.jobs.commit(TEST_WF)).rejects.toThrow(/Confirmation needed/);
    await b.jobs.start(TEST_WF);
    expect(b.jobs.currentJob(TEST_WF)).not.toBe(recorded);
    expect(b.sent.filter((c) => c.kind === 'job_command' && c.jobId.jobNumber === recorded)).toHaveLength(3); // the recorded job is stopped
  });
});
