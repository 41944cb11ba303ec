import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger';
import { LayerStore } from './layer-store';
import type { Plotter } from './plotters';
import type { PlotState } from '../../shared/plot-state';

const config = { workflowId: 'w/x/1', sourceNames: ['s'], outputName: 'o', plotter: 'lines' as const, params: {} };
const plotter = {} as Plotter;
const plot = { kind: 'line' } as unknown as PlotState;

describe('LayerStore', () => {
  it('a restart blanks the plot and moves the data version (sessions see the blanking as a change)', () => {
    const store = new LayerStore(silentLogger());
    store.add('L', config, 'L');
    store.startJob('L', plotter);
    const fresh = store.get('L')!.dataVersion;
    store.setPlot('L', plot);
    const withData = store.get('L')!.dataVersion;
    expect(withData).toBe(fresh + 1);
    store.startJob('L', plotter);
    expect(store.get('L')!.plot).toBeNull();
    expect(store.get('L')!.dataVersion).toBe(withData + 1);
    expect(store.get('L')!.snapshot.state).toBe('WAITING_FOR_DATA');
    // Restarting a layer that has no plot changes no data.
    store.startJob('L', plotter);
    expect(store.get('L')!.dataVersion).toBe(withData + 1);
  });

  it('a stopped layer keeps its last plot and data version (shown as stopped, not blank)', () => {
    const store = new LayerStore(silentLogger());
    store.add('L', config, 'L');
    store.startJob('L', plotter);
    store.setPlot('L', plot);
    const v = store.get('L')!.dataVersion;
    store.stopJob('L');
    expect(store.get('L')!.plot).toBe(plot);
    expect(store.get('L')!.dataVersion).toBe(v);
    expect(store.get('L')!.snapshot.state).toBe('STOPPED');
  });
});
