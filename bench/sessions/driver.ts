// Drives the session benchmarks: starts the app process (server.ts) on a workload, opens real
// sessions — pages in headless Chromium, each in its own browser window (own context) — and
// collects what each page painted and when, the bytes it received, and the app's CPU time.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEFAULT_WORKLOAD, type WorkloadOptions } from './workload';
import type { IdlePoll, ServerStats } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function workloadFromEnv(over: Partial<WorkloadOptions> = {}): WorkloadOptions {
  const n = (name: string, d: number): number => (process.env[name] ? Number(process.env[name]) : d);
  return {
    images: n('BENCH_IMAGES', over.images ?? DEFAULT_WORKLOAD.images),
    imageSize: n('BENCH_IMAGE_SIZE', over.imageSize ?? DEFAULT_WORKLOAD.imageSize),
    lines: n('BENCH_LINES', over.lines ?? DEFAULT_WORKLOAD.lines),
    linePoints: n('BENCH_LINE_POINTS', over.linePoints ?? DEFAULT_WORKLOAD.linePoints),
    rateHz: n('BENCH_RATE', over.rateHz ?? DEFAULT_WORKLOAD.rateHz),
  };
}

export class AppProcess {
  private constructor(private readonly child: ChildProcess, readonly url: string) {}

  static async start(workload: WorkloadOptions): Promise<AppProcess> {
    const script = path.join(__dirname, 'server.js');
    const child = fork(script, [JSON.stringify(workload)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench server did not start within 30 s')), 30_000);
      child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
      child.on('message', (m: { type: string; url?: string }) => {
        if (m.type === 'ready' && m.url) {
          clearTimeout(timer);
          resolve(m.url);
        }
      });
    });
    return new AppProcess(child, url);
  }

  private request<T>(type: string, key: string): Promise<T> {
    return new Promise((resolve) => {
      const on = (m: Record<string, unknown>): void => {
        if (m.type !== type) return;
        this.child.off('message', on);
        resolve(m[key] as T);
      };
      this.child.on('message', on);
      this.child.send({ type });
    });
  }

  stats(): Promise<ServerStats> {
    return this.request<ServerStats>('stats', 'stats');
  }

  idlePoll(): Promise<IdlePoll> {
    return this.request<IdlePoll>('idle', 'idle');
  }

  async gc(): Promise<void> {
    await this.request('gc', 'type');
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'stop' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--js-flags=--expose-gc'],
  });
}

/** Runs in every bench page before the app: samples frames and the app's apply measures. */
const PROBE = `(() => {
  const b = (window.__bench = { latency: [], applyMs: [], frames: [], plots: 0 });
  let last = 0;
  const loop = (ts) => {
    if (last) { b.frames.push(ts - last); if (b.frames.length > 20000) b.frames.splice(0, 10000); }
    last = ts;
    const entries = performance.getEntriesByName('livedata:apply', 'measure');
    if (entries.length) {
      // This frame follows the one in which the app applied (and drew) these plots.
      const now = performance.timeOrigin + performance.now();
      for (const e of entries) {
        const d = e.detail || {};
        const stamps = d.stamps || [];
        if (stamps.length) b.applyMs.push([e.duration, stamps.length]);
        for (const s of stamps) {
          if (!s) continue;
          b.latency.push(now - Number(BigInt(s) / 1000000n));
          b.plots++;
        }
      }
      performance.clearMeasures('livedata:apply');
      if (b.latency.length > 200000) b.latency.splice(0, 100000);
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
})();`;

export interface BenchPage {
  context: BrowserContext;
  page: Page;
  bytesIn: number;
  bytesOut: number;
}

export async function openSessions(browser: Browser, url: string, n: number, tab = 'bench'): Promise<BenchPage[]> {
  const pages: BenchPage[] = [];
  for (let i = 0; i < n; i++) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const entry: BenchPage = { context, page, bytesIn: 0, bytesOut: 0 };
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => void (entry.bytesIn += typeof f.payload === 'string' ? Buffer.byteLength(f.payload) : f.payload.length));
      ws.on('framesent', (f) => void (entry.bytesOut += typeof f.payload === 'string' ? Buffer.byteLength(f.payload) : f.payload.length));
    });
    await page.addInitScript(PROBE);
    // Generous: with many windows painting on a small machine, a new page loads slowly.
    await page.goto(`${url}?tab=${tab}`, { timeout: 180_000 });
    pages.push(entry);
  }
  return pages;
}

export interface PageSample {
  latency: number[];
  applyMs: [number, number][];
  frames: number[];
  plots: number;
}

/** Takes (and clears) what a page collected so far. */
export async function takeSample(page: Page): Promise<PageSample> {
  return page.evaluate<PageSample>(`(() => {
    const b = window.__bench;
    const out = { latency: b.latency.splice(0), applyMs: b.applyMs.splice(0), frames: b.frames.splice(0), plots: b.plots };
    b.plots = 0;
    return out;
  })()`);
}

export async function closeSessions(pages: BenchPage[]): Promise<void> {
  for (const p of pages) await p.context.close().catch(() => undefined);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until every page has painted at least one plot (the grid is live). */
export async function waitLive(pages: BenchPage[], timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  for (const p of pages) {
    for (;;) {
      const plots = await p.page.evaluate<number>('window.__bench.plots');
      if (plots > 0) break;
      if (Date.now() - t0 > timeoutMs) throw new Error('sessions did not go live within 60 s (is the renderer built? npm run build)');
      await sleep(250);
    }
  }
}
