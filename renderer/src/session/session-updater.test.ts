import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Gateway } from '../gateway';
import type { OpenResult, PollResult, Topology } from '../../../shared/protocol';
import type { PollRequest } from '../../../shared/session-api';
import { SessionUpdater, isUnknownSessionError, type UpdaterEnv } from './session-updater';

function emptyResult(over: Partial<PollResult> = {}): PollResult {
  return {
    topology: null,
    layers: [],
    plots: [],
    removedLayers: [],
    sections: {},
    notifications: [],
    cursor: 0,
    sessionCount: 1,
    ...over,
  };
}

const topology: Topology = {
  version: 3,
  grids: [
    {
      id: 'g1',
      title: 'Monitors',
      rows: 1,
      cols: 2,
      cells: [
        { id: 'c1', row: 0, col: 0, rowSpan: 1, colSpan: 1, title: 'A', layers: [{ id: 'L1', title: 'a', config: { workflowId: 'w', sourceNames: ['s'], outputName: 'o', plotter: 'lines', params: {} } }] },
        { id: 'c2', row: 0, col: 1, rowSpan: 1, colSpan: 1, title: 'B', layers: [{ id: 'L2', title: 'b', config: { workflowId: 'w', sourceNames: ['s'], outputName: 'o', plotter: 'image', params: {} } }] },
      ],
    },
  ],
};

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

class FakeGateway implements Gateway {
  readonly carrier = 'browser' as const;
  opens: Deferred<OpenResult>[] = [];
  polls: { req: PollRequest; d: Deferred<PollResult> }[] = [];
  closed: string[] = [];
  autoOpen: (() => OpenResult) | null = null;
  private wake = new Set<() => void>();
  private disc = new Set<(r: string) => void>();
  private nextSession = 1;

  open(): Promise<OpenResult> {
    if (this.autoOpen) return Promise.resolve(this.autoOpen());
    const d = deferred<OpenResult>();
    this.opens.push(d);
    return d.promise;
  }
  poll(req: PollRequest): Promise<PollResult> {
    const d = deferred<PollResult>();
    this.polls.push({ req: structuredClone(req), d });
    return d.promise;
  }
  command() {
    return Promise.resolve({ ok: true as const, error: null, value: null });
  }
  query() {
    return Promise.resolve({ ok: true as const, error: null, value: null });
  }
  close(req: { sessionId: string }) {
    this.closed.push(req.sessionId);
    return Promise.resolve();
  }
  log() {
    return Promise.resolve();
  }
  onWake(l: () => void) {
    this.wake.add(l);
    return () => this.wake.delete(l);
  }
  onDisconnect(l: (r: string) => void) {
    this.disc.add(l);
    return () => this.disc.delete(l);
  }
  fireWake() {
    for (const l of this.wake) l();
  }
  fireDisconnect(reason = 'closed') {
    for (const l of this.disc) l(reason);
  }
  openResult(over: Partial<PollResult> = {}): OpenResult {
    return { ...emptyResult(over), sessionId: `s${this.nextSession++}` };
  }
}

function setup(opts: { visible?: boolean } = {}) {
  const gateway = new FakeGateway();
  const frames: (() => void)[] = [];
  let visible = opts.visible ?? true;
  const env: UpdaterEnv = {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    requestFrame: (fn) => frames.push(fn),
    isVisible: () => visible,
  };
  const applied: { result: PollResult; reset: boolean }[] = [];
  const links: string[] = [];
  let shown: string[] = [];
  let failApply = false;
  const updater = new SessionUpdater(
    gateway,
    env,
    {
      apply: (result, { reset }) => {
        if (failApply) {
          failApply = false;
          throw new Error('apply failed');
        }
        applied.push({ result, reset });
      },
      shown: () => shown,
      onLink: (s) => links.push(s),
    },
    { client: 'browser' },
  );
  const flushFrames = async () => {
    // Let pending promise callbacks queue their frames, then run them.
    await vi.advanceTimersByTimeAsync(0);
    while (frames.length) frames.shift()!();
    await vi.advanceTimersByTimeAsync(0);
  };
  return {
    gateway,
    updater,
    applied,
    links,
    frames,
    flushFrames,
    setShown: (s: string[]) => (shown = s),
    setVisible: (v: boolean) => (visible = v),
    failNextApply: () => (failApply = true),
  };
}

