import { describe, expect, it } from 'vitest';
import { NotificationQueue } from './notification-queue';

describe('notification queue', () => {
  it('a late joiner sees nothing old, only what comes after it joined', () => {
    const q = new NotificationQueue();
    q.push('info', 'before');
    const late = q.end;
    q.push('success', 'after');
    const { events } = q.since(late);
    expect(events.map((e) => e.message)).toEqual(['after']);
  });

  it('each session sees each event exactly once, whatever the interleaving', () => {
    const q = new NotificationQueue();
    let a = q.end;
    let b = q.end;
    const seenA: string[] = [];
    const seenB: string[] = [];
    q.push('info', 'one');
    ({ cursor: a } = collect(q, a, seenA));
    q.push('info', 'two');
    q.push('error', 'three');
    ({ cursor: b } = collect(q, b, seenB));
    ({ cursor: a } = collect(q, a, seenA));
    ({ cursor: a } = collect(q, a, seenA)); // nothing new: nothing repeated
    ({ cursor: b } = collect(q, b, seenB));
    expect(seenA).toEqual(['one', 'two', 'three']);
    expect(seenB).toEqual(['one', 'two', 'three']);
  });

  it('keeps at most its capacity; a slow reader gets what remains, without duplicates', () => {
    const q = new NotificationQueue(3);
    const cursor = q.end;
    for (let i = 0; i < 5; i++) q.push('info', `n${i}`);
    expect(q.all()).toHaveLength(3);
    const { events, cursor: next } = q.since(cursor);
    expect(events.map((e) => e.message)).toEqual(['n2', 'n3', 'n4']);
    expect(q.since(next).events).toEqual([]);
  });

  it('tells listeners on every push (the wake hint)', () => {
    const q = new NotificationQueue();
    let pushes = 0;
    q.onPush(() => pushes++);
    q.push('warning', 'x');
    q.push('warning', 'y');
    expect(pushes).toBe(2);
  });
});

function collect(q: NotificationQueue, cursor: number, into: string[]): { cursor: number } {
  const r = q.since(cursor);
  into.push(...r.events.map((e) => e.message));
  return { cursor: r.cursor };
}
