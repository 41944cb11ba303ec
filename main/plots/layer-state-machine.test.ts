import { describe, expect, it } from 'vitest';
import { initialSnapshot, transition, type LayerEvent, type LayerSnapshot } from './layer-state-machine';
import type { LayerStateName } from '../../shared/protocol';

const at = (state: LayerStateName, version = 5, message: string | null = null): LayerSnapshot => ({ state, version, message });
const ev = {
  started: { type: 'job_started' } as LayerEvent,
  data: { type: 'data_arrived' } as LayerEvent,
  stopped: { type: 'job_stopped' } as LayerEvent,
  error: { type: 'error', message: 'boom' } as LayerEvent,
};

// Expected outcome per (state, event): target state with a version bump, 'noop' or 'invalid'.
const table: Record<LayerStateName, Record<keyof typeof ev, LayerStateName | 'noop' | 'invalid'>> = {
  WAITING_FOR_JOB: { started: 'WAITING_FOR_DATA', data: 'invalid', stopped: 'noop', error: 'ERROR' },
  WAITING_FOR_DATA: { started: 'WAITING_FOR_DATA', data: 'READY', stopped: 'STOPPED', error: 'ERROR' },
  READY: { started: 'WAITING_FOR_DATA', data: 'noop', stopped: 'STOPPED', error: 'ERROR' },
  STOPPED: { started: 'WAITING_FOR_DATA', data: 'noop', stopped: 'invalid', error: 'ERROR' },
  ERROR: { started: 'WAITING_FOR_DATA', data: 'READY', stopped: 'noop', error: 'ERROR' },
};

describe('layer state machine', () => {
  for (const [from, row] of Object.entries(table) as [LayerStateName, (typeof table)[LayerStateName]][]) {
    for (const [name, expected] of Object.entries(row) as [keyof typeof ev, string][]) {
      it(`${from} + ${name} → ${expected}`, () => {
        const result = transition(at(from), ev[name]);
        if (expected === 'noop' || expected === 'invalid') {
          expect(result.kind).toBe(expected);
        } else {
          expect(result.kind).toBe('changed');
          if (result.kind !== 'changed') return;
          expect(result.snapshot.state).toBe(expected);
          expect(result.snapshot.version).toBe(6); // every effective transition bumps by one
        }
      });
    }
  }

  it('job_started bumps the version even when already waiting for data (new plotter)', () => {
    const r1 = transition(at('WAITING_FOR_DATA', 3), ev.started);
    expect(r1.kind === 'changed' && r1.snapshot).toMatchObject({ state: 'WAITING_FOR_DATA', version: 4 });
  });

  it('keeps the error message in ERROR and clears it on recovery', () => {
    const failed = transition(at('READY'), ev.error);
    expect(failed.kind === 'changed' && failed.snapshot.message).toBe('boom');
    if (failed.kind !== 'changed') return;
    const recovered = transition(failed.snapshot, ev.data);
    expect(recovered.kind === 'changed' && recovered.snapshot).toMatchObject({ state: 'READY', message: null });
  });

  it('static layers start READY, dynamic ones WAITING_FOR_JOB', () => {
    expect(initialSnapshot(true).state).toBe('READY');
    expect(initialSnapshot().state).toBe('WAITING_FOR_JOB');
  });
});
