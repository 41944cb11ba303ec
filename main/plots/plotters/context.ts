// The plotter context of a layer from the catalogue: display titles of its sources, output and
// dims (labels), and the output's temporality (decides what "since run start" means).
import type { CatalogueView } from '../../../shared/catalogue';
import type { JsonObject } from '../../../shared/json';
import type { PlotterContext } from './plotter';

export function plotterContext(catalogue: CatalogueView | null, config: { workflowId: string; outputName: string; params: JsonObject }, title: string): PlotterContext {
  const ctx: PlotterContext = { title, params: config.params };
  if (!catalogue) return ctx;
  const sources: Record<string, string> = {};
  for (const s of catalogue.sources) if (s.title) sources[s.name] = s.title;
  const output = catalogue.workflows.find((w) => w.id === config.workflowId)?.outputs.find((o) => o.name === config.outputName);
  ctx.labels = { sources, output: output?.title };
  if (output) ctx.temporality = output.temporality;
  return ctx;
}
