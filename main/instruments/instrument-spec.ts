// What main knows about an instrument, built from its catalogue file (catalogue-file.ts,
// docs/catalogues.md): its sources, its workflows with their parameter schemas and default
// params (sent in WorkflowConfig), their outputs' shapes (what the demo backend synthesises and
// what the plot wizard matches plotters against), devices and grid templates. The workflow
// catalogue is not on the wire: the app ships one file per instrument.
import type { AuxSourceSlot, CatalogueView, DeviceView, GridTemplateView, SourceView } from '../../shared/catalogue';
import type { JsonObject } from '../../shared/json';
import type { ParamSchema } from '../../shared/params';
import type { PlotterName } from '../../shared/plotters';
import type { WorkflowId } from '../../shared/wire/types';

export interface DimSpec {
  name: string;
  /** Elements the demo backend synthesises (a histogram axis takes its bin count from `edgesParam`). */
  size: number;
  /** Coordinate along this dim, evenly spaced from start to stop; none = pixel indices. */
  coord: { unit: string | null; start: number; stop: number; edges: boolean } | null;
  /** The param group (start, stop, num_bins, scale, unit) that defines this axis. */
  edgesParam?: string;
}

/** The reference's Temporality: accumulated since start, one update window, or a time series. */
export type Temporality = 'cumulative' | 'window' | 'series';

export interface OutputSpec {
  name: string;
  title: string;
  description: string;
  /** Outer first; empty for a 0-D scalar. */
  dims: DimSpec[];
  /** Every coordinate the output carries (dim coords and others such as roi_index). */
  coords: string[];
  /** null: per source (device logs, see SourceSpec.unit) or none. */
  unit: string | null;
  temporality: Temporality;
  defaultPlotter: PlotterName;
}

/** A user-facing output bundling fields by windowing (the reference's OutputView). */
export interface OutputViewSpec {
  name: string;
  title: string;
  description: string;
  fields: string[];
  params: string[];
}

export interface WorkflowSpec {
  id: WorkflowId;
  title: string;
  group: string;
  description: string;
  sources: string[];
  /** Per source unit for series outputs (device logs: motion1 in mm, motion2 in deg). */
  sourceUnits?: Record<string, string>;
  auxSources: AuxSourceSlot[];
  outputs: OutputSpec[];
  views: OutputViewSpec[];
  supportsReset: boolean;
  resetOnRunTransition: boolean;
  /** The default params, nested as on the wire (WorkflowConfig.params). */
  params: JsonObject;
  /** The params' schema (shared/params.ts): the configure dialog and validation. */
  paramSchema: ParamSchema;
  /** Output name → device-name template with {source_name}. */
  deviceOutputs: Record<string, string>;
  /** The backend service that runs it (demo service heartbeats). */
  service: string;
}

export interface SourceSpec extends SourceView {
  unit?: string;
}

export interface InstrumentSpec {
  name: string;
  title: string;
  description: string;
  sources: SourceSpec[];
  workflows: WorkflowSpec[];
  devices: DeviceView[];
  gridTemplates: GridTemplateView[];
  /** Where the catalogue came from (a file path), for logs and errors. */
  origin: string;
  /** The `catalogue` section sessions receive. */
  catalogue(): CatalogueView;
}

export function workflowKey(id: WorkflowId): string {
  return `${id.instrument}/${id.name}/${id.version}`;
}

export function findWorkflow(spec: InstrumentSpec, key: string): WorkflowSpec | undefined {
  return spec.workflows.find((w) => workflowKey(w.id) === key);
}

/** The default aux-source selection of a workflow (slot key → stream name), as the reference sends it. */
export function defaultAuxSources(workflow: WorkflowSpec): Record<string, string> {
  return Object.fromEntries(workflow.auxSources.map((a) => [a.key, a.default]));
}
