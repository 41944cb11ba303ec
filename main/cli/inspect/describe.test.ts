import { describe, expect, it } from 'vitest';
import { encodeDa00, encodeJobHeartbeat, formatResultKey, makeVariable, WireError } from '../../../shared/wire';
import { parseArgs, UsageError } from './args';
import { describeError, describePayload, describeVariable, hintForFile, hintForTopic } from './describe';

const full = { full: false };

describe('describeVariable', () => {
  it('summarises float arrays: NaN excluded from min/max/sum and counted, non-finite shown as strings', () => {
    const d = describeVariable(makeVariable('signal', Float64Array.of(NaN, 2, -1, Infinity, NaN, 0.5, 1, 1, 1, 1), { axes: ['x'] }), full);
    expect(d).toMatchObject({ length: 10, min: -1, max: 'Infinity', sum: 'Infinity', nanCount: 2, truncated: true });
    expect(d['values']).toEqual(['NaN', 2, -1, 'Infinity', 'NaN', 0.5, 1, 1]);
  });
  it('keeps int64 statistics exact as decimal strings', () => {
    const t = 1755763200000000123n;
    const d = describeVariable(makeVariable('time', BigInt64Array.of(t, t + 1n), { axes: ['time'], unit: 'ns' }), full);
    expect(d).toMatchObject({ min: t.toString(), max: (t + 1n).toString(), sum: (2n * t + 1n).toString(), nanCount: 0, values: [t.toString(), (t + 1n).toString()] });
    expect(d['truncated']).toBeUndefined();
  });
  it('shows 0-D values as value, all-NaN arrays with null min/max, strings as strings', () => {
    expect(describeVariable(makeVariable('t', BigInt64Array.of(-5n), { unit: 'ns' }), full)).toMatchObject({ shape: [], value: '-5' });
    expect(describeVariable(makeVariable('s', Float64Array.of(NaN, NaN), { axes: ['x'] }), full)).toMatchObject({ min: null, max: null, sum: 0, nanCount: 2 });
    expect(describeVariable(makeVariable('n', ['a', 'b'], { axes: ['x'] }), full)).toMatchObject({ dtype: 'c_string', length: 2, values: ['a', 'b'] });
  });
  it('prints every value with full', () => {
    const d = describeVariable(makeVariable('s', new Int32Array(20), { axes: ['x'] }), { full: true });
    expect(d['values']).toHaveLength(20);
  });
});

describe('describePayload', () => {
  it('requires a ResultKey on the data topic but not on the roi topic', () => {
    const bytes = encodeDa00({ sourceName: 'panel_0/j/roi_rectangle', timestamp: 0n, variables: [makeVariable('signal', Int32Array.of(1), { axes: ['bounds'] })] });
    expect(() => describePayload(bytes, hintForTopic('dummy_livedata_data'), full)).toThrow(/result key/);
    expect(describePayload(bytes, hintForTopic('dummy_livedata_roi'), full)).toMatchObject({ sourceKind: 'roi' });
  });
  it('detects schemas from content with the auto hint', () => {
    const key = formatResultKey({ workflowId: { instrument: 'i', name: 'n', version: 1 }, jobId: { sourceName: 's', jobNumber: 'j' }, outputName: 'o' });
    expect(describePayload(encodeDa00({ sourceName: key, timestamp: 1n, variables: [makeVariable('signal', Float64Array.of(1))] }), 'auto', full)).toMatchObject({ schema: 'da00', sourceKind: 'result_key' });
    expect(describePayload(encodeJobHeartbeat({ jobId: { sourceName: 's', jobNumber: 'j' }, workflowId: 'i/n/1', state: 'active', startTime: null, endTime: null }), 'auto', full)).toMatchObject({ kind: 'job_status', timestamp: null });
    expect(describePayload(new TextEncoder().encode(' {"message_id":"m","device":"d","response":"ACK","message":null}'), 'auto', full)).toMatchObject({ kind: 'ack' });
    expect(() => describePayload(new Uint8Array(16), 'auto', full)).toThrow(/identifier absent/);
    expect(() => describePayload(new TextEncoder().encode('{"kind":"x"}'), 'flatbuffer', full)).toThrow(WireError);
  });
  it('maps topics and files to hints', () => {
    expect(['dummy_livedata_data', 'dummy_livedata_roi', 'x_livedata_nicos_data', 'x_livedata_heartbeat', 'x_livedata_commands', 'x_livedata_responses', 'other'].map(hintForTopic))
      .toEqual(['data', 'da00', 'da00', 'x5f2', 'command', 'ack', 'auto']);
    expect(['a.bin', 'a.json', 'a.dat'].map(hintForFile)).toEqual(['flatbuffer', 'json', 'auto']);
  });
  it('labels non-wire errors as unexpected', () => {
    expect(describeError(new WireError('x'))).toBe('x');
    expect(describeError(new RangeError('y'))).toBe('unexpected RangeError: y');
  });
});

