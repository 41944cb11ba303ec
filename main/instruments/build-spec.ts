// Turns a validated catalogue file into the InstrumentSpec main works with, and that spec into
// the CatalogueView sessions receive.
import type { CatalogueView, OutputView, Temporality as ViewTemporality } from '../../shared/catalogue';
import { defaultParams } from '../../shared/params';
import { parseWorkflowIdString } from '../../shared/wire/result-key';
import type { CatalogueFile, CatalogueOutputFile } from './catalogue-file';
import type { DimSpec, InstrumentSpec, OutputSpec, Temporality, WorkflowSpec } from './instrument-spec';

/** Demo size of a dim nothing else sizes (image pixels, ROI count, …). */
const DEFAULT_DEMO_SIZE = 64;

const TEMPORALITY: Record<CatalogueOutputFile['temporality'], Temporality> = { cumulative: 'cumulative', current: 'window', timeseries: 'series' };
const VIEW_TEMPORALITY: Record<Temporality, ViewTemporality> = { cumulative: 'cumulative', window: 'current', series: 'timeseries' };

export function buildInstrumentSpec(file: CatalogueFile, origin: string): InstrumentSpec {
  const sourceUnits = new Map(file.sources.filter((s) => s.unit).map((s) => [s.name, s.unit as string]));
  const workflows = file.workflows.map((w): WorkflowSpec => {
    const params = defaultParams(w.params);
    const units = Object.fromEntries(w.sources.filter((s) => sourceUnits.has(s)).map((s) => [s, sourceUnits.get(s) as string]));
    return {
      id: parseWorkflowIdString(w.id),
      title: w.title,
      group: w.group,
      description: w.description,
      sources: [...w.sources],
      ...(Object.keys(units).length > 0 ? { sourceUnits: units } : {}),
      auxSources: w.auxSources.map((a) => ({ key: a.key, title: a.title, description: a.description, choices: a.choices.map((c) => ({ ...c })), default: a.default })),
      outputs: w.outputs.map((o) => buildOutput(o, params)),
      views: w.views.map((v) => ({ name: v.name, title: v.title, description: v.description, fields: [...v.fields], params: [...v.params] })),
      supportsReset: w.supportsReset,
      resetOnRunTransition: w.resetOnRunTransition,
      params,
      paramSchema: w.params,
      deviceOutputs: { ...w.deviceOutputs },
      service: w.service,
    };
  });
  const sources = file.sources.map((s) => ({ name: s.name, title: s.title, description: s.description, kind: s.kind, ...(s.unit ? { unit: s.unit } : {}) }));
  const devices = file.devices.map((d) => ({ deviceName: d.device_name, workflowId: d.workflow_id, sourceName: d.source_name, outputName: d.output_name }));
  const gridTemplates = file.gridTemplates.map((t) => structuredClone(t));
  let view: CatalogueView | null = null;
  const spec: InstrumentSpec = {
    name: file.instrument,
    title: file.title,
    description: file.description,
    sources,
    workflows,
    devices,
    gridTemplates,
    origin,
    catalogue: () => (view ??= catalogueView(spec)),
  };
  return spec;
}

function buildOutput(o: CatalogueOutputFile, params: Record<string, unknown>): OutputSpec {
  const dims = o.dims.map((d): DimSpec => {
    const edges = params[d.edgesParam ?? ''] as { start?: unknown; stop?: unknown; num_bins?: unknown } | undefined;
    const fromParams = edges && typeof edges.num_bins === 'number' && typeof edges.start === 'number' && typeof edges.stop === 'number';
    const size = d.size ?? (fromParams ? (edges.num_bins as number) : DEFAULT_DEMO_SIZE);
    const hasCoord = d.unit !== null || o.coords.includes(d.name);
    const [start, stop] = d.range ?? (fromParams ? [edges.start as number, edges.stop as number] : [0, size]);
    return {
      name: d.name,
      size,
      coord: hasCoord ? { unit: d.unit, start, stop, edges: d.edges } : null,
      ...(d.edgesParam ? { edgesParam: d.edgesParam } : {}),
    };
  });
  return {
    name: o.name,
    title: o.title,
    description: o.description,
    dims,
    coords: [...o.coords],
    unit: o.unit,
    temporality: TEMPORALITY[o.temporality],
    defaultPlotter: o.defaultPlotter,
  };
}

export function catalogueView(spec: InstrumentSpec): CatalogueView {
  return {
    instrument: spec.name,
    title: spec.title,
    sources: spec.sources.map((s) => ({ name: s.name, title: s.title, description: s.description, kind: s.kind })),
    workflows: spec.workflows.map((w) => ({
      id: `${w.id.instrument}/${w.id.name}/${w.id.version}`,
      title: w.title,
      group: w.group,
      description: w.description,
      sources: [...w.sources],
      auxSources: w.auxSources.map((a) => ({ ...a, choices: a.choices.map((c) => ({ ...c })) })),
      supportsReset: w.supportsReset,
      outputs: w.outputs.map((o): OutputView => ({
        name: o.name,
        title: o.title,
        description: o.description,
        dims: o.dims.map((d) => ({ name: d.name, unit: d.coord?.unit ?? null, edges: d.coord?.edges ?? false })),
        coords: [...o.coords],
        unit: o.unit,
        temporality: VIEW_TEMPORALITY[o.temporality],
        defaultPlotter: o.defaultPlotter,
      })),
      params: structuredClone(w.paramSchema),
      views: w.views.map((v) => ({ ...v, fields: [...v.fields], params: [...v.params] })),
    })),
    devices: spec.devices.map((d) => ({ ...d })),
    gridTemplates: structuredClone(spec.gridTemplates),
  };
}
