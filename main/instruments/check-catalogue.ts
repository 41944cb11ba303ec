// Checks catalogue files without starting the app, for whoever writes one:
//   node dist/node/main/instruments/check-catalogue.js <file.yaml>...
// prints "ok" or every problem (field path and what is wrong) per file; exit code 1 if any is broken.
import fs from 'node:fs';
import { CatalogueError, parseCatalogue } from './catalogue-file';
import { buildInstrumentSpec } from './build-spec';

export interface CheckResult {
  file: string;
  problems: string[];
  /** "instrument: N workflows, M sources" when it loads. */
  summary: string | null;
}

export function checkCatalogueFile(file: string): CheckResult {
  try {
    const spec = buildInstrumentSpec(parseCatalogue(fs.readFileSync(file, 'utf8'), file), file);
    return { file, problems: [], summary: `${spec.name}: ${spec.workflows.length} workflows, ${spec.sources.length} sources` };
  } catch (err) {
    const problems = err instanceof CatalogueError ? err.problems : [err instanceof Error ? err.message : String(err)];
    return { file, problems, summary: null };
  }
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: check-catalogue <file.yaml>...');
    process.exit(2);
  }
  let broken = 0;
  for (const r of files.map(checkCatalogueFile)) {
    if (r.problems.length === 0) console.log(`${r.file}: ok (${r.summary})`);
    else {
      broken++;
      console.log(`${r.file}: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`);
      for (const p of r.problems) console.log(`  ${p}`);
    }
  }
  process.exit(broken > 0 ? 1 : 0);
}
