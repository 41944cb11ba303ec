import { describe, expect, it } from 'vitest';
import { emptySeen, type Seen } from '../../shared/session-api';
import type { PollResult } from '../../shared/protocol';

const apply = (seen: Seen, r: PollResult, shown: string[]): Seen => ({ ...advanceSeen(seen, r), shown });
import { histogram } from '../../test/support/data';
import { DataStore } from '../data/data-store';
import { dummyInstrument } from '../instruments/dummy';
import { JobOrchestrator, type OutgoingCommand } from '../jobs/job-orchestrator';
import { silentLogger } from '../logging/logger';
import { LayerStore } from '../plots/layer-store';
import { PlotOrchestrator } from '../plots/plot-orchestrator';
import { NotificationQueue } from './notification-queue';
import { SessionGateway, UnknownSessionError } from './session-gateway';
import { SessionRegistry } from './session-registry';
import { CommandRouter } from './command-router';
import { registerWorkflowCommands } from '../jobs/workflow-commands';
import { needsEveryUpdate } from '../plots/compute-economy';
import { advanceSeen } from '../../shared/seen';

const WF = 'dummy/monitor_histogram/1';

function setup() {
  const logger = silentLogger();
  const sent: OutgoingCommand[] = [];
  const notifications = new NotificationQueue();
  const data = new DataStore();
  const layers = new LayerStore(logger);
  let plots!: PlotOrchestrator;
  const jobs = new JobOrchestrator(dummyInstrument, async (c) => void sent.push(c), notifications, {
    cleared: (wf) => data.clearWorkflow(wf),
    started: (wf) => plots.onJobStarted(wf),
    stopped: (wf) => plots.onJobStopped(wf),
  }, logger);
  plots = new PlotOrchestrator(dummyInstrument, data, layers, jobs, logger);
  const registry = new SessionRegistry();
  let connectionVersion = 1;
  const router = new CommandRouter(logger);
  registerWorkflowCommands(router, jobs);
  const gateway = new SessionGateway({
    registry, notifications, plots, layers, logger, router,
    sections: [
      { name: 'jobs', version: () => jobs.jobsVersion, view: () => jobs.snapshot() },
      {
        name: 'connection',
        version: () => connectionVersion,
        view: () => ({ version: connectionVersion, sourceKind: 'fake', description: 'test', instrument: 'dummy', state: 'connected', sinceMs: 0, detail: null, topics: [] }),
      },
    ],
  });
  const grid = plots.addGrid('Monitors', 2, 2);
  const layerId = plots.addLayer(plots.addCell(grid, { row: 0, col: 0, rowSpan: 1, colSpan: 1 }), {
    workflowId: WF, sourceNames: ['monitor1'], outputName: 'current', plotter: 'lines', params: {},
  });
  const feed = (values: number[]) => {
    const job = jobs.currentJob(WF)!;
    data.transaction(() => data.set({ workflowId: WF, sourceName: 'monitor1', outputName: 'current' }, histogram(values), job));
  };
  return { gateway, jobs, plots, layers, notifications, registry, sent, layerId, feed, bumpConnection: () => connectionVersion++ };
}

