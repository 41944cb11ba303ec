// Fault suite, ingest: mutated payloads on every consumed topic, interleaved with valid ones,
// through the real pump and decoders. No crash, every valid message processed, every bad one
// counted, and the log stays readable (malformed-message lines are rate-limited per topic).
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { decodeByRole, encodeAcknowledgement, encodeDa00, encodeJobHeartbeat, formatResultKey, makeVariable } from '../../shared/wire';
import type { ConsumedRole } from '../../main/transport/transport';
import { Core } from '../../main/app/core';
import { dummyInstrument } from '../../main/instruments/dummy';
import { ScriptedTransport } from '../support/scripted-transport';
import { until } from '../support/wait';

const WF = 'dummy/monitor_histogram/1';
/** Per consumed topic: `npm test` runs 2,000; `npm run test:faults` the full 10,000. */
const N = process.env.LIVEDATA_FAULTS_FULL ? 10_000 : 2_000;

function histogram(jobNumber: string, values: number[]): Uint8Array {
  const sourceName = formatResultKey({ workflowId: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, jobId: { sourceName: 'monitor1', jobNumber }, outputName: 'current' });
  return encodeDa00({ sourceName, timestamp: 0n, variables: [
    makeVariable('signal', new Float64Array(values), { axes: ['time_of_arrival'], unit: 'counts' }),
    makeVariable('time_of_arrival', new Float64Array(values.length + 1).map((_, i) => i * 0.5), { axes: ['time_of_arrival'], unit: 'ms' }),
  ] });
}

/** Deterministic mutations: flips, truncation, extension, zeroed or random spans, shuffled bytes. */
function mutator(seed: number) {
  let x = seed >>> 0 || 1;
  const rnd = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
  const int = (n: number): number => Math.floor(rnd() * n);
  return (valid: Uint8Array): Uint8Array => {
    const b = new Uint8Array(valid);
    switch (int(7)) {
      case 0: for (let k = 0, n = 1 + int(8); k < n; k++) b[int(b.length)] ^= 1 << int(8); return b;
      case 1: return b.subarray(0, int(b.length));
      case 2: { const out = new Uint8Array(b.length + 1 + int(64)); out.set(b); for (let i = b.length; i < out.length; i++) out[i] = int(256); return out; }
      case 3: { const at = int(b.length); b.fill(0, at, at + 1 + int(32)); return b; }
      case 4: { const at = int(b.length); for (let i = at; i < Math.min(b.length, at + 16); i++) b[i] = int(256); return b; }
      case 5: return Uint8Array.from({ length: int(200) }, () => int(256));
      default: { for (let k = 0; k < 8; k++) { const i = int(b.length); const j = int(b.length); [b[i], b[j]] = [b[j], b[i]]; } return b; }
    }
  };
}

describe('fault suite: mutated payloads through the pump', () => {
  it(`${N} mutated payloads per consumed topic interleaved with valid ones`, async () => {
    const lines: { level: string; message: string }[] = [];
    const logger = winston.createLogger({
      level: 'debug',
      transports: [new winston.transports.Stream({ stream: new Writable({ objectMode: true, write(info: { level: string; message: string }, _e, cb) { lines.push(info); cb(); } }) })],
    });
    const transport = new ScriptedTransport();
    const core = new Core({ instrument: dummyInstrument, transport, logger, autoStart: false, configDir: null });
    await core.start();
    try {
      await core.jobs.start(WF);
      const jobNumber = core.jobs.currentJob(WF)!;
      const valid: Record<ConsumedRole, (i: number) => Uint8Array> = {
        data: (i) => histogram(jobNumber, [i, i + 1, i + 2]),
        heartbeat: () => encodeJobHeartbeat({ jobId: { sourceName: 'monitor1', jobNumber }, workflowId: WF, state: 'active', startTime: 1n, endTime: 2n }),
        responses: () => encodeAcknowledgement({ messageId: randomUUID(), device: 'monitor1', response: 'ACK', message: null }),
      };
      const mutate = mutator(20261125);
      const expectedBad: Record<string, number> = {};
      const t0 = Date.now();
      for (const role of ['data', 'heartbeat', 'responses'] as const) {
        let bad = 0;
        for (let i = 0; i < N; i++) {
          transport.push(role, valid[role](i));
          const m = mutate(valid[role](i));
          try {
            decodeByRole(role, m);
          } catch {
            bad++;
          }
          transport.push(role, m);
        }
        // The last message of each topic is a valid one: it must be what the app shows.
        transport.push(role, valid[role](N));
        expectedBad[role] = bad;
      }
      const total = 2 * N + 1;
      const consumed = () => core.stats.view().filter((t) => ['data', 'heartbeat', 'responses'].includes(t.role));
      await until('every message consumed', () => consumed().length === 3 && consumed().every((t) => t.messages === total), 120_000, 50);
      const seconds = (Date.now() - t0) / 1000;
      for (const t of consumed()) {
        expect(t.messages, t.topic).toBe(total);
        expect(t.errors, `${t.topic}: bad ones counted`).toBe(expectedBad[t.role]);
        expect(expectedBad[t.role], 'most mutations are really bad').toBeGreaterThan(N / 2);
      }
      // Every valid data message was processed: the layer shows the last one.
      const layer = [...core.layers.all()].find((l) => l.config.workflowId === WF && l.config.outputName === 'current')!;
      await until('the last valid histogram drawn', () => {
        const p = layer.plot;
        return p?.kind === 'line' && Array.from(p.series[0].y).join(',') === [N, N + 1, N + 2].join(',');
      }, 10_000);
      expect(core.jobs.snapshot().workflows.find((w) => w.id === WF)?.status).toBe('ACTIVE');
      // No crash of a pass, and the malformed-message lines are rate-limited (≤ 1 per topic per second).
      expect(lines.filter((l) => l.message === 'pump pass failed')).toEqual([]);
      const malformed = lines.filter((l) => l.message === 'malformed message skipped').length;
      expect(malformed).toBeLessThanOrEqual(3 * (Math.ceil(seconds) + 1));
      expect(lines.length).toBeLessThan(3 * N / 10);
      console.log(`[measure] pump fuzz: ${3 * total} messages (${Object.values(expectedBad).reduce((a, b) => a + b, 0)} bad) in ${seconds.toFixed(1)} s; ${malformed} malformed-message log lines, ${lines.length} log lines in all`);
    } finally {
      await core.stop();
    }
  }, 300_000);
});
