import * as flatbuffers from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { WireError } from './errors';
import { Status } from './generated/status';
import { formatFloat, parseJson, stringifyJson, JsonFloat } from './json';
import {
  decodeHeartbeat, encodeJobHeartbeat, encodeServiceHeartbeat, formatJobStatusJson, formatServiceStatusJson,
  parseJobServiceId, parseServiceServiceId, parseStatusJson,
} from './status';
import { decodeX5f2, encodeX5f2 } from './x5f2';

// The reference's documented examples, joined onto one line.
const JOB_JSON = '{"status":200,"message":{"message_type":"job","state":"active","warning":null,"error":null,'
  + '"job_id":{"source_name":"monitor1","job_number":"0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c"},'
  + '"workflow_id":"dummy/monitor_histogram/1","start_time":1755763200000000000,"end_time":1755763260000000000}}';
const SERVICE_JSON = '{"status":200,"message":{"message_type":"service","instrument":"dummy","service_name":"monitor_data",'
  + '"worker_id":"7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f","state":"running","started_at":1755763100000000000,'
  + '"active_job_count":2,"error":null,"batch_interval_s":1.0,'
  + '"stream_stats":{"window_seconds":30.0,"streams":[{"topic":"dummy_beam_monitor","source_name":"monitor1","stream":"monitor1","count":420}]}}}';
const JOB_ID = { sourceName: 'monitor1', jobNumber: '0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c' };

describe('status_json formatting matches the reference byte for byte', () => {
  it('job heartbeat', () => {
    expect(formatJobStatusJson({
      jobId: JOB_ID, workflowId: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, state: 'active',
      startTime: 1755763200000000000n, endTime: 1755763260000000000n,
    })).toBe(JOB_JSON);
  });
  it('service heartbeat, with stream stats', () => {
    expect(formatServiceStatusJson({
      instrument: 'dummy', serviceName: 'monitor_data', workerId: '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', state: 'running',
      startedAt: 1755763100000000000n, activeJobCount: 2, error: null, batchIntervalS: 1,
      streamStats: { windowSeconds: 30, streams: [{ topic: 'dummy_beam_monitor', sourceName: 'monitor1', stream: 'monitor1', count: 420 }] },
    })).toBe(SERVICE_JSON);
  });
  it('derives NICOS codes from the state', () => {
    const code = (state: string) => JSON.parse(formatJobStatusJson({ jobId: JOB_ID, workflowId: 'a/b/1', state, startTime: null, endTime: null })).status;
    expect(['scheduled', 'pending_context', 'active', 'warning', 'error', 'finishing', 'stopped'].map(code)).toEqual([235, 210, 200, 210, 240, 200, 999]);
    expect(() => code('exploded')).toThrow(WireError);
  });
});

