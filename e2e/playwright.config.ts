import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

// Browser mode end to end: the real core and renderer, Debian's Chromium, several pages =
// several sessions. The server gets throwaway config and log folders.
const PORT = Number(process.env.E2E_PORT ?? 5199);
const scratch = path.join(os.tmpdir(), `livedata-e2e-${process.pid}`);

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
    },
  },
  webServer: {
    command: `node dist/node/main/cli/serve.js --port ${PORT} --config-dir ${scratch}/config --log-dir ${scratch}/logs`,
    cwd: path.resolve(__dirname, '..'),
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
