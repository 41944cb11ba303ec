import { expect, test, type Locator, type Page } from '@playwright/test';

// Figure interaction is per window and per cell (two pages = two sessions of one core): a zoom
// in one window never moves another window's view, nor another cell's.

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

async function openDetectors(page: Page): Promise<Locator> {
  await page.goto('/');
  await expect(page.getByTestId('status-source')).toContainText(/demo/i);
  await page.getByTestId('tab-grid-detectors').click();
  const cell = page.getByTestId('cell-r0c0');
  await expect(cell).toHaveAttribute('data-layer-state', 'READY');
  const plot = cell.getByTestId('cell-plot');
  // The interaction layer has measured the drawn ranges.
  await expect(plot).toHaveAttribute('data-view-x', /\[/);
  return plot;
}

const viewX = async (plot: Locator): Promise<[number, number]> => JSON.parse((await plot.getAttribute('data-view-x')) ?? 'null');
const span = (r: [number, number]): number => r[1] - r[0];

async function centre(plot: Locator): Promise<{ x: number; y: number; w: number; h: number }> {
  const b = (await plot.boundingBox())!;
  return { x: b.x + b.width * 0.45, y: b.y + b.height * 0.5, w: b.width, h: b.height };
}

test('zoom in A does not zoom B; B zooms on its own; reset and autoscale act on one window', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  const plotA = await openDetectors(a);
  const plotB = await openDetectors(b);
  const full = await viewX(plotA);
  expect(await viewX(plotB)).toEqual(full);
  await expect(plotA).toHaveAttribute('data-zoomed', '0');

  // Wheel zoom in A at the plot's centre.
  const c = await centre(plotA);
  await a.mouse.move(c.x, c.y);
  for (let i = 0; i < 4; i++) await a.mouse.wheel(0, -200);
  await expect(plotA).toHaveAttribute('data-zoomed', '1');
  await expect.poll(async () => span(await viewX(plotA))).toBeLessThan(span(full) * 0.7);
  await expect(a.getByTestId('cell-r0c0').getByTestId('tb-reset')).toBeEnabled();

  // B: still the whole image, also after new data arrived in both (the freshness pill ticks on).
  await expect.poll(async () => b.getByTestId('cell-r0c0').getByTestId('cell-freshness').textContent(), { timeout: 10_000 }).not.toBe('—');
  await expect(plotB).toHaveAttribute('data-zoomed', '0');
  expect(await viewX(plotB)).toEqual(full);
  await expect(b.getByTestId('cell-r0c0').getByTestId('tb-reset')).toBeDisabled();
  // Nor did another cell of A move.
  await expect(a.getByTestId('cell-r0c2').getByTestId('cell-plot')).toHaveAttribute('data-zoomed', '0');

  // B zooms with a box (drag); A keeps its own zoom.
  const zoomedA = await viewX(plotA);
  const cb = await centre(plotB);
  await b.mouse.move(cb.x - cb.w * 0.2, cb.y - cb.h * 0.2);
  await b.mouse.down();
  await b.mouse.move(cb.x, cb.y, { steps: 5 });
  await expect(plotB.getByTestId('zoom-box')).toBeVisible();
  await b.mouse.move(cb.x + cb.w * 0.1, cb.y + cb.h * 0.2, { steps: 5 });
  await b.mouse.up();
  await expect(plotB).toHaveAttribute('data-zoomed', '1');
  expect(span(await viewX(plotB))).toBeLessThan(span(full) * 0.5);
  expect(await viewX(plotA)).toEqual(zoomedA);

  // Reset in A (toolbar): A whole again, B still zoomed.
  await a.getByTestId('cell-r0c0').getByTestId('tb-reset').click();
  await expect(plotA).toHaveAttribute('data-zoomed', '0');
  expect(await viewX(plotA)).toEqual(full);
  await expect(plotB).toHaveAttribute('data-zoomed', '1');

  // Keyboard in A: + zooms, arrows pan, 0 resets.
  await plotA.focus();
  await a.keyboard.press('+');
  await expect(plotA).toHaveAttribute('data-zoomed', '1');
  const before = await viewX(plotA);
  await a.keyboard.press('ArrowRight');
  await expect.poll(async () => (await viewX(plotA))[0]).toBeGreaterThan(before[0]);
  await a.keyboard.press('0');
  await expect(plotA).toHaveAttribute('data-zoomed', '0');

  // Autoscale toggles (menu): x off keeps the shown range; on again follows the data.
  await a.getByTestId('cell-r0c0').getByTestId('tb-autoscale').click();
  await a.getByTestId('autoscale-x').click();
  await expect(a.getByTestId('autoscale-x')).toHaveAttribute('aria-checked', 'false');
  await expect(plotA).toHaveAttribute('data-zoomed', '1');
  await a.getByTestId('autoscale-x').click();
  await expect(a.getByTestId('autoscale-x')).toHaveAttribute('aria-checked', 'true');
  await a.getByTestId('fit-data').click();
  await expect(plotA).toHaveAttribute('data-zoomed', '1');
  await expect(plotB).toHaveAttribute('data-zoomed', '1'); // B untouched throughout
});

