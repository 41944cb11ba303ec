// Fault suite, browser mode against the real serve process (node dist/node/main/cli/serve.js, built
// by `npm run test:faults`): a client that polls without reading its socket must not grow the
// server without bound, and must leave nothing behind; the token never reaches the log files;
// `--host 0.0.0.0` prints a URL another machine can open.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, type WsServerMessage } from '../../shared/binary-frame';
import { until } from '../support/wait';

const ROOT = path.resolve(__dirname, '../..');
const SERVE = path.join(ROOT, 'dist/node/main/cli/serve.js');
const TOKEN = `tok-${process.pid}-${Date.now().toString(36)}`;
/** How long the non-reading client keeps asking (the probe that found the leak ran 60 s). */
const SLOW_CLIENT_MS = Number(process.env.LIVEDATA_FAULTS_SLOW_MS ?? 45_000);

interface Server { child: ChildProcess; url: URL; scratch: string; output: string[] }

async function startServe(args: string[]): Promise<Server> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-serve-'));
  const child = spawn(process.execPath, [SERVE, '--port', '0', '--config-dir', path.join(scratch, 'config'), '--log-dir', path.join(scratch, 'logs'), ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIVEDATA_LOG_CONSOLE: '0' },
  });
  const output: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (c: string) => output.push(c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => output.push(c));
  const line = await until('the serve URL', () => /Livedata Desktop serving (\S+)/.exec(output.join(''))?.[1], 60_000, 100);
  return { child, url: new URL(line), scratch, output };
}

async function stopServe(s: Server | undefined): Promise<void> {
  if (!s) return;
  if (s.child.exitCode === null) {
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 12_000))]);
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
  }
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault suite: the serve process', () => {
  let s: Server;
  beforeAll(async () => {
    if (!fs.existsSync(SERVE)) throw new Error(`${SERVE} missing: run npm run build`);
    s = await startServe(['--token', TOKEN]);
  }, 90_000);
  afterAll(async () => {
    await stopServe(s);
  }, 30_000);

  it('a client that polls without reading: server memory stays bounded, the socket is closed, memory comes back', async () => {
    const pid = s.child.pid!;
    const local = new URL(`http://127.0.0.1:${s.url.port}/?token=${TOKEN}`);
    // Let the demo run and the heap settle before the baseline.
    await sleep(5000);
    const baseline = rssMb(pid);

    const ws = new WebSocket(`ws://${local.host}/session${local.search}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const opened = await new Promise<WsServerMessage>((resolve) => {
      ws.once('message', (d: Buffer) => resolve(decodeFrame(new Uint8Array(d)) as WsServerMessage));
      ws.send(encodeFrame({ id: 1, method: 'open', params: { client: 'browser' } }));
    });
    const result = (opened as { result: { sessionId: string; topology: { grids: { cells: { layers: { id: string }[] }[] }[] } } }).result;
    const layerIds = result.topology.grids.flatMap((g) => g.cells.flatMap((c) => c.layers.map((l) => l.id)));
    expect(layerIds.length).toBeGreaterThan(0);

    // From now on the client never reads: every answer (all plots, every time) piles up at the server.
    ws.pause();
    let peak = baseline;
    let sent = 0;
    let sendFailed = false;
    const t0 = Date.now();
    while (Date.now() - t0 < SLOW_CLIENT_MS) {
      try {
        ws.send(encodeFrame({ id: 2 + sent, method: 'poll', params: { sessionId: result.sessionId, seen: { topology: -1, sections: {}, cursor: -1, layers: {}, shown: layerIds } } }));
        sent++;
      } catch {
        sendFailed = true;
      }
      await sleep(20);
      if (sent % 25 === 0) peak = Math.max(peak, rssMb(pid));
    }
    ws.terminate();
    const logFile = path.join(s.scratch, 'logs', fs.readdirSync(path.join(s.scratch, 'logs')).find((f) => f.endsWith('.log'))!);
    // The server closed the client that does not read (logged), well before the end.
    await until('the slow client closed by the server', () => fs.readFileSync(logFile, 'utf8').includes('client does not read what it asks for'), 30_000, 200);
    await sleep(5000);
    const after = rssMb(pid);
    console.log(`[measure] non-reading client for ${SLOW_CLIENT_MS / 1000} s (${sent} polls${sendFailed ? ', sends failed at the end' : ''}): server RSS ${baseline.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB, ${after.toFixed(0)} MB 5 s after it left`);
    expect(peak - baseline).toBeLessThan(250);
    expect(after - baseline).toBeLessThan(150);
    // The server still serves.
    const res = await fetch(local);
    expect(res.status).toBe(200);
  }, 180_000);

  it('the token never appears in the log files', async () => {
    const logs = path.join(s.scratch, 'logs');
    for (const f of fs.readdirSync(logs)) expect(fs.readFileSync(path.join(logs, f), 'utf8'), f).not.toContain(TOKEN);
    // …while the URL printed for the user carries it.
    expect(s.output.join('')).toContain(`?token=${TOKEN}`);
  });
});

describe('fault suite: --host 0.0.0.0', () => {
  let wide: Server | undefined;
  afterAll(async () => {
    await stopServe(wide);
  }, 30_000);

  it('prints a URL a user can open (the machine name, not 0.0.0.0), which the server answers', async () => {
    wide = await startServe(['--host', '0.0.0.0', '--token', TOKEN]);
    expect(wide.url.hostname).not.toBe('0.0.0.0');
    expect(wide.url.hostname).toBe(os.hostname());
    // Reach it over loopback, naming it as the printed URL does (this test must stay on loopback).
    const status = await new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: wide!.url.port, path: `/${wide!.url.search}`, headers: { host: wide!.url.host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(200);
  }, 90_000);
});
