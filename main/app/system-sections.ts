// The System tab's shared sections: the sessions panel (from the session registry) and the
// notification log (the last 100 notifications of the shared queue, newest first).
import type { NotificationLogView, SessionsView } from '../../shared/system-views';
import type { NotificationQueue } from '../sessions/notification-queue';
import type { SectionSource } from '../sessions/section-source';
import type { SessionRegistry } from '../sessions/session-registry';

/** Heartbeat times are sent in steps of this size, so polling itself does not move the version each time. */
const LAST_SEEN_STEP_MS = 2000;

export function sessionsSection(registry: SessionRegistry, clock: { wall: () => number; mono: () => number } = { wall: Date.now, mono: () => performance.now() }): SectionSource<'sessions'> {
  let version = 1;
  let signature = '';
  const build = (): SessionsView => {
    const wallNow = clock.wall();
    const monoNow = clock.mono();
    const staleAfter = registry.timeoutMs / 2;
    const sessions = registry.list().map((s) => ({
      id: s.id,
      client: s.client,
      openedAtMs: Math.round(wallNow - (monoNow - s.openedAt)),
      lastSeenMs: Math.floor((wallNow - (monoNow - s.lastSeen)) / LAST_SEEN_STEP_MS) * LAST_SEEN_STEP_MS,
      stale: monoNow - s.lastSeen > staleAfter,
    })).sort((a, b) => a.openedAtMs - b.openedAtMs);
    return { version, timeoutMs: registry.timeoutMs, sessions };
  };
  const current = (): SessionsView => {
    const view = build();
    // openedAtMs is derived from two clocks and may jitter by a millisecond: not part of the signature.
    const sig = JSON.stringify(view.sessions.map((s) => [s.id, s.lastSeenMs, s.stale]));
    if (sig !== signature) {
      signature = sig;
      version++;
      view.version = version;
    }
    return view;
  };
  return { name: 'sessions', version: () => current().version, view: () => current() };
}

export function notificationLogSection(queue: NotificationQueue): SectionSource<'notificationLog'> {
  return {
    name: 'notificationLog',
    // The sequence number only grows with every push: a version for free.
    version: () => queue.end + 1,
    view: () => ({ entries: [...queue.all()].reverse().map((n) => ({ ...n })) }) satisfies NotificationLogView,
    onChange: (listener) => {
      queue.onPush(listener);
      return () => undefined;
    },
  };
}