test('hover read-out shows coordinates and value with units, and pauses while an ROI is drawn', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('status-source')).toContainText(/demo/i);
  await page.getByTestId('tab-grid-detectors').click();
  const cell = page.getByTestId('cell-r0c0');
  await expect(cell).toHaveAttribute('data-layer-state', 'READY');
  const plot = cell.getByTestId('cell-plot');
  await expect(plot).toHaveAttribute('data-view-x', /\[/);
  const c = await centre(plot);
  await page.mouse.move(c.x, c.y);
  await page.mouse.move(c.x + 3, c.y + 3);
  const readout = cell.locator('.hover-readout');
  await expect(readout).toBeVisible();
  await expect(readout).toContainText(/counts/);
  // Drawing an ROI: the read-out steps aside while the pointer draws, and comes back after.
  await plot.focus();
  await page.keyboard.press('r');
  await expect(cell.getByTestId('tb-roi-rect')).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.move(c.x + 10, c.y + 10);
  await page.mouse.move(c.x + 14, c.y + 12);
  await expect(readout).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(cell.getByTestId('tb-zoom')).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.move(c.x + 2, c.y + 2);
  await page.mouse.move(c.x + 4, c.y + 3);
  await expect(readout).toBeVisible();
  // A line plot's zoom: wheel over the monitors' histogram.
  await page.getByTestId('tab-grid-monitors').click();
  const lines = page.getByTestId('cell-r0c0').getByTestId('cell-plot');
  await expect(page.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
  await expect(lines).toHaveAttribute('data-view-x', /\[/);
  const l = await centre(lines);
  await page.mouse.move(l.x, l.y);
  await page.mouse.wheel(0, -300);
  await expect(lines).toHaveAttribute('data-zoomed', '1');
});

test('UI scale is per window and survives a reload; the theme switch changes page and chart colours', async ({ browser }) => {
  // Two windows of one profile (like two Electron windows): shared storage, separate sessions.
  const context = await browser.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  for (const p of [a, b]) {
    await p.goto('/');
    await expect(p.getByTestId('status-source')).toContainText(/demo/i);
  }
  const zoomOf = (p: Page) => p.evaluate(() => document.documentElement.style.zoom || '1');
  await a.keyboard.press('Control+=');
  await a.keyboard.press('Control+=');
  await expect.poll(() => zoomOf(a)).toBe('1.25');
  await expect(a.getByTestId('ui-scale')).toHaveText('125 %');
  expect(new URL(a.url()).searchParams.get('zoom')).toBe('1.25');
  expect(await zoomOf(b)).toBe('1');
  await a.reload();
  await expect(a.getByTestId('status-source')).toContainText(/demo/i);
  await expect.poll(() => zoomOf(a)).toBe('1.25');
  await a.keyboard.press('Control+0');
  await expect.poll(() => zoomOf(a)).toBe('1');

  // Theme: system → light → dark; the page's colours and the charts' text follow.
  const bg = () => a.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await a.getByTestId('theme-switch').click();
  await expect(a.locator('html')).toHaveAttribute('data-theme', 'light');
  const light = await bg();
  await a.getByTestId('theme-switch').click();
  await expect(a.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(bg).not.toBe(light);
  // The choice is the user's: the other window follows it.
  await expect(b.locator('html')).toHaveAttribute('data-theme', 'dark');
  await a.getByTestId('theme-switch').click();
  await expect(a.getByTestId('theme-switch')).toHaveAttribute('data-theme-choice', 'system');
});
