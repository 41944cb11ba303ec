// The workflow catalogue is not on the wire (wire-protocol §3.2): the app ships a spec per
// instrument. A spec says which workflows exist, their sources, their outputs' shapes and
// units (what the demo backend synthesises) and which plotter fits each output by default.
import type { PlotterName } from '../../shared/protocol';
import type { WorkflowId } from '../../shared/wire/types';

export interface DimSpec {
  name: string;
  size: number;
  /** Coordinate along this dim, evenly spaced from start to stop; none = pixel indices. */
  coord: { unit: string | null; start: number; stop: number; edges: boolean } | null;
}

export type Temporality = 'cumulative' | 'window' | 'series';

export interface OutputSpec {
  name: string;
  title: string;
  /** Outer first; empty for a 0-D scalar. */
  dims: DimSpec[];
  unit: string;
  temporality: Temporality;
  defaultPlotter: PlotterName;
}

export interface WorkflowSpec {
  id: WorkflowId;
  title: string;
  group: string;
  description: string;
  sources: string[];
  /** Per source unit override for series outputs (e.g. motion1 in mm, motion2 in deg). */
  sourceUnits?: Record<string, string>;
  outputs: OutputSpec[];
  supportsReset: boolean;
  /** The params sent in WorkflowConfig (the workflow's defaults). */
  params: Record<string, unknown>;
  /** The backend service that runs it (demo service heartbeats). */
  service: string;
}

export interface InstrumentSpec {
  name: string;
  title: string;
  workflows: WorkflowSpec[];
}

export function workflowKey(id: WorkflowId): string {
  return `${id.instrument}/${id.name}/${id.version}`;
}

export function findWorkflow(spec: InstrumentSpec, key: string): WorkflowSpec | undefined {
  return spec.workflows.find((w) => workflowKey(w.id) === key);
}
