// Record the demo backend through the real pipeline, then replay the file through the real
// pipeline (source switch → pump → job orchestrator → data store → plot orchestrator) and
// compare with the file itself read independently by @mcap/core.
//
// "30 s of the demo" is recorded at 10× the demo's rate (one update per output every 100 ms
// instead of every 1 s) for 3 s of wall time: the same 30 updates per output and the same
// pipeline, in a tenth of the time. Pacing assertions use an injected clock, never wall time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McapIndexedReader, McapStreamReader } from '@mcap/core';
import * as zstd from '@foxglove/wasm-zstd';
import { decodeDa00, parseResultKey, toDataArray, workflowIdToString } from '../../shared/wire';
import { Core } from '../app/core';
import { FakeBackendTransport } from '../fake/fake-backend';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { until } from '../../test/support/wait';
import { nsToMs } from '../record/recording-format';
import { RecordingIndex } from './recording-index';
import { replayableSource } from './replay-controller';
import { ReplayTransport } from './replay-transport';
import { SourceSwitch } from './source-switch';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-replay-'));
const file = path.join(dir, 'demo30.mcap');
const ctx = { sessionId: 'test', client: 'test' };

interface Truth { time: number; key: string; payload: Uint8Array }
let truth: Truth[] = [];

async function readTruth(f: string): Promise<Truth[]> {
  await zstd.isLoaded;
  const fd = fs.openSync(f, 'r');
  const reader = await McapIndexedReader.Initialize({
    readable: {
      size: async () => BigInt(fs.fstatSync(fd).size),
      read: async (offset, size) => {
        const b = Buffer.alloc(Number(size));
        fs.readSync(fd, b, 0, Number(size), Number(offset));
        return b;
      },
    },
    decompressHandlers: { zstd: (buf, size) => zstd.decompress(buf, Number(size)) },
  });
  const out: Truth[] = [];
  for await (const m of reader.readMessages({ topics: ['dummy_livedata_data'] })) {
    out.push({ time: nsToMs(m.logTime), key: decodeDa00(m.data).sourceName, payload: m.data });
  }
  fs.closeSync(fd);
  return out;
}

/** What a stream reader gets out of a (possibly cut) file before it stops. */
function readPrefix(bytes: Uint8Array): Truth[] {
  const reader = new McapStreamReader({ decompressHandlers: { zstd: (buf, size) => zstd.decompress(buf, Number(size)) } });
  reader.append(bytes);
  const topics = new Map<number, string>();
  const out: Truth[] = [];
  try {
    for (let r; (r = reader.nextRecord());) {
      if (r.type === 'Channel') topics.set(r.id, r.topic);
      if (r.type === 'Message' && topics.get(r.channelId) === 'dummy_livedata_data') out.push({ time: nsToMs(r.logTime), key: decodeDa00(r.data).sourceName, payload: r.data });
    }
  } catch {
    // the damage: what came before it is the readable part
  }
  return out;
}

/** The latest payload per result key at or before `t`. */
function stateAt(t: number, messages: Truth[] = truth): Map<string, Uint8Array> {
  const state = new Map<string, Uint8Array>();
  for (const m of messages) if (m.time <= t) state.set(m.key, m.payload);
  return state;
}

function expectStoreMatches(core: Core, expected: Map<string, Uint8Array>): void {
  for (const [key, payload] of expected) {
    const k = parseResultKey(key);
    const entry = core.data.get({ workflowId: workflowIdToString(k.workflowId), sourceName: k.jobId.sourceName, outputName: k.outputName });
    expect(entry, key).toBeDefined();
    expect(entry!.jobNumber).toBe(k.jobId.jobNumber);
    expect(entry!.value).toEqual(toDataArray(decodeDa00(payload)));
  }
  expect(core.data.size).toBe(expected.size);
}

function replayCore(): Core {
  return new Core({ instrument: dummyInstrument, transport: replayableSource(null, 'dummy', null), logger: silentLogger(), autoStart: false, configDir: null });
}

