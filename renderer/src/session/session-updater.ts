// The session updater: opens one session, then polls the core with the versions it last applied
// and applies every answer inside ONE animation frame (the "hold"). It owns the session id and
// the `Seen` bookkeeping; the app supplies what to do with a result (store + charts) and which
// layers are shown. No DOM access here: the environment (timers, frames, visibility) is injected
// so the loop is unit-tested under Node.
import type { Gateway } from '../gateway';
import type { OpenResult, PollResult } from '../../../shared/protocol';
import { emptySeen, type PollRequest, type Seen } from '../../../shared/session-api';
import { advanceSeen } from '../../../shared/seen';

export type LinkState = 'connecting' | 'connected' | 'disconnected';

export interface UpdaterEnv {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs fn in the next animation frame (the app adds a fallback for hidden windows). */
  requestFrame(fn: () => void): void;
  isVisible(): boolean;
}

export interface UpdaterHooks {
  /** Applies one result: store updates and chart updates, all in the current frame. */
  apply(result: PollResult, opts: { reset: boolean }): void;
  /** Layer ids of the currently visible grid tab. */
  shown(): string[];
  onLink?(state: LinkState, detail: string | null): void;
  onSession?(sessionId: string | null): void;
  log?(level: 'error' | 'warn' | 'info', message: string): void;
}

export interface UpdaterOptions {
  client: 'electron' | 'browser';
  visibleIntervalMs?: number;
  hiddenIntervalMs?: number;
  /** Reconnect backoff: first delay, doubled per failure up to the maximum. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Consecutive failed polls (other than unknown session / disconnect) before reopening. */
  maxPollFailures?: number;
  /** An open or poll unanswered for this long counts as failed (the loop never stalls). */
  requestTimeoutMs?: number;
}

const UNKNOWN_SESSION = /unknown session|session not found|no such session|session expired/i;

