// Public API of the wire layer, plus routing of raw payloads by topic role.

import { decodeAcknowledgement, type CommandAcknowledgement } from './commands';
import { decodeDa00 } from './da00';
import { WireError } from './errors';
import { parseResultKey } from './result-key';
import { decodeHeartbeat, type JobStatus, type ServiceStatus } from './status';
import type { Da00Message, ResultKey } from './types';
import type { X5f2Status } from './x5f2';

export * from './types';
export * from './errors';
export * from './da00';
export * from './data-array';
export * from './x5f2';
export * from './status';
export * from './commands';
export * from './result-key';
export * from './roi';
export { JsonFloat, parseJson, parseJsonBytes, stringifyJson, formatFloat, type JsonValue, type JsonOut } from './json';

/** The 4-character flatbuffer file identifier (bytes 4–7), or null if there is none. */
export function schemaIdOf(bytes: Uint8Array): string | null {
  if (bytes.byteLength < 8) return null;
  let id = '';
  for (let i = 4; i < 8; i++) {
    const c = bytes[i]!;
    if (c < 0x20 || c > 0x7e) return null; // identifiers are printable ASCII; JSON starts with '{'
    id += String.fromCharCode(c);
  }
  return id;
}

/** The consumed topics: data (da00), heartbeat (x5f2), responses (JSON acks). */
export type WireRole = 'data' | 'heartbeat' | 'responses';

export type DecodedMessage =
  | { kind: 'data'; message: Da00Message; key: ResultKey }
  | { kind: 'job_status'; status: JobStatus; envelope: X5f2Status }
  | { kind: 'service_status'; status: ServiceStatus; envelope: X5f2Status }
  | { kind: 'ack'; ack: CommandAcknowledgement };

/**
 * Decodes a payload by the role of the topic it came from (upstream routes by topic first).
 * Throws WireError on anything malformed or unexpected for that topic.
 */
export function decodeByRole(role: WireRole, bytes: Uint8Array): DecodedMessage {
  switch (role) {
    case 'data': {
      const message = decodeDa00(bytes);
      let key: ResultKey;
      try {
        key = parseResultKey(message.sourceName);
      } catch (e) {
        throw new WireError(`data: source_name ${JSON.stringify(message.sourceName.slice(0, 200))} is not a ResultKey: ${(e as Error).message}`, { cause: e });
      }
      return { kind: 'data', message, key };
    }
    case 'heartbeat': {
      const { envelope, status } = decodeHeartbeat(bytes);
      return status.kind === 'job'
        ? { kind: 'job_status', status, envelope }
        : { kind: 'service_status', status, envelope };
    }
    case 'responses':
      return { kind: 'ack', ack: decodeAcknowledgement(bytes) };
    default:
      throw new WireError(`no decoder for topic role ${JSON.stringify(role as string)}`);
  }
}
