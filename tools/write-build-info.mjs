// Writes dist/node/build-info.json (version, commit, build date) for About and the start-up
// log line; run by `npm start` and `npm run dist` after the build.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
let commit = process.env.LIVEDATA_COMMIT ?? 'unknown';
if (commit === 'unknown') {
  try {
    commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 5000 }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8', timeout: 5000 }).trim();
    if (dirty) commit += '+modified';
  } catch {
    // not a git checkout (source tarball): keep "unknown"
  }
}
const info = { version: pkg.version, commit, buildDate: new Date().toISOString() };
const out = path.join(root, 'dist', 'node', 'build-info.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(info, null, 2) + '\n');
console.log(`build info: ${info.version} ${info.commit} ${info.buildDate}`);
