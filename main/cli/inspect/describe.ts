// Pure part of the inspector: turn one raw payload into a JSON-able summary (bigint → decimal
// strings, non-finite numbers → strings), so the CLI only does I/O and the logic is testable.

import {
  decodeAcknowledgement, decodeDa00, decodeHeartbeat, parseCommand, parseJsonBytes, parseResultKey, parseRoiSourceName,
  schemaIdOf, WireError, type Da00Message, type HeartbeatStatus, type JsonValue, type Variable, type X5f2Status,
} from '../../../shared/wire';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface DescribeOptions {
  /** Print all values instead of the first PREVIEW. */
  full: boolean;
}

export const PREVIEW = 8;

/** What a payload is expected to be, from its topic or file name. */
export type PayloadHint = 'data' | 'da00' | 'x5f2' | 'command' | 'ack' | 'json' | 'flatbuffer' | 'auto';

/** The hint for a topic name (`<instrument>_livedata_<role>`), or 'auto'. */
export function hintForTopic(topic: string): PayloadHint {
  if (topic.endsWith('_livedata_data')) return 'data'; // da00 whose source_name must be a ResultKey
  if (/_livedata_(roi|nicos_data)$/.test(topic)) return 'da00';
  if (topic.endsWith('_livedata_heartbeat')) return 'x5f2';
  if (topic.endsWith('_livedata_commands')) return 'command';
  if (topic.endsWith('_livedata_responses')) return 'ack';
  return 'auto';
}

export function hintForFile(path: string): PayloadHint {
  if (path.endsWith('.bin')) return 'flatbuffer';
  if (path.endsWith('.json')) return 'json';
  return 'auto';
}

/** A number as JSON: NaN/±Infinity become strings, since JSON has no such numbers. */
function num(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function scalarJson(x: number | bigint | string): Json {
  return typeof x === 'bigint' ? x.toString() : typeof x === 'number' ? num(x) : x;
}

function jsonValue(v: JsonValue | undefined): Json {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v;
}

/** Generic conversion of decoded objects (bigint → string, drop undefined). */
function toJson(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  return String(v);
}

export function describeVariable(v: Variable, opts: DescribeOptions): Record<string, Json> {
  const out: Record<string, Json> = {
    // What the wire says: a variable sent without axis names is printed without any (the decoder's placeholders are not on the wire).
    name: v.name, unit: v.unit, label: v.label, axes: v.axesOnWire === false ? [] : v.axes, shape: v.shape, dtype: v.dtype,
  };
  if (v.axesOnWire === false) out['axesNote'] = 'no axis names on the wire';
  if (v.source !== null) out['source'] = v.source;
  const values = v.values;
  if (v.shape.length === 0 && values.length === 1) {
    out['value'] = scalarJson(values[0]!);
    return out;
  }
  out['length'] = values.length;
  if (Array.isArray(values)) {
    out['values'] = (opts.full ? values : values.slice(0, PREVIEW));
  } else if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    // Exact integer statistics: int64 ns times must not be rounded.
    let min: bigint | null = null;
    let max: bigint | null = null;
    let sum = 0n;
    for (const x of values) {
      if (min === null || x < min) min = x;
      if (max === null || x > max) max = x;
      sum += x;
    }
    Object.assign(out, { min: min?.toString() ?? null, max: max?.toString() ?? null, sum: sum.toString(), nanCount: 0 });
    const shown = opts.full ? values : values.subarray(0, PREVIEW);
    out['values'] = Array.from(shown, (x) => x.toString());
  } else {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let nanCount = 0;
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      if (x !== x) { nanCount++; continue; } // NaN
      if (x < min) min = x;
      if (x > max) max = x;
      sum += x;
    }
    const any = nanCount < values.length;
    Object.assign(out, { min: any ? num(min) : null, max: any ? num(max) : null, sum: num(sum), nanCount });
    const shown = opts.full ? values : values.subarray(0, PREVIEW);
    out['values'] = Array.from(shown as ArrayLike<number>, num);
  }
  if (!opts.full && values.length > PREVIEW) out['truncated'] = true;
  return out;
}

