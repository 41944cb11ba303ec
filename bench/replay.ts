// Replay: throughput of a recording through the whole pipeline at maximum speed (replay
// transport → pump → decode → job orchestrator → data store → plotters) against raw MCAP
// reading of the same file with @mcap/core (decompress and iterate every message), side by
// side; then seek times on a generated 1 GB recording. Target: the pipeline reaches at least
// 50% of raw reading (time ratio ≤ 2); a seek under 1 s.
// The recording is generated into os.tmpdir() at bench time by our recorder and deleted after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import * as zstd from '@foxglove/wasm-zstd';
import { encodeDa00, encodeJobHeartbeat, encodeServiceHeartbeat, formatResultKey, makeVariable } from '../shared/wire';
import { Core } from '../main/app/core';
import { dummyInstrument } from '../main/instruments/dummy';
import { silentLogger } from '../main/logging/logger';
import { Recorder } from '../main/record/recorder';
import { replayableSource } from '../main/replay/replay-controller';
import { topicsFor, type RawMessage } from '../main/transport/transport';
import { figure, median, quantile, type BenchResult } from './bench-result';

const TARGET_BYTES = Number(process.env.REPLAY_BENCH_BYTES ?? 1024 ** 3);
const debug = (...a: unknown[]): void => void (process.env.BENCH_DEBUG && console.error(...a));
const TICK_MS = 100; // recorded time between updates
const SEEKS = 20;

const topics = topicsFor('dummy');
const jobs = {
  xy: { wf: { instrument: 'dummy', name: 'panel_0_xy', version: 1 }, source: 'panel_0', job: '11111111-1111-4111-8111-111111111111' },
  mon1: { wf: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, source: 'monitor1', job: '22222222-2222-4222-8222-222222222222' },
  mon2: { wf: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, source: 'monitor2', job: '22222222-2222-4222-8222-222222222222' },
};

const offsets: Record<RawMessage['role'], number> = { data: 0, heartbeat: 0, responses: 0 };

/** One recorded tick: detector images (noise: they do not compress), histograms, scalars, heartbeats. */
function tick(i: number, startNs: bigint): RawMessage[] {
  const out: RawMessage[] = [];
  const t = startNs + BigInt(i * TICK_MS) * 1_000_000n;
  const msg = (role: RawMessage['role'], value: Uint8Array): RawMessage => ({ role, topic: topics[role], partition: 0, offset: String(offsets[role]++), timestampMs: Number(t / 1_000_000n), value });
  for (const j of Object.values(jobs)) {
    out.push(msg('heartbeat', encodeJobHeartbeat({ jobId: { sourceName: j.source, jobNumber: j.job }, workflowId: j.wf, state: 'active', warning: null, error: null, startTime: startNs, endTime: t })));
  }
  if (i % 20 === 0) {
    out.push(msg('heartbeat', encodeServiceHeartbeat({ instrument: 'dummy', serviceName: 'detector_data', workerId: 'w1', state: 'running', startedAt: startNs, activeJobCount: 3, error: null, batchIntervalS: 1, hostName: 'bench', processId: 1 })));
  }
  const key = (j: (typeof jobs)[keyof typeof jobs], output: string) => formatResultKey({ workflowId: j.wf, jobId: { sourceName: j.source, jobNumber: j.job }, outputName: output });
  for (const output of ['current', 'cumulative']) {
    const values = new Float64Array(128 * 128);
    for (let k = 0; k < values.length; k++) values[k] = Math.random() * 1000;
    out.push(msg('data', encodeDa00({ sourceName: key(jobs.xy, output), timestamp: startNs, variables: [
      makeVariable('signal', values, { axes: ['y', 'x'], shape: [128, 128], unit: 'counts' }),
      makeVariable('time', new BigInt64Array([t]), { unit: 'ns' }),
    ] })));
    for (const m of [jobs.mon1, jobs.mon2]) {
      const h = new Float64Array(100).map(() => Math.random() * 100);
      out.push(msg('data', encodeDa00({ sourceName: key(m, output), timestamp: startNs, variables: [
        makeVariable('signal', h, { axes: ['time_of_arrival'], shape: [100], unit: 'counts' }),
        makeVariable('time_of_arrival', new Float64Array(101).map((_, k) => k * 0.7), { axes: ['time_of_arrival'], unit: 'ms' }),
        makeVariable('time', new BigInt64Array([t]), { unit: 'ns' }),
      ] })));
    }
  }
  for (const output of ['counts_total', 'counts_total_cumulative']) {
    out.push(msg('data', encodeDa00({ sourceName: key(jobs.xy, output), timestamp: startNs, variables: [
      makeVariable('signal', new Float64Array([i]), { unit: 'counts' }),
      makeVariable('time', new BigInt64Array([t]), { unit: 'ns' }),
    ] })));
  }
  return out;
}

