// The views sessions receive (topology, layer states, jobs, connection, notifications).
// The API itself (methods, request schemas) is declared in session-api.ts.
import { z } from 'zod';
import type { PlotState } from './plot-state';
import { PLOTTERS } from './plotters';
import { JsonObjectSchema } from './json';
import type { SectionUpdates } from './api/sections';

export const LAYER_STATES = ['WAITING_FOR_JOB', 'WAITING_FOR_DATA', 'READY', 'STOPPED', 'ERROR'] as const;
export type LayerStateName = (typeof LAYER_STATES)[number];


export { PLOTTERS, type PlotterName } from './plotters';

const id = z.string().min(1).max(200);

export const LayerConfigSchema = z.object({
  workflowId: id,
  /** Empty only for a static overlay (workflowId "static/…", drawn from its params alone). */
  sourceNames: z.array(id).max(64),
  outputName: id,
  plotter: z.enum(PLOTTERS),
  /** Plotter parameters, nested as the reference's plot_params models (see shared/plotters.ts). */
  params: JsonObjectSchema.default({}),
});
export type LayerConfig = z.infer<typeof LayerConfigSchema>;

// ---- responses ------------------------------------------------------------------------

export interface LayerView {
  id: string;
  config: LayerConfig;
  /** e.g. "Beam monitor → histogram (monitor1, monitor2)". */
  title: string;
}

export interface CellView {
  id: string;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  title: string;
  layers: LayerView[];
  /** The title the user set (null: `title` is derived from the first layer). */
  userTitle?: string | null;
  /** Layers kept as written but not drawable here (e.g. an unknown workflow), with the reason. */
  unavailable?: UnavailableEntry[];
}

/** A layout entry this build cannot use: kept verbatim in the layout file, shown with the reason. */
export interface UnavailableEntry {
  id: string;
  /** e.g. "Monitor histogram → current (monitor1)" or what the entry names. */
  summary: string;
  reason: string;
}

export interface GridView {
  id: string;
  title: string;
  rows: number;
  cols: number;
  cells: CellView[];
  /** A disabled grid keeps its cells but shows no tab (grid manager's eye). Absent = enabled. */
  enabled?: boolean;
  /** The whole grid entry could not be used (kept verbatim); null/absent when usable. */
  unavailable?: string | null;
  /** Cells kept as written but not placed (outside the grid, overlapping, malformed). */
  unplaced?: UnavailableEntry[];
}

export interface Topology {
  version: number;
  grids: GridView[];
}

export interface LayerStatus {
  layerId: string;
  version: number;
  state: LayerStateName;
  message: string | null;
}

export interface LayerPlot {
  layerId: string;
  dataVersion: number;
  plot: PlotState;
}

export type WorkflowStatus = 'STOPPED' | 'PENDING' | 'ACTIVE' | 'WARNING' | 'ERROR';

export interface SourceStatus {
  source: string;
  /** Backend job state ("active", "error", ...) or null when no fresh heartbeat. */
  state: string | null;
  error: string | null;
  warning: string | null;
}

export interface WorkflowView {
  id: string;
  title: string;
  group: string;
  description: string;
  sources: string[];
  outputs: { name: string; title: string }[];
  status: WorkflowStatus;
  jobNumber: string | null;
  sourceStatuses: SourceStatus[];
  /** Earliest job start (data time), ms since epoch, or null. */
  startedAtMs: number | null;
  supportsReset: boolean;
  /** A start/stop/reset command awaits its acknowledgement. */
  pendingCommand: string | null;
  /** The reference's wording of the worst job state ("WAITING FOR CONTEXT", "SCHEDULED", ...). */
  statusLabel?: string;
  /** Why it is stopped or pending when not by a user's hand ("Backend shut down", ...). */
  note?: string | null;
  /** Sources the running (or restored) job runs on. */
  activeSources?: string[];
}

export interface ServiceView {
  serviceId: string;
  instrument: string;
  serviceName: string;
  workerId: string;
  state: string;
  stale: boolean;
  activeJobCount: number;
  lastSeenMs: number;
  error: string | null;
  /** Software version from the heartbeat envelope. */
  version?: string | null;
  /** Worker start (ms since epoch), for its uptime. */
  startedAtMs?: number | null;
  batchIntervalS?: number | null;
  /** Messages per stream over the last window (kept between the ~30 s reports). */
  streamStats?: { windowSeconds: number; streams: { topic: string; sourceName: string; stream: string | null; count: number }[] } | null;
}

export interface JobsSnapshot {
  version: number;
  workflows: WorkflowView[];
  services: ServiceView[];
}

export interface TopicStatsView {
  topic: string;
  role: string;
  messages: number;
  bytes: number;
  errors: number;
  messagesPerSecond: number;
  bytesPerSecond: number;
}

export interface ConnectionView {
  version: number;
  sourceKind: 'fake' | 'kafka' | 'replay';
  description: string;
  instrument: string;
  state: 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
  sinceMs: number;
  detail: string | null;
  topics: TopicStatsView[];
}

export type NotificationLevel = 'info' | 'success' | 'warning' | 'error';

export interface Notification {
  seq: number;
  level: NotificationLevel;
  message: string;
  timeMs: number;
}

export interface PollResult {
  /** This result's number for its session: the next poll acknowledges it with `applied` (absent: send `seen`). */
  seq?: number;
  topology: Topology | null;
  layers: LayerStatus[];
  plots: LayerPlot[];
  /**
   * Layers whose plot was blanked (a restarted job) at this data version: the session drops its
   * copy. Sent to every session, shown or not, so no window keeps the old run.
   */
  clearedPlots?: { layerId: string; dataVersion: number }[];
  /** Layers that no longer exist (the session should drop their state). */
  removedLayers: string[];
  /** Shared sections whose version moved (jobs, connection, catalogue, ...). */
  sections: SectionUpdates;
  notifications: Notification[];
  cursor: number;
  sessionCount: number;
}

export interface OpenResult extends PollResult {
  sessionId: string;
}

