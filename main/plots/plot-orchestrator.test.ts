import { describe, expect, it } from 'vitest';
import { histogram } from '../../test/support/data';
import { DataStore } from '../data/data-store';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { LayerStore } from './layer-store';
import { PlotOrchestrator } from './plot-orchestrator';

const WF = 'dummy/monitor_histogram/1';
const config = { workflowId: WF, sourceNames: ['monitor1'], outputName: 'current', plotter: 'lines' as const, params: {} };

function setup() {
  const logger = silentLogger();
  const data = new DataStore();
  const layers = new LayerStore(logger);
  let job: string | null = null;
  const plots = new PlotOrchestrator(dummyInstrument, data, layers, { currentJob: () => job }, logger);
  const cell = plots.addCell(plots.addGrid('G', 2, 2), { row: 0, col: 0, rowSpan: 1, colSpan: 1 });
  return { data, layers, plots, cell, setJob: (j: string | null) => (job = j) };
}

describe('plot orchestrator', () => {
  it('a layer added while its workflow runs starts at once and shows retained data', () => {
    const { data, layers, plots, cell, setJob } = setup();
    setJob('job-1');
    data.set({ workflowId: WF, sourceName: 'monitor1', outputName: 'current' }, histogram([1, 2, 3]), 'job-1');
    const id = plots.addLayer(cell, config);
    expect(layers.get(id)!.snapshot.state).toBe('READY');
    expect(layers.get(id)!.plot).not.toBeNull();
  });

  it('a layer added while its workflow is stopped shows the retained data as STOPPED (layer lifecycle: layer-state-machine.ts)', () => {
    const { data, layers, plots, cell, setJob } = setup();
    setJob('job-1');
    data.set({ workflowId: WF, sourceName: 'monitor1', outputName: 'current' }, histogram([1, 2, 3]), 'job-1');
    setJob(null); // the job was stopped; its data is retained
    const id = plots.addLayer(cell, config);
    const layer = layers.get(id)!;
    expect(layer.snapshot.state).toBe('STOPPED');
    expect(layer.plot?.kind).toBe('line');
    expect(layer.dataVersion).toBeGreaterThan(0);
  });

  it('a layer added to a workflow that never ran waits for a job', () => {
    const { layers, plots, cell } = setup();
    const id = plots.addLayer(cell, config);
    expect(layers.get(id)!.snapshot.state).toBe('WAITING_FOR_JOB');
    expect(layers.get(id)!.plot).toBeNull();
  });
});
