// What a Livedata recording is, shared by the recorder (main/record/recorder.ts), the replay
// index (main/replay/recording-index.ts) and the inspector: an MCAP file with one channel per
// consumed Kafka topic (and partition), the raw payloads as they came over the wire, and
// flatbuffer schemas (.bfbs) so that Foxglove/Lichtblick can decode da00 and x5f2 as well.
//
// Per message: logTime = when we received it (ns), publishTime = the Kafka timestamp (ns),
// sequence = offset − the channel's `offset_base` (channel metadata), so the Kafka offset
// survives exactly even though MCAP's sequence is only 32 bits (a new channel starts when an
// offset does not fit).
import fs from 'node:fs';
import path from 'node:path';
import type { ConsumedRole } from '../transport/transport';

export const MCAP_PROFILE = 'livedata';
export const MCAP_LIBRARY = 'livedata-desktop';
/** The file-level metadata record (instrument, app version, topics, start and end). */
export const RECORDING_METADATA_NAME = 'livedata.recording';

export interface ChannelInfo {
  topic: string;
  role: ConsumedRole;
  partition: number;
  /** Kafka offset of sequence 0 on this channel (decimal int64). */
  offsetBase: bigint;
}

export interface SchemaSpec {
  name: string;
  encoding: string;
  messageEncoding: string;
  /** Which file under resources/schemas/ holds the schema data; null = inline JSON schema. */
  file: string | null;
}

// Flatbuffer schema names are the fully qualified root tables of shared/wire/schemas/*.fbs.
export const SCHEMA_BY_ROLE: Record<ConsumedRole, SchemaSpec> = {
  data: { name: 'da00_DataArray', encoding: 'flatbuffer', messageEncoding: 'flatbuffer', file: 'da00_dataarray.bfbs' },
  heartbeat: { name: 'Status', encoding: 'flatbuffer', messageEncoding: 'flatbuffer', file: 'x5f2_status.bfbs' },
  responses: { name: 'livedata.Acknowledgement', encoding: 'jsonschema', messageEncoding: 'json', file: null },
};

/** The acknowledgement JSON (shared/wire/commands.ts encodeAcknowledgement), for viewers. */
export const ACK_JSON_SCHEMA = {
  type: 'object',
  properties: {
    message_id: { type: 'string' },
    device: { type: 'string' },
    response: { type: 'string', enum: ['ACK', 'ERR'] },
    message: { type: ['string', 'null'] },
  },
};

export function channelMetadata(info: ChannelInfo): Map<string, string> {
  return new Map([
    ['role', info.role],
    ['partition', String(info.partition)],
    ['offset_base', info.offsetBase.toString()],
  ]);
}

const ROLES: readonly ConsumedRole[] = ['data', 'heartbeat', 'responses'];

/** Reads our channel metadata back; null when the channel is not one of ours. */
export function parseChannelMetadata(topic: string, metadata: ReadonlyMap<string, string>): ChannelInfo | null {
  const role = metadata.get('role');
  if (!role || !(ROLES as readonly string[]).includes(role)) return null;
  const partition = Number(metadata.get('partition') ?? '0');
  let offsetBase = 0n;
  try {
    offsetBase = BigInt(metadata.get('offset_base') ?? '0');
  } catch {
    return null;
  }
  if (!Number.isInteger(partition)) return null;
  return { topic, role: role as ConsumedRole, partition, offsetBase };
}

export interface RecordingMetadata {
  instrument: string;
  appVersion: string;
  /** Topic names by role, comma-free JSON in the record. */
  topics: string[];
  /** ISO 8601 wall-clock times. */
  startTime: string;
  endTime: string;
  /** Where the messages came from: "kafka host:port" or "demo (dummy)". */
  source: string;
  /** Data messages the recorder had to drop because the disk could not keep up. */
  dropped: string;
}

export function metadataToMap(m: RecordingMetadata): Map<string, string> {
  return new Map([
    ['instrument', m.instrument],
    ['app_version', m.appVersion],
    ['topics', m.topics.join(',')],
    ['start_time', m.startTime],
    ['end_time', m.endTime],
    ['source', m.source],
    ['dropped', m.dropped],
  ]);
}

export function metadataFromMap(map: ReadonlyMap<string, string>): RecordingMetadata {
  return {
    instrument: map.get('instrument') ?? '',
    appVersion: map.get('app_version') ?? '',
    topics: (map.get('topics') ?? '').split(',').filter(Boolean),
    startTime: map.get('start_time') ?? '',
    endTime: map.get('end_time') ?? '',
    source: map.get('source') ?? '',
    dropped: map.get('dropped') ?? '0',
  };
}

/** Nanoseconds since the epoch from milliseconds (fractions of a ms are kept to the µs). */
export function msToNs(ms: number): bigint {
  return BigInt(Math.round(ms * 1000)) * 1000n;
}

export function nsToMs(ns: bigint): number {
  return Number(ns / 1000n) / 1000;
}

/**
 * The repository's (or the installed app's) resources/ folder: beside the compiled tree in
 * development (dist/node/main/record → ../../../../resources, or main/record → ../../resources
 * under vitest), process.resourcesPath itself when packaged (electron-builder.yml extraResources: schemas/, recordings/).
 */
export function resourcesDir(): string {
  const candidates = [
    (process as { resourcesPath?: string }).resourcesPath ?? null,
    path.resolve(__dirname, '../../resources'),
    path.resolve(__dirname, '../../../../resources'),
  ].filter((p): p is string => p !== null);
  for (const c of candidates) if (fs.existsSync(path.join(c, 'schemas'))) return c;
  throw new Error(`resources folder not found (looked in ${candidates.join(', ')})`);
}

let schemaCache: Map<string, Uint8Array> | null = null;

/** The schema data of a role: the .bfbs bytes, or the JSON schema as UTF-8. */
export function schemaData(role: ConsumedRole): Uint8Array {
  schemaCache ??= new Map();
  const cached = schemaCache.get(role);
  if (cached) return cached;
  const spec = SCHEMA_BY_ROLE[role];
  const data = spec.file
    ? new Uint8Array(fs.readFileSync(path.join(resourcesDir(), 'schemas', spec.file)))
    : new TextEncoder().encode(JSON.stringify(ACK_JSON_SCHEMA));
  schemaCache.set(role, data);
  return data;
}

/** The app's version from its package.json (the packaged app carries it too). */
export function appVersion(): string {
  for (const rel of ['../../package.json', '../../../../package.json']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, rel), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'livedata-desktop' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return 'unknown';
}
