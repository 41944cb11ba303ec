import { expect, test, type Page } from '@playwright/test';

// Sessions of pages a failed test left open would skew the next test's session count.
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

// Two pages = two sessions of one core (docs/architecture.md, "Sessions").

async function openSession(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('status-source')).toContainText(/demo/i);
}

async function distinctColours(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return colours.size;
  }, png.toString('base64'));
}

test('two sessions show the same live plots, commands and toasts reach both, closing frees a session', async ({ browser }) => {
  // A long scenario of many steps on a shared CI machine: the budget is for the whole, not a step.
  test.setTimeout(180_000);
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  await openSession(a);
  await openSession(b);

  // A new user sees live plots without clicking anything: the first grid is shown.
  await expect(a.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
  await expect(a.getByTestId('cell-r0c0').getByTestId('cell-chart').locator('canvas').filter({ visible: true }).first()).toBeVisible();

  // Both see both sessions (earlier tests close their pages, which frees their sessions at once).
  await expect(a.getByTestId('status-sessions')).toContainText('2');
  await expect(b.getByTestId('status-sessions')).toContainText('2');

  // Both show the live detector image and the monitor histograms (default layout, auto-started).
  for (const page of [a, b]) {
    await page.getByTestId('tab-grid-detectors').click();
    await expect(page.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
    await page.getByTestId('tab-grid-monitors').click();
    await expect(page.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
    // The chart's drawing surface (other canvases, e.g. 1-px helpers, may sit in the cell too).
    await expect(page.getByTestId('cell-r0c0').getByTestId('cell-chart').locator('canvas').filter({ visible: true }).first()).toBeVisible();
  }

  // The image cell is really drawn: many distinct colours, not a blank or single-colour box.
  await a.getByTestId('tab-grid-detectors').click();
  const imageCell = a.getByTestId('cell-r0c0').getByTestId('cell-chart');
  // Polled: the first frames after READY may still be filling in.
  await expect.poll(async () => distinctColours(a, await imageCell.screenshot()), { timeout: 15_000 }).toBeGreaterThan(50);

  // Stopping a workflow in A changes its state in B (web-first: no fixed deadline on a shared CI machine).
  await a.getByTestId('tab-workflows').click();
  await b.getByTestId('tab-workflows').click();
  const cardA = a.getByTestId('workflow-monitor_histogram');
  const cardB = b.getByTestId('workflow-monitor_histogram');
  await expect(cardA.getByTestId('workflow-status')).toHaveText(/ACTIVE/);
  await expect(cardB.getByTestId('workflow-status')).toHaveText(/ACTIVE/);
  await cardA.getByTestId('workflow-stop').click();
  // The monitors feed instrument devices: the stop asks first, naming them.
  await a.getByTestId('confirm-dialog').getByTestId('confirm-proceed').click();
  await expect(cardB.getByTestId('workflow-status')).toHaveText(/STOPPED/);

  // The acknowledgement's toast appears in both sessions.
  for (const page of [a, b]) {
    await expect(page.getByTestId('toast').filter({ hasText: "Stopped 2/2 jobs for 'Beam monitor'" })).toBeVisible();
  }

  // Its plots keep their last data and say they stopped, in both.
  await b.getByTestId('tab-grid-monitors').click();
  await expect(b.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'STOPPED');

  // Start it again from B: A sees it running again.
  await b.getByTestId('tab-workflows').click();
  await cardB.getByTestId('workflow-start').click();
  await expect(cardA.getByTestId('workflow-status')).toHaveText(/ACTIVE|PENDING/);

  // Closing page B removes its session from the registry.
  await ctxB.close();
  await expect(a.getByTestId('status-sessions')).toContainText('1');
  await ctxA.close();
});
