// The instrument catalogue as sessions see it: sources, workflows with their outputs and
// parameter schemas, the devices fed by workflow outputs, and grid templates. It is static
// for a run (sent once per session as the `catalogue` section). Main loads it from YAML
// catalogue files (main/instruments/); the workflow catalogue is not on the wire.
import type { JsonObject } from './json';
import type { ParamSchema } from './params';
import type { PlotterName } from './plotters';

/** How an output evolves: accumulated since start/reset, the latest window only, or a 0-D value whose history is a time series. */
export type Temporality = 'cumulative' | 'current' | 'timeseries';

export interface OutputDimView {
  name: string;
  /** Unit of this dim's coordinate, null when the dim has none (pixel indices). */
  unit: string | null;
  /** The coordinate holds bin edges (histogram). */
  edges: boolean;
}

/**
 * An output's description: what the plotter registry decides compatibility from (number of
 * dims, dim names, coordinate names — as the reference's DataRequirements do).
 */
export interface OutputView {
  name: string;
  title: string;
  description: string;
  /** Outer first; empty for a 0-D scalar. */
  dims: OutputDimView[];
  /** Names of all coordinates the output carries (dimension coords and others, e.g. roi_index). */
  coords: string[];
  unit: string | null;
  temporality: Temporality;
  /** The plotter the wizard pre-selects (must be compatible). */
  defaultPlotter: PlotterName;
}

/**
 * A user-facing output bundling output fields by windowing (the reference's OutputView): e.g.
 * view `image` = fields `cumulative` (since start) and `current` (latest update). Grid templates
 * name views (`view_name`).
 */
export interface OutputGroupView {
  name: string;
  title: string;
  description: string;
  /** Output names (CatalogueWorkflow.outputs[].name) the view bundles. */
  fields: string[];
  /** Top-level workflow params that shape this view. */
  params: string[];
}

export interface AuxSourceSlot {
  key: string;
  title: string;
  description: string;
  choices: { value: string; title: string }[];
  default: string;
}

export type SourceKind = 'detector' | 'monitor' | 'device' | 'other';

export interface SourceView {
  name: string;
  title: string;
  description: string;
  kind: SourceKind;
}

export interface CatalogueWorkflow {
  /** "instrument/name/version". */
  id: string;
  title: string;
  group: string;
  description: string;
  sources: string[];
  auxSources: AuxSourceSlot[];
  supportsReset: boolean;
  outputs: OutputView[];
  params: ParamSchema;
  /** The reference's output views (optional: absent = one view per output). */
  views?: OutputGroupView[];
}

/** An instrument device fed by a workflow output (the reference's device_contract.yaml). */
export interface DeviceView {
  deviceName: string;
  workflowId: string;
  sourceName: string;
  outputName: string;
}

/** A grid template, same structure as the reference's grid_templates/*.yaml. */
export interface GridTemplateView {
  title: string;
  description: string;
  nrows: number;
  ncols: number;
  cells: {
    geometry: { row: number; col: number; row_span: number; col_span: number };
    layers: {
      data_sources: Record<string, { workflow_id: string; view_name: string; source_names: string[] }>;
      plot_name: string;
      params: JsonObject;
    }[];
  }[];
}

export interface CatalogueView {
  instrument: string;
  title: string;
  sources: SourceView[];
  workflows: CatalogueWorkflow[];
  devices: DeviceView[];
  gridTemplates: GridTemplateView[];
}
