import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The desktop front door, end to end: runs where the Electron runtime is installed (a normal
// `npm install`). Machines installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 have only browser mode:
// there every test here is skipped, and the reason is printed once in the test output.
function electronBinary(): { binary: string | null; reason: string } {
  // electron's path.txt instead of require('electron'): requiring it tries to download the
  // runtime when it is missing, which hangs or fails on an offline machine (tools/start.mjs does the same).
  const pkg = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkg, 'path.txt');
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  if (!fs.existsSync(pathFile)) return { binary: null, reason: `no Electron runtime: ${pathFile} is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or offline; run \`npx install-electron\`)` };
  const binary = path.join(dist, fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? { binary, reason: '' } : { binary: null, reason: `no Electron runtime: ${binary} does not exist` };
}

const { binary, reason } = electronBinary();
if (!binary) console.log(`[electron.spec] Electron end-to-end suite SKIPPED — ${reason}. The browser-mode suites cover the same core and renderer.`);
test.skip(binary === null, reason);

const MAIN = path.resolve(__dirname, '../dist/node/main/electron/main.js');

function scratch(): { config: string; logs: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-electron-'));
  return { config: path.join(dir, 'config'), logs: path.join(dir, 'logs') };
}

function launch(dirs: { config: string; logs: string }, ...args: string[]): Promise<ElectronApplication> {
  return electron.launch({ executablePath: binary!, args: [MAIN, '--config-dir', dirs.config, '--log-dir', dirs.logs, ...args] });
}

/** Quits through the app's own path (before-quit waits for the core), so window placements are saved. */
async function quit(app: ElectronApplication): Promise<void> {
  const closed = new Promise((resolve) => app.process().once('exit', resolve));
  await app.evaluate(({ app: a }) => a.quit());
  await closed;
}

const selectedTab = (page: Page) => page.locator('[role="tab"][aria-selected="true"]');

test('windows are sessions: New Window opens a second session, closing it frees it', async () => {
  const app = await launch(scratch());
  try {
    const first = await app.firstWindow();
    await expect(first.getByTestId('status-source')).toContainText(/demo/i);
    await expect(first.getByTestId('status-sessions')).toContainText('1');
    const opened = app.waitForEvent('window');
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('new-window')?.click());
    const second = await opened;
    // Both windows show the same shared state.
    await expect(second.getByTestId('status-sessions')).toContainText('2');
    await expect(first.getByTestId('status-sessions')).toContainText('2');
    await expect(second.getByTestId('instrument')).toHaveText(await first.getByTestId('instrument').innerText());
    await second.close();
    await expect(first.getByTestId('status-sessions')).toContainText('1');
  } finally {
    await app.close();
  }
});

test('the preload exposes only the typed API: no require, no process in the page', async () => {
  const app = await launch(scratch());
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('status-sessions')).toContainText('1');
    const seen = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      const bridge = g.livedata as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, module: typeof g.module, keys: Object.keys(bridge).sort(), ipc: typeof g.ipcRenderer };
    });
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', ipc: 'undefined', keys: ['close', 'command', 'log', 'onMenuAction', 'onWake', 'open', 'poll', 'query'] });
  } finally {
    await app.close();
  }
});

test('window bounds and tab come back after a restart', async () => {
  const dirs = scratch();
  let app = await launch(dirs);
  const bounds = { x: 60, y: 70, width: 900, height: 640 };
  try {
    const page = await app.firstWindow();
    await page.getByTestId('tab-system').click();
    await expect(page).toHaveURL(/tab=system/);
    await app.evaluate(({ BrowserWindow }, b) => BrowserWindow.getAllWindows()[0].setBounds(b), bounds);
  } finally {
    await quit(app);
  }
  expect(fs.readFileSync(path.join(dirs.config, 'windows.yaml'), 'utf8')).toMatch(/tab: system/);
  app = await launch(dirs);
  try {
    const page = await app.firstWindow();
    await expect(selectedTab(page)).toHaveText(/System/);
    const restored = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getNormalBounds());
    expect(restored.width).toBe(bounds.width);
    expect(restored.height).toBe(bounds.height);
  } finally {
    await app.close();
  }
});

test('an arrangement file opens its windows on the given tabs', async () => {
  const dirs = scratch();
  const file = path.join(path.dirname(dirs.config), 'wall.yaml');
  fs.writeFileSync(
    file,
    [
      'kind: livedata-arrangement/1',
      'windows:',
      '  - bounds: {x: 0, y: 0, width: 800, height: 600}',
      '    tab: system',
      '  - bounds: {x: 100, y: 100, width: 800, height: 600}',
      '    tab: workflows',
      '',
    ].join('\n'),
  );
  const app = await launch(dirs, '--arrangement', file);
  try {
    await expect.poll(() => app.windows().length).toBe(2);
    const tabs = await Promise.all(app.windows().map(async (w) => (await selectedTab(w).innerText()).trim()));
    expect(tabs.sort()).toEqual(['System', 'Workflows']);
  } finally {
    await app.close();
  }
});

test('a second launch opens a window in the first instance, on its tab', async () => {
  const dirs = scratch();
  const app = await launch(dirs);
  try {
    const first = await app.firstWindow();
    await expect(first.getByTestId('status-sessions')).toContainText('1');
    const opened = app.waitForEvent('window');
    const second = spawn(binary!, [MAIN, '--config-dir', dirs.config, '--log-dir', dirs.logs, '--tab', 'system'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => second.once('exit', resolve));
    const page = await opened;
    await expect(selectedTab(page)).toHaveText(/System/);
    expect(await exited).toBe(0); // the second process handed over and left
    await expect(first.getByTestId('status-sessions')).toContainText('2');
  } finally {
    await app.close();
  }
});
