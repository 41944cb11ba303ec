import * as flatbuffers from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DA00, GOLDEN_DA00_DATA_OFFSET, GOLDEN_DA00_TIMESTAMP } from '../../test/fixtures/wire/golden-da00';
import { da00_DataArray } from './generated/da00-data-array';
import {
  decodeByRole, decodeDa00, encodeAcknowledgement, encodeDa00, encodeJobHeartbeat, encodeServiceHeartbeat,
  formatResultKey, makeVariable, schemaIdOf, WireError,
} from './index';

const KEY = { workflowId: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, jobId: { sourceName: 'monitor1', jobNumber: 'j1' }, outputName: 'current' };

describe('golden da00 (hand-laid bytes)', () => {
  it('is read identically by the flatc accessors (checks the hand layout itself)', () => {
    const root = da00_DataArray.getRootAsda00_DataArray(new flatbuffers.ByteBuffer(GOLDEN_DA00));
    const v = root.data(0)!;
    expect([root.sourceName(), root.timestamp(), root.dataLength(), v.name(), v.unit(), v.label(), v.dataType(), v.axes(0), v.shape(0)])
      .toEqual(['s', GOLDEN_DA00_TIMESTAMP, 1, 'signal', 'counts', null, 10, 'x', 2n]);
    expect(v.dataArray()!.byteOffset).toBe(GOLDEN_DA00_DATA_OFFSET);
  });
  it('decodes to the expected message', () => {
    expect(decodeDa00(GOLDEN_DA00)).toEqual({
      sourceName: 's', timestamp: GOLDEN_DA00_TIMESTAMP,
      variables: [{ name: 'signal', unit: 'counts', label: null, source: null, dtype: 'float64', axes: ['x'], shape: [2], values: Float64Array.of(1.5, -2) }],
    });
  });
  it('re-encodes to bytes that decode to the same message', () => {
    const msg = decodeDa00(GOLDEN_DA00);
    expect(decodeDa00(encodeDa00(msg))).toEqual(msg);
  });
});

describe('schemaIdOf', () => {
  it('reads the identifier at bytes 4–7, or null', () => {
    expect(schemaIdOf(GOLDEN_DA00)).toBe('da00');
    expect(schemaIdOf(encodeServiceHeartbeat({ instrument: 'i', serviceName: 's', workerId: 'w', state: 'running', startedAt: null, activeJobCount: 0, batchIntervalS: 1 }))).toBe('x5f2');
    expect(schemaIdOf(new Uint8Array(7))).toBeNull();
    expect(schemaIdOf(new Uint8Array(8))).toBeNull();
  });
});

describe('decodeByRole', () => {
  const data = encodeDa00({ sourceName: formatResultKey(KEY), timestamp: 5n, variables: [makeVariable('signal', Float64Array.of(1))] });
  it('decodes data with its parsed result key', () => {
    const d = decodeByRole('data', data);
    expect(d.kind).toBe('data');
    if (d.kind === 'data') {
      expect(d.key).toEqual(KEY);
      expect(d.message.timestamp).toBe(5n);
    }
  });
  it('decodes job and service heartbeats', () => {
    const job = decodeByRole('heartbeat', encodeJobHeartbeat({ jobId: KEY.jobId, workflowId: KEY.workflowId, state: 'warning', warning: 'w', startTime: 1n, endTime: 2n }));
    expect(job).toMatchObject({ kind: 'job_status', status: { state: 'warning', warning: 'w', nicosStatus: 210, workflowId: 'dummy/monitor_histogram/1', serviceId: 'monitor1:j1' } });
    const svc = decodeByRole('heartbeat', encodeServiceHeartbeat({ instrument: 'dummy', serviceName: 'monitor_data', workerId: 'w', state: 'error', error: 'boom', startedAt: 1n, activeJobCount: 3, batchIntervalS: 1 }));
    expect(svc).toMatchObject({ kind: 'service_status', status: { state: 'error', nicosStatus: 240, activeJobCount: 3, error: 'boom' }, envelope: { updateInterval: 2000 } });
  });
  it('decodes acknowledgements', () => {
    expect(decodeByRole('responses', encodeAcknowledgement({ messageId: 'm', device: 'monitor1', response: 'ACK', message: null })))
      .toEqual({ kind: 'ack', ack: { messageId: 'm', device: 'monitor1', response: 'ACK', message: null } });
  });
  it('throws WireError for payloads that do not belong on the topic', () => {
    const wrong = (role: 'data' | 'heartbeat' | 'responses', bytes: Uint8Array, re: RegExp) => {
      let err: unknown;
      try { decodeByRole(role, bytes); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(WireError);
      expect((err as Error).message).toMatch(re);
    };
    wrong('data', GOLDEN_DA00, /source_name "s" is not a ResultKey/);
    wrong('heartbeat', data, /expected "x5f2"/);
    wrong('responses', data, /not valid UTF-8|invalid JSON/);
    wrong('data', new TextEncoder().encode('{"message_id":"m"}'), /da00/);
    wrong('responses', new TextEncoder().encode('{"message_id":"m"}'), /acknowledgement: device/);
    wrong('nonsense' as 'data', data, /no decoder for topic role "nonsense"/);
  });
});
