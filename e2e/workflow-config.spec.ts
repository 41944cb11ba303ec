import { expect, test, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, type WsServerMessage } from '../shared/binary-frame';

// Workflow configuration across two windows, against servers of its own (demo options differ
// per scenario, and nothing is auto-started so every command is the test's own):
// stage in A → pending change in B; commit in A → B sees PENDING then ACTIVE; the demo backend
// received exactly the staged params for exactly the chosen sources (its log line "demo backend:
// job configured", written per received workflow_config); the plot follows the new binning;
// stop asks to confirm the device; an ERR reply and an ack timeout give one notification per
// window and appear in both windows' notification log.

const ROOT = path.resolve(__dirname, '..');
const WF = 'dummy/monitor_histogram/1';
/** Ports of this spec's own servers, next to the shared one (E2E_PORT). */
const BASE_PORT = Number(process.env.E2E_PORT ?? 5199) + 40;

interface Server {
  url: string;
  port: number;
  dir: string;
  proc: ChildProcess;
}

const servers: Server[] = [];

async function startServer(port: number, args: string[]): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfcfg-e2e-'));
  const proc = spawn('node', ['dist/node/main/cli/serve.js', '--port', String(port), '--config-dir', path.join(dir, 'config'), '--log-dir', path.join(dir, 'logs'), '--no-auto-start', ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const server = { url, port, dir, proc };
  servers.push(server);
  for (let i = 0; i < 150; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(url)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not come up on ${url}: ${output}`);
}

test.afterAll(async () => {
  for (const s of servers.splice(0)) {
    if (s.proc.exitCode === null) {
      const exited = new Promise((r) => s.proc.once('exit', r));
      s.proc.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

async function twoPages(browser: Browser, server: Server): Promise<[Page, Page]> {
  const pages: Page[] = [];
  for (let i = 0; i < 2; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}?tab=workflows`);
    await expect(page.getByTestId('workflow-monitor_histogram')).toBeVisible();
    pages.push(page);
  }
  return pages as [Page, Page];
}

/** Demo log lines "job configured" (one per workflow_config the demo backend accepted). */
function demoConfigured(server: Server): { workflow: string; source: string; jobNumber: string; params: unknown; aux: unknown }[] {
  const file = path.join(server.dir, 'logs', 'livedata.log');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('demo backend: job configured')).map((l) => {
    const e = JSON.parse(l) as { workflow: string; source: string; jobNumber: string; params: string; aux: string };
    return { workflow: e.workflow, source: e.source, jobNumber: e.jobNumber, params: JSON.parse(e.params) as unknown, aux: JSON.parse(e.aux) as unknown };
  });
}

/** A session of its own over the browser-mode WebSocket, to read a layer's computed plot. */
async function readPlots(server: Server, workflowId: string, outputName: string): Promise<{ name: string; points: number }[]> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/session`, { headers: { Origin: `http://127.0.0.1:${server.port}` } });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let next = 1;
  const call = (method: string, params: unknown): Promise<unknown> => new Promise((resolve, reject) => {
    const id = next++;
    const onMessage = (data: Buffer): void => {
      const msg = decodeFrame(new Uint8Array(data)) as WsServerMessage;
      if (!('id' in msg) || msg.id !== id) return;
      ws.off('message', onMessage);
      if ('error' in msg) reject(new Error(msg.error));
      else resolve(msg.result);
    };
    ws.on('message', onMessage);
    ws.send(encodeFrame({ id, method: method as never, params }));
  });
  try {
    const open = (await call('open', { client: 'browser' })) as { sessionId: string; topology: { grids: { cells: { layers: { id: string; config: { workflowId: string; outputName: string } }[] }[] }[] } };
    const layer = open.topology.grids.flatMap((g) => g.cells.flatMap((c) => c.layers)).find((l) => l.config.workflowId === workflowId && l.config.outputName === outputName);
    if (!layer) throw new Error('no such layer');
    const res = (await call('query', { sessionId: open.sessionId, query: { type: 'layer.plot', layerId: layer.id } })) as { ok: boolean; value: { kind: string; series?: { name: string; y: ArrayLike<number> }[] } | null };
    await call('close', { sessionId: open.sessionId });
    if (!res.ok || !res.value || res.value.kind !== 'line') return [];
    return (res.value.series ?? []).map((s) => ({ name: s.name, points: s.y.length }));
  } finally {
    ws.close();
  }
}

