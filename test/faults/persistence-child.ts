// Child process of test/faults/persistence.test.ts: loads the layout through LayoutPersistence
// (as the app does at start), then edits and saves it in a tight loop, printing "saved N" after
// each save returns — what the user was told is kept. The parent kills it with SIGKILL mid-save.
import path from 'node:path';
import { ConfigFile } from '../../main/config/config-file';
import { DataStore } from '../../main/data/data-store';
import type { InstrumentSpec } from '../../main/instruments/instrument-spec';
import { silentLogger } from '../../main/logging/logger';
import { LayerStore } from '../../main/plots/layer-store';
import { LayoutFileSchema } from '../../main/plots/layout';
import { LayoutEditor } from '../../main/plots/layout-commands';
import { LayoutPersistence } from '../../main/plots/layout-persistence';
import { PlotOrchestrator } from '../../main/plots/plot-orchestrator';

const dir = process.argv[2];
// One workflow is all the seeded layout names: a small catalogue keeps each child's start short
// (a hundred of them are started).
const instrument = {
  name: 'dummy', title: 'Dummy', description: '', sources: [], devices: [], gridTemplates: [], origin: 'persistence-child',
  workflows: [{
    id: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, title: 'Beam monitor', group: 'Monitors', description: '',
    sources: ['monitor1', 'monitor2'], auxSources: [], views: [], supportsReset: true, resetOnRunTransition: false, params: {}, paramSchema: [],
    deviceOutputs: {}, service: 'monitor_data',
    outputs: [{ name: 'current', title: 'Current', description: '', dims: [{ name: 'time_of_arrival', size: 10, coord: null }], coords: [], unit: 'counts', temporality: 'window', defaultPlotter: 'lines' }],
  }],
  catalogue: () => ({ instrument: 'dummy', title: 'Dummy', sources: [], workflows: [], devices: [], gridTemplates: [] }),
} as InstrumentSpec;
const logger = silentLogger();
const layers = new LayerStore(logger);
const plots = new PlotOrchestrator(instrument, new DataStore(), layers, { currentJob: () => null }, logger);
const persistence = new LayoutPersistence({
  file: new ConfigFile(path.join(dir, 'layout.yaml'), LayoutFileSchema),
  plots,
  // The parent seeds the file: falling back to defaults would be a loss, reported as such.
  applyDefault: () => {
    process.stdout.write('defaults\n');
    plots.addGrid('defaults', 1, 1);
  },
  notify: (level, message) => process.stdout.write(`notify ${level} ${message.replace(/\n/g, ' ')}\n`),
  logger,
  debounceMs: 1e9,
});
persistence.start();
const editor = new LayoutEditor(plots, instrument);
const grid = plots.topology().grids.find((g) => g.title.startsWith('edit-'));
if (!grid) {
  process.stdout.write('no edit grid\n');
  process.exit(2);
}
let n = Number(grid.title.slice('edit-'.length));
process.stdout.write(`loaded ${n}\n`);
for (;;) {
  n++;
  editor.handle({ type: 'layout.renameGrid', gridId: grid.id, title: `edit-${n}` });
  persistence.flush();
  process.stdout.write(`saved ${n}\n`);
}
