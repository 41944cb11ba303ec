// Runs the compiled inspector on the committed fixture files. The CLI is compiled on its own
// (same options as tsconfig.node.json, into dist/) so other work in progress cannot break it.

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { startTestBroker } from '../../../test/broker/test-broker';
import { buildWireFixtures, T_END, T_START } from '../../../test/fixtures/wire/fixtures';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/wire');
const OUT = join(ROOT, 'dist/inspect-test');
const CLI = join(OUT, 'main/cli/inspect.js');

interface Run { code: number; stdout: string; stderr: string; lines: Record<string, unknown>[] }

function run(args: string[], timeoutMs = 20000): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      const lines = stdout.startsWith('{') ? stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
      resolvePromise({ code, stdout, stderr, lines });
    });
  });
}

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify({
    extends: '../../tsconfig.node.json',
    compilerOptions: { outDir: '.', rootDir: '../..', sourceMap: false },
    files: ['../../main/cli/inspect.ts'],
    include: [],
  }));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(OUT, 'tsconfig.json')], { cwd: ROOT, stdio: 'pipe' });
  expect(existsSync(CLI)).toBe(true);
}, 120_000);

describe('fixtures', () => {
  it('committed fixture files are what fixtures.ts builds (set UPDATE_WIRE_FIXTURES=1 to rewrite)', () => {
    const built = buildWireFixtures();
    for (const [name, bytes] of Object.entries(built)) {
      const path = join(FIXTURES, name);
      if (process.env['UPDATE_WIRE_FIXTURES'] === '1') writeFileSync(path, bytes);
      expect(existsSync(path), name).toBe(true);
      expect(Buffer.from(readFileSync(path)).equals(Buffer.from(bytes)), `${name} is stale`).toBe(true);
    }
  });
});

