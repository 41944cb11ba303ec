import { afterEach, describe, expect, it } from 'vitest';
import { decodeByRole, encodeJobCommand, encodeWorkflowConfig, startTimeNs, toDataArray, type DecodedMessage } from '../../shared/wire';
import { dummyInstrument } from '../instruments/dummy';
import { instrumentByName } from '../instruments';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import { silentLogger } from '../logging/logger';
import { FakeBackendTransport, type FakeBackendOptions, type RoiResponder } from './fake-backend';

const backends: FakeBackendTransport[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) await b.stop();
});

async function backend(options: FakeBackendOptions = {}, instrument: InstrumentSpec = dummyInstrument) {
  const b = new FakeBackendTransport(instrument, silentLogger(), { updateIntervalMs: 100, ...options });
  backends.push(b);
  await b.start();
  return b;
}

async function collect(b: FakeBackendTransport, ms: number): Promise<DecodedMessage[]> {
  await new Promise((r) => setTimeout(r, ms));
  return b.drain(100_000).map((m) => decodeByRole(m.role, m.value));
}

const acksOf = (msgs: DecodedMessage[]) => msgs.flatMap((m) => (m.kind === 'ack' ? [m.ack] : []));
const dataOf = (msgs: DecodedMessage[], output?: string) => msgs.flatMap((m) => (m.kind === 'data' && (!output || m.key.outputName === output) ? [m] : []));

const monitor = { instrument: 'dummy', name: 'monitor_histogram', version: 1 };
const job = { sourceName: 'monitor1', jobNumber: '0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c' };
const config = (identifier = monitor, jobId = job, params: Record<string, unknown> = {}, auxSourceNames: Record<string, string> = {}, messageId = 'm1') =>
  encodeWorkflowConfig({ identifier, messageId, jobId, schedule: { startTime: null, endTime: null }, auxSourceNames, params });

