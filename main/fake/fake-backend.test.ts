import { afterEach, describe, expect, it } from 'vitest';
import { decodeByRole, encodeJobCommand, encodeWorkflowConfig, startTimeNs, toDataArray, type DecodedMessage } from '../../shared/wire';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { FakeBackendTransport } from './fake-backend';

const backends: FakeBackendTransport[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) await b.stop();
});

async function backend() {
  const b = new FakeBackendTransport(dummyInstrument, silentLogger(), { updateIntervalMs: 100 });
  backends.push(b);
  await b.start();
  return b;
}

async function collect(b: FakeBackendTransport, ms: number): Promise<DecodedMessage[]> {
  await new Promise((r) => setTimeout(r, ms));
  return b.drain(100_000).map((m) => decodeByRole(m.role, m.value));
}

const monitor = { instrument: 'dummy', name: 'monitor_histogram', version: 1 };
const job = { sourceName: 'monitor1', jobNumber: '0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c' };
const config = (identifier = monitor, jobId = job) => encodeWorkflowConfig({ identifier, messageId: 'm1', jobId, schedule: { startTime: null, endTime: null }, auxSourceNames: {}, params: {} });

describe('demo backend', () => {
  it('answers a config with ACK, then heartbeats and one update per output per interval, distinct per source', async () => {
    const b = await backend();
    await b.send('commands', config());
    await b.send('commands', config(monitor, { ...job, sourceName: 'monitor2' }));
    const msgs = await collect(b, 350);
    const acks = msgs.flatMap((m) => (m.kind === 'ack' ? [m.ack] : []));
    expect(acks.map((a) => [a.messageId, a.device, a.response])).toEqual([['m1', 'monitor1', 'ACK'], ['m1', 'monitor2', 'ACK']]);
    const beats = msgs.filter((m) => m.kind === 'job_status');
    expect(beats.length).toBeGreaterThanOrEqual(4); // ≥ 2 per job in 350 ms at 100 ms
    const data = msgs.flatMap((m) => (m.kind === 'data' ? [m] : []));
    const outputs = new Set(data.map((d) => d.key.outputName));
    expect(outputs).toEqual(new Set(['cumulative', 'current', 'counts_total_cumulative', 'counts_total']));
    const first = (source: string) => data.find((d) => d.key.jobId.sourceName === source && d.key.outputName === 'current')!;
    const y1 = toDataArray(first('monitor1').message).signal.values as Float64Array;
    const y2 = toDataArray(first('monitor2').message).signal.values as Float64Array;
    expect(y1.length).toBe(100);
    expect(Array.from(y1)).not.toEqual(Array.from(y2));
    // Service heartbeats too (the reference's fake sends none).
    expect(msgs.some((m) => m.kind === 'service_status')).toBe(true);
  });

  it('cumulative outputs grow with each update', async () => {
    const b = await backend();
    await b.send('commands', config());
    const data = (await collect(b, 450)).flatMap((m) => (m.kind === 'data' && m.key.outputName === 'counts_total_cumulative' ? [m] : []));
    const values = data.map((d) => (toDataArray(d.message).signal.values as Float64Array)[0]);
    expect(values.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
  });

  it('unknown workflow → ERR and no job', async () => {
    const b = await backend();
    await b.send('commands', config({ instrument: 'dummy', name: 'nope', version: 1 }));
    const msgs = await collect(b, 250);
    expect(msgs.filter((m) => m.kind === 'ack').map((m) => m.kind === 'ack' && m.ack.response)).toEqual(['ERR']);
    expect(msgs.some((m) => m.kind === 'data' || m.kind === 'job_status')).toBe(false);
  });

  it('stop → ACK, a final stopped heartbeat, then silence', async () => {
    const b = await backend();
    await b.send('commands', config());
    await collect(b, 150);
    await b.send('commands', encodeJobCommand({ messageId: 'm2', jobId: job, workflowId: null, action: 'stop' }));
    const after = await collect(b, 50);
    expect(after.filter((m) => m.kind === 'ack').map((m) => m.kind === 'ack' && [m.ack.device, m.ack.response])).toEqual([[`monitor1/${job.jobNumber}`, 'ACK']]);
    expect(after.filter((m) => m.kind === 'job_status').map((m) => m.kind === 'job_status' && m.status.state)).toEqual(['stopped']);
    const later = await collect(b, 250);
    expect(later.some((m) => m.kind === 'data' || m.kind === 'job_status')).toBe(false);
  });

  it('reset → ACK and accumulation restarts (new start_time)', async () => {
    const b = await backend();
    await b.send('commands', config());
    const before = (await collect(b, 150)).find((m) => m.kind === 'data' && m.key.outputName === 'cumulative');
    await new Promise((r) => setTimeout(r, 5));
    await b.send('commands', encodeJobCommand({ messageId: 'm3', jobId: job, workflowId: null, action: 'reset' }));
    const after = await collect(b, 300);
    expect(after.some((m) => m.kind === 'ack' && m.ack.messageId === 'm3' && m.ack.response === 'ACK')).toBe(true);
    // An update may have been emitted just before the reset: look only after its ACK.
    const ackAt = after.findIndex((m) => m.kind === 'ack');
    const next = after.slice(ackAt).find((m) => m.kind === 'data' && m.key.outputName === 'cumulative');
    const t0 = before?.kind === 'data' ? startTimeNs(toDataArray(before.message)) : null;
    const t1 = next?.kind === 'data' ? startTimeNs(toDataArray(next.message)) : null;
    expect(t0).not.toBeNull();
    expect(t1! > t0!).toBe(true);
  });
});
