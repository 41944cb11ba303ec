// `npm run bench -- sessions-paint`: per update, the renderer's time to apply and paint a poll
// result (the app's 'livedata:apply' measure: store, plot cache, presenters) vs drawing the same
// pixels / lines with bare canvas calls in the same page. Targets: ≤ 2× for images, ≤ 3× for lines.
import { figure, median, type BenchResult } from './bench-result';
import { AppProcess, closeSessions, launchBrowser, openSessions, sleep, takeSample, waitLive, workloadFromEnv } from './sessions/driver';
import type { WorkloadOptions } from './sessions/workload';

/** Bare-canvas drawing of one update's worth of plots in the page; returns ms per update (median). Page code, as source. */
const BARE_CANVAS = `(args) => {
  const canvases = Array.from({ length: args.count }, () => {
    const c = document.createElement('canvas');
    c.width = args.width;
    c.height = args.height;
    c.style.cssText = 'position:fixed;left:0;top:0;opacity:0.01;pointer-events:none';
    document.body.appendChild(c);
    return c.getContext('2d');
  });
  const off = document.createElement('canvas');
  off.width = args.size;
  off.height = args.size;
  const offCtx = off.getContext('2d');
  const img = new ImageData(args.size, args.size);
  for (let i = 0; i < img.data.length; i++) img.data[i] = (i * 31) & 255;
  const xs = new Float32Array(args.points);
  const ys = new Float32Array(args.points);
  for (let i = 0; i < args.points; i++) {
    xs[i] = (i / args.points) * args.width;
    ys[i] = args.height * (0.5 + 0.4 * Math.sin(i / 50));
  }
  const times = [];
  for (let rep = 0; rep < 40; rep++) {
    const t0 = performance.now();
    for (const ctx of canvases) {
      if (args.kind === 'images') {
        offCtx.putImageData(img, 0, 0);
        ctx.drawImage(off, 0, 0, args.width, args.height);
      } else {
        ctx.clearRect(0, 0, args.width, args.height);
        ctx.beginPath();
        ctx.moveTo(xs[0], ys[0]);
        for (let i = 1; i < args.points; i++) ctx.lineTo(xs[i], ys[i]);
        ctx.stroke();
      }
    }
    // Read one pixel back so the drawing is not deferred past the measurement.
    canvases[0].getImageData(0, 0, 1, 1);
    times.push(performance.now() - t0);
  }
  for (const ctx of canvases) ctx.canvas.remove();
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}`;

interface BareArgs { kind: 'images' | 'lines'; count: number; size: number; points: number; width: number; height: number }

async function measure(kind: 'images' | 'lines', base: WorkloadOptions): Promise<BenchResult> {
  const workload: WorkloadOptions = kind === 'images' ? { ...base, lines: 0 } : { ...base, images: 0 };
  const count = kind === 'images' ? workload.images : workload.lines;
  const app = await AppProcess.start(workload);
  const browser = await launchBrowser();
  try {
    const [p] = await openSessions(browser, app.url, 1);
    await waitLive([p!]);
    await sleep(3000);
    await takeSample(p!.page);
    const applyMs: number[] = [];
    for (let i = 0; i < 15 && applyMs.length < 30; i++) {
      await sleep(2000);
      const s = await takeSample(p!.page);
      // Only results that carried a whole update (every layer), to compare like with like.
      applyMs.push(...s.applyMs.filter(([, n]) => n >= count).map(([ms]) => ms));
    }
    const cell = await p!.page.evaluate<{ width: number; height: number }>(`(() => {
      const el = document.querySelector('[data-testid="cell"], .cell, .grid-cell');
      const r = el ? el.getBoundingClientRect() : null;
      return { width: Math.round(r ? r.width : 400), height: Math.round(r ? r.height : 300) };
    })()`);
    const args: BareArgs = { kind, count, size: workload.imageSize, points: workload.linePoints, ...cell };
    const bare = await p!.page.evaluate<number>(`(${BARE_CANVAS})(${JSON.stringify(args)})`);
    await closeSessions([p!]);
    const what = kind === 'images' ? `${count} images of ${workload.imageSize}²` : `${count} lines of ${workload.linePoints} points`;
    return figure(`paint per update: ${what}`, applyMs.length ? median(applyMs) : NaN, {
      baseline: { name: 'bare canvas, same pixels/lines', value: bare }, target: kind === 'images' ? '<= 2x' : '<= 3x',
      samples: applyMs.length, note: `${applyMs.length} whole updates; cell ${cell.width}×${cell.height}`,
    });
  } finally {
    await browser.close();
    await app.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const base = workloadFromEnv();
  return [await measure('images', base), await measure('lines', base)];
}
