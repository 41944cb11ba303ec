import { expect, test } from '@playwright/test';

// Sessions of pages a failed test left open would skew the next test's session count.
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

// Per-session view state (the tab shown) stays in each session; shared state reaches all.

test('a session on another tab does not stall the plots of another; the System tab shows live topic traffic', async ({ browser }) => {
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  await a.goto('/');
  await b.goto('/');

  // B watches the monitors; A goes to the System tab.
  await b.getByTestId('tab-grid-monitors').click();
  await a.getByTestId('tab-system').click();
  const histogram = b.getByTestId('cell-r0c0');
  await expect(histogram).toHaveAttribute('data-layer-state', 'READY');

  // The data topic's message count grows in A's System tab while B's plot stays fresh.
  const dataRow = a.locator('tr', { hasText: 'dummy_livedata_data' });
  await expect(dataRow).toBeVisible();
  const count = async (): Promise<number> => Number((await dataRow.locator('td').nth(2).innerText()).replace(/[^0-9]/g, ''));
  const before = await count();
  await expect.poll(count, { timeout: 5000 }).toBeGreaterThan(before);
  await expect(dataRow.locator('td').last()).toHaveText('0'); // no malformed messages from the demo
  // Freshness stays below 5 s: B keeps receiving updates whatever A shows.
  for (let i = 0; i < 3; i++) {
    await expect(histogram.getByTestId('cell-freshness')).toHaveText(/^\d(\.\d)?s$/);
    await b.waitForTimeout(1000);
  }
  // A's tab choice never reached B.
  await expect(b.getByTestId('tab-grid-monitors')).toHaveClass(/active/);
  // Leave no sessions behind for the next test (they share one server).
  await ctxA.close();
  await ctxB.close();
});
