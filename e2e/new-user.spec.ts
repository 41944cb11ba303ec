import { expect, test } from '@playwright/test';

// What a new control-room user meets first on the Workflows tab (browser mode, the shared
// demo server of playwright.config.ts): the configure dialog is usable from the keyboard
// (focus lands in it, Tab stays in it, Enter applies, Escape closes and gives focus back),
// numbers show their unit, a disabled Apply says why, output chips are never two equal
// words, and a running source's dot keeps its colour in the dark theme.

const focusedTestId = (page: import('@playwright/test').Page): Promise<string | null> =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const focusInside = (page: import('@playwright/test').Page, testid: string): Promise<boolean> =>
  page.evaluate((id) => !!document.querySelector(`[data-testid="${id}"]`)?.contains(document.activeElement), testid);

test('configure dialog from the keyboard: focus inside, units shown, Enter applies, Escape returns focus', async ({ page }) => {
  await page.goto('/?tab=workflows');
  const card = page.getByTestId('workflow-monitor_histogram');
  await expect(card).toBeVisible();
  const configure = card.getByTestId('workflow-configure');

  // Escape closes and focus goes back to the button that opened it.
  await configure.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('config-dialog');
  await expect(dialog).toBeVisible();
  expect(await focusInside(page, 'config-dialog')).toBe(true);
  // Tab (either way) stays inside the dialog.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
  expect(await focusInside(page, 'config-dialog')).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(await focusedTestId(page)).toBe('workflow-configure');

  // Units: a number in a {start, stop, num_bins, unit} group reads in the chosen unit; a count has none.
  await configure.click();
  await expect(dialog.getByTestId('unit-toa_edges.start')).toHaveText('ms');
  await expect(dialog.getByTestId('unit-toa_edges.num_bins')).toHaveCount(0);
  await dialog.getByTestId('param-toa_edges.unit').selectOption({ index: 1 });
  const chosen = (await dialog.getByTestId('param-toa_edges.unit').locator('option:checked').textContent())?.trim();
  await expect(dialog.getByTestId('unit-toa_edges.stop')).toHaveText(chosen!);
  await dialog.getByTestId('config-restore-defaults').click();
  await expect(dialog.getByTestId('unit-toa_edges.start')).toHaveText('ms');

  // A bad value: the problem is counted and Apply's hover says why it is disabled.
  const bins = dialog.getByTestId('param-toa_edges.num_bins');
  await bins.fill('abc');
  await expect(dialog.getByTestId('config-problem-count')).toHaveText('1 problem to fix');
  await expect(dialog.getByTestId('config-apply')).toBeDisabled();
  await expect(dialog.locator('.btn-wrap', { has: page.getByTestId('config-apply') })).toHaveAttribute('title', /problem marked in red/);
  await bins.press('Enter'); // refused while invalid: the dialog stays
  await expect(dialog).toBeVisible();

  // Enter in a field applies: the staged change shows on the card.
  await bins.fill('41');
  await bins.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(card.getByTestId('workflow-staged-change')).toBeVisible();
  await expect(card.getByTestId('config-group').first()).toContainText('toa_edges.num_bins = 41');
  await card.getByTestId('workflow-unstage').click();
  await expect(card.getByTestId('workflow-staged-change')).toHaveCount(0);
});

test('output chips are distinct and running dots keep their colour in the dark theme', async ({ page }) => {
  await page.goto('/?tab=workflows');
  const card = page.getByTestId('workflow-monitor_histogram');
  await expect(card).toBeVisible();
  const labels = (await card.getByTestId('workflow-output').allTextContents()).map((t) => t.trim());
  expect(labels.length).toBeGreaterThan(2);
  expect(new Set(labels).size).toBe(labels.length);

  // The demo server starts its workflows: some source dot is active.
  const active = page.locator('.wf-card .src-dot.src-active').first();
  await expect(active).toBeVisible();
  await page.keyboard.press('Control+Alt+2');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const colours = await page.evaluate(() => {
    const dot = document.querySelector('.wf-card .src-dot.src-active')!;
    const green = getComputedStyle(document.documentElement).getPropertyValue('--green').trim();
    const probe = document.createElement('span');
    probe.style.background = green;
    document.body.append(probe);
    const want = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return { got: getComputedStyle(dot).backgroundColor, want };
  });
  expect(colours.got).toBe(colours.want);
  await page.keyboard.press('Control+Alt+0');
});

/** WCAG contrast ratio of an element's text colour on its own background (both rgb()). */
async function contrast(page: import('@playwright/test').Page, testid: string): Promise<number> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`)!;
    const cs = getComputedStyle(el);
    const lum = (c: string): number => {
      const [r, g, b] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
        const x = Number(v) / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const [a, b] = [lum(cs.color), lum(cs.backgroundColor)].sort((x, y) => y - x);
    return (a! + 0.05) / (b! + 0.05);
  }, testid);
}

test('a warning banner is readable in both themes (device confirmations off)', async ({ page }) => {
  await page.goto('/?tab=workflows');
  const toggle = page.getByTestId('device-confirm-toggle');
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  const banner = page.getByTestId('device-confirm-off');
  await expect(banner).toBeVisible();
  try {
    await page.keyboard.press('Control+Alt+1');
    expect(await contrast(page, 'device-confirm-off')).toBeGreaterThanOrEqual(4.5);
    await page.keyboard.press('Control+Alt+2');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await contrast(page, 'device-confirm-off')).toBeGreaterThanOrEqual(4.5);
  } finally {
    // The setting is shared by every window of this server: put it back.
    await page.keyboard.press('Control+Alt+0');
    await toggle.check();
    await expect(banner).toHaveCount(0);
  }
});

test('a device confirmation opens on Cancel and Escape leaves the workflow running', async ({ page }) => {
  await page.goto('/?tab=workflows');
  const card = page.getByTestId('workflow-monitor_histogram');
  await expect(card.getByTestId('workflow-status')).toHaveText('ACTIVE');
  await card.getByTestId('workflow-stop').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toBeVisible();
  expect(await focusedTestId(page)).toBe('confirm-cancel');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  expect(await focusedTestId(page)).toBe('workflow-stop');
  await expect(card.getByTestId('workflow-status')).toHaveText('ACTIVE');
});
