// Fault suite, session churn: 500 clean open/close cycles and 500 abrupt disconnects leave no
// session, socket or per-session state behind (count back to baseline; heap too when GC is exposed,
// as in `npm run test:faults`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcClient, collectGarbage, connect, heapMb, serveInProcess, type Served } from './support';
import { until } from '../support/wait';

let s: Served;
beforeAll(async () => {
  s = await serveInProcess();
});
afterAll(async () => {
  await s?.stop();
});

// `npm test` runs a shorter churn; `npm run test:faults` the full 500 + 500 (each open carries the full snapshot).
const N = process.env.LIVEDATA_FAULTS_FULL ? 500 : 100;
const EMPTY_SEEN = { topology: -1, sections: {}, cursor: 0, layers: {}, shown: [] };

async function churn(abrupt: boolean, n: number): Promise<void> {
  for (let i = 0; i < n; i += 10) {
    // Ten at a time: realistic bursts, bounded concurrency.
    await Promise.all(Array.from({ length: Math.min(10, n - i) }, async () => {
      const client = new RpcClient(await connect(s.url));
      const answer = await client.call('open', { client: 'browser' });
      if (!('result' in answer)) throw new Error(`open refused: ${JSON.stringify(answer)}`);
      const opened = answer as { result: { sessionId: string } };
      const sessionId = opened.result.sessionId;
      await client.call('poll', { sessionId, seen: EMPTY_SEEN });
      await client.call('log', { sessionId, level: 'info', message: 'churn' });
      if (abrupt) {
        client.ws.terminate(); // no close call, no close handshake: a killed tab
      } else {
        await client.call('close', { sessionId });
        client.ws.close();
      }
    }));
  }
}

describe('fault suite: session churn', () => {
  it(`${N} open/close and ${N} abrupt disconnects: session and socket counts return to baseline, heap too`, async () => {
    await churn(false, 20); // warm-up: code paths compiled, caches filled
    await until('warm-up sessions gone', () => s.core.registry.count === 0 && s.server.socketCount === 0, 10_000);
    const gc = collectGarbage();
    const baseline = heapMb();

    await churn(false, N);
    await until('sessions closed', () => s.core.registry.count === 0 && s.server.socketCount === 0, 10_000);
    await churn(true, N);
    await until('abruptly closed sessions freed', () => s.core.registry.count === 0 && s.server.socketCount === 0, 10_000);

    expect(s.core.registry.count).toBe(0);
    expect(s.server.socketCount).toBe(0);
    if (gc) {
      collectGarbage();
      const after = heapMb();
      console.log(`[measure] session churn: heap ${baseline.toFixed(1)} MB before, ${after.toFixed(1)} MB after ${2 * N} sessions`);
      expect(after - baseline).toBeLessThan(10);
    }
  }, 240_000);
});
