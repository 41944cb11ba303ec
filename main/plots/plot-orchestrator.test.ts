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

describe('plot orchestrator: static overlays and unusable entries', () => {
  it('a static overlay is drawn from its params at once (no workflow runs for it)', () => {
    const { layers, plots, cell } = setup();
    const id = plots.addLayer(cell, { workflowId: 'static/geometric/1', sourceNames: [], outputName: 'static', plotter: 'vlines', params: { geometry: { positions: '10, 20' } } }, { strict: true });
    expect(layers.get(id)!.snapshot.state).toBe('READY');
    expect(layers.get(id)!.plot).not.toBeNull();
  });

  it('a layer naming an unknown workflow is kept verbatim, shown unavailable, and serialised unchanged', () => {
    const { plots } = setup();
    const foreign = { workflowId: 'loki/sans/2', sourceNames: ['larmor'], outputName: 'iofq', plotter: 'lines', params: { x: [1, 2] } };
    const { gridId, problems } = plots.addGridEntry({ title: 'F', rows: 1, cols: 1, cells: [{ row: 0, col: 0, layers: [foreign] }] });
    expect(problems).toEqual(["grid 'F': loki/sans/2 → iofq (larmor): unknown workflow loki/sans/2"]);
    const cellView = plots.topology().grids.find((g) => g.id === gridId)!.cells[0];
    expect(cellView.layers).toEqual([]);
    expect(cellView.unavailable).toEqual([{ id: expect.any(String), summary: 'loki/sans/2 → iofq (larmor)', reason: 'unknown workflow loki/sans/2' }]);
    expect(cellView.title).toBe('loki/sans/2 → iofq (larmor)');
    const saved = plots.serialize().grids.find((g) => (g as { title: string }).title === 'F') as { cells: { layers: unknown[] }[] };
    expect(saved.cells[0].layers[0]).toEqual(foreign);
    // The user can still remove it.
    plots.removeLayer(cellView.unavailable![0].id);
    expect(plots.topology().grids.find((g) => g.id === gridId)!.cells).toEqual([]);
  });
});
