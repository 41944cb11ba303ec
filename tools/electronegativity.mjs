// Runs @doyensec/electronegativity (the Electron security checklist as static checks) over the
// Electron side of the app — main/electron, preload, renderer/index.html, package.json — and fails
// on any finding not accepted, with its reason, in tools/electronegativity-accepted.json (each one
// is explained in docs/security.md). Offline: tools/no-network.cjs. Used by test/electronegativity.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Copies what is scanned into a scratch folder (no tests, no node_modules, no build output). */
function stage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
  const copy = (rel) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(path.join(root, rel), path.join(dir, rel));
  };
  for (const f of fs.readdirSync(path.join(root, 'main/electron'))) if (f.endsWith('.ts') && !f.endsWith('.test.ts')) copy(`main/electron/${f}`);
  copy('preload/preload.ts');
  copy('renderer/index.html');
  copy('package.json');
  return dir;
}

export async function scan() {
  const run = require('@doyensec/electronegativity');
  const input = stage();
  const output = path.join(input, 'result.csv');
  const quiet = console.log;
  console.log = () => undefined; // the scanner's progress chatter
  let result;
  try {
    result = await run({ input, output, isSarif: false, customScan: [], excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], severitySet: undefined, confidenceSet: undefined, isRelative: true, electronUpgrade: undefined, parserPlugins: [] });
  } finally {
    console.log = quiet;
  }
  const findings = result.issues.map((i) => ({ id: i.id, file: i.file.split(path.sep).join('/'), line: i.location.line, sample: String(i.sample ?? '').trim().slice(0, 120) }));
  return { findings, errors: result.errors.map((e) => `${e.file}: ${e.message}`) };
}

export function unexplained(findings, accepted) {
  return findings.filter((f) => !accepted.some((a) => a.id === f.id && a.file === f.file));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const accepted = JSON.parse(fs.readFileSync(path.join(root, 'tools/electronegativity-accepted.json'), 'utf8')).accepted;
  const { findings, errors } = await scan();
  const bad = unexplained(findings, accepted);
  console.log(JSON.stringify({ findings, errors, unexplained: bad }, null, 2));
  process.exitCode = bad.length > 0 || errors.length > 0 ? 1 : 0;
}