describe('inspect CLI on files', () => {
  it('prints usage with --help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage:/);
    expect(r.stdout).toContain('--from-beginning');
  });

  it('rejects bad usage with exit code 2', async () => {
    const r = await run(['--count', 'x', 'a.bin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--count must be a positive number/);
  });

  it('describes every valid fixture, one JSON line each, exit 0', async () => {
    const names = Object.keys(buildWireFixtures()).filter((n) => !n.startsWith('bad-'));
    const r = await run(names.map((n) => join(FIXTURES, n)));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(names.length);
    const byFile = Object.fromEntries(r.lines.map((l) => [String(l['file']).split('/').pop(), l]));

    const hist = byFile['data-histogram.bin'] as Record<string, any>;
    expect(hist).toMatchObject({
      schema: 'da00', sourceKind: 'result_key', timestamp: T_START.toString(),
      key: { workflowId: { instrument: 'dummy', name: 'monitor_histogram', version: 1 }, jobId: { sourceName: 'monitor1' }, outputName: 'current' },
    });
    const signal = hist['variables'][0];
    expect(signal).toMatchObject({ name: 'signal', unit: 'counts', label: 'Histogram update', axes: ['toa'], shape: [10], dtype: 'float64', length: 10, min: 1, max: 100, sum: 1 + 4 + 9 + 25 + 36 + 49 + 64 + 81 + 100, nanCount: 1, truncated: true });
    expect(signal.values).toEqual([1, 4, 9, 'NaN', 25, 36, 49, 64]);
    const time = hist['variables'].find((v: { name: string }) => v.name === 'time');
    expect(time).toMatchObject({ dtype: 'int64', shape: [], value: T_END.toString() });

    const image = byFile['data-image-int32.bin'] as Record<string, any>;
    expect(image['variables'][0]).toMatchObject({ dtype: 'int32', shape: [4, 5], min: -5, max: 14, sum: 90, nanCount: 0 });

    expect(byFile['data-scalar.bin']).toMatchObject({ variables: [{ name: 'signal', shape: [], value: 12345.5 }, {}, {}] });
    expect(byFile['golden-da00.bin']).toMatchObject({ sourceKind: 'other', timestamp: '1755763200000000123', variables: [{ values: [1.5, -2] }] });
    expect(byFile['roi-rectangle.bin']).toMatchObject({ sourceKind: 'roi', roi: { geometry: 'rectangle', jobId: { sourceName: 'panel_0' } }, timestamp: '0' });
    expect(byFile['heartbeat-job.bin']).toMatchObject({
      schema: 'x5f2', kind: 'job_status', sourceName: 'monitor1:0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c', processId: 4711, updateInterval: 1000,
      status: { state: 'active', nicosStatus: 200, startTime: T_START.toString(), endTime: T_END.toString() },
    });
    expect(byFile['heartbeat-service.bin']).toMatchObject({ kind: 'service_status', status: { serviceName: 'monitor_data', batchIntervalS: 1, streamStats: { windowSeconds: 30 } } });
    expect(byFile['command-workflow-config.json']).toMatchObject({ schema: 'json', kind: 'workflow_config', command: { params: { toa_edges: { stop: 71.43 } } } });
    expect(byFile['command-stop.json']).toMatchObject({ kind: 'job_command', command: { action: 'stop', workflowId: null } });
    expect(byFile['ack-err.json']).toMatchObject({ kind: 'ack', ack: { response: 'ERR' } });
  });

  it('prints all values with --full', async () => {
    const r = await run(['--full', join(FIXTURES, 'data-histogram.bin')]);
    const signal = (r.lines[0]!['variables'] as Record<string, unknown>[])[0]!;
    expect(signal['values']).toHaveLength(10);
    expect(signal['truncated']).toBeUndefined();
  });

  it('prints one error line per rejected payload and exits 1', async () => {
    const bad = ['bad-truncated.bin', 'bad-identifier.bin', 'bad-command-no-kind.json', 'does-not-exist.bin'].map((n) => join(FIXTURES, n));
    const r = await run([join(FIXTURES, 'data-scalar.bin'), ...bad]);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(5);
    expect(r.lines[0]!['error']).toBeUndefined();
    expect(r.lines[1]!['error']).toMatch(/^da00: .*outside the \d+-byte buffer/);
    expect(r.lines[2]!['error']).toMatch(/file identifier "zz99"/);
    expect(r.lines[3]!['error']).toMatch(/missing "kind"/);
    expect(r.lines[4]!['error']).toMatch(/cannot read file/);
  });
});

describe('inspect CLI on Kafka', () => {
  it('gives up cleanly when the broker is unreachable', async () => {
    const started = Date.now();
    const r = await run(['--kafka', '127.0.0.1:1', '--topic', 'dummy_livedata_data', '--timeout', '2', '--count', '1'], 30000);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^inspect: cannot reach Kafka broker 127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(15000);
  });

  it('reads N messages from a topic, one line each with topic/partition/offset, rejecting the bad one', async () => {
    const instrument = `insp${Date.now() % 100000}`;
    const topic = `${instrument}_livedata_data`;
    const broker = await startTestBroker({ topics: [topic] });
    try {
      const fx = buildWireFixtures();
      const kafka = new Kafka({ clientId: 'inspect-test', brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [
        { value: Buffer.from(fx['data-histogram.bin']!) },
        { value: Buffer.from(fx['golden-da00.bin']!) }, // not a ResultKey: rejected on the data topic
        { value: Buffer.from(fx['data-scalar.bin']!) },
      ] });
      await producer.disconnect();
      const r = await run(['--kafka', broker.bootstrap, '--topic', topic, '--from-beginning', '--count', '3', '--timeout', '20'], 60000);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.lines.map((l) => [l['topic'], l['partition'], l['offset']])).toEqual([[topic, 0, '0'], [topic, 0, '1'], [topic, 0, '2']]);
      expect(r.lines[0]).toMatchObject({ schema: 'da00', key: { outputName: 'current' }, timestamp: T_START.toString() });
      expect(r.lines[1]!['error']).toMatch(/result key/);
      expect(r.lines[2]).toMatchObject({ key: { outputName: 'counts_total' } });
    } finally {
      await broker.stop();
    }
  }, 90_000);
});
