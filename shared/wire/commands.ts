// JSON commands (dashboard → backend) and acknowledgements (backend → dashboard).
// Encoding writes exactly upstream's fields in pydantic's order, compact; decoding (used
// by the demo backend and the inspector) validates with zod and ignores unknown fields.

import { z } from 'zod';
import { WireError } from './errors';
import { jsonBytes, parseJsonBytes, validate, type JsonOut, type JsonValue } from './json';
import { jobIdJson, jobIdSchema, workflowIdJson, workflowIdSchema } from './result-key';
import type { JobId, WorkflowId } from './types';

export interface JobSchedule {
  /** ns; null = now. */
  startTime: bigint | null;
  /** ns; null = no end. */
  endTime: bigint | null;
}

export interface WorkflowConfig {
  kind: 'workflow_config';
  identifier: WorkflowId;
  messageId: string;
  jobId: JobId;
  schedule: JobSchedule;
  auxSourceNames: Record<string, string>;
  params: Record<string, JsonValue>;
}

/** pause/resume exist in the model but every backend answers ERR: do not send them. */
export const JOB_ACTIONS = ['stop', 'reset', 'pause', 'resume'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

export interface JobCommand {
  kind: 'job_command';
  messageId: string;
  /** Target one job; else workflowId selects all its jobs; both null = broadcast to every job. */
  jobId: JobId | null;
  workflowId: WorkflowId | null;
  action: JobAction;
}

export type Command = WorkflowConfig | JobCommand;

export interface CommandAcknowledgement {
  messageId: string;
  device: string;
  response: 'ACK' | 'ERR';
  message: string | null;
}

// ---------------------------------------------------------------------------------------------
// encode

export type WorkflowConfigInput = Omit<WorkflowConfig, 'kind' | 'params'> & {
  kind?: 'workflow_config';
  /** Any JSON-able object (checked at run time); bigint is written as an integer. */
  params: Record<string, unknown>;
};
export type JobCommandInput = Omit<JobCommand, 'kind'> & { kind?: 'job_command' };

function checkSchedule(s: JobSchedule, what: string): void {
  if (s.startTime !== null && s.endTime !== null && s.endTime <= s.startTime) {
    throw new WireError(`${what}: schedule end_time ${s.endTime} is not after start_time ${s.startTime}`);
  }
}

/** Checks that `value` is plain JSON (no undefined, functions, typed arrays, non-finite numbers). */
function toJsonOut(value: unknown, path: string): JsonOut {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WireError(`command params: ${path} is ${value}, not representable in JSON`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => toJsonOut(v, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, JsonOut> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJsonOut(v, `${path}.${k}`);
    return out;
  }
  throw new WireError(`command params: ${path} is not a JSON value (${typeof value})`);
}

export function encodeWorkflowConfig(c: WorkflowConfigInput): Uint8Array {
  checkSchedule(c.schedule, 'workflow_config');
  return jsonBytes({
    kind: 'workflow_config',
    identifier: workflowIdJson(c.identifier),
    message_id: c.messageId,
    job_id: jobIdJson(c.jobId),
    schedule: { start_time: c.schedule.startTime, end_time: c.schedule.endTime },
    aux_source_names: { ...c.auxSourceNames },
    params: toJsonOut(c.params, 'params'),
  });
}

export function encodeJobCommand(c: JobCommandInput): Uint8Array {
  if (!(JOB_ACTIONS as readonly string[]).includes(c.action)) throw new WireError(`job_command: unknown action ${JSON.stringify(c.action)}`);
  return jsonBytes({
    kind: 'job_command',
    message_id: c.messageId,
    job_id: c.jobId === null ? null : jobIdJson(c.jobId),
    workflow_id: c.workflowId === null ? null : workflowIdJson(c.workflowId),
    action: c.action,
  });
}

export function encodeCommand(c: Command): Uint8Array {
  return c.kind === 'workflow_config' ? encodeWorkflowConfig(c) : encodeJobCommand(c);
}

export function encodeAcknowledgement(a: CommandAcknowledgement): Uint8Array {
  if (a.response !== 'ACK' && a.response !== 'ERR') throw new WireError(`acknowledgement: response must be ACK or ERR`);
  return jsonBytes({ message_id: a.messageId, device: a.device, response: a.response, message: a.message });
}

// ---------------------------------------------------------------------------------------------
// decode

const timestamp = z.union([z.bigint(), z.number().int()]).transform((v) => BigInt(v));
const jsonObject = z.record(z.string(), z.custom<JsonValue>(() => true));

const workflowConfigSchema = z.object({
  kind: z.literal('workflow_config'),
  identifier: workflowIdSchema,
  message_id: z.string(),
  job_id: jobIdSchema,
  schedule: z.object({ start_time: timestamp.nullish(), end_time: timestamp.nullish() }).nullish(),
  aux_source_names: z.record(z.string(), z.string()).nullish(),
  params: jsonObject.nullish(),
});

const jobCommandSchema = z.object({
  kind: z.literal('job_command'),
  message_id: z.string(),
  job_id: jobIdSchema.nullish(),
  workflow_id: workflowIdSchema.nullish(),
  action: z.enum(JOB_ACTIONS),
});

const ackSchema = z.object({
  message_id: z.string(),
  device: z.string(),
  response: z.enum(['ACK', 'ERR']),
  message: z.string().nullish(),
});

/** Parses a command payload (commands topic). `kind` is required, as upstream. */
export function decodeCommand(bytes: Uint8Array): Command {
  return parseCommand(parseJsonBytes(bytes, 'command'));
}

export function parseCommand(doc: JsonValue): Command {
  const kind = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? doc['kind'] : undefined;
  if (kind === 'workflow_config') {
    const c = validate(workflowConfigSchema, doc, 'workflow_config');
    const schedule = { startTime: c.schedule?.start_time ?? null, endTime: c.schedule?.end_time ?? null };
    checkSchedule(schedule, 'workflow_config');
    return {
      kind: 'workflow_config', identifier: c.identifier, messageId: c.message_id, jobId: c.job_id, schedule,
      auxSourceNames: c.aux_source_names ?? {}, params: c.params ?? {},
    };
  }
  if (kind === 'job_command') {
    const c = validate(jobCommandSchema, doc, 'job_command');
    return { kind: 'job_command', messageId: c.message_id, jobId: c.job_id ?? null, workflowId: c.workflow_id ?? null, action: c.action };
  }
  throw new WireError(kind === undefined
    ? 'command: missing "kind" (expected "workflow_config" or "job_command")'
    : `command: unknown kind ${JSON.stringify(kind)} (expected "workflow_config" or "job_command")`);
}

/** Parses a CommandAcknowledgement payload (responses topic). */
export function decodeAcknowledgement(bytes: Uint8Array): CommandAcknowledgement {
  const a = validate(ackSchema, parseJsonBytes(bytes, 'acknowledgement'), 'acknowledgement');
  return { messageId: a.message_id, device: a.device, response: a.response, message: a.message ?? null };
}
