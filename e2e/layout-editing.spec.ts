import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

// Building and editing layouts through the UI alone, in two windows that must agree
// (browser mode: two pages = two sessions of one core).

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

async function openSession(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('status-source')).toContainText(/demo/i);
}

/** The layer ids of the cell at (0,0), read from its detail rows. */
async function layerIds(page: Page): Promise<string[]> {
  const cell = page.getByTestId('cell-r0c0');
  if (!(await cell.getByTestId('cell-details').isVisible())) await cell.getByTestId('cell-details-toggle').click();
  const rows = cell.getByTestId('cell-details').locator('[data-layer-id]');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-layer-id') ?? ''));
}

async function toastIn(page: Page, text: RegExp): Promise<void> {
  await expect(page.getByTestId('toast').filter({ hasText: text }).first()).toBeVisible();
}

test('build a grid from nothing in one window, edit, remove, undo, export/import and use a template; both windows agree', async ({ browser }) => {
  // Many steps, each bounded by the expect timeout; the whole flow needs more than the default.
  test.setTimeout(300_000);
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await openSession(a);
  await openSession(b);

  // --- A: manager → new grid (title, size, live preview) ---------------------------------
  await a.getByTestId('tab-manage').click();
  await a.getByTestId('new-grid-title').fill('E2E Layout');
  await a.getByTestId('new-grid-rows').selectOption('2');
  await a.getByTestId('new-grid-cols').selectOption('3');
  await expect(a.getByTestId('new-grid-preview').locator('.mini-slot')).toHaveCount(6);
  await a.getByTestId('new-grid-create').click();
  // A's new grid opens; every slot offers a plot.
  await expect(a.getByTestId('tab-grid-e2e-layout')).toHaveClass(/active/);
  await expect(a.getByTestId('place-r1c2')).toContainText('Click to add plot');

  // --- click-to-place: anchor, then a region; overlapping regions are disabled later ------
  await a.getByTestId('place-r0c0').click();
  await expect(a.getByTestId('place-r0c1')).toContainText('Click for 1×2 plot');
  await a.getByTestId('place-r0c1').click();
  const wizard = a.getByTestId('plot-wizard');
  await expect(wizard).toContainText('Add plot (1×2 at row 1, column 1)');

  // --- wizard: group → workflow → output, plotter, sources + params ------------------------
  await wizard.getByTestId('wizard-group-Monitors').click();
  await wizard.getByTestId('wizard-workflow-dummy/monitor_histogram/1').click();
  await wizard.getByTestId('wizard-output-current').click();
  await wizard.getByTestId('wizard-next').click();
  await expect(wizard.getByTestId('wizard-plotter-lines').locator('input')).toBeChecked();
  await expect(wizard.getByTestId('wizard-plotter-image')).toHaveCount(0); // not compatible with a 1-D output
  await wizard.getByTestId('wizard-next').click();
  // A 1-D output: every source pre-selected (the reference's rule); select none → Add disabled.
  await expect(wizard.getByTestId('wizard-source-monitor1')).toBeChecked();
  await expect(wizard.getByTestId('wizard-source-monitor2')).toBeChecked();
  await wizard.getByTestId('wizard-select-none').click();
  await expect(wizard.getByTestId('wizard-submit')).toBeDisabled();
  await wizard.getByTestId('wizard-select-all').click();
  await expect(wizard.getByTestId('param-form')).toBeVisible();
  await wizard.getByTestId('wizard-submit').click();
  await expect(wizard).toHaveCount(0);

  // --- B follows: the grid and its live plot ------------------------------------------------
  await expect(a.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
  await b.getByTestId('tab-grid-e2e-layout').click();
  await expect(b.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
  await expectLivePlot(b.getByTestId('cell-r0c0'));
  await expect(b.getByTestId('cell-r0c0').getByTestId('cell-title')).toHaveText('Beam monitor (monitor1, monitor2)');
  // The region is taken: slots beside it remain, none under it.
  await expect(b.getByTestId('place-r0c1')).toHaveCount(0);
  await expect(b.getByTestId('place-r0c2')).toBeVisible();

  // --- A reconfigures the layer (another plotter parameter) → both redraw under a new id ---
  const before = await layerIds(a);
  expect(before).toHaveLength(1);
  await a.getByTestId('cell-r0c0').getByTestId('cell-menu').click();
  await a.getByTestId('layer-configure').click();
  await expect(wizard.getByTestId('wizard-submit')).toHaveText('Update');
  await wizard.locator('select[data-testid$="plot_scale.y_scale"]').selectOption('log');
  await wizard.getByTestId('wizard-submit').click();
  await expect(wizard).toHaveCount(0);
  for (const page of [a, b]) {
    await expect.poll(async () => (await layerIds(page))[0]).not.toBe(before[0]);
    await expect(page.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
    await expectLivePlot(page.getByTestId('cell-r0c0'));
  }
  const after = await layerIds(b);
  expect(await layerIds(a)).toEqual(after);

  // --- B removes the cell while A has the wizard open on it --------------------------------
  await a.getByTestId('cell-r0c0').getByTestId('cell-menu').click();
  await a.getByTestId('layer-configure').click();
  await expect(wizard).toBeVisible();
  await b.getByTestId('cell-r0c0').getByTestId('cell-properties').click();
  await b.getByTestId('props-remove-cell').click();
  await expect(b.getByTestId('cell-r0c0')).toHaveCount(0);
  await expect(wizard.getByTestId('wizard-error')).toContainText('The plot was removed');
  await wizard.getByTestId('wizard-submit').click();
  await toastIn(a, /the plot was removed/i);
  await expect(wizard).toHaveCount(0);
  await expect(a.getByTestId('cell-r0c0')).toHaveCount(0);
  await expect(a.getByTestId('place-r0c0')).toContainText('Click to add plot');
  // Nothing broke in A: other tabs still work.
  await a.getByTestId('tab-grid-monitors').click();
  await expect(a.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
  await a.getByTestId('tab-grid-e2e-layout').click();

  // --- undo in B restores the cell in both ---------------------------------------------------
  await b.locator('body').click({ position: { x: 5, y: 5 } });
  await b.keyboard.press('Control+z');
  for (const page of [a, b]) {
    await expect(page.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
    await expect(page.getByTestId('cell-r0c0').getByTestId('cell-title')).toHaveText('Beam monitor (monitor1, monitor2)');
  }

  // --- keyboard placement: Enter anchors, arrows move, Enter places, Esc cancels -------------
  await a.getByTestId('grid-tab').focus();
  await a.keyboard.press('Enter');
  await expect(a.getByTestId('place-r0c2')).toHaveClass(/place-anchor/);
  await a.keyboard.press('ArrowDown');
  await expect(a.getByTestId('place-r1c2')).toContainText('Click for 2×1 plot');
  await a.keyboard.press('Enter');
  await expect(wizard).toContainText('Add plot (2×1 at row 1, column 3)');
  await a.keyboard.press('Escape');
  await expect(wizard).toHaveCount(0);
  await a.getByTestId('grid-tab').focus();
  await a.keyboard.press('Enter');
  await expect(a.getByTestId('place-r0c2')).toHaveClass(/place-anchor/);
  await a.keyboard.press('Escape');
  await expect(a.locator('.place-anchor')).toHaveCount(0);

  // --- export → import gives an identical grid ----------------------------------------------
  await a.getByTestId('tab-manage').click();
  const exported = await download(a, a.getByTestId('manage-grid-e2e-layout').getByTestId('grid-export'));
  expect(exported.name).toBe('e2e-layout.yaml');
  expect(exported.text).toContain('view_name: histogram');
  await a.getByTestId('import-file').setInputFiles({ name: 'e2e-layout.yaml', mimeType: 'application/yaml', buffer: Buffer.from(exported.text) });
  await expect(a.getByTestId('tab-grid-e2e-layout')).toHaveCount(2);
  // The window that imported opens the new grid's tab once the layout carrying it arrives.
  await expect(a.getByTestId('tab-grid-e2e-layout').last()).toHaveAttribute('aria-selected', 'true');
  await a.getByTestId('tab-manage').click();
  const reexported = await download(a, a.getByTestId('manage-grid-e2e-layout').last().getByTestId('grid-export'));
  expect(reexported.text).toBe(exported.text);
  await a.getByTestId('manage-grid-e2e-layout').last().getByTestId('grid-remove').click();
  await expect(a.getByTestId('manage-grid-e2e-layout')).toHaveCount(1);

  // --- a template from the dummy catalogue makes a working grid -----------------------------
  await a.getByTestId('template-add-detectors').click();
  await expect(a.getByTestId('tab-grid-detectors')).toHaveCount(2);
  await a.getByTestId('tab-grid-detectors').last().click();
  const panel = a.getByTestId('cell-r0c1');
  await expect(panel.getByTestId('cell-title')).toHaveText('Panel 0 (panel_0)');
  await expect(panel).toHaveAttribute('data-layer-state', 'READY');
  await expectLivePlot(panel);

  // Leave the shared server as it was for the other specs: remove what this test added.
  await a.getByTestId('tab-manage').click();
  await a.getByTestId('manage-grid-detectors').last().getByTestId('grid-remove').click();
  await a.getByTestId('manage-grid-e2e-layout').getByTestId('grid-remove').click();
  await expect(a.getByTestId('manage-grid-e2e-layout')).toHaveCount(0);
  await expect(b.getByTestId('tab-grid-e2e-layout')).toHaveCount(0);
  await expect(b.getByTestId('tab-grid-detectors')).toHaveCount(1);
});

/** A live plot: the layer is READY, its data has arrived (the freshness pill shows an age) and a chart is mounted. */
async function expectLivePlot(cell: ReturnType<Page['getByTestId']>): Promise<void> {
  await expect(cell).toHaveAttribute('data-layer-state', 'READY');
  await expect(cell.getByTestId('cell-freshness')).toHaveText(/^\d/);
  await expect(cell.getByTestId('cell-chart').locator('[_echarts_instance_]')).toHaveCount(1);
}

async function download(page: Page, button: ReturnType<Page['getByTestId']>): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = await d.path();
  return { name: d.suggestedFilename(), text: fs.readFileSync(file!, 'utf8') };
}