describe('demo backend', () => {
  it('answers a config with ACK, then heartbeats and one update per output per interval, distinct per source', async () => {
    const b = await backend();
    await b.send('commands', config());
    await b.send('commands', config(monitor, { ...job, sourceName: 'monitor2' }));
    const msgs = await collect(b, 350);
    expect(acksOf(msgs).map((a) => [a.messageId, a.device, a.response])).toEqual([['m1', 'monitor1', 'ACK'], ['m1', 'monitor2', 'ACK']]);
    const beats = msgs.filter((m) => m.kind === 'job_status');
    expect(beats.length).toBeGreaterThanOrEqual(4); // ≥ 2 per job in 350 ms at 100 ms
    const data = dataOf(msgs);
    expect(new Set(data.map((d) => d.key.outputName))).toEqual(new Set(['cumulative', 'current', 'counts_total', 'counts_in_toa_range', 'counts_total_cumulative', 'counts_in_toa_range_cumulative']));
    const first = (source: string) => data.find((d) => d.key.jobId.sourceName === source && d.key.outputName === 'current')!;
    const y1 = toDataArray(first('monitor1').message).signal.values as Float64Array;
    const y2 = toDataArray(first('monitor2').message).signal.values as Float64Array;
    expect(y1.length).toBe(100);
    expect(Array.from(y1)).not.toEqual(Array.from(y2));
    // Service heartbeats too (the reference's fake sends none).
    expect(msgs.some((m) => m.kind === 'service_status')).toBe(true);
  });

  it('cumulative outputs grow with each update and are the sum of the updates', async () => {
    const b = await backend();
    await b.send('commands', config());
    const msgs = await collect(b, 450);
    const values = dataOf(msgs, 'counts_total_cumulative').map((d) => (toDataArray(d.message).signal.values as Float64Array)[0]);
    expect(values.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    const windows = dataOf(msgs, 'counts_total').map((d) => (toDataArray(d.message).signal.values as Float64Array)[0]);
    expect(values[2]).toBeCloseTo(windows[0] + windows[1] + windows[2], 6);
  });

  it('honours the params it receives: bin count, range and unit of the histogram', async () => {
    const b = await backend();
    await b.send('commands', config(monitor, job, { toa_edges: { start: 10, stop: 50, num_bins: 20, scale: 'linear', unit: 'ms' } }));
    const current = dataOf(await collect(b, 250), 'current')[0];
    const da = toDataArray(current.message);
    expect(da.signal.shape).toEqual([20]);
    const toa = da.coords.time_of_arrival;
    expect(toa.unit).toBe('ms');
    expect(Array.from(toa.values as Float64Array)).toEqual(Array.from({ length: 21 }, (_, i) => 10 + 2 * i));
    // The params it runs with are the validated ones, defaults filled in.
    expect(b.runningJobs()[0].params).toEqual({
      coordinate_mode: { mode: 'toa' },
      toa_edges: { start: 10, stop: 50, num_bins: 20, scale: 'linear', unit: 'ms' },
      toa_range: { start: 0, stop: 10, enabled: false, unit: 'μs' },
    });
  });

  it('log-scale edges and another unit', async () => {
    const b = await backend();
    await b.send('commands', config(monitor, job, { toa_edges: { start: 100, stop: 70000, num_bins: 3, scale: 'log', unit: 'μs' } }));
    const toa = toDataArray(dataOf(await collect(b, 250), 'current')[0].message).coords.time_of_arrival;
    expect(toa.unit).toBe('μs');
    const edges = Array.from(toa.values as Float64Array);
    expect(edges).toHaveLength(4);
    expect(edges[1] / edges[0]).toBeCloseTo(edges[3] / edges[2], 6);
  });

  it('wavelength mode histograms in wavelength (LoKI monitors)', async () => {
    const loki = instrumentByName('loki');
    const b = await backend({}, loki);
    const id = { instrument: 'loki', name: 'monitor_histogram', version: 1 };
    await b.send('commands', config(id, { ...job, sourceName: loki.workflows.find((w) => w.id.name === 'monitor_histogram')!.sources[0] }, { coordinate_mode: { mode: 'wavelength' } }));
    const da = toDataArray(dataOf(await collect(b, 250), 'current')[0].message);
    expect(da.signal.axes).toEqual(['wavelength']);
    expect(da.coords.wavelength.unit).toBe('Å');
  });

  it('an enabled range filter counts only the events inside it', async () => {
    const b = await backend();
    await b.send('commands', config(monitor, job, { toa_range: { enabled: true, start: 0, stop: 5, unit: 'ms' } }));
    const msgs = await collect(b, 250);
    const total = (toDataArray(dataOf(msgs, 'counts_total')[0].message).signal.values as Float64Array)[0];
    const inRange = (toDataArray(dataOf(msgs, 'counts_in_toa_range')[0].message).signal.values as Float64Array)[0];
    expect(inRange).toBeLessThan(total);
    expect(inRange).toBeGreaterThanOrEqual(0);
  });

  it('refuses what the services refuse, with ERR and the reason; stays silent for workflows no service runs', async () => {
    const b = await backend();
    await b.send('commands', config(monitor, job, { toa_edges: { num_bins: 0 } }, {}, 'bad-params'));
    await b.send('commands', config(monitor, { ...job, sourceName: 'panel_0' }, {}, {}, 'bad-source'));
    await b.send('commands', config({ instrument: 'dummy', name: 'total_counts', version: 1 }, { ...job, sourceName: 'panel_0' }, { x: 1 }, {}, 'no-params'));
    await b.send('commands', config(monitor, job, {}, { roi_rectangle: 'x' }, 'no-aux'));
    await b.send('commands', config({ instrument: 'dummy', name: 'panel_0_xy', version: 1 }, { ...job, sourceName: 'panel_0' }, {}, { roi_rectangle: 'elsewhere' }, 'bad-aux'));
    await b.send('commands', config({ instrument: 'dummy', name: 'nope', version: 1 }, job, {}, {}, 'unknown'));
    await b.send('commands', config({ instrument: 'dream', name: 'monitor_histogram', version: 1 }, job, {}, {}, 'other-instrument'));
    const msgs = await collect(b, 250);
    const acks = acksOf(msgs);
    expect(acks.map((a) => [a.messageId, a.response])).toEqual([['bad-params', 'ERR'], ['bad-source', 'ERR'], ['no-params', 'ERR'], ['no-aux', 'ERR'], ['bad-aux', 'ERR']]);
    expect(acks[0].message).toContain('toa_edges.num_bins: must be ≥ 1');
    expect(acks[1].message).toContain("Source 'panel_0' is not allowed");
    expect(msgs.some((m) => m.kind === 'data' || m.kind === 'job_status')).toBe(false);
  });

  it('only the configured sources answer', async () => {
    const b = await backend();
    await b.send('commands', config(monitor, { ...job, sourceName: 'monitor2' }));
    const data = dataOf(await collect(b, 250));
    expect(data.length).toBeGreaterThan(0);
    expect(new Set(data.map((d) => d.key.jobId.sourceName))).toEqual(new Set(['monitor2']));
  });

  it('produces every output of every dummy workflow with the catalogue\'s dims (ROI readbacks are the ROI responder\'s)', async () => {
    const b = await backend();
    for (const [i, w] of dummyInstrument.workflows.entries()) {
      // One job number per workflow: a config for an existing job id would replace that job.
      const jobNumber = `00000000-0000-4000-8000-00000000000${i}`;
      const aux = Object.fromEntries(w.auxSources.map((a) => [a.key, a.default]));
      for (const source of w.sources) await b.send('commands', config(w.id, { sourceName: source, jobNumber }, {}, aux));
    }
    const msgs = await collect(b, 250);
    expect(acksOf(msgs).every((a) => a.response === 'ACK')).toBe(true);
    const data = dataOf(msgs);
    for (const w of dummyInstrument.workflows) {
      for (const o of w.outputs) {
        const expected = !o.coords.includes('roi_index') && o.dims[0]?.name !== 'roi';
        const got = data.find((d) => d.key.workflowId.name === w.id.name && d.key.outputName === o.name);
        expect(Boolean(got), `${w.id.name}/${o.name}`).toBe(expected);
        if (got) expect(toDataArray(got.message).signal.axes, `${w.id.name}/${o.name}`).toEqual(o.dims.map((d) => d.name));
      }
    }
    const motion2 = data.find((d) => d.key.workflowId.name === 'timeseries_data' && d.key.jobId.sourceName === 'motion2')!;
    expect(toDataArray(motion2.message).signal.unit).toBe('deg');
  });

  it('runs every workflow of every built-in instrument with its default params', async () => {
    for (const name of ['beer', 'bifrost', 'dream', 'estia', 'loki', 'magic', 'nmx', 'odin', 'tbl']) {
      const inst = instrumentByName(name);
      const b = await backend({}, inst);
      for (const [i, w] of inst.workflows.entries()) {
        const aux = Object.fromEntries(w.auxSources.map((a) => [a.key, a.default]));
        await b.send('commands', config(w.id, { sourceName: w.sources[0], jobNumber: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }, {}, aux, `${name}-${i}`));
      }
      const msgs = await collect(b, 150);
      expect(acksOf(msgs).filter((a) => a.response !== 'ACK'), name).toEqual([]);
      for (const w of inst.workflows) {
        const got = dataOf(msgs).filter((d) => d.key.workflowId.name === w.id.name);
        expect(got.length, `${name}/${w.id.name}`).toBeGreaterThan(0);
        for (const d of got) {
          const o = w.outputs.find((x) => x.name === d.key.outputName)!;
          expect(toDataArray(d.message).signal.axes.length, `${name}/${w.id.name}/${o.name}`).toBe(o.dims.length);
        }
      }
      await b.stop();
    }
  });

  it('ROI messages go to the pluggable responder, which can set the ROIs a job histograms', async () => {
    const seen: Uint8Array[] = [];
    const responder: RoiResponder = {
      handle(value, backend) {
        seen.push(value);
        const j = backend.jobs().find((x) => x.workflowId === 'dummy/panel_0_xy/1')!;
        backend.setRois(j.jobId, [{ index: 0, weight: 1 }, { index: 4, weight: 0.5 }]);
      },
    };
    const b = await backend({ roiResponder: responder });
    await b.send('commands', config({ instrument: 'dummy', name: 'panel_0_xy', version: 1 }, { ...job, sourceName: 'panel_0' }, {}, { roi_rectangle: 'roi_rectangle', roi_polygon: 'roi_polygon' }));
    await collect(b, 150);
    await b.send('roi', new Uint8Array([1, 2, 3]));
    expect(seen).toHaveLength(1);
    const spectra = dataOf(await collect(b, 250), 'roi_spectra_current')[0];
    const da = toDataArray(spectra.message);
    expect(da.signal.axes).toEqual(['roi', 'time_of_arrival']);
    expect(da.signal.shape).toEqual([2, 100]);
    expect(Array.from(da.coords.roi.values as Float64Array)).toEqual([0, 4]);
  });

  it('stop → ACK, a final stopped heartbeat, then silence', async () => {
    const b = await backend();
    await b.send('commands', config());
    await collect(b, 150);
    await b.send('commands', encodeJobCommand({ messageId: 'm2', jobId: job, workflowId: null, action: 'stop' }));
    const after = await collect(b, 50);
    expect(acksOf(after).map((a) => [a.device, a.response])).toEqual([[`monitor1/${job.jobNumber}`, 'ACK']]);
    expect(after.filter((m) => m.kind === 'job_status').map((m) => m.kind === 'job_status' && m.status.state)).toEqual(['stopped']);
    const later = await collect(b, 250);
    expect(later.some((m) => m.kind === 'data' || m.kind === 'job_status')).toBe(false);
  });

  it('a workflow selector stops all its jobs with one ACK from "all"; an unmatched selector is not answered', async () => {
    const b = await backend();
    await b.send('commands', config());
    await b.send('commands', config(monitor, { ...job, sourceName: 'monitor2' }));
    await collect(b, 150);
    await b.send('commands', encodeJobCommand({ messageId: 'wf', jobId: null, workflowId: monitor, action: 'stop' }));
    await b.send('commands', encodeJobCommand({ messageId: 'none', jobId: null, workflowId: { instrument: 'dummy', name: 'total_counts', version: 1 }, action: 'stop' }));
    expect(acksOf(await collect(b, 50)).map((a) => [a.messageId, a.device, a.response])).toEqual([['wf', 'all', 'ACK']]);
    expect(b.runningJobs()).toEqual([]);
  });

  it('reset → ACK and accumulation restarts (new start_time); a workflow without reset answers ERR', async () => {
    const b = await backend();
    await b.send('commands', config());
    const before = dataOf(await collect(b, 150), 'cumulative')[0];
    await new Promise((r) => setTimeout(r, 5));
    await b.send('commands', encodeJobCommand({ messageId: 'm3', jobId: job, workflowId: null, action: 'reset' }));
    const after = await collect(b, 300);
    expect(acksOf(after).some((a) => a.messageId === 'm3' && a.response === 'ACK')).toBe(true);
    // An update may have been emitted just before the reset: look only after its ACK.
    const ackAt = after.findIndex((m) => m.kind === 'ack');
    const next = dataOf(after.slice(ackAt), 'cumulative')[0];
    expect(startTimeNs(toDataArray(next.message))! > startTimeNs(toDataArray(before.message))!).toBe(true);

    const series = { sourceName: 'motion1', jobNumber: job.jobNumber };
    await b.send('commands', config({ instrument: 'dummy', name: 'timeseries_data', version: 1 }, series));
    await b.send('commands', encodeJobCommand({ messageId: 'm4', jobId: series, workflowId: null, action: 'reset' }));
    const refused = acksOf(await collect(b, 50)).find((a) => a.messageId === 'm4')!;
    expect([refused.response, refused.message]).toEqual(['ERR', `Job motion1/${job.jobNumber} does not support reset.`]);
  });

  it('delays acknowledgements when asked', async () => {
    const b = await backend({ ackDelayMs: 300 });
    await b.send('commands', config());
    const early = await collect(b, 150);
    expect(acksOf(early)).toEqual([]);
    expect(early.some((m) => m.kind === 'job_status')).toBe(true); // the job runs meanwhile
    expect(acksOf(await collect(b, 300)).map((a) => a.response)).toEqual(['ACK']);
  });

  it('drops acknowledgements when asked (commands time out) but still runs the jobs', async () => {
    const b = await backend({ dropAcks: true });
    await b.send('commands', config());
    const msgs = await collect(b, 250);
    expect(acksOf(msgs)).toEqual([]);
    expect(dataOf(msgs).length).toBeGreaterThan(0);
    b.configure({ dropAcks: false });
    await b.send('commands', encodeJobCommand({ messageId: 'later', jobId: job, workflowId: null, action: 'stop' }));
    expect(acksOf(await collect(b, 50)).map((a) => a.messageId)).toEqual(['later']);
  });

  it('fails a workflow when asked: its jobs turn to error, or its configs get ERR', async () => {
    const b = await backend({ failWorkflows: { 'dummy/monitor_histogram/1': 'error', 'dummy/total_counts/1': 'reject' } });
    await b.send('commands', config());
    await b.send('commands', config({ instrument: 'dummy', name: 'total_counts', version: 1 }, { ...job, sourceName: 'panel_0' }, {}, {}, 'm-reject'));
    const msgs = await collect(b, 350);
    expect(acksOf(msgs).map((a) => [a.messageId, a.response])).toEqual([['m1', 'ACK'], ['m-reject', 'ERR']]);
    const states = msgs.flatMap((m) => (m.kind === 'job_status' ? [m.status.state] : []));
    expect(states[0]).toBe('active');
    expect(states.slice(1).every((s) => s === 'error')).toBe(true);
    expect(states.length).toBeGreaterThanOrEqual(3);
    expect(dataOf(msgs).every((d) => d.key.outputName && startTimeNs(toDataArray(d.message)) !== null)).toBe(true);
  });

  it('keeps jobs of a workflow waiting for context when asked (pending_context, no data)', async () => {
    const b = await backend({ failWorkflows: { 'dummy/monitor_histogram/1': 'pending' } });
    await b.send('commands', config());
    const msgs = await collect(b, 250);
    expect(acksOf(msgs).map((a) => a.response)).toEqual(['ACK']);
    expect(new Set(msgs.flatMap((m) => (m.kind === 'job_status' ? [m.status.state] : [])))).toEqual(new Set(['pending_context']));
    expect(dataOf(msgs)).toEqual([]);
  });

  it('follows the schedule: scheduled before its start, finishing and gone after its end', async () => {
    const b = await backend();
    const now = BigInt(Date.now()) * 1_000_000n;
    const scheduled = encodeWorkflowConfig({ identifier: monitor, messageId: 's', jobId: job, schedule: { startTime: now + 200_000_000n, endTime: now + 450_000_000n }, auxSourceNames: {}, params: {} });
    await b.send('commands', scheduled);
    const msgs = await collect(b, 650);
    const states = msgs.flatMap((m) => (m.kind === 'job_status' ? [m.status.state] : []));
    expect(states[0]).toBe('scheduled');
    expect(states).toContain('active');
    expect(states[states.length - 1]).toBe('finishing');
    expect(b.runningJobs()).toEqual([]);
  });

  it('keeps its jobs across stop/start (a core restart): they heartbeat again and accumulation continues', async () => {
    const b = await backend();
    await b.send('commands', config());
    const before = dataOf(await collect(b, 250), 'counts_total_cumulative').map((d) => (toDataArray(d.message).signal.values as Float64Array)[0]);
    await b.stop();
    await new Promise((r) => setTimeout(r, 150));
    await b.start();
    const msgs = await collect(b, 250);
    const beats = msgs.flatMap((m) => (m.kind === 'job_status' ? [m.status] : []));
    expect(beats.length).toBeGreaterThan(0);
    expect(beats[0].jobId).toEqual(job);
    const after = dataOf(msgs, 'counts_total_cumulative').map((d) => (toDataArray(d.message).signal.values as Float64Array)[0]);
    expect(after[0]).toBeGreaterThan(before[before.length - 1]);
  });

  it('records the commands it received', async () => {
    const b = await backend();
    await b.send('commands', config(monitor, job, { toa_edges: { num_bins: 7 } }));
    const [cmd] = b.receivedCommands();
    expect(cmd.kind === 'workflow_config' && cmd.params).toEqual({ toa_edges: { num_bins: 7 } });
  });
});
