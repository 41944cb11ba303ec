// Runs every bench module in this folder (each exports `run(): Promise<BenchResult[]>`) and
// prints a table of figures beside their baselines measured side by side in the same run, and
// their targets; writes the same as JSON (bench-results.json, or BENCH_JSON=path).
// `npm run bench`, `npm run bench -- sessions` (modules whose file name contains "sessions").
// Figures are information, never pass/fail.

import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import type { BenchResult } from './bench-result';

type BenchModule = { run?: () => Promise<BenchResult[]> };

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(3);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'run.js' && f !== 'bench-result.js')
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const results: (BenchResult & { module: string })[] = [];
  const rows: string[][] = [['bench', 'value', 'unit', 'baseline', 'baseline value', 'ratio', 'target', 'note']];
  for (const f of files) {
    const mod = require(join(__dirname, f)) as BenchModule; // eslint-disable-line @typescript-eslint/no-require-imports
    if (typeof mod.run !== 'function') continue;
    process.stderr.write(`running ${f}...\n`);
    for (const r of await mod.run()) {
      results.push({ ...r, module: f.replace(/\.js$/, '') });
      rows.push([
        r.name, num(r.medianMs), r.unit ?? 'ms', r.baseline?.name ?? '', r.baseline ? num(r.baseline.medianMs) : '',
        r.ratio === null ? '' : `${r.ratio.toFixed(2)}x`, r.target ?? '', r.note ?? '',
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => pad(cell, widths[c]!)).join('  ').trimEnd());
  const out = process.env.BENCH_JSON ?? 'bench-results.json';
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2));
  process.stderr.write(`results written to ${out}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
