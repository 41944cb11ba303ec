// What build this is: version, commit and build date, for the About dialog and the start-up
// log line. `npm run dist` / `npm start` write dist/node/build-info.json (tools/write-build-info.mjs);
// a development run without it falls back to package.json and "development build".
import fs from 'node:fs';
import path from 'node:path';

export interface BuildInfo {
  version: string;
  commit: string;
  buildDate: string;
}

/** dist/node/main/app → dist/node (compiled), main/app → repo root (tests, tsx). */
const CANDIDATE_DIRS = [path.resolve(__dirname, '../..'), path.resolve(__dirname, '../../dist/node')];

export function readBuildInfo(dirs: string[] = CANDIDATE_DIRS): BuildInfo {
  for (const dir of dirs) {
    try {
      const parsed = JSON.parse(fs.readFileSync(path.join(dir, 'build-info.json'), 'utf8')) as Partial<BuildInfo>;
      if (typeof parsed.version === 'string' && typeof parsed.commit === 'string' && typeof parsed.buildDate === 'string') {
        return { version: parsed.version, commit: parsed.commit, buildDate: parsed.buildDate };
      }
    } catch {
      // not written for this build: try the next place, then fall back
    }
  }
  return { version: packageVersion(), commit: 'unknown', buildDate: 'development build' };
}

function packageVersion(): string {
  for (const rel of ['../../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, rel), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'livedata-desktop' && pkg.version) return pkg.version;
    } catch {
      // try the other layout
    }
  }
  return '0.0.0';
}
