// A small instrument built in code for the job/config tests, independent of the shipped
// catalogues: one histogram workflow with a schema (group, cross-field check, enum, integer
// limits), an aux-source slot, three sources and a device fed by source "a".
import { defaultParams, type ParamSchema } from '../../shared/params';
import type { InstrumentSpec, WorkflowSpec } from '../instruments/instrument-spec';

export const TEST_SCHEMA: ParamSchema = [
  { kind: 'group', key: 'mode', title: 'Mode', fields: [{ kind: 'enum', key: 'mode', title: 'Mode', options: [{ value: 'toa' }, { value: 'wavelength' }], default: 'toa' }] },
  {
    kind: 'group', key: 'toa_edges', title: 'TOA bins',
    checks: [{ kind: 'less', a: 'start', b: 'stop', orEqual: false, message: 'start must be below stop' }],
    fields: [
      { kind: 'number', key: 'start', title: 'Start', default: 0, integer: false, exclusiveMin: false, exclusiveMax: false, nullable: false, unit: 'ms' },
      { kind: 'number', key: 'stop', title: 'Stop', default: 70, integer: false, exclusiveMin: false, exclusiveMax: false, nullable: false, unit: 'ms' },
      { kind: 'number', key: 'num_bins', title: 'Bins', default: 100, integer: true, min: 1, max: 10_000, exclusiveMin: false, exclusiveMax: false, nullable: false },
      { kind: 'enum', key: 'unit', title: 'Unit', options: [{ value: 'ms' }, { value: 'us' }], default: 'ms' },
    ],
  },
];

export const TEST_WF = 'test/hist/1';

const workflow: WorkflowSpec = {
  id: { instrument: 'test', name: 'hist', version: 1 },
  title: 'Histogram',
  group: 'Monitors',
  description: 'test workflow',
  sources: ['a', 'b', 'c'],
  auxSources: [{ key: 'roi', title: 'ROI stream', description: '', choices: [{ value: 'roi_rectangle', title: 'rect' }, { value: 'roi_polygon', title: 'poly' }], default: 'roi_rectangle' }],
  outputs: [{ name: 'hist', title: 'Histogram', description: '', dims: [{ name: 'toa', size: 100, coord: { unit: 'ms', start: 0, stop: 70, edges: true }, edgesParam: 'toa_edges' }], coords: ['toa'], unit: 'counts', temporality: 'cumulative', defaultPlotter: 'lines' }],
  views: [],
  supportsReset: true,
  resetOnRunTransition: false,
  params: defaultParams(TEST_SCHEMA),
  paramSchema: TEST_SCHEMA,
  deviceOutputs: {},
  service: 'monitor_data',
};

export const testInstrument: InstrumentSpec = {
  name: 'test',
  title: 'Test',
  description: '',
  sources: ['a', 'b', 'c'].map((name) => ({ name, title: name, description: '', kind: 'monitor' as const })),
  workflows: [workflow],
  devices: [{ deviceName: 'a_counts_total', workflowId: TEST_WF, sourceName: 'a', outputName: 'hist' }],
  gridTemplates: [],
  origin: 'test',
  catalogue: () => { throw new Error('not used'); },
};