/** Records every text the card's status badge shows from now on (a poll may pass quickly). */
async function recordStatuses(page: Page, workflow: string): Promise<void> {
  await page.evaluate((wf) => {
    const badge = document.querySelector(`[data-testid="workflow-${wf}"] [data-testid="workflow-status"]`)!;
    const seen: string[] = [(badge.textContent ?? '').trim()];
    (window as unknown as { __statuses: string[] }).__statuses = seen;
    new MutationObserver(() => seen.push((badge.textContent ?? '').trim())).observe(badge, { characterData: true, childList: true, subtree: true });
  }, workflow);
}

const toasts = (page: Page, text: RegExp) => page.getByTestId('toast').filter({ hasText: text });
const logEntries = (page: Page, text: RegExp) => page.getByTestId('notification-log-entry').filter({ hasText: text });

test('stage in one window, commit, the demo gets exactly the staged params, plots follow; stop asks to confirm; an ERR reply reaches both windows once', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await startServer(BASE_PORT + 1, ['--demo-fail-workflow', 'dummy/total_counts/1:reject']);
  const [a, b] = await twoPages(browser, server);
  const cardA = a.getByTestId('workflow-monitor_histogram');
  const cardB = b.getByTestId('workflow-monitor_histogram');
  await expect(cardB.getByTestId('workflow-status')).toHaveText('STOPPED');

  // A configures: only monitor1, 37 bins. A bad value is explained next to its field first.
  await cardA.getByTestId('workflow-configure').click();
  const dialog = a.getByTestId('config-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('config-source-monitor2').uncheck();
  const bins = dialog.getByTestId('param-toa_edges.num_bins');
  await bins.fill('0');
  await expect(dialog.getByTestId('problem-toa_edges.num_bins')).toHaveText('must be ≥ 1');
  await expect(dialog.getByTestId('config-apply')).toBeDisabled();
  await bins.fill('37');
  await expect(dialog.getByTestId('problem-toa_edges.num_bins')).toHaveCount(0);
  await dialog.getByTestId('config-apply').click();
  await expect(dialog).toHaveCount(0);

  // B shows the pending change: the changed group (monitor1) is marked, monitor2 is not started.
  await expect(cardB.getByTestId('workflow-staged-change')).toBeVisible();
  const groupB = cardB.locator('[data-testid="config-group"][data-sources="monitor1"]');
  await expect(groupB.getByTestId('group-modified')).toBeVisible();
  await expect(groupB).toContainText('toa_edges.num_bins = 37');
  await expect(cardB).toContainText('Not started');

  // A commits (the workflow is stopped, so the button says Start and nothing is disrupted).
  await recordStatuses(b, 'monitor_histogram');
  const before = demoConfigured(server).length;
  await expect(cardA.getByTestId('workflow-commit')).toHaveText('Start');
  await cardA.getByTestId('workflow-commit').click();
  await expect(cardB.getByTestId('workflow-status')).toHaveText('ACTIVE');
  const seen = await b.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
  expect(seen.indexOf('PENDING')).toBeGreaterThan(-1);
  expect(seen.indexOf('PENDING')).toBeLessThan(seen.lastIndexOf('ACTIVE'));
  await expect(cardB.getByTestId('workflow-staged-change')).toHaveCount(0);

  // The demo backend received exactly the committed (= staged) params, for monitor1 only.
  const record = (YAML.parse(fs.readFileSync(path.join(server.dir, 'config', 'dummy', 'workflow_configs.yaml'), 'utf8')) as Record<string, { current_job: { job_number: string; jobs: Record<string, { params: { toa_edges: { num_bins: number } } }> } }>)[WF].current_job;
  expect(Object.keys(record.jobs)).toEqual(['monitor1']);
  expect(record.jobs.monitor1.params.toa_edges.num_bins).toBe(37);
  await expect.poll(() => demoConfigured(server).length).toBe(before + 1);
  const received = demoConfigured(server).slice(before);
  expect(received).toEqual([{ workflow: WF, source: 'monitor1', jobNumber: record.job_number, params: record.jobs.monitor1.params, aux: {} }]);

  // The plot follows: the histogram of monitor1 has 37 bins.
  await expect.poll(async () => (await readPlots(server, WF, 'current')).find((s) => s.name.includes('monitor1'))?.points, { timeout: 20_000 }).toBe(37);
  await b.getByTestId('tab-grid-monitors').click();
  await expect(b.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
  await b.getByTestId('tab-workflows').click();

  // Stop feeds a device (monitor1_counts_total): asks first; cancel keeps it running.
  await cardA.getByTestId('workflow-stop').click();
  const confirm = a.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('monitor1_counts_total');
  await expect(confirm).not.toContainText('monitor2_counts_total');
  await confirm.getByTestId('confirm-cancel').click();
  await expect(cardB.getByTestId('workflow-status')).toHaveText('ACTIVE');
  await cardA.getByTestId('workflow-stop').click();
  await a.getByTestId('confirm-dialog').getByTestId('confirm-proceed').click();
  await expect(cardB.getByTestId('workflow-status')).toHaveText('STOPPED');
  await expect(cardA.getByTestId('workflow-status')).toHaveText('STOPPED');

  // An ERR reply: one notification per window, the card back to STOPPED with the reason.
  // Toasts show the first 120 characters; the log keeps the full text.
  const refusedToast = /Failed to start 1\/1 jobs for/;
  const refused = /Failed to start 1\/1 jobs for .*refused as asked/;
  await a.getByTestId('workflow-total_counts').getByTestId('workflow-start').click();
  for (const page of [a, b]) {
    await expect(toasts(page, refusedToast)).toHaveCount(1);
    await expect(page.getByTestId('workflow-total_counts').getByTestId('workflow-status')).toHaveText('STOPPED');
    await expect(page.getByTestId('workflow-total_counts').getByTestId('workflow-timing')).toHaveText('Start failed: refused by backend');
  }
  for (const page of [a, b]) {
    await page.getByTestId('tab-system').click();
    await expect(logEntries(page, refused)).toHaveCount(1);
    await expect(logEntries(page, refused).first()).toHaveAttribute('data-level', 'error');
    // Newest first: the refusal is above the earlier "Started 1/1 jobs" of the monitor.
    const texts = await page.getByTestId('notification-log-entry').allTextContents();
    expect(texts.findIndex((t) => refused.test(t))).toBeLessThan(texts.findIndex((t) => /Started 1\/1 jobs for/.test(t)));
    await page.getByTestId('notification-log-filter').selectOption('error');
    await expect(page.getByTestId('notification-log-entry').filter({ hasNotText: /ERROR/ })).toHaveCount(0);
  }
});

test('an acknowledgement that never comes: one timeout notification per window, in both notification logs', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await startServer(BASE_PORT + 2, ['--demo-drop-acks']);
  const [a, b] = await twoPages(browser, server);
  await a.getByTestId('workflow-timeseries_data').getByTestId('workflow-start').click();
  const timedOut = /Failed to start 2\/2 jobs for .*no response from backend \(timed out after 30s\)/;
  for (const page of [a, b]) await expect(toasts(page, timedOut)).toHaveCount(1, { timeout: 45_000 });
  // The jobs do run (their heartbeats say so): the card shows that truth, not a stale PENDING.
  await expect(b.getByTestId('workflow-timeseries_data').getByTestId('workflow-status')).toHaveText('ACTIVE');
  for (const page of [a, b]) {
    await page.getByTestId('tab-system').click();
    await expect(logEntries(page, timedOut)).toHaveCount(1);
    await expect(page.getByTestId('sessions-panel').getByTestId('session-self')).toContainText('this window');
  }
});
