import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Browser mode with a token, as a user meets it: a missing or wrong token gets a page that says
// so, and a tab whose token stops being accepted (server restarted with a new one) says
// "Access refused" instead of "Disconnected (1006)" forever. Runs its own serve processes.

const ROOT = path.resolve(__dirname, '..');
const scratch = path.join(os.tmpdir(), `livedata-e2e-access-${process.pid}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function serve(port: number, token: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/node/main/cli/serve.js'), '--port', String(port), '--token', token,
    '--config-dir', path.join(scratch, 'config'), '--log-dir', path.join(scratch, 'logs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  await expect.poll(() => out.includes('Livedata Desktop serving'), { timeout: 60_000 }).toBe(true);
  return child;
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

test('a missing or wrong token gets a page that says so; a token no longer accepted is named in the app', async ({ browser }) => {
  test.setTimeout(180_000);
  const port = await freePort();
  let server: ChildProcess | null = await serve(port, 'first-token');
  try {
    const context = await browser.newContext();
    const page = await context.newPage();

    await page.goto(`http://127.0.0.1:${port}/`);
    await expect(page.getByTestId('access-refused')).toContainText('Access token required');
    await page.goto(`http://127.0.0.1:${port}/?token=wrong`);
    await expect(page.getByTestId('access-refused')).toContainText('not accepted');

    await page.goto(`http://127.0.0.1:${port}/?token=first-token`);
    await expect(page.getByTestId('status-source')).toContainText(/demo/i);

    // The server comes back with another token: the open tab must say why it cannot reconnect.
    await stop(server);
    server = await serve(port, 'second-token');
    await expect(page.getByTestId('access-refused-banner')).toContainText('Access refused', { timeout: 30_000 });
    await context.close();
  } finally {
    await stop(server);
  }
});
