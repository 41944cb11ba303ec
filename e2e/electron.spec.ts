import { _electron as electron, expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The desktop front door: runs where the Electron runtime is installed (a normal
// `npm install`); machines installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 have only browser mode.
function electronBinary(): string | null {
  // Read electron's path.txt instead of require('electron'): requiring it tries to download
  // the runtime when it is missing, which hangs or fails on an offline machine.
  const pkg = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkg, 'path.txt');
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(dist, fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

const binary = electronBinary();
test.skip(binary === null, 'Electron runtime not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1); browser-mode tests cover the same core and renderer');

test('windows are sessions: New Window opens a second session, closing it frees it', async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [path.resolve(__dirname, '../dist/node/main/electron/main.js'), '--config-dir', path.join(scratch, 'config'), '--log-dir', path.join(scratch, 'logs')],
  });
  try {
    const first = await app.firstWindow();
    await expect(first.getByTestId('status-source')).toContainText(/demo/i);
    await expect(first.getByTestId('status-sessions')).toContainText('1');
    const opened = app.waitForEvent('window');
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('new-window')?.click());
    const second = await opened;
    await expect(second.getByTestId('status-sessions')).toContainText('2');
    await expect(first.getByTestId('status-sessions')).toContainText('2');
    await second.close();
    await expect(first.getByTestId('status-sessions')).toContainText('1');
    // The window runs sandboxed with context isolation: no Node in the page.
    expect(await first.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
  }
});
