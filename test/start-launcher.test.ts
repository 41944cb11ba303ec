// `npm start` without the Electron runtime: one paragraph saying what is missing and how to
// install it, then browser mode with its URL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fallbackMessage, findElectron } from '../tools/start.mjs';

const root = path.resolve(__dirname, '..');

describe('npm start launcher', () => {
  it('finds no runtime where none was downloaded, and says why', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'no-electron-'));
    const missing = findElectron({ ELECTRON_OVERRIDE_DIST_PATH: scratch });
    expect(missing.binary).toBeNull();
    expect(missing.reason).toContain(scratch);
    fs.writeFileSync(path.join(scratch, fs.existsSync(path.join(root, 'node_modules/electron/path.txt')) ? fs.readFileSync(path.join(root, 'node_modules/electron/path.txt'), 'utf8').trim() : 'electron'), '');
    expect(findElectron({ ELECTRON_OVERRIDE_DIST_PATH: scratch }).binary).not.toBeNull();
  });

  it('explains in one paragraph what is missing and how to install it', () => {
    const text = fallbackMessage('the Electron runtime was never downloaded');
    expect(text.split('\n\n')).toHaveLength(1);
    expect(text).toMatch(/cannot start here because the Electron runtime was never downloaded/);
    expect(text).toMatch(/npx install-electron/);
    expect(text).toMatch(/HTTPS_PROXY/);
    expect(text).toMatch(/browser mode/);
  });

  it('starts browser mode instead and prints its URL (needs npm run build)', async () => {
    expect(fs.existsSync(path.join(root, 'dist/node/main/cli/serve.js')), 'run npm run build first').toBe(true);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'start-fallback-'));
    const child = spawn(process.execPath, ['tools/start.mjs', '--port', '0', '--config-dir', path.join(scratch, 'c'), '--log-dir', path.join(scratch, 'l'), '--tab', 'system', '--kiosk'], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(scratch, 'no-electron-here') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /Livedata Desktop serving (http:\/\/\S+)/.exec(stdout);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`launcher exited ${code}: ${stderr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(stderr).toMatch(/the desktop app cannot start here because ELECTRON_OVERRIDE_DIST_PATH names/);
      const res = await fetch(url);
      expect(res.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);
});
