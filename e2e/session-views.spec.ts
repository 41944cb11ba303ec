import { expect, test, type Locator } from '@playwright/test';

// Sessions of pages a failed test left open would skew the next test's session count.
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

/** The System tab's counts are formatted ("950", "1.2k", "3.4M"): read them back as numbers. */
export function parseCount(text: string): number {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([kMG]?)\s*$/.exec(text);
  if (!m) throw new Error(`not a formatted count: ${JSON.stringify(text)}`);
  return Number(m[1]) * { '': 1, k: 1e3, M: 1e6, G: 1e9 }[m[2] as '' | 'k' | 'M' | 'G'];
}

/** The freshness pill's age in seconds ("2.3s", "41s", "3m", ...); a non-age text (—, stopped) is Infinity. */
export function parseAgeSeconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m) return Infinity;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

test('the helpers read the formats they claim to', () => {
  expect(parseCount('950')).toBe(950);
  expect(parseCount('1.2k')).toBe(1200);
  expect(parseCount('12.3M')).toBe(12_300_000);
  expect(() => parseCount('n/a')).toThrow();
  expect(parseAgeSeconds('4.9s')).toBe(4.9);
  expect(parseAgeSeconds('9.9s')).toBe(9.9);
  expect(parseAgeSeconds('41s')).toBe(41);
  expect(parseAgeSeconds('3m')).toBe(180);
  expect(parseAgeSeconds('—')).toBe(Infinity);
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
  const cell = (i: number): Locator => dataRow.locator('td').nth(i);
  const count = async (): Promise<number> => parseCount(await cell(2).innerText());
  const before = await count();
  // formatCount rounds to 3 digits ("1.2k"): wait long enough for the shown value to move.
  await expect.poll(count, { timeout: 20_000 }).toBeGreaterThan(before);
  await expect.poll(async () => Number(await cell(3).innerText())).toBeGreaterThan(0); // messages per second
  await expect(dataRow.locator('td').last()).toHaveText('0'); // no malformed messages from the demo

  // Freshness below 5 s, and it stays so: sample it over a few seconds while A stays on System.
  const freshness = histogram.getByTestId('cell-freshness');
  await expect.poll(async () => parseAgeSeconds(await freshness.innerText())).toBeLessThan(5);
  const samples: number[] = [];
  for (let i = 0; i < 6; i++) {
    samples.push(parseAgeSeconds(await freshness.innerText()));
    await b.waitForTimeout(500); // sampling interval of a "stays fresh" check, not a synchronisation
  }
  expect(Math.max(...samples), `freshness samples ${samples.join(', ')} s`).toBeLessThan(5);
  // A's tab choice never reached B.
  await expect(b.getByTestId('tab-grid-monitors')).toHaveClass(/active/);
  // Leave no sessions behind for the next test (they share one server).
  await ctxA.close();
  await ctxB.close();
});
