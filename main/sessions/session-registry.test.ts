import { describe, expect, it } from 'vitest';
import { SessionRegistry } from './session-registry';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('session registry', () => {
  it('drops a session that has not polled within the timeout and tells listeners why', () => {
    const c = clock();
    const reg = new SessionRegistry(10_000, c.now);
    const quiet = reg.open('browser');
    const busy = reg.open('electron');
    const removed: [string, string][] = [];
    reg.onRemoved((id, why) => removed.push([id, why]));
    c.advance(6000);
    reg.touch(busy.id);
    c.advance(6000); // quiet: 12 s silent, busy: 6 s
    expect(reg.reapStale()).toEqual([quiet.id]);
    expect(removed).toEqual([[quiet.id, 'timeout']]);
    expect(reg.has(busy.id)).toBe(true);
    expect(reg.count).toBe(1);
    expect(reg.touch(quiet.id)).toBe(false);
  });

  it('frees a session at once on close, exactly once', () => {
    const reg = new SessionRegistry();
    const s = reg.open('browser');
    let removals = 0;
    reg.onRemoved(() => removals++);
    expect(reg.close(s.id)).toBe(true);
    expect(reg.close(s.id)).toBe(false);
    expect(removals).toBe(1);
    expect(reg.count).toBe(0);
  });
});
