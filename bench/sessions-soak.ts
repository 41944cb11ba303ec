// `npm run bench -- sessions-soak`: 100,000 layer updates (BENCH_SOAK_UPDATES) of the workload
// with 4 sessions (BENCH_SOAK_SESSIONS): the app's heap and each page's heap after warm-up and at
// the end, both after a full GC; chart instances against cells. Target: growth < 5 %, no leaked
// chart instances. Defaults to 128² images at 20 Hz so 100k updates take about five minutes.
import type { CDPSession } from '@playwright/test';
import { figure, type BenchResult } from './bench-result';
import { AppProcess, closeSessions, launchBrowser, openSessions, sleep, takeSample, waitLive, workloadFromEnv } from './sessions/driver';

async function pageHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

export async function run(): Promise<BenchResult[]> {
  const workload = workloadFromEnv({ imageSize: 128, rateHz: 20 });
  const sessions = Number(process.env.BENCH_SOAK_SESSIONS ?? 4);
  const target = Number(process.env.BENCH_SOAK_UPDATES ?? 100_000);
  const app = await AppProcess.start(workload);
  const browser = await launchBrowser();
  try {
    const pages = await openSessions(browser, app.url, sessions);
    await waitLive(pages);
    const cdps = await Promise.all(pages.map((p) => p.context.newCDPSession(p.page)));
    await sleep(10_000); // warm-up
    await app.gc();
    const main0 = (await app.stats()).heapUsed;
    const emitted0 = (await app.stats()).emitted;
    const heaps0 = await Promise.all(cdps.map(pageHeap));
    const t0 = Date.now();
    for (;;) {
      await sleep(5000);
      for (const p of pages) await takeSample(p.page); // keep the probe's buffers empty
      const s = await app.stats();
      const done = s.emitted - emitted0;
      process.stderr.write(`  soak: ${done}/${target} updates, app heap ${(s.heapUsed / 2 ** 20).toFixed(1)} MiB\r`);
      if (done >= target) break;
      if (Date.now() - t0 > 3_600_000) break;
    }
    process.stderr.write('\n');
    await app.gc();
    const main1 = (await app.stats()).heapUsed;
    const heaps1 = await Promise.all(cdps.map(pageHeap));
    const charts = await Promise.all(pages.map((p) => p.page.evaluate<{ instances: number; canvases: number }>(
      `({ instances: document.querySelectorAll('[_echarts_instance_]').length, canvases: document.querySelectorAll('canvas').length })`,
    )));
    await closeSessions(pages);
    const results: BenchResult[] = [
      figure('soak: app heap growth', (100 * (main1 - main0)) / main0, { unit: '%', target: '< 5 %', note: `${(main0 / 2 ** 20).toFixed(1)} → ${(main1 / 2 ** 20).toFixed(1)} MiB over ${target} updates, ${sessions} sessions` }),
    ];
    heaps0.forEach((h0, i) => {
      const h1 = heaps1[i]!;
      results.push(figure(`soak: page ${i + 1} heap growth`, (100 * (h1 - h0)) / h0, {
        unit: '%', target: '< 5 %', note: `${(h0 / 2 ** 20).toFixed(1)} → ${(h1 / 2 ** 20).toFixed(1)} MiB; ${charts[i]!.instances} chart instances for ${workload.images + workload.lines} cells, ${charts[i]!.canvases} canvases`,
      }));
    });
    return results;
  } finally {
    await browser.close();
    await app.stop();
  }
}