describe('session gateway: poll deltas', () => {
  it('open gives a full snapshot; a poll with nothing new is empty', async () => {
    const { gateway, layerId } = setup();
    const opened = await gateway.open({ client: 'browser' });
    expect(opened.topology?.grids[0].cells[0].layers[0].id).toBe(layerId);
    expect(opened.layers.map((l) => [l.layerId, l.state])).toEqual([[layerId, 'WAITING_FOR_JOB']]);
    expect(opened.sections.jobs?.view.workflows.length).toBe(dummyInstrument.workflows.length);
    const seen = apply({ ...emptySeen(), cursor: opened.cursor }, opened, [layerId]);
    const again = await gateway.poll({ sessionId: opened.sessionId, seen });
    expect(again).toMatchObject({ topology: null, layers: [], plots: [], removedLayers: [], sections: {}, notifications: [] });
    expect(again.sessionCount).toBe(1);
  });

  it('sends the connection view only when its version moved', async () => {
    const { gateway, bumpConnection } = setup();
    const s = await gateway.open({ client: 'browser' });
    expect(s.sections.connection?.version).toBe(1);
    const seen = apply({ ...emptySeen(), cursor: s.cursor }, s, []);
    expect((await gateway.poll({ sessionId: s.sessionId, seen })).sections.connection).toBeUndefined();
    bumpConnection();
    expect((await gateway.poll({ sessionId: s.sessionId, seen })).sections.connection?.version).toBe(2);
  });

  it('sends state changes, and plot data only for shown layers and only when newer', async () => {
    const { gateway, jobs, layerId, feed } = setup();
    const a = await gateway.open({ client: 'browser' });
    const b = await gateway.open({ client: 'browser' });
    let seenA = apply({ ...emptySeen(), cursor: a.cursor }, a, [layerId]);
    let seenB = apply({ ...emptySeen(), cursor: b.cursor }, b, []); // B shows another tab
    await jobs.start(WF);
    feed([1, 2, 3]);

    const ra = await gateway.poll({ sessionId: a.sessionId, seen: seenA });
    expect(ra.layers.map((l) => l.state)).toEqual(['READY']);
    expect(ra.plots).toHaveLength(1);
    expect(ra.sections.jobs).toBeDefined();
    seenA = apply(seenA, ra, [layerId]);

    const rb = await gateway.poll({ sessionId: b.sessionId, seen: seenB });
    expect(rb.layers.map((l) => l.state)).toEqual(['READY']); // state goes to everyone
    expect(rb.plots).toEqual([]); // data only to sessions that show the layer
    seenB = apply(seenB, rb, []);

    // More data: A gets the latest plot once, never a backlog.
    feed([4, 5, 6]);
    feed([7, 8, 9]);
    const ra2 = await gateway.poll({ sessionId: a.sessionId, seen: seenA });
    expect(ra2.layers).toEqual([]); // READY → READY is not a state change
    expect(ra2.plots).toHaveLength(1);
    const plot = ra2.plots[0].plot;
    expect(plot.kind === 'line' && Array.from(plot.series[0].y)).toEqual([7, 8, 9]);
    seenA = apply(seenA, ra2, [layerId]);
    expect((await gateway.poll({ sessionId: a.sessionId, seen: seenA })).plots).toEqual([]);
  });

  it('a restart blanks the old plot in every session (shown or not) with a data version change; the next data is the new plot', async () => {
    const { gateway, jobs, layers, layerId, feed } = setup();
    const a = await gateway.open({ client: 'browser' });
    const b = await gateway.open({ client: 'browser' });
    let seenA = apply({ ...emptySeen(), cursor: a.cursor }, a, [layerId]);
    let seenB = apply({ ...emptySeen(), cursor: b.cursor }, b, [layerId]);
    await jobs.start(WF);
    feed([1, 2, 3]);
    const ra = await gateway.poll({ sessionId: a.sessionId, seen: seenA });
    const rb = await gateway.poll({ sessionId: b.sessionId, seen: seenB });
    seenA = apply(seenA, ra, [layerId]);
    seenB = apply(seenB, rb, []); // B has the old plot, then switches to another tab
    const oldVersion = seenA.layers[layerId].data;
    expect(oldVersion).toBeGreaterThanOrEqual(0);

    layers.startJob(layerId, layers.get(layerId)!.plotter!); // what a restart does to the layer
    expect(layers.get(layerId)!.plot).toBeNull();
    expect(layers.get(layerId)!.dataVersion).toBeGreaterThan(oldVersion);
    for (const [id, seen, shown] of [[a.sessionId, seenA, [layerId]], [b.sessionId, seenB, []]] as const) {
      const r = await gateway.poll({ sessionId: id, seen: { ...seen, shown: [...shown] } });
      expect(r.clearedPlots).toEqual([{ layerId, dataVersion: layers.get(layerId)!.dataVersion }]);
      expect(r.plots).toEqual([]);
      expect(r.layers.map((l) => l.state)).toEqual(['WAITING_FOR_DATA']);
      const after = apply(seen, r, [...shown]);
      // Applied: nothing more to clear.
      expect((await gateway.poll({ sessionId: id, seen: after })).clearedPlots).toEqual([]);
      if (id === a.sessionId) seenA = after;
    }
    feed([9, 9, 9]);
    const next = await gateway.poll({ sessionId: a.sessionId, seen: seenA });
    expect(next.plots).toHaveLength(1);
    const plot = next.plots[0].plot;
    expect(plot.kind === 'line' && Array.from(plot.series[0].y)).toEqual([9, 9, 9]);
  });

  it('a config change gives the layer a new id and reports the old one removed', async () => {
    const { gateway, plots, layerId } = setup();
    const s = await gateway.open({ client: 'browser' });
    const seen = apply({ ...emptySeen(), cursor: s.cursor }, s, [layerId]);
    const newId = plots.updateLayerConfig(layerId, { workflowId: WF, sourceNames: ['monitor1', 'monitor2'], outputName: 'cumulative', plotter: 'lines', params: {} });
    const r = await gateway.poll({ sessionId: s.sessionId, seen });
    expect(newId).not.toBe(layerId);
    expect(r.topology?.grids[0].cells[0].layers.map((l) => l.id)).toEqual([newId]);
    expect(r.removedLayers).toEqual([layerId]);
    expect(r.layers.map((l) => l.layerId)).toEqual([newId]);
  });

  it('a closed session is unknown to poll', async () => {
    const { gateway } = setup();
    const s = await gateway.open({ client: 'browser' });
    await gateway.close({ sessionId: s.sessionId });
    await expect(gateway.poll({ sessionId: s.sessionId, seen: emptySeen() })).rejects.toBeInstanceOf(UnknownSessionError);
  });

  it('commands reach the backend; a refused one is answered to its session only, not toasted to everyone', async () => {
    const { gateway, sent, notifications } = setup();
    const s = await gateway.open({ client: 'browser' });
    const ok = await gateway.command({ sessionId: s.sessionId, command: { type: 'workflow.start', workflowId: WF } });
    expect(ok).toEqual({ ok: true, error: null, value: null });
    expect(sent.filter((c) => c.kind === 'workflow_config').map((c) => c.jobId.sourceName)).toEqual(['monitor1', 'monitor2']);
    const refused = await gateway.command({ sessionId: s.sessionId, command: { type: 'workflow.reset', workflowId: 'dummy/timeseries_data/1' } });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/reset/i);
    expect(notifications.all().filter((n) => n.level === 'error')).toEqual([]);
  });

  it('a wake listener that throws does not stop the others', async () => {
    const { gateway, jobs } = setup();
    await gateway.open({ client: 'browser' });
    let reached = 0;
    gateway.onWake(() => {
      throw new Error('window gone');
    });
    gateway.onWake(() => reached++);
    await jobs.start(WF);
    await new Promise((r) => setImmediate(r));
    expect(reached).toBe(1);
  });

  it('wakes listeners (coalesced) when shared state changes', async () => {
    const { gateway, jobs } = setup();
    await gateway.open({ client: 'browser' });
    let wakes = 0;
    gateway.onWake(() => wakes++);
    await jobs.start(WF);
    await new Promise((r) => setImmediate(r));
    expect(wakes).toBe(1);
  });

  it('a poll may name the last result it applied: the idle answer is empty, new data comes, an unknown seq resends all but no old toasts', async () => {
    const { gateway, jobs, layerId, feed, notifications } = setup();
    const s = await gateway.open({ client: 'browser' });
    expect(typeof s.seq).toBe('number');
    const r1 = await gateway.poll({ sessionId: s.sessionId, applied: s.seq!, shown: [layerId] });
    const idle = await gateway.poll({ sessionId: s.sessionId, applied: r1.seq! });
    expect(idle).toMatchObject({ topology: null, layers: [], plots: [], sections: {}, notifications: [] });
    await jobs.start(WF);
    feed([1, 2, 3]);
    const r2 = await gateway.poll({ sessionId: s.sessionId, applied: idle.seq! });
    expect(r2.plots.map((p) => p.layerId)).toEqual([layerId]); // shown is remembered from r1's request
    // The answer r2 was lost: acknowledging idle again brings the plot again.
    const again = await gateway.poll({ sessionId: s.sessionId, applied: idle.seq! });
    expect(again.plots.map((p) => p.layerId)).toEqual([layerId]);
    notifications.push('info', 'old news');
    const fresh = await gateway.poll({ sessionId: s.sessionId, applied: 999_999 });
    expect(fresh.topology).not.toBeNull();
    expect(fresh.notifications.map((n) => n.message)).not.toContain('Started 2/2 jobs for');
  });

  it('wakes only the sessions for which something is new', async () => {
    const { gateway, jobs, layerId, feed } = setup();
    const a = await gateway.open({ client: 'browser' });
    const b = await gateway.open({ client: 'browser' });
    await jobs.start(WF);
    feed([1]);
    let ra = await gateway.poll({ sessionId: a.sessionId, applied: a.seq!, shown: [layerId] });
    let rb = await gateway.poll({ sessionId: b.sessionId, applied: b.seq!, shown: [] });
    ra = await gateway.poll({ sessionId: a.sessionId, applied: ra.seq! });
    rb = await gateway.poll({ sessionId: b.sessionId, applied: rb.seq! });
    const woken: string[][] = [];
    gateway.onWake((sessions) => woken.push([...(sessions ?? [])]));
    feed([2]); // only A shows the layer: data for it is news to A alone
    await new Promise((r) => setImmediate(r));
    expect(woken).toEqual([[a.sessionId]]);
  });

  it('a layer no session shows is not computed on every update; the first session to show it gets it computed from the stored data', async () => {
    const { gateway, jobs, plots, layers, layerId, feed } = setup();
    const grid = plots.addGrid('Other', 1, 1);
    const hidden = plots.addLayer(plots.addCell(grid, { row: 0, col: 0, rowSpan: 1, colSpan: 1 }), {
      workflowId: WF, sourceNames: ['monitor1'], outputName: 'current', plotter: 'lines', params: { line: { mode: 'points' } },
    });
    const s = await gateway.open({ client: 'browser' });
    const r = await gateway.poll({ sessionId: s.sessionId, applied: s.seq!, shown: [layerId] });
    await jobs.start(WF);
    feed([1, 2, 3]);
    expect(layers.get(layerId)!.plot).not.toBeNull();
    expect(layers.get(hidden)!.plot).toBeNull(); // not shown anywhere: not computed
    const shownNow = await gateway.poll({ sessionId: s.sessionId, applied: r.seq!, shown: [layerId, hidden] });
    const plot = shownNow.plots.find((p) => p.layerId === hidden)?.plot;
    expect(plot?.kind === 'line' && Array.from(plot.series[0].y)).toEqual([1, 2, 3]);
  });

  it('layers that keep a history compute on every update, shown or not', () => {
    const base = { workflowId: WF, sourceNames: ['monitor1'], outputName: 'current' };
    expect(needsEveryUpdate({ ...base, plotter: 'timeseries', params: {} })).toBe(true);
    expect(needsEveryUpdate({ ...base, plotter: 'lines', params: { time_window: { mode: 'since_start' } } })).toBe(true);
    expect(needsEveryUpdate({ ...base, plotter: 'image', params: { time_window: { mode: 'window', window_duration_seconds: 10 } } })).toBe(true);
    expect(needsEveryUpdate({ ...base, plotter: 'image', params: { time_window: { mode: 'window', window_duration_seconds: 0 } } })).toBe(false);
    expect(needsEveryUpdate({ ...base, plotter: 'lines', params: {} })).toBe(false);
  });
});
