// `npm start`: the desktop app when the Electron runtime is installed, otherwise browser mode with
// one paragraph saying what is missing and how to install it (lab PCs behind a proxy are real users).
// Arguments after `npm start --` go to either. Deliberately not require('electron'): when its
// binary is missing that tries to download it, which hangs or fails on an offline machine.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron binary electron/index.js would run, or null with the reason it is not there. */
export function findElectron(env = process.env) {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return { binary: null, reason: 'the electron package is not installed (node_modules/electron is missing)' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const rel = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
    return fs.existsSync(binary) ? { binary, reason: null } : { binary: null, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${binary}, which does not exist` };
  }
  if (!rel) return { binary: null, reason: 'the Electron runtime was never downloaded (node_modules/electron/path.txt is missing; installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or offline)' };
  const binary = path.join(pkgDir, 'dist', rel);
  return fs.existsSync(binary) ? { binary, reason: null } : { binary: null, reason: `the Electron runtime binary ${binary} is missing` };
}

export function fallbackMessage(reason) {
  return [
    `Livedata Desktop: the desktop app cannot start here because ${reason}.`,
    'To install the runtime, run `npx install-electron` (or `node node_modules/electron/install.js`) on a machine',
    'that can reach GitHub, or behind a proxy set HTTPS_PROXY (and ELECTRON_GET_USE_PROXY=1) first; a mirror is set with',
    'ELECTRON_MIRROR; an already downloaded runtime is used with ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron/dist.',
    'Until then the same app runs in browser mode: open the URL printed below in Chromium, Chrome, Firefox or Edge.',
  ].join('\n');
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const { binary, reason } = findElectron();
  if (binary) {
    run(binary, [root, ...args]);
  } else {
    console.error(`${fallbackMessage(reason)}\n`);
    // Electron-only options mean nothing in browser mode; drop them rather than refusing to start.
    const serveArgs = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '--kiosk' || /\.mcap$/i.test(args[i])) continue;
      if (args[i] === '--arrangement' || args[i] === '--tab') {
        i++;
        continue;
      }
      if (args[i].startsWith('--arrangement=') || args[i].startsWith('--tab=')) continue;
      serveArgs.push(args[i]);
    }
    run(process.execPath, [path.join(root, 'dist/node/main/cli/serve.js'), ...serveArgs]);
  }
}
