// x5f2 (Status) flatbuffer codec: the envelope of every heartbeat.

import * as flatbuffers from 'flatbuffers';
import { FlatbufferReader } from './flatbuffer-reader';
import { WireError, wrapWireError } from './errors';
import { Status } from './generated/status';

export const X5F2_ID = 'x5f2';

export interface X5f2Status {
  softwareName: string | null;
  softwareVersion: string | null;
  /** Job: `<source_name>:<job_number>`; service: `<instrument>:<service_name>:<worker_id>`. */
  serviceId: string | null;
  hostName: string | null;
  processId: number;
  /** ms; 1000 (job) / 2000 (service) upstream, though the real period is 2 s for both. */
  updateInterval: number;
  statusJson: string | null;
}

export function decodeX5f2(bytes: Uint8Array): X5f2Status {
  try {
    return decodeX5f2Unchecked(bytes);
  } catch (e) {
    throw wrapWireError('x5f2', e); // defence in depth: no bare RangeError ever escapes
  }
}

function decodeX5f2Unchecked(bytes: Uint8Array): X5f2Status {
  const r: FlatbufferReader = new FlatbufferReader(bytes, 'x5f2');
  r.expectIdentifier(X5F2_ID);
  const t = r.root('Status');
  return {
    softwareName: r.string(t, 0, 'software_name'),
    softwareVersion: r.string(t, 1, 'software_version'),
    serviceId: r.string(t, 2, 'service_id'),
    hostName: r.string(t, 3, 'host_name'),
    processId: r.uint32(t, 4, 'process_id', 0),
    updateInterval: r.uint32(t, 5, 'update_interval', 0),
    statusJson: r.string(t, 6, 'status_json'),
  };
}

const isU32 = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;

export function encodeX5f2(s: X5f2Status): Uint8Array {
  if (!isU32(s.processId)) throw new WireError(`x5f2 encode: process_id ${s.processId} is not a uint32`);
  if (!isU32(s.updateInterval)) throw new WireError(`x5f2 encode: update_interval ${s.updateInterval} is not a uint32`);
  const b = new flatbuffers.Builder(256 + 3 * (s.statusJson?.length ?? 0));
  b.forceDefaults(true); // scalars always present, as the Python writer does
  const str = (x: string | null): number => (x === null ? 0 : b.createString(x));
  const name = str(s.softwareName);
  const version = str(s.softwareVersion);
  const serviceId = str(s.serviceId);
  const host = str(s.hostName);
  const json = str(s.statusJson);
  Status.startStatus(b);
  // Absent strings are skipped: with forceDefaults an offset 0 would be written.
  if (name) Status.addSoftwareName(b, name);
  if (version) Status.addSoftwareVersion(b, version);
  if (serviceId) Status.addServiceId(b, serviceId);
  if (host) Status.addHostName(b, host);
  Status.addProcessId(b, s.processId);
  Status.addUpdateInterval(b, s.updateInterval);
  if (json) Status.addStatusJson(b, json);
  b.finish(Status.endStatus(b), X5F2_ID);
  return b.asUint8Array();
}