describe('status_json parsing', () => {
  it('parses the reference job heartbeat with exact ns timestamps', () => {
    expect(parseStatusJson(JOB_JSON, 'monitor1:0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c')).toEqual({
      kind: 'job', nicosStatus: 200, state: 'active', warning: null, error: null, jobId: JOB_ID,
      workflowId: 'dummy/monitor_histogram/1', startTime: 1755763200000000000n, endTime: 1755763260000000000n,
      serviceId: 'monitor1:0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c',
    });
  });
  it('keeps a timestamp that is not a multiple of 2^k exact (1755763200000000123)', () => {
    const s = parseStatusJson(JOB_JSON.replace('1755763200000000000', '1755763200000000123'));
    expect(s.kind === 'job' && s.startTime).toBe(1755763200000000123n);
    // Number() would have rounded it:
    expect(BigInt(Number('1755763200000000123'))).not.toBe(1755763200000000123n);
  });
  it('parses the reference service heartbeat', () => {
    const s = parseStatusJson(SERVICE_JSON);
    expect(s).toMatchObject({
      kind: 'service', nicosStatus: 200, instrument: 'dummy', serviceName: 'monitor_data', state: 'running',
      startedAt: 1755763100000000000n, activeJobCount: 2, batchIntervalS: 1,
      streamStats: { windowSeconds: 30, streams: [{ topic: 'dummy_beam_monitor', sourceName: 'monitor1', stream: 'monitor1', count: 420 }] },
    });
  });
  it('treats a missing message_type as a job (backward compatibility), and null/missing optionals as null', () => {
    const s = parseStatusJson('{"status":235,"message":{"state":"scheduled","job_id":{"source_name":"a:b","job_number":"x"},"workflow_id":"i/n/2"}}');
    expect(s).toMatchObject({ kind: 'job', state: 'scheduled', warning: null, error: null, startTime: null, endTime: null });
  });
  it('accepts small timestamps as numbers and unknown extra fields', () => {
    const s = parseStatusJson(JOB_JSON.replace('"start_time":1755763200000000000', '"start_time":5,"extra":[1,2]'));
    expect(s.kind === 'job' && s.startTime).toBe(5n);
  });
  it('rejects bad JSON, unknown message types and invalid fields with WireError naming the field', () => {
    expect(() => parseStatusJson('{"status":200,')).toThrow(/invalid JSON/);
    expect(() => parseStatusJson('{"status":200,"message":{"message_type":"alien"}}')).toThrow(/unknown message_type "alien"/);
    expect(() => parseStatusJson(JOB_JSON.replace('"active"', '"exploded"'))).toThrow(/state/);
    expect(() => parseStatusJson(JOB_JSON.replace('"job_id":{"source_name":"monitor1",', '"job_id":{'))).toThrow(/job_id\.source_name/);
    expect(() => parseStatusJson('{"message":{}}')).toThrow(/status/);
    expect(() => parseStatusJson(JOB_JSON.replace('1755763200000000000', '1.5'))).toThrow(WireError);
  });
});

describe('x5f2 envelope', () => {
  it('round-trips a job heartbeat and its generated-accessor view agrees', () => {
    const bytes = encodeJobHeartbeat({
      jobId: JOB_ID, workflowId: 'dummy/monitor_histogram/1', state: 'active', startTime: 1755763200000000000n,
      endTime: 1755763260000000000n, hostName: 'livedata-worker-01', processId: 4711, softwareVersion: '26.8.0',
    });
    const st = Status.getRootAsStatus(new flatbuffers.ByteBuffer(bytes));
    expect(Status.bufferHasIdentifier(new flatbuffers.ByteBuffer(bytes))).toBe(true);
    expect([st.softwareName(), st.softwareVersion(), st.serviceId(), st.hostName(), st.processId(), st.updateInterval(), st.statusJson()])
      .toEqual(['livedata', '26.8.0', 'monitor1:0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c', 'livedata-worker-01', 4711, 1000, JOB_JSON]);
    const hb = decodeHeartbeat(bytes);
    expect(hb.envelope.updateInterval).toBe(1000);
    expect(hb.status.kind).toBe('job');
  });
  it('round-trips a service heartbeat (update_interval 2000, three-part service_id)', () => {
    const bytes = encodeServiceHeartbeat({
      instrument: 'dummy', serviceName: 'monitor_data', workerId: 'w-1', state: 'running', startedAt: 1n,
      activeJobCount: 0, batchIntervalS: 0.5, processId: 0xffffffff,
    });
    const hb = decodeHeartbeat(bytes);
    expect(hb.envelope).toMatchObject({ serviceId: 'dummy:monitor_data:w-1', updateInterval: 2000, processId: 0xffffffff });
    expect(hb.status).toMatchObject({ kind: 'service', batchIntervalS: 0.5, streamStats: null, serviceId: 'dummy:monitor_data:w-1' });
  });
  it('keeps absent strings as null', () => {
    const s = decodeX5f2(encodeX5f2({ softwareName: null, softwareVersion: '', serviceId: null, hostName: null, processId: 1, updateInterval: 2, statusJson: null }));
    expect(s).toEqual({ softwareName: null, softwareVersion: '', serviceId: null, hostName: null, processId: 1, updateInterval: 2, statusJson: null });
    expect(() => decodeHeartbeat(encodeX5f2({ ...s, statusJson: null }))).toThrow(/status_json is missing/);
  });
  it('rejects a da00 buffer, truncations and bad status_json with WireError', () => {
    const bytes = encodeJobHeartbeat({ jobId: JOB_ID, workflowId: 'a/b/1', state: 'active', startTime: null, endTime: null });
    const wrong = bytes.slice();
    wrong.set([0x64, 0x61, 0x30, 0x30], 4);
    expect(() => decodeX5f2(wrong)).toThrow(/file identifier is "da00", expected "x5f2"/);
    // The last 4 bytes are the first string's NUL terminator and padding, which carry no content.
    for (let len = 0; len < bytes.byteLength - 4; len++) expect(() => decodeHeartbeat(bytes.subarray(0, len)), `length ${len}`).toThrow(WireError);
    const badJson = encodeX5f2({ ...decodeX5f2(bytes), statusJson: 'not json' });
    expect(() => decodeHeartbeat(badJson)).toThrow(/x5f2 status_json: invalid JSON/);
  });
});