async function generate(file: string, bytes: number): Promise<{ messages: number }> {
  const rec = await Recorder.start({ out: file, instrument: 'dummy', source: 'bench', topics, logger: silentLogger(), zstdLevel: 1, chunkSize: 4 * 1024 * 1024, queueLimitMessages: 1_000_000, queueLimitBytes: 2 * 1024 ** 3 });
  const startNs = BigInt(Date.now() - 3_600_000) * 1_000_000n;
  let tapped = 0;
  let payload = 0;
  for (let i = 0; payload < bytes; i++) {
    for (const m of tick(i, startNs)) {
      rec.tap(m, m.timestampMs);
      tapped++;
      payload += m.value.byteLength;
    }
    while (tapped - rec.status().messages > 2000) await new Promise((r) => setTimeout(r, 1));
  }
  const s = await rec.stop();
  if (s.state !== 'stopped' || s.dropped) throw new Error(`generating the recording failed: ${s.error ?? `${s.dropped} dropped`}`);
  return { messages: s.messages };
}

async function rawRead(file: string): Promise<{ ms: number; messages: number; bytes: number }> {
  await zstd.isLoaded;
  const fd = fs.openSync(file, 'r');
  const t0 = performance.now();
  const reader = await McapIndexedReader.Initialize({
    readable: {
      size: async () => BigInt(fs.fstatSync(fd).size),
      read: async (offset, size) => {
        const b = Buffer.allocUnsafe(Number(size));
        fs.readSync(fd, b, 0, Number(size), Number(offset));
        return b;
      },
    },
    decompressHandlers: { zstd: (buf, size) => zstd.decompress(buf, Number(size)) },
  });
  let messages = 0;
  let bytes = 0;
  for await (const m of reader.readMessages({ validateCrcs: false })) {
    messages++;
    bytes += m.data.byteLength;
  }
  const ms = performance.now() - t0;
  fs.closeSync(fd);
  return { ms, messages, bytes };
}

async function until(fn: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error('bench timed out');
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Pipeline: ms to replay the whole file at max speed until the pump has taken everything. */
async function pipeline(core: Core): Promise<number> {
  const player = core.replay.transport!.player;
  player.pause();
  await player.seek(player.index.startMs);
  await until(() => core.pump.pass() === 0, 10_000);
  const delivered0 = player.delivered;
  const t0 = performance.now();
  player.setSpeed('max');
  player.play();
  const transport = core.replay.transport!;
  await until(() => player.ended && transport.player.delivered > delivered0 && transport.backlog() === 0, 600_000);
  core.pump.pass(); // the last pass may still be scheduled
  return performance.now() - t0;
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-bench-replay-'));
  const file = path.join(dir, 'bench.mcap');
  const results: BenchResult[] = [];
  try {
    const tg = performance.now();
    const gen = await generate(file, TARGET_BYTES);
    const size = fs.statSync(file).size;
    const genS = (performance.now() - tg) / 1000;
    debug('generated', genS);
    const sizeNote = `${(size / 1e9).toFixed(2)} GB file, ${gen.messages} messages, generated in ${genS.toFixed(0)} s`;

    const core = new Core({ instrument: dummyInstrument, transport: replayableSource(null, 'dummy', null), logger: silentLogger(), autoStart: false, configDir: null });
    await core.start();
    const ti = performance.now();
    await core.openRecording(file);
    const indexMs = performance.now() - ti;
    debug('indexed', indexMs);
    core.replay.transport!.player.pause();
    const index = core.replay.transport!.index;
    results.push(figure('replay: index a recording (open, with progress)', indexMs, { unit: 'ms', note: `${sizeNote}; ${(size / 1e6 / (indexMs / 1000)).toFixed(0)} MB/s` }));

    // Seeks to random times, each applied through the pump (the plots' state as of then).
    const seekMs: number[] = [];
    for (let i = 0; i < SEEKS; i++) {
      const target = index.startMs + Math.random() * (index.endMs - index.startMs);
      const t0 = performance.now();
      await core.replay.transport!.player.seek(target);
      while (core.pump.pass() > 0);
      seekMs.push(performance.now() - t0);
      debug('seek', seekMs.at(-1));
    }
    results.push(figure('replay: seek on the 1 GB recording (median)', median(seekMs), { unit: 'ms', target: '< 1000', note: `p95 ${quantile(seekMs, 0.95).toFixed(0)} ms, max ${Math.max(...seekMs).toFixed(0)} ms over ${SEEKS} random seeks, state applied through the pump` }));

    // Throughput, alternating raw and pipeline so both see the same page cache and machine state.
    const raws: number[] = [];
    const pipes: number[] = [];
    let rawCount = { messages: 0, bytes: 0 };
    for (let round = 0; round < 2; round++) {
      const r = await rawRead(file);
      raws.push(r.ms);
      rawCount = r;
      debug('raw', r.ms);
      pipes.push(await pipeline(core));
      debug('pipe', pipes.at(-1));
    }
    const rawMs = median(raws);
    const pipeMs = median(pipes);
    const mb = rawCount.bytes / 1e6;
    results.push({
      name: 'replay: whole pipeline at max speed vs raw @mcap/core reading (time ratio)',
      medianMs: pipeMs, baseline: { name: 'raw McapIndexedReader.readMessages', medianMs: rawMs }, ratio: pipeMs / rawMs, target: '<= 2 (>= 50% of raw)', iterations: raws.length,
      note: `pipeline ${(rawCount.messages / (pipeMs / 1000)).toFixed(0)} msg/s, ${(mb / (pipeMs / 1000)).toFixed(0)} MB/s; raw ${(rawCount.messages / (rawMs / 1000)).toFixed(0)} msg/s, ${(mb / (rawMs / 1000)).toFixed(0)} MB/s`,
    });
    await core.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
