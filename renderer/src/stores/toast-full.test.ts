import { describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useSessionStore } from './session-store';

describe('toasts', () => {
  it('a shortened toast keeps the whole message for its hover; a short one has none', () => {
    setActivePinia(createPinia());
    const store = useSessionStore();
    const long = `Failed to start 1/1 jobs: ${'x'.repeat(300)}`;
    store.pushToast({ level: 'error', message: long, timeMs: 1 });
    store.pushToast({ level: 'info', message: 'short', timeMs: 2 });
    const [a, b] = store.toasts;
    expect(a!.text.length).toBeLessThan(long.length);
    expect(a!.full).toBe(long);
    expect(b!.full).toBeUndefined();
    for (const t of [...store.toasts]) store.dismissToast(t.id);
  });
});
