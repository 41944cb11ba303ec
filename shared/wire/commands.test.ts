import { describe, expect, it } from 'vitest';
import { decodeAcknowledgement, decodeCommand, encodeAcknowledgement, encodeJobCommand, encodeWorkflowConfig } from './commands';
import { WireError } from './errors';
import { formatResultKey, parseResultKey, parseWorkflowIdString, workflowIdToString } from './result-key';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);
const JOB_ID = { sourceName: 'monitor1', jobNumber: '0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c' };
const WF = { instrument: 'dummy', name: 'monitor_histogram', version: 1 };

// the documented example, on one line.
const CONFIG_JSON = '{"kind":"workflow_config","identifier":{"instrument":"dummy","name":"monitor_histogram","version":1},'
  + '"message_id":"5d2c7a3e-8f41-4b6a-9e0d-2a7b1c9f4e10","job_id":{"source_name":"monitor1","job_number":"0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c"},'
  + '"schedule":{"start_time":null,"end_time":null},"aux_source_names":{},'
  + '"params":{"coordinate_mode":{"mode":"toa"},"toa_edges":{"start":0.5,"stop":71.43,"num_bins":100,"scale":"linear","unit":"ms"},'
  + '"toa_range":{"start":0.5,"stop":10.5,"enabled":false,"unit":"μs"}}}';

describe('WorkflowConfig', () => {
  const config = {
    identifier: WF, messageId: '5d2c7a3e-8f41-4b6a-9e0d-2a7b1c9f4e10', jobId: JOB_ID,
    schedule: { startTime: null, endTime: null }, auxSourceNames: {},
    params: {
      coordinate_mode: { mode: 'toa' },
      toa_edges: { start: 0.5, stop: 71.43, num_bins: 100, scale: 'linear', unit: 'ms' },
      toa_range: { start: 0.5, stop: 10.5, enabled: false, unit: 'μs' },
    },
  };
  it('encodes the documented fields in order, compact, with raw UTF-8', () => {
    const b = encodeWorkflowConfig(config);
    expect(text(b)).toBe(CONFIG_JSON);
    expect(Array.from(b.subarray(b.indexOf(0xce) - 0, b.indexOf(0xce) + 2))).toEqual([0xce, 0xbc]); // μ as UTF-8, not \u03bc
  });
  it('decodes back to the same command, and accepts the workflow id as a string', () => {
    expect(decodeCommand(encodeWorkflowConfig(config))).toEqual({ kind: 'workflow_config', ...config });
    const c = decodeCommand(bytes(CONFIG_JSON.replace('{"instrument":"dummy","name":"monitor_histogram","version":1}', '"dummy/monitor_histogram/1"')));
    expect(c.kind === 'workflow_config' && c.identifier).toEqual(WF);
  });
  it('writes ns schedule times exactly and rejects end before start', () => {
    const b = encodeWorkflowConfig({ ...config, schedule: { startTime: 1755763200000000123n, endTime: null } });
    expect(text(b)).toContain('"schedule":{"start_time":1755763200000000123,"end_time":null}');
    const back = decodeCommand(b);
    expect(back.kind === 'workflow_config' && back.schedule.startTime).toBe(1755763200000000123n);
    expect(() => encodeWorkflowConfig({ ...config, schedule: { startTime: 2n, endTime: 1n } })).toThrow(WireError);
  });
  it('refuses params that are not JSON', () => {
    expect(() => encodeWorkflowConfig({ ...config, params: { a: NaN } })).toThrow(/params\.a is NaN/);
    expect(() => encodeWorkflowConfig({ ...config, params: { a: new Float64Array(1) } })).toThrow(WireError);
    expect(() => encodeWorkflowConfig({ ...config, params: { a: undefined } })).toThrow(WireError);
  });
});

