import { describe, expect, it } from 'vitest';
import { NotificationQueue } from '../sessions/notification-queue';
import { SessionRegistry } from '../sessions/session-registry';
import { notificationLogSection, sessionsSection } from './system-sections';

describe('System tab sections', () => {
  it('sessions: client kind, wall-clock heartbeat in 2 s steps, stale after half the timeout; the version moves only when that changes', () => {
    let mono = 1000;
    const wall = () => 1_700_000_000_000 + mono;
    const registry = new SessionRegistry(10_000, () => mono);
    const section = sessionsSection(registry, { wall, mono: () => mono });
    const a = registry.open('browser');
    const v1 = section.version();
    expect(section.view().sessions).toEqual([{ id: a.id, client: 'browser', openedAtMs: wall(), lastSeenMs: Math.floor(wall() / 2000) * 2000, stale: false }]);
    mono += 100; // a heartbeat within the same 2 s step
    registry.touch(a.id);
    expect(section.version()).toBe(v1);
    const b = registry.open('electron');
    expect(section.version()).toBeGreaterThan(v1);
    mono += 6000; // both silent for more than half the timeout
    registry.touch(b.id);
    const view = section.view();
    expect(view.sessions.find((s) => s.id === a.id)?.stale).toBe(true);
    expect(view.sessions.find((s) => s.id === b.id)).toMatchObject({ client: 'electron', stale: false });
    expect(view.timeoutMs).toBe(10_000);
  });

  it('notification log: the last 100, newest first, full text; versioned by the queue', () => {
    const queue = new NotificationQueue(100, () => 5);
    const section = notificationLogSection(queue);
    const v0 = section.version();
    for (let i = 0; i < 130; i++) queue.push(i % 2 ? 'error' : 'info', `line ${i}\nsecond line`);
    expect(section.version()).toBeGreaterThan(v0);
    const { entries } = section.view();
    expect(entries).toHaveLength(100);
    expect(entries[0]).toMatchObject({ seq: 129, level: 'error', message: 'line 129\nsecond line', timeMs: 5 });
    expect(entries[99].seq).toBe(30);
  });
});