beforeAll(async () => {
  // Live: the demo backend at 10× its rate, its workflows auto-started, recorded from the UI path.
  const live = new FakeBackendTransport(dummyInstrument, silentLogger(), { updateIntervalMs: 100 });
  const core = new Core({ instrument: dummyInstrument, transport: new SourceSwitch(live, live), logger: silentLogger(), autoStart: true, configDir: null });
  await core.start();
  await core.router.command({ type: 'recording.start' }, ctx).catch(() => undefined); // default folder: not used below
  await core.recording.stop().catch(() => undefined);
  await core.recording.start(file);
  // About 30 updates per output: ~3 s at this rate, longer on a loaded machine (bounded).
  await new Promise((r) => setTimeout(r, 3000));
  await until('about 30 updates per output recorded', () => core.recording.view().messages >= 1000, 20_000, 100);
  await core.router.command({ type: 'recording.stop' }, ctx);
  expect(core.recording.view()).toMatchObject({ state: 'stopped', dropped: 0, error: null });
  await core.stop();
  for (const f of core.recording.view().files) if (f !== file) fs.rmSync(f, { force: true });
  truth = await readTruth(file);
}, 30_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('record the demo, replay it through the same pipeline', () => {
  it('the recording holds tens of updates per output of every auto-started workflow', () => {
    // (beforeAll records until ~1000 messages: ~30 updates of each of the demo's outputs)
    const perKey = new Map<string, number>();
    for (const m of truth) perKey.set(m.key, (perKey.get(m.key) ?? 0) + 1);
    expect(perKey.size).toBeGreaterThanOrEqual(4);
    for (const n of perKey.values()) expect(n).toBeGreaterThanOrEqual(10);
  });

  it('replayed to the end, the same result keys and values reach the data store and every plot', async () => {
    const core = replayCore();
    await core.start();
    await core.openRecording(file);
    await core.router.command({ type: 'replay.speed', speed: 'max' }, ctx);
    await until('replay ended', () => core.replay.view().ended, 20_000);
    await until('pump drained', () => core.replay.transport!.drain(0).length === 0 && core.pump.pass() === 0);
    expectStoreMatches(core, stateAt(Infinity));
    const layers = [...core.layers.all()];
    expect(layers.length).toBeGreaterThan(0);
    for (const l of layers) {
      expect(l.snapshot.state, l.title).toBe('READY');
      expect(l.plot, l.title).not.toBeNull();
    }
    await core.stop();
  });

  it('a seek to the middle shows every plot as recorded at that time, then plays on', async () => {
    const core = replayCore();
    await core.start();
    await core.openRecording(file);
    await core.router.command({ type: 'replay.pause' }, ctx);
    const view = core.replay.view();
    const mid = (view.startMs + view.endMs) / 2;
    await core.router.command({ type: 'replay.seek', timeMs: mid }, ctx);
    core.pump.pass();
    expectStoreMatches(core, stateAt(mid));
    for (const l of core.layers.all()) expect(l.snapshot.state, l.title).toBe('READY');
    expect(core.replay.view().positionMs).toBe(mid);
    // Backwards works the same (state as of then, not what came later).
    const early = view.startMs + (view.endMs - view.startMs) / 5;
    await core.router.command({ type: 'replay.seek', timeMs: early }, ctx);
    core.pump.pass();
    expectStoreMatches(core, stateAt(early));
    await core.stop();
  });

  it('the seek reads only the chunks that hold each key\'s latest message', async () => {
    const index = await RecordingIndex.open(file);
    const t = new ReplayTransport(index, 'dummy');
    let read = 0;
    const chunk = index.chunk.bind(index);
    index.chunk = (c: number) => (read++, chunk(c));
    await t.player.seek((index.startMs + index.endMs) / 2);
    expect(read).toBeLessThanOrEqual(index.keys.length);
    expect(t.drain(10_000).length).toBeGreaterThan(0);
    t.player.dispose();
    await index.close();
  });

  it('at 10× the recording plays in a tenth of its duration (injected clock)', async () => {
    const index = await RecordingIndex.open(file);
    let now = 1_000_000;
    const t = new ReplayTransport(index, 'dummy', { now: () => now });
    const duration = index.endMs - index.startMs;
    await t.player.seek(index.startMs);
    t.player.setSpeed(10);
    t.player.play();
    now += (duration / 10) * 0.9;
    await new Promise((r) => setTimeout(r, 150));
    expect(t.player.ended).toBe(false);
    expect(t.player.position()).toBeCloseTo(index.startMs + duration * 0.9, 0);
    now += (duration / 10) * 0.11;
    await until('ended at 10×', () => t.player.ended, 5000);
    expect(t.player.delivered).toBeGreaterThanOrEqual(index.messageCount);
    t.player.dispose();
    await index.close();
  });

  it('loop restarts from the beginning with the state reset', async () => {
    const index = await RecordingIndex.open(file);
    const t = new ReplayTransport(index, 'dummy');
    let jumps = 0;
    t.onJump(() => jumps++);
    const drainer = setInterval(() => t.drain(100_000), 5);
    t.player.setLoop(true);
    t.player.setSpeed('max');
    await t.player.seek(index.startMs, true);
    await until('second lap', () => jumps >= 3 && t.player.delivered > index.messageCount, 10_000);
    expect(t.player.ended).toBe(false);
    clearInterval(drainer);
    t.player.dispose();
    await index.close();
  });

  it('commands that reach the backend are refused in replay, with the reason', async () => {
    const core = replayCore();
    await core.start();
    await core.openRecording(file);
    const workflow = dummyInstrument.workflows[0];
    await expect(core.router.command({ type: 'workflow.stop', workflowId: `${workflow.id.instrument}/${workflow.id.name}/${workflow.id.version}` } as never, ctx)).rejects.toThrow(/read-only/);
    await expect(core.router.command({ type: 'recording.start' }, ctx)).rejects.toThrow(/not available while a recording plays/);
    // Naming a file on the app's machine is for its own windows only; browsers upload.
    await expect(core.router.command({ type: 'replay.open', path: '/etc/passwd' }, { sessionId: 'b', client: 'browser' })).rejects.toThrow(/uploading/);
    await core.stop();
  });

  it('a replay leaves the live instrument\'s workflow records alone; closing it re-attaches the live jobs', async () => {
    const configDir = path.join(dir, 'config');
    const live = new FakeBackendTransport(dummyInstrument, silentLogger(), { updateIntervalMs: 100 });
    const core = new Core({ instrument: dummyInstrument, transport: new SourceSwitch(live, live), logger: silentLogger(), autoStart: true, configDir });
    await core.start();
    const liveJobs = () => Object.fromEntries(dummyInstrument.workflows.map((w) => { const id = `${w.id.instrument}/${w.id.name}/${w.id.version}`; return [id, core.jobs.currentJob(id)]; }));
    await until('live jobs running', () => Object.values(liveJobs()).filter(Boolean).length >= 3);
    const before = liveJobs();
    const recordFile = path.join(configDir, 'dummy', 'workflow_configs.yaml');
    const saved = fs.readFileSync(recordFile, 'utf8');
    await core.openRecording(file);
    await core.router.command({ type: 'replay.speed', speed: 'max' }, ctx);
    await until('replay ended', () => core.replay.view().ended, 20_000);
    expect(Object.values(liveJobs()).some((j) => j && Object.values(before).includes(j))).toBe(false); // the recording's jobs now
    expect(fs.readFileSync(recordFile, 'utf8')).toBe(saved);
    await core.router.command({ type: 'replay.close' }, ctx);
    await until('live jobs re-attached', () => JSON.stringify(liveJobs()) === JSON.stringify(before), 10_000);
    expect(fs.readFileSync(recordFile, 'utf8')).toBe(saved);
    await core.stop();
  });

  it('a truncated copy replays up to the damage, with one error notification', async () => {
    const cut = path.join(dir, 'cut.mcap');
    const bytes = fs.readFileSync(file);
    const kept = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    fs.writeFileSync(cut, kept);
    const core = replayCore();
    await core.start();
    const before = core.notifications.since(0).cursor;
    await core.openRecording(cut);
    await core.router.command({ type: 'replay.speed', speed: 'max' }, ctx);
    await until('replay ended', () => core.replay.view().ended, 20_000);
    core.pump.pass();
    const view = core.replay.view();
    expect(view.damage).toMatch(/cut short|ends/);
    expect(view.messageCount).toBeGreaterThan(0);
    expect(view.messageCount).toBeLessThan(truth.length * 1.2); // only the part before the damage
    const errors = core.notifications.since(before).events.filter((n) => n.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/cut\.mcap is damaged/);
    // What played is what the file held before the damage.
    expectStoreMatches(core, stateAt(Infinity, readPrefix(kept)));
    await core.stop();
  });

  it('a file that is not MCAP, or an MCAP without our channels, gets a clear error naming it; nothing crashes', async () => {
    const junk = path.join(dir, 'notes.mcap');
    fs.writeFileSync(junk, 'this is not a recording');
    const core = replayCore();
    await core.start();
    await expect(core.openRecording(junk)).rejects.toThrow(/notes\.mcap is not an MCAP recording/);
    expect(core.replay.view()).toMatchObject({ phase: 'error', error: expect.stringMatching(/notes\.mcap/) });
    const foreign = path.join(dir, 'foreign.mcap');
    const { McapWriter } = await import('@mcap/core');
    const fd = fs.openSync(foreign, 'w');
    let pos = 0n;
    const w = new McapWriter({ writable: { write: async (b: Uint8Array) => { fs.writeSync(fd, b); pos += BigInt(b.byteLength); }, position: () => pos } });
    await w.start({ profile: '', library: 'test' });
    const ch = await w.registerChannel({ topic: '/camera', schemaId: 0, messageEncoding: 'json', metadata: new Map() });
    await w.addMessage({ channelId: ch, sequence: 0, logTime: 1n, publishTime: 1n, data: new TextEncoder().encode('{}') });
    await w.end();
    fs.closeSync(fd);
    await expect(core.openRecording(foreign)).rejects.toThrow(/foreign\.mcap has no Livedata channels \(its topics: \/camera\)/);
    await expect(core.openRecording(path.join(dir, 'missing.mcap'))).rejects.toThrow(/missing\.mcap/);
    await core.stop();
  });
});
