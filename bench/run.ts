// Runs every bench module in this folder (each exports `run(): Promise<BenchResult[]>`) and
// prints a table of medians and ratios measured side by side. `npm run bench`.
// Figures are information, never pass/fail (design.md §10).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './bench-result';

type BenchModule = { run?: () => Promise<BenchResult[]> };

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'run.js' && f !== 'bench-result.js')
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const rows: string[][] = [['bench', 'median ms', 'baseline', 'baseline ms', 'ratio', 'target']];
  for (const f of files) {
    const mod = require(join(__dirname, f)) as BenchModule; // eslint-disable-line @typescript-eslint/no-require-imports
    if (typeof mod.run !== 'function') continue;
    process.stderr.write(`running ${f}...\n`);
    for (const r of await mod.run()) {
      rows.push([
        r.name, r.medianMs.toFixed(3), r.baseline?.name ?? '', r.baseline ? r.baseline.medianMs.toFixed(3) : '',
        r.ratio === null ? '' : `${r.ratio.toFixed(2)}x`, r.target ?? '',
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => pad(cell, widths[c]!)).join('  ').trimEnd());
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
