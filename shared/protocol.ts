// The session protocol: the one API every session (Electron window or browser tab) calls.
// Requests are validated in main against these schemas; responses are produced by main.
import { z } from 'zod';
import type { PlotState } from './plot-state';

export const LAYER_STATES = ['WAITING_FOR_JOB', 'WAITING_FOR_DATA', 'READY', 'STOPPED', 'ERROR'] as const;
export type LayerStateName = (typeof LAYER_STATES)[number];

export const PLOTTERS = ['lines', 'image', 'timeseries'] as const;
export type PlotterName = (typeof PLOTTERS)[number];

const id = z.string().min(1).max(200);

export const LayerConfigSchema = z.object({
  workflowId: id,
  sourceNames: z.array(id).min(1).max(64),
  outputName: id,
  plotter: z.enum(PLOTTERS),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type LayerConfig = z.infer<typeof LayerConfigSchema>;

// ---- requests -------------------------------------------------------------------------

export const SeenSchema = z.object({
  topology: z.number().int(),
  jobs: z.number().int(),
  connection: z.number().int(),
  /** Notification cursor: the sequence number of the next unseen notification. */
  cursor: z.number().int(),
  /** Per layer: the state and data versions this session last applied. */
  layers: z.record(id, z.object({ state: z.number().int(), data: z.number().int() })),
  /** Layers this session currently shows; only these get plot data. */
  shown: z.array(id).max(1000),
});
export type Seen = z.infer<typeof SeenSchema>;

export const SessionCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('workflow.start'), workflowId: id }),
  z.object({ type: z.literal('workflow.stop'), workflowId: id }),
  z.object({ type: z.literal('workflow.reset'), workflowId: id }),
]);
export type SessionCommand = z.infer<typeof SessionCommandSchema>;

export const OpenRequestSchema = z.object({ client: z.enum(['electron', 'browser']) });
export const PollRequestSchema = z.object({ sessionId: id, seen: SeenSchema });
export const CommandRequestSchema = z.object({ sessionId: id, command: SessionCommandSchema });
export const CloseRequestSchema = z.object({ sessionId: id });
export const LogRequestSchema = z.object({
  sessionId: id.nullable(),
  level: z.enum(['error', 'warn', 'info']),
  message: z.string().max(10000),
});

export type OpenRequest = z.infer<typeof OpenRequestSchema>;
export type PollRequest = z.infer<typeof PollRequestSchema>;
export type CommandRequest = z.infer<typeof CommandRequestSchema>;
export type CloseRequest = z.infer<typeof CloseRequestSchema>;
export type LogRequest = z.infer<typeof LogRequestSchema>;

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
}

export interface GridView {
  id: string;
  title: string;
  rows: number;
  cols: number;
  cells: CellView[];
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
  topology: Topology | null;
  layers: LayerStatus[];
  plots: LayerPlot[];
  /** Layers that no longer exist (the session should drop their state). */
  removedLayers: string[];
  jobs: JobsSnapshot | null;
  connection: ConnectionView | null;
  notifications: Notification[];
  cursor: number;
  sessionCount: number;
}

export interface OpenResult extends PollResult {
  sessionId: string;
}

export interface CommandResult {
  ok: boolean;
  error: string | null;
}

/** The gateway as sessions see it, whatever the carrier (Electron IPC or WebSocket). */
export interface SessionApi {
  open(req: OpenRequest): Promise<OpenResult>;
  poll(req: PollRequest): Promise<PollResult>;
  command(req: CommandRequest): Promise<CommandResult>;
  close(req: CloseRequest): Promise<void>;
  log(req: LogRequest): Promise<void>;
}

export function emptySeen(): Seen {
  return { topology: -1, jobs: -1, connection: -1, cursor: -1, layers: {}, shown: [] };
}
