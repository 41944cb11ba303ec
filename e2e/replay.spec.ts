import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

// Replay in browser mode: a recording uploaded from one page plays in every page, and the
// controls are shared — one player in main, all sessions see and drive the same position.
const DEMO = path.resolve(__dirname, '../resources/recordings/demo.mcap');

async function openSession(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('status-source')).toBeVisible();
}

async function position(page: Page): Promise<number> {
  return Number(await page.getByTestId('replay-time').getAttribute('data-position'));
}

test.afterEach(async ({ browser }) => {
  // Back to the live demo for the other specs, whatever happened here.
  const page = browser.contexts()[0]?.pages()[0];
  const close = page?.getByTestId('replay-close');
  if (close && (await close.isVisible().catch(() => false))) {
    await close.click();
    await expect(page!.getByTestId('replay-bar')).toBeHidden();
  }
  for (const context of browser.contexts()) await context.close();
});

test('a recording opened in one page plays in both; pause and seek in one are seen in the other', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await openSession(a);
  await openSession(b);

  // Browser mode: upload the shipped demo recording from page A.
  await a.getByTestId('open-recording-input').setInputFiles(DEMO);
  for (const page of [a, b]) {
    await expect(page.getByTestId('replay-bar')).toBeVisible();
    await expect(page.getByTestId('replay-file')).toContainText('demo.mcap');
    await expect(page.getByTestId('status-source')).toContainText(/replay/i);
    await expect(page.getByTestId('replay-play')).toHaveAttribute('aria-pressed', 'true');
  }

  // Plots appear by themselves: the recording's jobs are adopted from their heartbeats.
  await expect(b.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');

  // Read-only: the record button says why it is unavailable (workflow commands are refused
  // with the same reason: main/replay/replay.test.ts).
  await expect(a.getByTestId('record-button')).toBeDisabled();
  await expect(a.getByTestId('record-button')).toHaveAttribute('title', /replay is read-only/);

  // Pause in A pauses both, at the same position.
  await a.getByTestId('replay-play').click();
  for (const page of [a, b]) await expect(page.getByTestId('replay-play')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await position(b)) - (await position(a))).toBe(0);

  // Seek with B's scrubber to the middle: A shows the same recorded time.
  const scrubber = b.getByTestId('replay-scrubber');
  const [min, max] = [Number(await scrubber.getAttribute('min')), Number(await scrubber.getAttribute('max'))];
  const mid = Math.round((min + max) / 2);
  await scrubber.evaluate((el, v) => {
    const input = el as HTMLInputElement;
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, mid);
  await expect.poll(() => position(a)).toBe(mid);
  await expect.poll(() => position(b)).toBe(mid);
  await expect(a.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');

  // Speed and loop are shared too.
  await a.getByTestId('replay-speed').selectOption('10');
  await expect(b.getByTestId('replay-speed')).toHaveValue('10');
  await b.getByTestId('replay-loop').click();
  await expect(a.getByTestId('replay-loop')).toHaveAttribute('aria-pressed', 'true');

  // Play from B: both move on from the middle.
  await b.getByTestId('replay-play').click();
  for (const page of [a, b]) await expect(page.getByTestId('replay-play')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => position(a)).toBeGreaterThan(mid);
});

test('a file that is not a recording is refused with a clear message naming it', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  await openSession(a);
  await a.getByTestId('open-recording-input').setInputFiles({ name: 'notes.mcap', mimeType: 'application/octet-stream', buffer: Buffer.from('not a recording') });
  await expect(a.getByTestId('toast').filter({ hasText: /notes\.mcap is not an MCAP recording/ }).first()).toBeVisible();
  await expect(a.getByTestId('replay-bar')).toBeHidden();
});
