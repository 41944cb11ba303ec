// The layout a new user sees on first start: live plots of every demo workflow without a click.
import type { PlotOrchestrator } from '../plots/plot-orchestrator';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import { workflowKey } from '../instruments/instrument-spec';

export function applyDefaultLayout(plots: PlotOrchestrator, instrument: InstrumentSpec): void {
  // Real instruments start with their beam monitors only; their grid templates offer the rest.
  if (instrument.name !== 'dummy') {
    const monitor = instrument.workflows.find((x) => x.id.name === 'monitor_histogram');
    if (monitor) {
      plots.addLayer(plots.addCell(plots.addGrid('Monitors', 1, 1), { row: 0, col: 0, rowSpan: 1, colSpan: 1 }), {
        workflowId: workflowKey(monitor.id), sourceNames: [...monitor.sources], outputName: 'current', plotter: 'lines', params: {},
      });
    }
    return;
  }
  const wf = (name: string): string => {
    const w = instrument.workflows.find((x) => x.id.name === name);
    if (!w) throw new Error(`default layout: instrument ${instrument.name} has no workflow ${name}`);
    return workflowKey(w.id);
  };
  const cell = (grid: string, row: number, col: number, rowSpan: number, colSpan: number, layer: Parameters<PlotOrchestrator['addLayer']>[1], title: string | null = null): void => {
    plots.addLayer(plots.addCell(grid, { row, col, rowSpan, colSpan }, title), layer);
  };

  const detectors = plots.addGrid('Detectors', 2, 3);
  cell(detectors, 0, 0, 2, 2, { workflowId: wf('panel_0_xy'), sourceNames: ['panel_0'], outputName: 'cumulative', plotter: 'image', params: { plot_scale: { color_scale: 'log' } } });
  cell(detectors, 0, 2, 1, 1, { workflowId: wf('panel_0_layers'), sourceNames: ['panel_0'], outputName: 'current', plotter: 'image', params: { plot_scale: { color_scale: 'linear' } } });
  cell(detectors, 1, 2, 1, 1, { workflowId: wf('total_counts'), sourceNames: ['panel_0'], outputName: 'total_counts', plotter: 'timeseries', params: {} });

  const monitors = plots.addGrid('Monitors', 2, 2);
  // Two cells of one workflow: titled by what differs, so they are not read as the same plot.
  cell(monitors, 0, 0, 1, 2, { workflowId: wf('monitor_histogram'), sourceNames: ['monitor1', 'monitor2'], outputName: 'current', plotter: 'lines', params: {} }, 'Beam monitors: latest update');
  cell(monitors, 1, 0, 1, 1, { workflowId: wf('monitor_histogram'), sourceNames: ['monitor1', 'monitor2'], outputName: 'cumulative', plotter: 'lines', params: {} }, 'Beam monitors: since start');
  cell(monitors, 1, 1, 1, 1, { workflowId: wf('timeseries_data'), sourceNames: ['motion1', 'motion2'], outputName: 'delta', plotter: 'timeseries', params: {} });
}
