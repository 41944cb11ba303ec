// `npm run bench -- sessions` (with sessions-idle, sessions-paint, sessions-soak): message-to-pixel latency and session scaling.
// For 1, 2, 4 and 8 sessions (BENCH_SESSIONS) — real pages in headless Chromium, each in its own
// window — on a grid of 16 layers (8 images of 512², 8 spectra of 2000 points, BENCH_* to change)
// updating at 1 Hz: latency from the message entering the pump (its data time, stamped as the
// workload hands it over) to the frame after the one in which each session applied it, over
// ≥ 300 updates per session (BENCH_UPDATES); the app's CPU per second and the bytes sent to
// sessions per second, each against the single session of the same run.
import { figure, quantile, median, type BenchResult } from './bench-result';
import { AppProcess, closeSessions, launchBrowser, openSessions, sleep, takeSample, waitLive, workloadFromEnv } from './sessions/driver';

const sessionCounts = (process.env.BENCH_SESSIONS ?? '1,2,4,8').split(',').map(Number).filter((n) => n > 0);
const minUpdates = Number(process.env.BENCH_UPDATES ?? 300);

interface Run {
  sessions: number;
  latency: number[];
  frames: number[];
  cpuPerSecond: number;
  bytesPerSecond: number;
  updatesPerSession: number;
}

export async function run(): Promise<BenchResult[]> {
  const workload = workloadFromEnv();
  const layers = workload.images + workload.lines;
  const browser = await launchBrowser();
  const runs: Run[] = [];
  try {
    for (const n of sessionCounts) {
      const app = await AppProcess.start(workload);
      let pages: Awaited<ReturnType<typeof openSessions>> = [];
      try {
        pages = await openSessions(browser, app.url, n);
        await waitLive(pages);
        await sleep(3000); // warm-up: first frames, chart creation, JIT
        for (const p of pages) await takeSample(p.page);
        const s0 = await app.stats();
        const bytes0 = pages.reduce((a, p) => a + p.bytesIn, 0);
        const t0 = Date.now();
        const latency: number[] = [];
        const frames: number[] = [];
        let minPerSession = 0;
        const perSession = new Array<number>(n).fill(0);
        const deadline = t0 + Math.max(30_000, ((minUpdates / layers / workload.rateHz) * 1000) * 3);
        while (minPerSession < minUpdates && Date.now() < deadline) {
          await sleep(2000);
          for (let i = 0; i < n; i++) {
            const s = await takeSample(pages[i]!.page);
            latency.push(...s.latency);
            frames.push(...s.frames);
            perSession[i] += s.latency.length;
          }
          minPerSession = Math.min(...perSession);
        }
        const s1 = await app.stats();
        const seconds = (Date.now() - t0) / 1000;
        const bytes1 = pages.reduce((a, p) => a + p.bytesIn, 0);
        runs.push({
          sessions: n, latency, frames,
          cpuPerSecond: (s1.cpuUs - s0.cpuUs) / 1000 / ((s1.wallMs - s0.wallMs) / 1000),
          bytesPerSecond: (bytes1 - bytes0) / seconds,
          updatesPerSession: minPerSession,
        });
        process.stderr.write(`  ${n} session(s): ${latency.length} painted updates, p99 ${quantile(latency, 0.99).toFixed(1)} ms\n`);
      } catch (err) {
        // One configuration the machine cannot carry must not hide the others' figures.
        process.stderr.write(`  ${n} session(s): not measured: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
        runs.push({ sessions: n, latency: [], frames: [], cpuPerSecond: NaN, bytesPerSecond: NaN, updatesPerSession: 0 });
      } finally {
        await closeSessions(pages);
        await app.stop();
      }
    }
  } finally {
    await browser.close();
  }
  const results: BenchResult[] = [];
  const one = runs.find((r) => r.sessions === 1) ?? runs[0]!;
  const desc = `${workload.images}×${workload.imageSize}² images + ${workload.lines}×${workload.linePoints}-pt lines @ ${workload.rateHz} Hz`;
  for (const r of runs) {
    if (r.latency.length === 0) {
      results.push(figure(`latency, ${r.sessions} session(s): not measured (see stderr)`, NaN, { note: desc }));
      continue;
    }
    const frame = median(r.frames);
    const target = r.sessions === 1 ? '< 50 ms' : r.sessions >= 8 ? '< 100 ms' : null;
    const note = `frame interval ${frame.toFixed(1)} ms; ${r.updatesPerSession} updates/session; ${desc}`;
    results.push(figure(`latency p50, ${r.sessions} session(s)`, quantile(r.latency, 0.5), { note, samples: r.latency.length }));
    results.push(figure(`latency p99, ${r.sessions} session(s)`, quantile(r.latency, 0.99), { target, note, samples: r.latency.length }));
    results.push(figure(`latency max, ${r.sessions} session(s)`, Math.max(...r.latency), { samples: r.latency.length }));
  }
  for (const r of runs) {
    results.push(figure(`main CPU, ${r.sessions} session(s)`, r.cpuPerSecond, {
      unit: 'ms/s', baseline: { name: 'main CPU, 1 session', value: one.cpuPerSecond }, target: r.sessions === 8 ? '<= 1.15x' : null,
    }));
  }
  for (const r of runs) {
    results.push(figure(`bytes to sessions, ${r.sessions} session(s)`, r.bytesPerSecond / 1024, {
      unit: 'KiB/s', baseline: { name: '1 session', value: one.bytesPerSecond / 1024 }, target: 'information',
    }));
  }
  return results;
}
