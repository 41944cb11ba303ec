// Wires the gateway, the updater, the Pinia store and the plot cache together for one window.
import { watch } from 'vue';
import type { Gateway } from '../gateway';
import type { PollResult } from '../../../shared/protocol';
import { PlotCache } from './plot-cache';
import { SessionUpdater, errorMessage, type UpdaterEnv } from './session-updater';
import type { SessionContext } from './context';
import { useSessionStore } from '../stores/session-store';

type Store = ReturnType<typeof useSessionStore>;

/** rAF while visible (with a timer fallback: hidden or occluded windows get no frames). */
export function browserEnv(): UpdaterEnv {
  return {
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (h) => window.clearTimeout(h as number),
    isVisible: () => document.visibilityState === 'visible',
    requestFrame(fn) {
      let done = false;
      let timer = 0;
      const run = (): void => {
        if (done) return;
        done = true;
        window.clearTimeout(timer);
        fn();
      };
      if (document.visibilityState === 'visible') {
        requestAnimationFrame(run);
        timer = window.setTimeout(run, 250);
      } else {
        timer = window.setTimeout(run, 0);
      }
    },
  };
}

/** Rate-limited forwarding to main's log: at most 20 messages per 10 s, never throws. */
export function createLogForwarder(gateway: Gateway, sessionId: () => string | null) {
  let windowStart = 0;
  let count = 0;
  let inside = false;
  return (level: 'error' | 'warn' | 'info', message: string): void => {
    if (inside) return;
    const now = Date.now();
    if (now - windowStart > 10_000) {
      windowStart = now;
      count = 0;
    }
    if (++count > 20) return;
    const id = sessionId();
    // Main accepts log lines only from a live session; before one exists, the console keeps them.
    if (!id) return;
    inside = true;
    try {
      gateway.log({ sessionId: id, level, message: message.slice(0, 10_000) }).catch(() => undefined);
    } catch {
      // The carrier itself failed: nothing more to do.
    } finally {
      inside = false;
    }
  };
}

export function createSessionRuntime(gateway: Gateway, store: Store): SessionContext {
  const cache = new PlotCache();
  const log = createLogForwarder(gateway, () => store.sessionId);
  // Whole time-series histories are fetched on demand (the poll carries appended tails).
  cache.setQuery(async (query) => {
    const sessionId = store.sessionId;
    if (!sessionId) throw new Error('no session');
    const r = await gateway.query({ sessionId, query });
    if (!r.ok) throw new Error(r.error);
    return r.value;
  });

  let redrawOnShow = false;
  const presenterFailed = (err: unknown): void => {
    console.error(err);
    log('error', `presenter failed: ${errorMessage(err)}${err instanceof Error && err.stack ? '\n' + err.stack : ''}`);
  };

  const apply = (result: PollResult, { reset }: { reset: boolean }): void => {
    const t0 = performance.now();
    if (reset) cache.clear();
    store.applyResult(result, reset);
    // A restarted job's blanked plot leaves the cache like a removed layer does (presenters redraw blank).
    const cleared = (result.clearedPlots ?? []).map((c) => c.layerId);
    const changed = cache.apply(cleared.length > 0 ? { plots: result.plots, removedLayers: [...(result.removedLayers ?? []), ...cleared] } : result);
    // A hidden window does no presenter work; it redraws everything once it is visible again.
    if (document.visibilityState !== 'visible') {
      redrawOnShow = true;
    } else {
      cache.refresh(reset ? null : changed, presenterFailed);
    }
    // Visible in DevTools' performance panel and to benchmarks (PerformanceObserver 'measure').
    // stamps: each plot's data end time (ns), so a benchmark can tell message-to-pixel latency (bench/sessions-latency.ts).
    if (result.plots.length > 0 || reset) performance.measure('livedata:apply', { start: t0, detail: { plots: result.plots.length, stamps: result.plots.map((p) => p.plot.endTime) } });
  };

  const updater = new SessionUpdater(
    gateway,
    browserEnv(),
    {
      apply,
      shown: () => store.shownLayerIds,
      onLink: (state, detail) => store.setLink(state, detail),
      onSession: (id) => {
        store.sessionId = id;
      },
      log,
    },
    { client: gateway.carrier },
  );

  // A tab switch changes the shown layers: fetch their plots at once.
  watch(
    () => store.shownLayerIds.join('\n'),
    () => updater.wake(),
  );
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && redrawOnShow) {
      redrawOnShow = false;
      cache.refresh(null, presenterFailed);
    }
    updater.visibilityChanged();
  });
  window.addEventListener('pagehide', (e) => {
    if (!e.persisted) updater.stop();
  });
  window.setInterval(() => store.tick(Date.now()), 1000);

  return { gateway, cache, updater, log };
}

/** Uncaught errors and unhandled rejections go to main's log. */
export function forwardUncaughtErrors(log: SessionContext['log']): void {
  window.addEventListener('error', (e: ErrorEvent) => {
    // Benign browser notice, not an application error.
    if (typeof e.message === 'string' && e.message.includes('ResizeObserver loop')) return;
    const where = e.filename ? ` at ${e.filename}:${e.lineno}:${e.colno}` : '';
    const stack = e.error instanceof Error && e.error.stack ? `\n${e.error.stack}` : '';
    log('error', `${e.message}${where}${stack}`);
  });
  window.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
    const reason = e.reason instanceof Error ? `${e.reason.message}\n${e.reason.stack ?? ''}` : errorMessage(e.reason);
    log('error', `unhandled rejection: ${reason}`);
  });
}
