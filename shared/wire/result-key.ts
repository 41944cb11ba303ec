// Identifiers and the data-topic source_name, which is the compact JSON of a ResultKey
//. It is always parsed as JSON, never compared as a string: key order and spacing are
// the producer's business.

import { z } from 'zod';
import { WireError } from './errors';
import { parseJson, stringifyJson, validate } from './json';
import type { JobId, ResultKey, WorkflowId } from './types';

const nonEmpty = z.string().min(1);
const intLike = z.union([z.number().int(), z.bigint()]).transform((v, ctx) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) {
    ctx.addIssue({ code: 'custom', message: `integer ${String(v)} is out of range` });
    return z.NEVER;
  }
  return n;
});

export function workflowIdToString(id: WorkflowId): string {
  return `${id.instrument}/${id.name}/${id.version}`;
}

/** Parses `instrument/name/version` (the form NICOS and job heartbeats use). */
export function parseWorkflowIdString(s: string): WorkflowId {
  const parts = s.split('/');
  const [instrument, name, version] = parts;
  if (parts.length !== 3 || !instrument || !name || !/^\d+$/.test(version ?? '')) {
    throw new WireError(`workflow id ${JSON.stringify(s)} is not "instrument/name/version"`);
  }
  return { instrument, name, version: Number(version) };
}

const workflowIdObject = z.object({ instrument: nonEmpty, name: nonEmpty, version: intLike });

/** WorkflowId as an object or as the "instrument/name/version" string (both accepted on input). */
export const workflowIdSchema: z.ZodType<WorkflowId, unknown> = z.union([
  workflowIdObject,
  z.string().transform((s, ctx) => {
    try {
      return parseWorkflowIdString(s);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  }),
]);

export const jobIdSchema: z.ZodType<JobId, unknown> = z
  .object({ source_name: nonEmpty, job_number: nonEmpty })
  .transform((j) => ({ sourceName: j.source_name, jobNumber: j.job_number }));

export const resultKeySchema: z.ZodType<ResultKey, unknown> = z
  .object({ workflow_id: workflowIdSchema, job_id: jobIdSchema, output_name: nonEmpty })
  .transform((k) => ({ workflowId: k.workflow_id, jobId: k.job_id, outputName: k.output_name }));

export function workflowIdJson(id: WorkflowId): { instrument: string; name: string; version: number } {
  return { instrument: id.instrument, name: id.name, version: id.version };
}

export function jobIdJson(id: JobId): { source_name: string; job_number: string } {
  return { source_name: id.sourceName, job_number: id.jobNumber };
}

/** `str(JobId)` upstream: the ACK `device` of a JobCommand with a job_id. */
export function jobIdToString(id: JobId): string {
  return `${id.sourceName}/${id.jobNumber}`;
}

export function parseResultKey(sourceName: string): ResultKey {
  return validate(resultKeySchema, parseJson(sourceName, 'result key'), 'result key');
}

/** Compact JSON exactly as upstream writes it: workflow_id, job_id, output_name. */
export function formatResultKey(k: ResultKey): string {
  return stringifyJson({ workflow_id: workflowIdJson(k.workflowId), job_id: jobIdJson(k.jobId), output_name: k.outputName });
}
