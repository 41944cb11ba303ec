// The reference's `dummy` instrument (inventory §4.4), trimmed to what the demo shows.
import type { DimSpec, InstrumentSpec, OutputSpec } from './instrument-spec';

const toa: DimSpec = { name: 'time_of_arrival', size: 100, coord: { unit: 'ms', start: 0, stop: 71.43, edges: true } };
const pixels = (name: string, size: number): DimSpec => ({ name, size, coord: null });

const counts = (name: string, title: string, dims: DimSpec[], temporality: OutputSpec['temporality'], defaultPlotter: OutputSpec['defaultPlotter']): OutputSpec => ({
  name, title, dims, unit: 'counts', temporality, defaultPlotter,
});

const monitorParams = {
  coordinate_mode: { mode: 'toa' },
  toa_edges: { start: 0.0, stop: 71.43, num_bins: 100, scale: 'linear', unit: 'ms' },
  toa_range: { start: 0.0, stop: 10.0, enabled: false, unit: 'μs' },
};
const detectorParams = { coordinate_mode: { mode: 'toa' }, pixel_weighting: { enabled: false } };

export const dummyInstrument: InstrumentSpec = {
  name: 'dummy',
  title: 'Dummy',
  workflows: [
    {
      id: { instrument: 'dummy', name: 'monitor_histogram', version: 1 },
      title: 'Beam monitor',
      group: 'Monitors',
      description: 'Time-of-arrival histograms of the beam monitors.',
      sources: ['monitor1', 'monitor2'],
      outputs: [
        counts('cumulative', 'Histogram (cumulative)', [toa], 'cumulative', 'lines'),
        counts('current', 'Histogram update', [toa], 'window', 'lines'),
        counts('counts_total_cumulative', 'Total counts (cumulative)', [], 'cumulative', 'timeseries'),
        counts('counts_total', 'Total counts', [], 'window', 'timeseries'),
      ],
      supportsReset: true,
      params: monitorParams,
      service: 'monitor_data',
    },
    {
      id: { instrument: 'dummy', name: 'panel_0_xy', version: 1 },
      title: 'Panel 0',
      group: 'Detectors',
      description: 'Detector panel 0 projected onto its x-y pixel plane.',
      sources: ['panel_0'],
      outputs: [
        counts('cumulative', 'Image (cumulative)', [pixels('dim_0', 128), pixels('dim_1', 128)], 'cumulative', 'image'),
        counts('current', 'Image update', [pixels('dim_0', 128), pixels('dim_1', 128)], 'window', 'image'),
        counts('counts_total', 'Total counts', [], 'window', 'timeseries'),
      ],
      supportsReset: true,
      params: detectorParams,
      service: 'detector_data',
    },
    {
      id: { instrument: 'dummy', name: 'panel_0_layers', version: 1 },
      title: 'Panel 0 Layers',
      group: 'Detectors',
      description: 'Detector panel 0 by depth layer (3-D).',
      sources: ['panel_0'],
      outputs: [
        counts('cumulative', 'Layers (cumulative)', [pixels('layer', 8), pixels('dim_0', 64), pixels('dim_1', 64)], 'cumulative', 'image'),
        counts('current', 'Layers update', [pixels('layer', 8), pixels('dim_0', 64), pixels('dim_1', 64)], 'window', 'image'),
      ],
      supportsReset: true,
      params: detectorParams,
      service: 'detector_data',
    },
    {
      id: { instrument: 'dummy', name: 'total_counts', version: 1 },
      title: 'Total counts',
      group: 'Reduction',
      description: 'Total neutron counts on panel 0 over time.',
      sources: ['panel_0'],
      outputs: [counts('total_counts', 'Total counts', [], 'cumulative', 'timeseries')],
      supportsReset: true,
      params: {},
      service: 'data_reduction',
    },
    {
      id: { instrument: 'dummy', name: 'timeseries_data', version: 1 },
      title: 'Readings',
      group: 'Devices and sensors',
      description: 'Motor positions as time series.',
      sources: ['motion1', 'motion2'],
      sourceUnits: { motion1: 'mm', motion2: 'deg' },
      outputs: [{ name: 'delta', title: 'Position', dims: [], unit: 'mm', temporality: 'series', defaultPlotter: 'timeseries' }],
      supportsReset: false,
      params: {},
      service: 'timeseries',
    },
  ],
};