export function isUnknownSessionError(err: unknown): boolean {
  return UNKNOWN_SESSION.test(errorMessage(err));
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

type Phase = 'idle' | 'opening' | 'open' | 'waiting' | 'stopped';

export class SessionUpdater {
  private phase: Phase = 'idle';
  private sessionId: string | null = null;
  private seen: Seen = emptySeen();
  /** Bumped on every (re)open: answers of an older session are dropped. */
  private generation = 0;
  private inFlight = false;
  private wakePending = false;
  private pollTimer: unknown = null;
  private retryTimer: unknown = null;
  private backoffMs: number;
  private pollFailures = 0;
  /** Consecutive results whose apply threw (each followed by a resynchronisation). */
  private applyFailures = 0;
  /** The last apply failed: the next poll asks for everything (empty seen) and applies it with reset. */
  private resyncPending = false;
  /** Sessions reopened after "unknown session" without a successful poll in between. */
  private reopenStreak = 0;
  /** The seq of the last result applied: polls acknowledge it instead of sending every version (null: send them). */
  private lastApplied: number | null = null;
  /** The shown layers the core last received from us (joined), so they are sent only when they change. */
  private ackedShown: string | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly opts: Required<UpdaterOptions>;

  /** Number of polls sent (for tests and diagnostics). */
  pollCount = 0;

  constructor(
    private readonly gateway: Gateway,
    private readonly env: UpdaterEnv,
    private readonly hooks: UpdaterHooks,
    options: UpdaterOptions,
  ) {
    this.opts = {
      visibleIntervalMs: 100,
      hiddenIntervalMs: 1000,
      backoffInitialMs: 250,
      backoffMaxMs: 5000,
      maxPollFailures: 5,
      requestTimeoutMs: 15000,
      ...options,
    };
    this.backoffMs = this.opts.backoffInitialMs;
  }

  /** A method, not a field read, so TypeScript does not narrow the phase across awaits. */
  private isStopped(): boolean {
    return this.phase === 'stopped';
  }

  get currentSessionId(): string | null {
    return this.sessionId;
  }

  /** A copy of the versions last applied (what the next poll will send, minus `shown`). */
  get currentSeen(): Seen {
    return { ...this.seen, layers: { ...this.seen.layers }, shown: [...this.seen.shown] };
  }

  start(): void {
    if (this.phase !== 'idle') return;
    this.unsubscribe.push(this.gateway.onWake(() => this.wake()));
    this.unsubscribe.push(this.gateway.onDisconnect((reason) => this.lost(reason)));
    void this.open();
  }

  /** Stops polling and closes the session (window closing). */
  stop(): void {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.generation++;
    this.clearTimers();
    for (const u of this.unsubscribe.splice(0)) u();
    const id = this.sessionId;
    this.sessionId = null;
    if (id) this.gateway.close({ sessionId: id }).catch(() => undefined);
  }

  /**
   * Poll at once (wake hint, tab switch); coalesced with a poll in flight. A hidden window keeps
   * its slower interval, and after failures the backoff timer decides: a wake bypasses neither.
   */
  wake(): void {
    if (this.phase !== 'open') return;
    if (!this.env.isVisible() || this.backingOff()) return;
    if (this.inFlight) {
      this.wakePending = true;
      return;
    }
    this.clearPollTimer();
    void this.poll();
  }

  /** The window's visibility changed: becoming visible catches up at once (its plots were not fetched while hidden). */
  visibilityChanged(): void {
    if (this.env.isVisible()) this.wake();
  }

  private backingOff(): boolean {
    return this.pollFailures > 0 || this.applyFailures > 0;
  }

  // ---- opening -------------------------------------------------------------------------

  private async open(): Promise<void> {
    if (this.phase === 'stopped') return;
    this.phase = 'opening';
    const generation = ++this.generation;
    this.clearPollTimer();
    this.hooks.onLink?.('connecting', null);
    let result: OpenResult;
    try {
      result = await this.withTimeout(this.gateway.open({ client: this.opts.client }), 'open');
    } catch (err) {
      if (generation !== this.generation || this.isStopped()) return;
      this.hooks.onLink?.('disconnected', errorMessage(err));
      this.retryOpenLater();
      return;
    }
    if (generation !== this.generation || this.isStopped()) {
      // Superseded (stopped or another open started): give the session back.
      this.gateway.close({ sessionId: result.sessionId }).catch(() => undefined);
      return;
    }
    this.sessionId = result.sessionId;
    this.seen = emptySeen();
    this.lastApplied = null;
    this.ackedShown = '';
    this.pollFailures = 0;
    this.applyFailures = 0;
    this.resyncPending = false;
    this.backoffMs = this.opts.backoffInitialMs;
    this.hooks.onSession?.(result.sessionId);
    const applied = await this.applyInFrame(result, true);
    if (generation !== this.generation || this.isStopped()) return;
    if (applied) this.lastApplied = result.seq ?? null;
    if (!applied) {
      // An open result carries no old toasts (it starts at the queue's end): keep its cursor so the resync does not replay history.
      this.seen = { ...emptySeen(), cursor: result.cursor };
      this.applyFailed();
    }
    this.phase = 'open';
    this.hooks.onLink?.('connected', null);
    if (applied) void this.poll();
    else this.scheduleAfterApplyFailure();
  }

  private retryOpenLater(): void {
    if (this.phase === 'stopped') return;
    this.phase = 'waiting';
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.opts.backoffMaxMs);
    this.clearRetryTimer();
    this.retryTimer = this.env.setTimeout(() => {
      this.retryTimer = null;
      void this.open();
    }, delay);
  }

  /** The carrier dropped (browser mode: server gone): show it and reopen with backoff. */
  private lost(reason: string): void {
    if (this.phase === 'stopped' || this.phase === 'waiting' || this.phase === 'opening') return;
    this.generation++;
    this.sessionId = null;
    this.inFlight = false;
    this.clearPollTimer();
    this.hooks.onSession?.(null);
    this.hooks.onLink?.('disconnected', reason);
    this.hooks.log?.('warn', `session link lost: ${reason}`);
    this.retryOpenLater();
  }

  // ---- polling -------------------------------------------------------------------------

  /** What the next poll reports: a hidden window shows nothing, so it is sent no plot data. */
  private buildSeen(): Seen {
    const shown = this.env.isVisible() ? this.hooks.shown() : [];
    if (this.resyncPending) {
      // Resynchronise: ask for every section, layer and plot again; keep the notification cursor
      // as it was before the failed apply so its toasts are not lost.
      return { ...emptySeen(), cursor: this.seen.cursor, shown };
    }
    return { ...this.seen, layers: { ...this.seen.layers }, shown };
  }

  private async poll(): Promise<void> {
    if (this.phase !== 'open' || this.inFlight || !this.sessionId) return;
    this.inFlight = true;
    this.wakePending = false;
    const generation = this.generation;
    const sessionId = this.sessionId;
    const seen = this.buildSeen();
    const resync = this.resyncPending;
    const shownKey = seen.shown.join('\n');
    // An idle poll is a few bytes: the core remembers what each of our results brought us to.
    const request: PollRequest =
      resync || this.lastApplied === null
        ? { sessionId, seen }
        : { sessionId, applied: this.lastApplied, ...(shownKey !== this.ackedShown ? { shown: seen.shown } : {}) };
    this.pollCount++;
    let result: PollResult;
    try {
      result = await this.withTimeout(this.gateway.poll(request), 'poll');
    } catch (err) {
      if (generation !== this.generation) return;
      this.inFlight = false;
      this.pollFailed(err);
      return;
    }
    if (generation !== this.generation) return;
    this.pollFailures = 0;
    this.reopenStreak = 0;
    this.ackedShown = shownKey;
    if (resync) this.seen = { ...emptySeen(), cursor: this.seen.cursor, shown: seen.shown };
    this.seen.shown = seen.shown;
    const applied = await this.applyInFrame(result, resync);
    if (generation !== this.generation) return;
    this.inFlight = false;
    if (applied) {
      this.lastApplied = result.seq ?? null;
      this.resyncPending = false;
      this.applyFailures = 0;
      this.scheduleNext();
      return;
    }
    this.applyFailed();
    if (this.phase === 'open') this.scheduleAfterApplyFailure();
  }

  /** An apply threw: nothing of that result counts as seen; resynchronise, or reopen if it keeps failing. */
  private applyFailed(): void {
    this.applyFailures++;
    this.resyncPending = true;
    if (this.applyFailures >= this.opts.maxPollFailures && this.phase === 'open') {
      this.lost(`applying updates keeps failing (${this.applyFailures} times)`);
    }
  }

  private scheduleAfterApplyFailure(): void {
    if (this.phase !== 'open') return;
    const delay = Math.min(this.opts.backoffInitialMs * 2 ** (this.applyFailures - 1), this.opts.backoffMaxMs);
    this.clearPollTimer();
    this.pollTimer = this.env.setTimeout(() => {
      this.pollTimer = null;
      void this.poll();
    }, delay);
  }

  private pollFailed(err: unknown): void {
    if (this.phase !== 'open') return;
    if (isUnknownSessionError(err)) {
      // The core reaped us (e.g. the window was suspended): start a fresh session.
      this.hooks.log?.('info', `session ${this.sessionId ?? '?'} unknown to the core; opening a new one`);
      this.sessionId = null;
      this.hooks.onSession?.(null);
      this.generation++;
      // Reopen at once the first time; if new sessions keep being refused, back off.
      if (this.reopenStreak++ === 0) void this.open();
      else this.retryOpenLater();
      return;
    }
    this.pollFailures++;
    this.hooks.log?.('warn', `poll failed (${this.pollFailures}): ${errorMessage(err)}`);
    if (this.pollFailures >= this.opts.maxPollFailures) {
      this.lost(`polls failing: ${errorMessage(err)}`);
      return;
    }
    const delay = Math.min(this.opts.backoffInitialMs * 2 ** (this.pollFailures - 1), this.opts.backoffMaxMs);
    this.clearPollTimer();
    this.pollTimer = this.env.setTimeout(() => {
      this.pollTimer = null;
      void this.poll();
    }, delay);
  }

  private scheduleNext(): void {
    if (this.phase !== 'open') return;
    this.clearPollTimer();
    if (this.wakePending && this.env.isVisible()) {
      this.wakePending = false;
      this.pollTimer = this.env.setTimeout(() => {
        this.pollTimer = null;
        void this.poll();
      }, 0);
      return;
    }
    const delay = this.env.isVisible() ? this.opts.visibleIntervalMs : this.opts.hiddenIntervalMs;
    this.pollTimer = this.env.setTimeout(() => {
      this.pollTimer = null;
      void this.poll();
    }, delay);
  }

  // ---- applying ------------------------------------------------------------------------

  /** Applies in one frame; resolves false when the apply threw (then nothing of it is recorded as seen). */
  private applyInFrame(result: PollResult, reset: boolean): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      this.env.requestFrame(() => {
        try {
          this.hooks.apply(result, { reset });
        } catch (err) {
          this.hooks.log?.('error', `applying a poll result failed (will resynchronise): ${errorMessage(err)}`);
          resolve(false);
          return;
        }
        this.recordSeen(result);
        resolve(true);
      });
    });
  }

  /** What was just applied becomes what the next poll reports as seen (only after a successful apply). */
  private recordSeen(result: PollResult): void {
    this.seen = advanceSeen(this.seen, result);
  }

  private withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.env.setTimeout(
        () => reject(new Error(`${what} timed out after ${this.opts.requestTimeoutMs} ms`)),
        this.opts.requestTimeoutMs,
      );
      promise.then(
        (v) => {
          this.env.clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          this.env.clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  private clearPollTimer(): void {
    if (this.pollTimer != null) this.env.clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private clearRetryTimer(): void {
    if (this.retryTimer != null) this.env.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private clearTimers(): void {
    this.clearPollTimer();
    this.clearRetryTimer();
  }
}
