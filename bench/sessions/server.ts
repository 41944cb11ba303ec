// The bench's app process: the real core and browser-mode server on the workload source, run
// as a child so that its CPU time and heap are measured apart from the bench driver and the
// browser. Started by bench/sessions-*.ts; answers stats requests over the IPC channel.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { Core } from '../../main/app/core';
import { BrowserServer } from '../../main/server/browser-server';
import { createLogger, silentLogger } from '../../main/logging/logger';
import { encodeFrame } from '../../shared/binary-frame';
import { compactPollResult } from '../../shared/api/compact-result';
import { WorkloadTransport, workloadInstrument, workloadLayout, type WorkloadOptions } from './workload';

export interface ServerStats {
  cpuUs: number;
  wallMs: number;
  heapUsed: number;
  rss: number;
  emitted: number;
  sessions: number;
}

export interface IdlePoll {
  requestBytes: number;
  responseBytes: number;
  medianUs: number;
  samples: number;
}

/** An idle poll as a browser-mode session makes it: acknowledging its last result, answer compacted for the wire. */
async function measureIdlePoll(core: Core): Promise<IdlePoll> {
  const opened = await core.gateway.open({ client: 'browser' });
  const shown = opened.topology?.grids.flatMap((g) => g.cells.flatMap((c) => c.layers.map((l) => l.id))) ?? [];
  let last = await core.gateway.poll({ sessionId: opened.sessionId, applied: opened.seq!, shown });
  const times: number[] = [];
  let requestBytes = 0;
  let responseBytes = 0;
  for (let i = 0; i < 2000 && times.length < 300; i++) {
    const req = { sessionId: opened.sessionId, applied: last.seq! };
    const t0 = process.hrtime.bigint();
    const r = await core.gateway.poll(req);
    const dt = Number(process.hrtime.bigint() - t0) / 1000;
    const idle = !r.topology && r.layers.length === 0 && r.plots.length === 0 && r.removedLayers.length === 0 && Object.keys(r.sections).length === 0 && r.notifications.length === 0;
    if (idle) {
      times.push(dt);
      requestBytes = encodeFrame({ id: 1, method: 'poll', params: req }).byteLength;
      responseBytes = encodeFrame({ id: 1, result: compactPollResult(r) }).byteLength;
    }
    last = r;
    await new Promise((res) => setTimeout(res, 2));
  }
  await core.gateway.close({ sessionId: opened.sessionId });
  times.sort((a, b) => a - b);
  return { requestBytes, responseBytes, medianUs: times[times.length >> 1] ?? NaN, samples: times.length };
}

async function main(): Promise<void> {
  const workload = JSON.parse(process.argv[2] ?? '{}') as WorkloadOptions;
  const staticDir = path.resolve(__dirname, '../../../renderer');
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-bench-'));
  fs.mkdirSync(path.join(configDir, 'bench'));
  fs.writeFileSync(path.join(configDir, 'bench', 'layout.yaml'), YAML.stringify(workloadLayout(workload)));
  const transport = new WorkloadTransport(workload);
  const logger = process.env.BENCH_DEBUG ? createLogger({ logDir: configDir, level: 'debug' }) : silentLogger();
  const core = new Core({ instrument: workloadInstrument(workload), transport, logger, autoStart: true, configDir });
  const server = new BrowserServer(core.gateway, { host: '127.0.0.1', port: 0, staticDir, token: null }, silentLogger());
  await core.start();
  const url = await server.listen();
  const t0 = performance.now();
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'stats') {
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      const stats: ServerStats = {
        cpuUs: cpu.user + cpu.system, wallMs: performance.now() - t0, heapUsed: mem.heapUsed, rss: mem.rss,
        emitted: transport.emitted, sessions: core.registry.count,
      };
      process.send?.({ type: 'stats', stats });
    } else if (msg.type === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ type: 'gc' });
    } else if (msg.type === 'idle') {
      void measureIdlePoll(core).then((idle) => process.send?.({ type: 'idle', idle }));
    } else if (msg.type === 'stop') {
      void server.close().then(() => core.stop()).then(() => {
        fs.rmSync(configDir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  process.send?.({ type: 'ready', url });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
