import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { GridView, PollResult, Topology } from '../../../shared/protocol';
import { SYSTEM_TAB, WORKFLOWS_TAB, gridTabId, useSessionStore } from './session-store';

function result(over: Partial<PollResult> = {}): PollResult {
  return { topology: null, layers: [], plots: [], removedLayers: [], sections: {}, notifications: [], cursor: 0, sessionCount: 1, ...over };
}

function grid(id: string, title: string, layerIds: string[]): GridView {
  return {
    id,
    title,
    rows: 1,
    cols: layerIds.length,
    cells: layerIds.map((l, i) => ({
      id: `${id}-c${i}`,
      row: 0,
      col: i,
      rowSpan: 1,
      colSpan: 1,
      title: l,
      layers: [{ id: l, title: l, config: { workflowId: 'w', sourceNames: ['s'], outputName: 'o', plotter: 'lines' as const, params: {} } }],
    })),
  };
}

const topo = (version: number, grids: GridView[]): Topology => ({ version, grids });

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('starts on the first grid (live plots without a click); shown layers are those of the visible grid only', () => {
    const s = useSessionStore();
    expect(s.activeTab).toBe(WORKFLOWS_TAB); // before anything is known
    s.applyResult(result({ topology: topo(1, [grid('g1', 'Detectors', ['a', 'b']), grid('g2', 'Monitors', ['c'])]) }), false);
    expect(s.activeTab).toBe(gridTabId('g1'));
    expect(s.shownLayerIds).toEqual(['a', 'b']);
    s.setActiveTab(WORKFLOWS_TAB);
    expect(s.shownLayerIds).toEqual([]);
    // Once chosen, a later topology change does not pull the session back to a grid.
    s.applyResult(result({ topology: topo(2, [grid('g1', 'Detectors', ['a', 'b']), grid('g2', 'Monitors', ['c'])]) }), false);
    expect(s.activeTab).toBe(WORKFLOWS_TAB);
    s.setActiveTab(gridTabId('g2'));
    expect(s.shownLayerIds).toEqual(['c']);
    s.setActiveTab(SYSTEM_TAB);
    expect(s.shownLayerIds).toEqual([]);
  });

  it('keeps the active grid by identity and clamps by index when it is removed', () => {
    const s = useSessionStore();
    const g1 = grid('g1', 'A', ['a']);
    const g2 = grid('g2', 'B', ['b']);
    const g3 = grid('g3', 'C', ['c']);
    s.applyResult(result({ topology: topo(1, [g1, g2, g3]) }), false);
    s.setActiveTab(gridTabId('g2'));
    // Reordered: still g2.
    s.applyResult(result({ topology: topo(2, [g2, g1, g3]) }), false);
    expect(s.activeTab).toBe(gridTabId('g2'));
    // g2 (index 0) removed: the grid now at index 0.
    s.applyResult(result({ topology: topo(3, [g1, g3]) }), false);
    expect(s.activeTab).toBe(gridTabId('g1'));
    s.applyResult(result({ topology: topo(4, []) }), false);
    expect(s.activeTab).toBe(WORKFLOWS_TAB);
  });

  it('applies a tab requested in the URL once the topology is known', () => {
    const s = useSessionStore();
    s.requestTab('monitors');
    expect(s.activeTab).toBe(WORKFLOWS_TAB);
    s.applyResult(result({ topology: topo(1, [grid('g1', 'Detectors', ['a']), grid('g2', 'Monitors', ['b'])]) }), false);
    expect(s.activeTab).toBe(gridTabId('g2'));
  });

  it('records layer statuses and plot meta, drops removed layers, resets on reopen', () => {
    const s = useSessionStore();
    s.applyResult(
      result({
        topology: topo(1, [grid('g1', 'A', ['a'])]),
        layers: [{ layerId: 'a', version: 2, state: 'READY', message: null }],
        plots: [{ layerId: 'a', dataVersion: 5, plot: { kind: 'line', endTime: '1700000000500000000' } as never }],
      }),
      false,
    );
    expect(s.layerStatus.a.state).toBe('READY');
    expect(s.layerPlot.a).toMatchObject({ kind: 'line', dataVersion: 5, endMs: 1700000000500 });
    s.applyResult(result({ removedLayers: ['a'] }), false);
    expect(s.layerStatus.a).toBeUndefined();
    expect(s.layerPlot.a).toBeUndefined();
    s.applyResult(result({ topology: topo(1, [grid('g1', 'A', ['a'])]), layers: [{ layerId: 'a', version: 1, state: 'WAITING_FOR_JOB', message: null }] }), false);
    s.applyResult(result({ sessionCount: 3 }), true);
    expect(s.topology).toBeNull();
    expect(s.layerStatus.a).toBeUndefined();
    expect(s.sessionCount).toBe(3);
  });

  it('toasts: first line, 120 chars, per-level lifetimes, dismissable', () => {
    const s = useSessionStore();
    s.applyResult(
      result({
        notifications: [
          { seq: 1, level: 'success', message: 'Started 2/2 jobs\ndetails', timeMs: 0 },
          { seq: 2, level: 'warning', message: 'w'.repeat(300), timeMs: 0 },
          { seq: 3, level: 'error', message: 'Failed', timeMs: 0 },
        ],
      }),
      false,
    );
    expect(s.toasts.map((t) => t.level)).toEqual(['success', 'warning', 'error']);
    expect(s.toasts[0].text).toBe('Started 2/2 jobs');
    expect(s.toasts[1].text.length).toBe(120);
    vi.advanceTimersByTime(3001);
    expect(s.toasts.map((t) => t.level)).toEqual(['warning', 'error']);
    vi.advanceTimersByTime(5000);
    expect(s.toasts.map((t) => t.level)).toEqual(['error']);
    vi.advanceTimersByTime(21_000);
    expect(s.toasts).toHaveLength(1);
    s.dismissToast(s.toasts[0].id);
    expect(s.toasts).toHaveLength(0);
  });

  it('a lost data source and a refused token are distinct, lasting states (banner + stale hook)', () => {
    const s = useSessionStore();
    const conn = (state: 'connected' | 'reconnecting' | 'disconnected', version: number) => ({
      connection: { version, view: { version, sourceKind: 'kafka' as const, description: 'kafka (b:9092)', instrument: 'dummy', state, sinceMs: 0, detail: null, topics: [] } },
    });
    s.setLink('connected', null);
    s.applyResult(result({ sections: conn('connected', 1) }), false);
    expect(s.dataSourceLost).toBe(false);
    expect(s.dataStale).toBe(false);
    s.applyResult(result({ sections: conn('reconnecting', 2) }), false);
    expect(s.dataSourceLost).toBe(true);
    expect(s.dataStale).toBe(true);
    vi.advanceTimersByTime(60_000); // no timer makes it go away: only the next connection state does
    expect(s.dataSourceLost).toBe(true);
    s.applyResult(result({ sections: conn('connected', 3) }), false);
    expect(s.dataSourceLost).toBe(false);
    s.setLink('disconnected', 'Access refused: this page’s access token is missing or not accepted.');
    expect(s.accessRefused).toBe(true);
    expect(s.dataStale).toBe(true);
    s.setLink('disconnected', 'connection to the app closed (1006)');
    expect(s.accessRefused).toBe(false);
  });

  it('a cleared plot (restart) drops the layer\'s plot facts', () => {
    const s = useSessionStore();
    s.applyResult(result({ plots: [{ layerId: 'a', dataVersion: 3, plot: { kind: 'line', endTime: null } as never }] }), false);
    expect(s.layerPlot.a?.dataVersion).toBe(3);
    s.applyResult(result({ clearedPlots: [{ layerId: 'a', dataVersion: 4 }] }), false);
    expect(s.layerPlot.a).toBeUndefined();
  });
});
