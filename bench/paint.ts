// `npm run bench -- paint`: the renderer's paint path in headless Chromium (Playwright, system
// Chromium), side by side in the same page and the same run:
//   - image 1024×1024: plot state frame arriving in the page → decoded → painted (colour levels
//     into a canvas, chart axes), vs a bare canvas putImageData of the same pixels (target ≤ 2×),
//     and vs an ECharts heatmap series of the same data (the speed-up is reported);
//   - line of 100k points: plot state → decimated to the pixel width → painted, vs a bare canvas
//     polyline of all the points (target ≤ 3×).
// The page code (bench/paint-page.mts) is bundled with vite at run time from the sources.
import path from 'node:path';
import { figure, type BenchResult } from './bench-result';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface PaintFigures {
  imageApp: number;
  imageBare: number;
  imageBareLookup: number;
  imageDecode: number;
  imageHeatmap: number;
  lineApp: number;
  lineBare: number;
}

async function bundle(): Promise<string> {
  // vite is ESM-only and a dev dependency used only here: a native import, not a compiled require.
  const load = new Function('m', 'return import(m)') as (m: string) => Promise<{ build(c: object): Promise<unknown> }>;
  const vite = await load('vite');
  const out = await vite.build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(ROOT, 'bench', 'paint-page.mts'), formats: ['iife'], name: 'PaintBench', fileName: () => 'paint.js' },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; code?: string }[] }[];
  const chunk = outputs[0].output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('paint bench: bundling the page failed');
  return chunk.code;
}

export async function run(): Promise<BenchResult[]> {
  const size = Number(process.env.PAINT_IMAGE_SIZE ?? 1024);
  const points = Number(process.env.PAINT_LINE_POINTS ?? 100_000);
  const reps = Number(process.env.PAINT_REPS ?? 30);
  const code = await bundle();
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.setContent('<!doctype html><html><body style="margin:0"></body></html>');
    await page.addScriptTag({ content: code });
    const f = (await page.evaluate(
      (o) => (globalThis as unknown as { runPaintBench: (o: object) => Promise<PaintFigures> }).runPaintBench(o),
      { size, points, reps, heatmapReps: Number(process.env.PAINT_HEATMAP_REPS ?? 3) },
    )) as PaintFigures;
    const n = `${reps} updates, headless Chromium (software raster)`;
    return [
      figure(`paint: image ${size}² plot state → painted`, f.imageApp, { baseline: { name: 'bare canvas putImageData, same pixels', value: f.imageBare }, target: '<= 2', samples: reps, note: `${n}; RGBA prepared beforehand` }),
      figure(`paint: image ${size}² plot state → painted`, f.imageApp, { baseline: { name: 'bare level look-up + putImageData', value: f.imageBareLookup }, target: '<= 2', samples: reps, note: 'the least any path from 1-byte levels can do' }),
      figure(`paint: browser-mode frame decode of the ${size}² state (carrier, apart)`, f.imageDecode, { target: 'information', samples: reps }),
      figure(`paint: ECharts heatmap of the same ${size}² image`, f.imageHeatmap, {
        baseline: { name: 'our image paint', value: f.imageApp }, target: 'information',
        note: `our paint is ${(f.imageHeatmap / f.imageApp).toFixed(0)}× faster`, samples: 3,
      }),
      figure(`paint: line ${points / 1000}k points plot state → painted`, f.lineApp, { baseline: { name: 'bare canvas polyline, all points', value: f.lineBare }, target: '<= 3', samples: reps, note: n }),
    ];
  } finally {
    await browser.close();
  }
}