/** How the da00 source name reads: a ResultKey (data topic), an ROI target, or opaque. */
function describeSource(sourceName: string): Record<string, Json> {
  try {
    const k = parseResultKey(sourceName);
    return {
      sourceKind: 'result_key',
      key: { workflowId: toJson(k.workflowId), jobId: toJson(k.jobId), outputName: k.outputName },
    };
  } catch {
    // not a result key: fall through
  }
  try {
    const r = parseRoiSourceName(sourceName);
    return { sourceKind: 'roi', roi: { jobId: toJson(r.jobId), geometry: r.geometry } };
  } catch {
    return { sourceKind: 'other' };
  }
}

export function describeDa00(msg: Da00Message, opts: DescribeOptions, requireResultKey = false): Record<string, Json> {
  const source = describeSource(msg.sourceName);
  if (requireResultKey && source['sourceKind'] !== 'result_key') {
    parseResultKey(msg.sourceName); // throws the precise WireError
  }
  return {
    schema: 'da00',
    sourceName: msg.sourceName,
    ...source,
    timestamp: msg.timestamp.toString(),
    variables: msg.variables.map((v) => describeVariable(v, opts)),
  };
}

export function describeHeartbeat(envelope: X5f2Status, status: HeartbeatStatus): Record<string, Json> {
  const { kind, ...rest } = status;
  return {
    schema: 'x5f2',
    kind: kind === 'job' ? 'job_status' : 'service_status',
    sourceName: envelope.serviceId,
    softwareName: envelope.softwareName,
    softwareVersion: envelope.softwareVersion,
    hostName: envelope.hostName,
    processId: envelope.processId,
    updateInterval: envelope.updateInterval,
    timestamp: kind === 'job' ? (status.endTime?.toString() ?? null) : (status.startedAt?.toString() ?? null),
    status: toJson(rest),
  };
}

function describeJson(bytes: Uint8Array, hint: PayloadHint): Record<string, Json> {
  const doc = parseJsonBytes(bytes, 'json payload');
  const isObject = doc !== null && typeof doc === 'object' && !Array.isArray(doc);
  const looksLikeAck = isObject && 'response' in doc && !('kind' in doc);
  if (hint === 'ack' || (hint !== 'command' && looksLikeAck)) {
    const ack = decodeAcknowledgement(bytes);
    return { schema: 'json', kind: 'ack', sourceName: ack.device, ack: toJson(ack) };
  }
  const cmd = parseCommand(doc);
  const { kind, ...rest } = cmd;
  const fields = toJson(rest) as Record<string, Json>;
  if (cmd.kind === 'workflow_config') fields['params'] = jsonValue(cmd.params);
  return {
    schema: 'json', kind,
    sourceName: cmd.kind === 'workflow_config' ? cmd.jobId.sourceName : (cmd.jobId?.sourceName ?? null),
    timestamp: cmd.kind === 'workflow_config' ? (cmd.schedule.startTime?.toString() ?? null) : null,
    command: fields,
  };
}

/**
 * Describes one payload. Throws WireError (with what is wrong) if it cannot be decoded as the
 * hint says; with 'auto', flatbuffers are recognised by identifier and JSON by its first byte.
 */
export function describePayload(bytes: Uint8Array, hint: PayloadHint, opts: DescribeOptions): Record<string, Json> {
  let kind = hint;
  if (kind === 'auto' || kind === 'flatbuffer') {
    const id = schemaIdOf(bytes);
    const firstNonSpace = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (id === 'da00' || id === 'x5f2') kind = id;
    else if (kind === 'auto' && firstNonSpace === 0x7b /* { */) kind = 'json';
    else throw new WireError(`unknown payload: file identifier ${id === null ? 'absent' : JSON.stringify(id)} (expected "da00" or "x5f2")${kind === 'auto' ? ' and not a JSON object' : ''}`);
  }
  switch (kind) {
    case 'data':
    case 'da00':
      return describeDa00(decodeDa00(bytes), opts, kind === 'data');
    case 'x5f2': {
      const { envelope, status } = decodeHeartbeat(bytes);
      return describeHeartbeat(envelope, status);
    }
    case 'json':
    case 'command':
    case 'ack':
      return describeJson(bytes, kind);
    default:
      throw new WireError(`unsupported payload kind ${kind}`);
  }
}

/** The error line for a rejected payload. */
export function describeError(e: unknown): string {
  if (e instanceof WireError) return e.message;
  return `unexpected ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}