describe('service_id parsing', () => {
  it('splits job ids on the last colon, service ids on the last two', () => {
    expect(parseJobServiceId('det:panel:0:abc')).toEqual({ sourceName: 'det:panel:0', jobNumber: 'abc' });
    expect(parseServiceServiceId('dummy:monitor_data:w')).toEqual({ instrument: 'dummy', serviceName: 'monitor_data', workerId: 'w' });
    expect(parseServiceServiceId('a:b:c:d')).toEqual({ instrument: 'a:b', serviceName: 'c', workerId: 'd' });
    for (const bad of ['nocolon', ':x', 'x:']) expect(() => parseJobServiceId(bad)).toThrow(WireError);
    for (const bad of ['a:b', 'a::c', ':b:c', 'a:b:']) expect(() => parseServiceServiceId(bad)).toThrow(WireError);
  });
});

describe('json helpers', () => {
  it('formats floats as pydantic/serde_json does', () => {
    const cases: [number, string][] = [[1, '1.0'], [30, '30.0'], [0.5, '0.5'], [71.43, '71.43'], [0, '0.0'], [-0, '-0.0'],
      [-2.5, '-2.5'], [1e16, '1e16'], [1.5e16, '1.5e16'], [1e15, '1000000000000000.0'], [0.0001, '0.0001'], [1e-5, '0.00001'],
      [1e-6, '1e-6'], [1.5e-7, '1.5e-7'], [123456.789, '123456.789'], [NaN, 'null']];
    for (const [x, s] of cases) expect(formatFloat(x), String(x)).toBe(s);
  });
  it('stringifies bigint unquoted and compactly, and parses unsafe integers as bigint only', () => {
    expect(stringifyJson({ a: 1755763200000000123n, b: [1, 'x', null, true], c: new JsonFloat(2), d: 'μ' })).toBe('{"a":1755763200000000123,"b":[1,"x",null,true],"c":2.0,"d":"μ"}');
    expect(parseJson('{"a":1755763200000000123,"b":42,"c":1.5,"d":-9007199254740993}', 't')).toEqual({ a: 1755763200000000123n, b: 42, c: 1.5, d: -9007199254740993n });
  });
});

describe('errors', () => {
  it('wrapWireError keeps WireErrors and gives context to anything else', async () => {
    const { wrapWireError } = await import('./errors');
    const w = new WireError('x');
    expect(wrapWireError('da00', w)).toBe(w);
    const r = wrapWireError('da00', new RangeError('Offset is outside the bounds of the DataView'));
    expect(r).toBeInstanceOf(WireError);
    expect(r.message).toBe('da00: Offset is outside the bounds of the DataView');
    expect(r.cause).toBeInstanceOf(RangeError);
  });
});