describe('JobCommand', () => {
  it('matches the reference stop command byte for byte', () => {
    const b = encodeJobCommand({ messageId: 'c3e9d0b2-1a4f-4c8e-b7d6-5f2a9e1c0d3b', jobId: JOB_ID, workflowId: null, action: 'stop' });
    expect(text(b)).toBe('{"kind":"job_command","message_id":"c3e9d0b2-1a4f-4c8e-b7d6-5f2a9e1c0d3b","job_id":{"source_name":"monitor1","job_number":"0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c"},"workflow_id":null,"action":"stop"}');
  });
  it('decodes the NICOS form (string workflow_id, no job_id, other key order)', () => {
    expect(decodeCommand(bytes('{"kind":"job_command","action":"reset","workflow_id":"bifrost/monitor_histogram/1","message_id":"m"}'))).toEqual({
      kind: 'job_command', messageId: 'm', jobId: null, workflowId: { instrument: 'bifrost', name: 'monitor_histogram', version: 1 }, action: 'reset',
    });
  });
  it('rejects a missing or unknown kind, bad JSON, and bad fields with WireError', () => {
    expect(() => decodeCommand(bytes('{"message_id":"m","action":"stop"}'))).toThrow(/missing "kind"/);
    expect(() => decodeCommand(bytes('{"kind":"start"}'))).toThrow(/unknown kind "start"/);
    expect(() => decodeCommand(bytes('{"kind":'))).toThrow(/invalid JSON/);
    expect(() => decodeCommand(bytes('[1]'))).toThrow(WireError);
    expect(() => decodeCommand(bytes('{"kind":"job_command","message_id":"m","action":"remove"}'))).toThrow(/action/);
    expect(() => decodeCommand(bytes('{"kind":"job_command","message_id":"m","action":"stop","workflow_id":"a/b"}'))).toThrow(/workflow_id/);
    expect(() => decodeCommand(new Uint8Array([0xff, 0xfe]))).toThrow(/not valid UTF-8/);
  });
});

describe('CommandAcknowledgement', () => {
  it('encodes the reference ERR and round-trips', () => {
    const ack = { messageId: '9a7b', device: 'panel_0/0f9a', response: 'ERR' as const, message: 'Job panel_0/0f9a does not support reset.' };
    expect(text(encodeAcknowledgement(ack))).toBe('{"message_id":"9a7b","device":"panel_0/0f9a","response":"ERR","message":"Job panel_0/0f9a does not support reset."}');
    expect(decodeAcknowledgement(encodeAcknowledgement(ack))).toEqual(ack);
  });
  it('rejects a bad response code', () => {
    expect(() => decodeAcknowledgement(bytes('{"message_id":"m","device":"d","response":"OK","message":null}'))).toThrow(/response/);
  });
});

describe('ResultKey', () => {
  const KEY_JSON = '{"workflow_id":{"instrument":"dummy","name":"monitor_histogram","version":1},"job_id":{"source_name":"monitor1","job_number":"0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c"},"output_name":"current"}';
  const KEY = { workflowId: WF, jobId: JOB_ID, outputName: 'current' };
  it('formats exactly as documented and parses back', () => {
    expect(formatResultKey(KEY)).toBe(KEY_JSON);
    expect(parseResultKey(KEY_JSON)).toEqual(KEY);
  });
  it('parses JSON regardless of key order and whitespace (never a string compare)', () => {
    expect(parseResultKey(' { "output_name" : "current", "job_id": {"job_number":"0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c","source_name":"monitor1"}, "workflow_id":{"version":1,"name":"monitor_histogram","instrument":"dummy"} } ')).toEqual(KEY);
  });
  it('throws WireError on anything else', () => {
    expect(() => parseResultKey('dummy/monitor_histogram/1/monitor1/x/current')).toThrow(/invalid JSON/);
    expect(() => parseResultKey('{"workflow_id":{"instrument":"dummy","name":"m","version":"1"},"job_id":{"source_name":"a","job_number":"b"},"output_name":"c"}')).toThrow(/workflow_id/);
    expect(() => parseResultKey('{}')).toThrow(WireError);
  });
  it('converts workflow ids to and from strings', () => {
    expect(workflowIdToString(WF)).toBe('dummy/monitor_histogram/1');
    expect(parseWorkflowIdString('dummy/monitor_histogram/12')).toEqual({ ...WF, version: 12 });
    for (const bad of ['a/b', 'a/b/c', 'a//1', '/b/1', 'a/b/1/2']) expect(() => parseWorkflowIdString(bad)).toThrow(WireError);
  });
});
