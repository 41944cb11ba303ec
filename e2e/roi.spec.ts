import { expect, test, type Locator, type Page } from '@playwright/test';

// The ROI round trip in two windows (browser mode, demo backend): A draws on a detector image,
// main publishes the documented ROI message (its bytes are checked on the broker in
// test/integration/roi-kafka.test.ts) and stores it; the demo backend answers with the readback
// and per-ROI spectra; both windows show the ROIs, the readback and the spectra.

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

async function openSession(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('status-source')).toContainText(/demo/i);
}

interface CellPlots { layerId: string; plotter: string; plot: { kind: string; shapes?: unknown[]; series?: unknown[] } | null }

const plotsOf = (plot: Locator): Promise<CellPlots[]> => plot.evaluate((el) => (el as unknown as { __livedataPlots: () => CellPlots[] }).__livedataPlots());

async function place(page: Page, slot: string, output: string, plotter: string): Promise<void> {
  await page.getByTestId(slot).click();
  await page.getByTestId(slot).click();
  const wizard = page.getByTestId('plot-wizard');
  await wizard.getByTestId('wizard-group-Detectors').click();
  await wizard.getByTestId('wizard-workflow-dummy/panel_0_xy/1').click();
  await wizard.getByTestId(`wizard-output-${output}`).click();
  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId(`wizard-plotter-${plotter}`).click();
  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId('wizard-submit').click();
  await expect(wizard).toHaveCount(0);
}

test('an ROI drawn in A is published, stored and answered; both windows show the ROI, its readback and its spectrum', async ({ browser }) => {
  test.setTimeout(180_000);
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await openSession(a);
  await openSession(b);

  // A builds a grid: the detector image and its ROI spectra (overlay_1d).
  await a.getByTestId('tab-manage').click();
  await a.getByTestId('new-grid-title').fill('ROI e2e');
  await a.getByTestId('new-grid-rows').selectOption('1');
  await a.getByTestId('new-grid-cols').selectOption('2');
  await a.getByTestId('new-grid-create').click();
  await expect(a.getByTestId('tab-grid-roi-e2e')).toHaveClass(/active/);
  await place(a, 'place-r0c0', 'cumulative', 'image');
  await place(a, 'place-r0c1', 'roi_spectra_current', 'overlay_1d');
  await b.getByTestId('tab-grid-roi-e2e').click();

  const imageA = a.getByTestId('cell-r0c0');
  const imageB = b.getByTestId('cell-r0c0');
  for (const cell of [imageA, imageB]) {
    await expect(cell).toHaveAttribute('data-layer-state', 'READY');
    await expect(cell.getByTestId('cell-plot')).toHaveAttribute('data-view-x', /\[/);
  }
  // No ROI yet: no spectra.
  await expect(imageA.getByTestId('roi-count')).toHaveText('0');

  // A draws a rectangle with the mouse.
  await imageA.getByTestId('tb-roi-rect').click();
  const box = (await imageA.getByTestId('cell-plot').boundingBox())!;
  const x0 = box.x + box.width * 0.3;
  const y0 = box.y + box.height * 0.3;
  await a.mouse.move(x0, y0);
  await a.mouse.down();
  await a.mouse.move(x0 + 40, y0 + 30, { steps: 4 });
  await expect(imageA.getByTestId('roi-rubber-band')).toBeVisible();
  await a.mouse.move(x0 + box.width * 0.2, y0 + box.height * 0.2, { steps: 4 });
  await a.mouse.up();

  // Stored (both windows count it), answered: the readback overlay and one spectrum in both.
  for (const [page, cell] of [[a, imageA], [b, imageB]] as const) {
    await expect(cell.getByTestId('roi-count')).toHaveText('1');
    await expect.poll(async () => {
      const plots = await plotsOf(cell.getByTestId('cell-plot'));
      return plots.find((p) => p.plotter === 'rectangles_readback')?.plot?.shapes?.length ?? -1;
    }).toBe(1);
    const spectra = page.getByTestId('cell-r0c1');
    await expect(spectra).toHaveAttribute('data-layer-state', 'READY');
    await expect.poll(async () => (await plotsOf(spectra.getByTestId('cell-plot')))[0]?.plot?.series?.length ?? 0).toBe(1);
  }
  // What the backend applied is what A drew (the request and the readback agree).
  const drawn = await plotsOf(imageA.getByTestId('cell-plot'));
  const request = drawn.find((p) => p.plotter === 'rectangles_request')!.plot as unknown as { shapes: { x: number[]; y: number[] }[] } | null;
  const readback = drawn.find((p) => p.plotter === 'rectangles_readback')!.plot as unknown as { shapes: { index: number; x: number[]; y: number[] }[] };
  expect(readback.shapes[0]!.index).toBe(0);
  if (request) expect(readback.shapes[0]).toEqual(request.shapes[0]);
  expect(readback.shapes[0]!.x[0]).toBeGreaterThanOrEqual(0);
  expect(readback.shapes[0]!.x[1]).toBeLessThanOrEqual(128);

  // A moves the rectangle with the mouse (edit tool): the backend applies the moved one.
  const movedFrom = readback.shapes[0]!.x[0]!;
  await imageA.getByTestId('tb-roi-edit').click();
  const cx = x0 + box.width * 0.1;
  const cy = y0 + box.height * 0.1;
  await a.mouse.move(cx, cy);
  await a.mouse.down();
  await a.mouse.move(cx + 20, cy, { steps: 4 });
  await a.mouse.move(cx + 40, cy, { steps: 4 });
  await a.mouse.up();
  for (const cell of [imageA, imageB]) {
    await expect.poll(async () => {
      const plots = await plotsOf(cell.getByTestId('cell-plot'));
      return plots.find((p) => p.plotter === 'rectangles_readback')?.plot?.shapes?.[0] as { x: number[] } | undefined;
    }).toMatchObject({ x: [expect.any(Number), expect.any(Number)] });
    await expect.poll(async () => {
      const plots = await plotsOf(cell.getByTestId('cell-plot'));
      return ((plots.find((p) => p.plotter === 'rectangles_readback')?.plot?.shapes?.[0] as { x: number[] } | undefined)?.x[0] ?? movedFrom) > movedFrom;
    }).toBe(true);
  }

  // A adds a polygon with the keyboard (G, Enter: a triangle in the middle).
  await imageA.getByTestId('cell-plot').focus();
  await a.keyboard.press('g');
  await a.keyboard.press('Enter');
  for (const [page, cell] of [[a, imageA], [b, imageB]] as const) {
    await expect(cell.getByTestId('roi-count')).toHaveText('2');
    await expect.poll(async () => (await plotsOf(page.getByTestId('cell-r0c1').getByTestId('cell-plot')))[0]?.plot?.series?.length ?? 0).toBe(2);
  }

  // Edit with the keyboard: select the rectangle (Tab) and delete it; B follows.
  await a.keyboard.press('e');
  await expect(imageA.getByTestId('tb-roi-edit')).toHaveAttribute('aria-pressed', 'true');
  await a.keyboard.press('Tab');
  await a.keyboard.press('Delete');
  for (const cell of [imageA, imageB]) {
    await expect(cell.getByTestId('roi-count')).toHaveText('1');
    await expect.poll(async () => {
      const plots = await plotsOf(cell.getByTestId('cell-plot'));
      return plots.find((p) => p.plotter === 'rectangles_readback')?.plot?.shapes?.length ?? -1;
    }).toBe(0);
  }
  await a.keyboard.press('Escape');
  await a.keyboard.press('Escape');
});
