// The `catalogue` section sessions receive: the instrument's sources, workflows with their
// outputs and parameter schemas, devices and grid templates (shared/catalogue.ts).
import type { CatalogueView, OutputView } from '../../shared/catalogue';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import { workflowKey } from '../instruments/instrument-spec';

/** The instrument's catalogue view, from the spec's own `catalogue()` when it has one. */
export function catalogueOf(instrument: InstrumentSpec): CatalogueView {
  const withCatalogue = instrument as InstrumentSpec & { catalogue?: () => CatalogueView };
  if (typeof withCatalogue.catalogue === 'function') return withCatalogue.catalogue();
  const sources = [...new Set(instrument.workflows.flatMap((w) => w.sources))];
  return {
    instrument: instrument.name,
    title: instrument.title,
    sources: sources.map((name) => ({ name, title: name, description: '', kind: 'other' as const })),
    workflows: instrument.workflows.map((w) => ({
      id: workflowKey(w.id),
      title: w.title,
      group: w.group,
      description: w.description,
      sources: w.sources,
      auxSources: [],
      supportsReset: w.supportsReset,
      params: [],
      outputs: w.outputs.map((o): OutputView => ({
        name: o.name,
        title: o.title,
        description: '',
        dims: o.dims.map((d) => ({ name: d.name, unit: d.coord?.unit ?? null, edges: d.coord?.edges ?? false })),
        coords: o.dims.filter((d) => d.coord).map((d) => d.name),
        unit: o.unit,
        temporality: o.temporality === 'series' ? 'timeseries' : o.temporality === 'window' ? 'current' : 'cumulative',
        defaultPlotter: o.defaultPlotter,
      })),
    })),
    devices: [],
    gridTemplates: [],
  };
}