describe('SessionUpdater', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens once, applies the snapshot in a frame with reset, then polls with the applied versions', async () => {
    const t = setup();
    t.setShown(['L1', 'L2']);
    t.updater.start();
    t.updater.start();
    expect(t.gateway.opens).toHaveLength(1);
    t.gateway.opens[0].resolve(
      t.gateway.openResult({
        topology,
        sections: { jobs: { version: 7, view: { version: 7, workflows: [], services: [] } } },
        cursor: 12,
        layers: [{ layerId: 'L1', version: 4, state: 'READY', message: null }],
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    // Not applied before the frame runs.
    expect(t.applied).toHaveLength(0);
    expect(t.gateway.polls).toHaveLength(0);
    await t.flushFrames();
    expect(t.applied).toHaveLength(1);
    expect(t.applied[0].reset).toBe(true);
    expect(t.gateway.polls).toHaveLength(1);
    const seen = t.gateway.polls[0].req.seen!;
    expect(t.gateway.polls[0].req.sessionId).toBe('s1');
    expect(seen.topology).toBe(3);
    expect(seen.sections.jobs).toBe(7);
    expect(seen.sections.connection).toBeUndefined();
    expect(seen.cursor).toBe(12);
    expect(seen.layers.L1).toEqual({ state: 4, data: -1 });
    expect(seen.layers.L2).toEqual({ state: -1, data: -1 });
    expect(seen.shown).toEqual(['L1', 'L2']);
  });

  it('records plot data versions and drops removed layers', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ topology }));
    await t.flushFrames();
    t.gateway.polls[0].d.resolve(
      emptyResult({
        cursor: 3,
        plots: [{ layerId: 'L2', dataVersion: 9, plot: { kind: 'image' } as never }],
        removedLayers: ['L1'],
      }),
    );
    await t.flushFrames();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.gateway.polls).toHaveLength(2);
    const seen = t.gateway.polls[1].req.seen!;
    expect(seen.layers.L2).toEqual({ state: -1, data: 9 });
    expect(seen.layers.L1).toBeUndefined();
    expect(seen.cursor).toBe(3);
  });

  it('polls every 100 ms when visible and every 1 s when hidden', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult());
    await t.flushFrames();
    t.gateway.polls[0].d.resolve(emptyResult());
    await t.flushFrames();
    await vi.advanceTimersByTimeAsync(99);
    expect(t.gateway.polls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.gateway.polls).toHaveLength(2);

    t.setVisible(false);
    t.gateway.polls[1].d.resolve(emptyResult());
    await t.flushFrames();
    await vi.advanceTimersByTimeAsync(999);
    expect(t.gateway.polls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.gateway.polls).toHaveLength(3);
  });

  it('coalesces wakes: never more than one poll in flight, one follow-up poll after it', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult());
    await t.flushFrames();
    expect(t.gateway.polls).toHaveLength(1);
    t.gateway.fireWake();
    t.gateway.fireWake();
    t.updater.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.gateway.polls).toHaveLength(1);
    t.gateway.polls[0].d.resolve(emptyResult());
    await t.flushFrames();
    // The wake requested during the poll triggers one immediate poll, not three.
    expect(t.gateway.polls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(t.gateway.polls).toHaveLength(2);
  });

  it('a wake between polls polls at once instead of waiting for the interval', async () => {
    const t = setup({ visible: true });
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult());
    await t.flushFrames();
    t.gateway.polls[0].d.resolve(emptyResult());
    await t.flushFrames();
    expect(t.gateway.polls).toHaveLength(1);
    t.gateway.fireWake();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.gateway.polls).toHaveLength(2);
  });

  it('a hidden window asks for no plot data, and a wake does not bypass its hidden interval', async () => {
    const t = setup({ visible: false });
    t.setShown(['L1', 'L2']);
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ topology }));
    await t.flushFrames();
    expect(t.gateway.polls[0].req.seen!.shown).toEqual([]);
    t.gateway.polls[0].d.resolve(emptyResult());
    await t.flushFrames();
    t.gateway.fireWake();
    t.updater.wake();
    await vi.advanceTimersByTimeAsync(500);
    expect(t.gateway.polls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(t.gateway.polls).toHaveLength(2);
    expect(t.gateway.polls[1].req.seen!.shown).toEqual([]);
  });

  it('a hidden window that becomes visible catches up at once, asking for its shown layers', async () => {
    const t = setup({ visible: false });
    t.setShown(['L1']);
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ topology }));
    await t.flushFrames();
    t.gateway.polls[0].d.resolve(emptyResult());
    await t.flushFrames();
    expect(t.gateway.polls).toHaveLength(1);
    t.setVisible(true);
    t.updater.visibilityChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.gateway.polls).toHaveLength(2);
    expect(t.gateway.polls[1].req.seen!.shown).toEqual(['L1']);
  });

  it('becoming visible during a poll in flight polls again right after it', async () => {
    const t = setup({ visible: false });
    t.setShown(['L1']);
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ topology }));
    await t.flushFrames();
    t.setVisible(true);
    t.updater.visibilityChanged();
    t.gateway.polls[0].d.resolve(emptyResult());
    await t.flushFrames();
    expect(t.gateway.polls).toHaveLength(2);
    expect(t.gateway.polls[1].req.seen!.shown).toEqual(['L1']);
  });

  it('a wake does not bypass the backoff after a failed poll', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult());
    await t.flushFrames();
    t.gateway.polls[0].d.reject(new Error('validation failed'));
    await vi.advanceTimersByTimeAsync(0);
    t.gateway.fireWake();
    t.updater.wake();
    await vi.advanceTimersByTimeAsync(200);
    expect(t.gateway.polls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(t.gateway.polls).toHaveLength(2);
  });

  it('keeps polling until the frame applied the previous result', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult());
    await t.flushFrames();
    t.gateway.polls[0].d.resolve(emptyResult({ cursor: 5 }));
    await vi.advanceTimersByTimeAsync(500);
    // The frame has not run: no second poll with stale versions.
    expect(t.gateway.polls).toHaveLength(1);
    await t.flushFrames();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.gateway.polls).toHaveLength(2);
    expect(t.gateway.polls[1].req.seen!.cursor).toBe(5);
  });

  it('opens a new session when the core answers "unknown session"', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ cursor: 4 }));
    await t.flushFrames();
    t.gateway.polls[0].d.reject(new Error("Error invoking remote method 'livedata:poll': Error: unknown session s1"));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.gateway.opens).toHaveLength(2);
    t.gateway.opens[1].resolve(t.gateway.openResult({ cursor: 9 }));
    await t.flushFrames();
    expect(t.applied.filter((a) => a.reset)).toHaveLength(2);
    expect(t.gateway.polls).toHaveLength(2);
    expect(t.gateway.polls[1].req.sessionId).toBe('s2');
    expect(t.gateway.polls[1].req.seen!.cursor).toBe(9);
  });

  it('on disconnect reports it, retries open with backoff, and resets seen on success', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ topology, cursor: 2 }));
    await t.flushFrames();
    t.gateway.fireDisconnect('connection to the app closed (1006)');
    t.gateway.polls[0].d.reject(new Error('connection to the app closed (1006)'));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.links.at(-1)).toBe('disconnected');
    expect(t.gateway.opens).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(250);
    expect(t.gateway.opens).toHaveLength(2);
    t.gateway.opens[1].reject(new Error('connection refused'));
    await vi.advanceTimersByTimeAsync(0);
    // A failed attempt also fires onDisconnect in the WebSocket carrier: must not double-schedule.
    t.gateway.fireDisconnect('again');
    await vi.advanceTimersByTimeAsync(499);
    expect(t.gateway.opens).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.gateway.opens).toHaveLength(3);
    t.gateway.opens[2].resolve(t.gateway.openResult({ cursor: 0 }));
    await t.flushFrames();
    expect(t.links.at(-1)).toBe('connected');
    expect(t.applied.at(-1)!.reset).toBe(true);
    const seen = t.gateway.polls.at(-1)!.req.seen!;
    expect(seen.topology).toBe(-1);
    expect(seen.layers).toEqual({});
    expect(seen.cursor).toBe(0);
  });

  it('retries a failed poll, and after repeated failures reopens', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult());
    await t.flushFrames();
    for (let i = 0; i < 4; i++) {
      t.gateway.polls[i].d.reject(new Error('validation failed'));
      await vi.advanceTimersByTimeAsync(5000);
    }
    expect(t.gateway.polls).toHaveLength(5);
    expect(t.gateway.opens).toHaveLength(1);
    t.gateway.polls[4].d.reject(new Error('validation failed'));
    await vi.advanceTimersByTimeAsync(300);
    expect(t.gateway.opens).toHaveLength(2);
  });

  it('an unanswered poll times out and the loop goes on', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult());
    await t.flushFrames();
    expect(t.gateway.polls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(15_000);
    await vi.advanceTimersByTimeAsync(300);
    expect(t.gateway.polls).toHaveLength(2);
    // A late answer to the timed-out poll is ignored.
    t.gateway.polls[0].d.resolve(emptyResult({ cursor: 99 }));
    t.gateway.polls[1].d.resolve(emptyResult({ cursor: 7 }));
    await t.flushFrames();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.gateway.polls[2].req.seen!.cursor).toBe(7);
  });

  it('a throwing apply is not recorded as seen: the next poll resynchronises (empty seen, reset apply)', async () => {
    const t = setup();
    let calls = 0;
    let failNext = false;
    const resets: boolean[] = [];
    const u = new SessionUpdater(
      t.gateway,
      { setTimeout, clearTimeout: (h) => clearTimeout(h as never), requestFrame: (fn) => t.frames.push(fn), isVisible: () => true },
      {
        apply: (_r, { reset }) => {
          calls++;
          resets.push(reset);
          if (failNext) {
            failNext = false;
            throw new Error('boom');
          }
        },
        shown: () => ['L1'],
      },
      { client: 'browser' },
    );
    u.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ topology, cursor: 1 }));
    await t.flushFrames();
    expect(t.gateway.polls[0].req.seen!.topology).toBe(3);
    failNext = true;
    t.gateway.polls[0].d.resolve(emptyResult({ cursor: 2, plots: [{ layerId: 'L1', dataVersion: 5, plot: { kind: 'lines' } as never }] }));
    await t.flushFrames();
    // Backoff after the failure, then a full resynchronisation that keeps the old notification cursor.
    await vi.advanceTimersByTimeAsync(250);
    expect(t.gateway.polls).toHaveLength(2);
    const resync = t.gateway.polls[1].req.seen!;
    expect(resync.topology).toBe(-1);
    expect(resync.layers).toEqual({});
    expect(resync.sections).toEqual({});
    expect(resync.cursor).toBe(1);
    expect(resync.shown).toEqual(['L1']);
    t.gateway.polls[1].d.resolve(emptyResult({ topology, cursor: 2, plots: [{ layerId: 'L1', dataVersion: 5, plot: { kind: 'lines' } as never }] }));
    await t.flushFrames();
    expect(resets).toEqual([true, false, true]);
    await vi.advanceTimersByTimeAsync(100);
    const after = t.gateway.polls[2].req.seen!;
    expect(after.topology).toBe(3);
    expect(after.layers.L1.data).toBe(5);
    expect(after.cursor).toBe(2);
    expect(calls).toBe(3);
    u.stop();
  });

  it('an apply that keeps throwing ends in a reopen, not a tight loop', async () => {
    const t = setup();
    let calls = 0;
    const u = new SessionUpdater(
      t.gateway,
      { setTimeout, clearTimeout: (h) => clearTimeout(h as never), requestFrame: (fn) => t.frames.push(fn), isVisible: () => true },
      {
        apply: () => {
          calls++;
          throw new Error('boom');
        },
        shown: () => [],
      },
      { client: 'browser' },
    );
    u.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ cursor: 1 }));
    await t.flushFrames();
    // The open's apply is failure 1; no poll until the backoff has passed.
    expect(t.gateway.polls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(250);
    // Failures 2..4 are followed by resync polls after a growing backoff; the 5th reopens.
    for (let i = 0; i < 3; i++) {
      expect(t.gateway.polls).toHaveLength(i + 1);
      expect(t.gateway.polls[i].req.seen!.cursor).toBe(1);
      t.gateway.polls[i].d.resolve(emptyResult({ cursor: 2 }));
      await t.flushFrames();
      await vi.advanceTimersByTimeAsync(5000);
    }
    expect(t.gateway.opens).toHaveLength(1);
    t.gateway.polls[3].d.resolve(emptyResult({ cursor: 2 }));
    await t.flushFrames();
    await vi.advanceTimersByTimeAsync(300);
    expect(t.gateway.opens).toHaveLength(2);
    expect(calls).toBe(5);
    u.stop();
  });

  it('with numbered results, a poll acknowledges the last applied one and sends shown layers only when they change', async () => {
    const t = setup();
    t.setShown(['L1']);
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ topology, seq: 1 }));
    await t.flushFrames();
    expect(t.gateway.polls[0].req).toEqual({ sessionId: 's1', applied: 1, shown: ['L1'] });
    t.gateway.polls[0].d.resolve(emptyResult({ seq: 2 }));
    await t.flushFrames();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.gateway.polls[1].req).toEqual({ sessionId: 's1', applied: 2 }); // idle: a few bytes
    t.setShown(['L2']);
    t.gateway.polls[1].d.resolve(emptyResult({ seq: 3 }));
    await t.flushFrames();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.gateway.polls[2].req).toEqual({ sessionId: 's1', applied: 3, shown: ['L2'] });
  });

  it('with numbered results, an answer that is not applied is not acknowledged: the resync sends every version', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult({ topology, seq: 1 }));
    await t.flushFrames();
    t.failNextApply();
    t.gateway.polls[0].d.resolve(emptyResult({ seq: 2, cursor: 7 }));
    await t.flushFrames();
    await vi.advanceTimersByTimeAsync(1000);
    const req = t.gateway.polls[1].req;
    expect(req.applied).toBeUndefined();
    expect(req.seen!.topology).toBe(-1);
  });

  it('stop closes the session and stops polling', async () => {
    const t = setup();
    t.updater.start();
    t.gateway.opens[0].resolve(t.gateway.openResult());
    await t.flushFrames();
    t.gateway.polls[0].d.resolve(emptyResult());
    await t.flushFrames();
    t.updater.stop();
    expect(t.gateway.closed).toEqual(['s1']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.gateway.polls).toHaveLength(1);
  });

  it('recognises unknown-session errors', () => {
    expect(isUnknownSessionError(new Error('unknown session abc'))).toBe(true);
    expect(isUnknownSessionError(new Error('Unknown session'))).toBe(true);
    expect(isUnknownSessionError(new Error('timeout'))).toBe(false);
  });
});