describe('parseArgs', () => {
  it('parses file and kafka modes', () => {
    expect(parseArgs(['--full', 'a.bin', 'b.json'])).toMatchObject({ files: ['a.bin', 'b.json'], full: true, kafka: null });
    expect(parseArgs(['--kafka', 'h:9092', '--topic', 't', '--from-beginning', '--count', '3', '--timeout', '1.5']))
      .toMatchObject({ kafka: 'h:9092', topic: 't', fromBeginning: true, count: 3, timeoutS: 1.5 });
    expect(parseArgs(['--help']).help).toBe(true);
  });
  it('rejects inconsistent or malformed arguments', () => {
    for (const argv of [[], ['--kafka', 'h'], ['--topic', 't'], ['--kafka', 'h', '--topic', 't', 'f.bin'], ['--count', '0', 'f'], ['--count', '1.5', 'f'], ['--bogus', 'f'], ['--kafka']]) {
      expect(() => parseArgs(argv), JSON.stringify(argv)).toThrow(UsageError);
    }
  });
});

describe('axes as on the wire (issue 6 item 9)', () => {
  it('a variable sent without axis names is printed without invented ones (no dim_0)', async () => {
    const { Builder } = await import('flatbuffers');
    const { da00_Variable } = await import('../../../shared/wire/generated/da00-variable');
    const { da00_DataArray } = await import('../../../shared/wire/generated/da00-data-array');
    const { decodeDa00 } = await import('../../../shared/wire/da00');
    const b = new Builder(256);
    b.prep(8, 8);
    const data = b.createByteVector(new Uint8Array(new Int32Array([7, 9]).buffer));
    const shape = da00_Variable.createShapeVector(b, [2n]);
    const name = b.createString('counts');
    da00_Variable.startda00_Variable(b);
    da00_Variable.addName(b, name);
    da00_Variable.addDataType(b, 5); // int32
    da00_Variable.addShape(b, shape);
    da00_Variable.addData(b, data);
    const variable = da00_Variable.endda00_Variable(b);
    const vars = da00_DataArray.createDataVector(b, [variable]);
    const source = b.createString('src');
    da00_DataArray.startda00_DataArray(b);
    da00_DataArray.addSourceName(b, source);
    da00_DataArray.addTimestamp(b, 1n);
    da00_DataArray.addData(b, vars);
    b.finish(da00_DataArray.endda00_DataArray(b), 'da00');
    const msg = decodeDa00(b.asUint8Array());
    const d = describeVariable(msg.variables[0], full);
    expect(d.axes).toEqual([]);
    expect(d.shape).toEqual([2]);
    expect(JSON.stringify(d)).not.toContain('dim_0');
    // Named axes are printed as sent.
    expect(describeVariable(makeVariable('n', ['a', 'b'], { axes: ['x'] }), full).axes).toEqual(['x']);
  });
});
