// Heartbeats: the status_json document inside x5f2, as job or service status.

import { z } from 'zod';
import { WireError } from './errors';
import { JsonFloat, parseJson, stringifyJson, validate } from './json';
import { jobIdJson, jobIdSchema, workflowIdToString } from './result-key';
import type { JobId, WorkflowId } from './types';
import { decodeX5f2, encodeX5f2, type X5f2Status } from './x5f2';

export const JOB_STATES = ['scheduled', 'pending_context', 'active', 'warning', 'error', 'finishing', 'stopped'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const SERVICE_STATES = ['starting', 'running', 'stopped', 'error'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** NICOS status codes. */
export const NICOS = { OK: 200, WARNING: 210, DISABLED: 235, ERROR: 240, UNKNOWN: 999 } as const;

/** `job_state_to_nicos_status_constant` upstream. */
export const JOB_STATE_NICOS: Readonly<Record<JobState, number>> = {
  scheduled: NICOS.DISABLED, pending_context: NICOS.WARNING, active: NICOS.OK, warning: NICOS.WARNING,
  error: NICOS.ERROR, finishing: NICOS.OK, stopped: NICOS.UNKNOWN,
};
export const SERVICE_STATE_NICOS: Readonly<Record<ServiceState, number>> = {
  starting: NICOS.DISABLED, running: NICOS.OK, stopped: NICOS.DISABLED, error: NICOS.ERROR,
};

export interface JobStatus {
  kind: 'job';
  nicosStatus: number;
  state: JobState;
  warning: string | null;
  error: string | null;
  jobId: JobId;
  /** "instrument/name/version", as on the wire. */
  workflowId: string;
  /** Data time (ns) the job started accumulating. */
  startTime: bigint | null;
  /** Data time (ns) of the last data. */
  endTime: bigint | null;
  /** The x5f2 service_id; `<source_name>:<job_number>` when the envelope lacks one. */
  serviceId: string;
}

export interface StreamStat {
  topic: string;
  sourceName: string;
  stream: string | null;
  count: number;
}

export interface StreamStats {
  windowSeconds: number;
  streams: StreamStat[];
}

export interface ServiceStatus {
  kind: 'service';
  nicosStatus: number;
  instrument: string;
  serviceName: string;
  /** UUID, new on every process start. */
  workerId: string;
  state: ServiceState;
  startedAt: bigint | null;
  /** All jobs on the worker, scheduled ones included. */
  activeJobCount: number;
  error: string | null;
  batchIntervalS: number;
  /** Sent about every 30 s, null in between: keep the last non-null value. */
  streamStats: StreamStats | null;
  /** The x5f2 service_id; `<instrument>:<service_name>:<worker_id>` when the envelope lacks one. */
  serviceId: string;
}

export type HeartbeatStatus = JobStatus | ServiceStatus;

// ---------------------------------------------------------------------------------------------
// service_id

/** Job service_id `<source_name>:<job_number>`, split on the last colon (source names may contain colons). */
export function parseJobServiceId(id: string): JobId {
  const i = id.lastIndexOf(':');
  if (i <= 0 || i === id.length - 1) throw new WireError(`x5f2: job service_id ${JSON.stringify(id)} is not "<source_name>:<job_number>"`);
  return { sourceName: id.slice(0, i), jobNumber: id.slice(i + 1) };
}

/** Service service_id `<instrument>:<service_name>:<worker_id>`, split on the last two colons. */
export function parseServiceServiceId(id: string): { instrument: string; serviceName: string; workerId: string } {
  const j = id.lastIndexOf(':');
  const i = j > 0 ? id.lastIndexOf(':', j - 1) : -1;
  if (i <= 0 || j - i < 2 || j === id.length - 1) {
    throw new WireError(`x5f2: service service_id ${JSON.stringify(id)} is not "<instrument>:<service_name>:<worker_id>"`);
  }
  return { instrument: id.slice(0, i), serviceName: id.slice(i + 1, j), workerId: id.slice(j + 1) };
}

// ---------------------------------------------------------------------------------------------
// status_json parsing

// Timestamps: lossless JSON gives bigint above 2^53 and number below; both become bigint.
const timestamp = z.union([z.bigint(), z.number().int()]).transform((v) => BigInt(v));
const count = z.union([z.number().int().nonnegative(), z.bigint().nonnegative()]).transform((v) => Number(v));
const float = z.union([z.number(), z.bigint()]).transform((v) => Number(v));
const optString = z.string().nullish().transform((v) => v ?? null);

const jobMessage = z.object({
  message_type: z.literal('job').optional(), // missing = job (backward compatibility)
  state: z.enum(JOB_STATES),
  warning: optString,
  error: optString,
  job_id: jobIdSchema,
  workflow_id: z.string().min(1),
  start_time: timestamp.nullish(),
  end_time: timestamp.nullish(),
});

const serviceMessage = z.object({
  message_type: z.literal('service'),
  instrument: z.string(),
  service_name: z.string(),
  worker_id: z.string(),
  state: z.enum(SERVICE_STATES),
  started_at: timestamp.nullish(),
  active_job_count: count,
  error: optString,
  batch_interval_s: float,
  stream_stats: z.object({
    window_seconds: float,
    streams: z.array(z.object({
      topic: z.string(),
      source_name: z.string(),
      stream: optString,
      count,
    })),
  }).nullish(),
});

const envelope = z.object({ status: count, message: z.object({ message_type: z.unknown().optional() }).loose() });

/**
 * Parses an x5f2 status_json document. message_type "service" → ServiceStatus; "job" or
 * missing → JobStatus. Anything else, or any invalid field, throws WireError.
 */
export function parseStatusJson(json: string, serviceId: string | null = null): HeartbeatStatus {
  const doc = validate(envelope, parseJson(json, 'x5f2 status_json'), 'x5f2 status_json');
  const type = doc.message.message_type;
  if (type === 'service') {
    const m = validate(serviceMessage, doc.message, 'x5f2 service status');
    return {
      kind: 'service', nicosStatus: doc.status, instrument: m.instrument, serviceName: m.service_name,
      workerId: m.worker_id, state: m.state, startedAt: m.started_at ?? null, activeJobCount: m.active_job_count,
      error: m.error, batchIntervalS: m.batch_interval_s,
      streamStats: m.stream_stats
        ? { windowSeconds: m.stream_stats.window_seconds, streams: m.stream_stats.streams.map((s) => ({ topic: s.topic, sourceName: s.source_name, stream: s.stream, count: s.count })) }
        : null,
      serviceId: serviceId ?? `${m.instrument}:${m.service_name}:${m.worker_id}`,
    };
  }
  if (type !== undefined && type !== 'job') {
    throw new WireError(`x5f2 status_json: unknown message_type ${JSON.stringify(type)}`);
  }
  const m = validate(jobMessage, doc.message, 'x5f2 job status');
  return {
    kind: 'job', nicosStatus: doc.status, state: m.state, warning: m.warning, error: m.error, jobId: m.job_id,
    workflowId: m.workflow_id, startTime: m.start_time ?? null, endTime: m.end_time ?? null,
    serviceId: serviceId ?? `${m.job_id.sourceName}:${m.job_id.jobNumber}`,
  };
}

export interface DecodedHeartbeat {
  envelope: X5f2Status;
  status: HeartbeatStatus;
}

/** Decodes a whole heartbeat message (x5f2 flatbuffer + status_json). */
export function decodeHeartbeat(bytes: Uint8Array): DecodedHeartbeat {
  const envelope = decodeX5f2(bytes);
  if (envelope.statusJson === null) throw new WireError('x5f2: status_json is missing');
  return { envelope, status: parseStatusJson(envelope.statusJson, envelope.serviceId) };
}

// ---------------------------------------------------------------------------------------------
// building heartbeats (demo backend, tests)

interface EnvelopeInput {
  softwareName?: string;
  softwareVersion?: string;
  hostName?: string;
  processId?: number;
  updateInterval?: number;
  /** NICOS code; derived from the state when omitted. */
  nicosStatus?: number;
}

export interface JobHeartbeatInput extends EnvelopeInput {
  jobId: JobId;
  workflowId: string | WorkflowId;
  /** A JobState; checked at run time. */
  state: string;
  warning?: string | null;
  error?: string | null;
  startTime: bigint | null;
  endTime: bigint | null;
}

export interface ServiceHeartbeatInput extends EnvelopeInput {
  instrument: string;
  serviceName: string;
  workerId: string;
  /** A ServiceState; checked at run time. */
  state: string;
  startedAt: bigint | null;
  activeJobCount: number;
  error?: string | null;
  batchIntervalS: number;
  streamStats?: StreamStats | null;
}

function checkState<S extends string>(states: readonly S[], state: string, what: string): S {
  if (!(states as readonly string[]).includes(state)) throw new WireError(`${what}: unknown state ${JSON.stringify(state)} (expected ${states.join(', ')})`);
  return state as S;
}

/** status_json of a job heartbeat, byte-for-byte in upstream's field order. */
export function formatJobStatusJson(h: JobHeartbeatInput): string {
  const state = checkState(JOB_STATES, h.state, 'job heartbeat');
  return stringifyJson({
    status: h.nicosStatus ?? JOB_STATE_NICOS[state],
    message: {
      message_type: 'job', state, warning: h.warning ?? null, error: h.error ?? null, job_id: jobIdJson(h.jobId),
      workflow_id: typeof h.workflowId === 'string' ? h.workflowId : workflowIdToString(h.workflowId),
      start_time: h.startTime, end_time: h.endTime,
    },
  });
}

/** status_json of a service heartbeat, byte-for-byte in upstream's field order. */
export function formatServiceStatusJson(h: ServiceHeartbeatInput): string {
  const state = checkState(SERVICE_STATES, h.state, 'service heartbeat');
  const stats = h.streamStats ?? null;
  return stringifyJson({
    status: h.nicosStatus ?? SERVICE_STATE_NICOS[state],
    message: {
      message_type: 'service', instrument: h.instrument, service_name: h.serviceName, worker_id: h.workerId, state,
      started_at: h.startedAt, active_job_count: h.activeJobCount, error: h.error ?? null,
      batch_interval_s: new JsonFloat(h.batchIntervalS),
      stream_stats: stats === null ? null : {
        window_seconds: new JsonFloat(stats.windowSeconds),
        streams: stats.streams.map((s) => ({ topic: s.topic, source_name: s.sourceName, stream: s.stream, count: s.count })),
      },
    },
  });
}

function envelopeOf(h: EnvelopeInput, serviceId: string, updateInterval: number, statusJson: string): X5f2Status {
  return {
    softwareName: h.softwareName ?? 'livedata',
    softwareVersion: h.softwareVersion ?? '0.0.0',
    serviceId,
    hostName: h.hostName ?? 'localhost',
    processId: h.processId ?? 0,
    updateInterval: h.updateInterval ?? updateInterval,
    statusJson,
  };
}

/** A complete x5f2 job heartbeat (service_id `<source>:<job_number>`, update_interval 1000). */
export function encodeJobHeartbeat(h: JobHeartbeatInput): Uint8Array {
  const serviceId = `${h.jobId.sourceName}:${h.jobId.jobNumber}`;
  return encodeX5f2(envelopeOf(h, serviceId, 1000, formatJobStatusJson(h)));
}

/** A complete x5f2 service heartbeat (service_id `<instrument>:<service>:<worker>`, update_interval 2000). */
export function encodeServiceHeartbeat(h: ServiceHeartbeatInput): Uint8Array {
  const serviceId = `${h.instrument}:${h.serviceName}:${h.workerId}`;
  return encodeX5f2(envelopeOf(h, serviceId, 2000, formatServiceStatusJson(h)));
}
