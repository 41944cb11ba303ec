import { expect, test } from '@playwright/test';

// Browser mode's share of the desktop shell: per-tab URL parameters for wall displays
// (?tab=, ?kiosk=1), the operator shortcut out of kiosk, and the keyboard shortcuts page.
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test('a wall-display URL opens on its tab in kiosk; the operator shortcut leaves kiosk', async ({ page }) => {
  await page.goto('/?tab=system&kiosk=1');
  await expect(page.getByTestId('sessions-panel')).toBeVisible();
  // Kiosk: plots only, no header or tab strip.
  await expect(page.getByRole('tablist')).toBeHidden();
  await page.keyboard.press('Control+Shift+F12');
  await expect(page.getByRole('tablist')).toBeVisible();
  await expect(page.getByTestId('tab-system')).toHaveAttribute('aria-selected', 'true');
  expect(new URL(page.url()).searchParams.get('kiosk')).toBeNull();
  await page.keyboard.press('Control+Shift+F12');
  await expect(page.getByRole('tablist')).toBeHidden();
  expect(new URL(page.url()).searchParams.get('kiosk')).toBe('1');
});

test('the URL follows the tab, so a reload comes back to it; Alt+PageDown/PageUp walk the tabs (browsers keep Ctrl+PageDown)', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('tab-workflows').click();
  await expect(page).toHaveURL(/[?&]tab=workflows/);
  await page.keyboard.press('Alt+PageDown');
  await expect(page.getByTestId('tab-workflows')).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('Alt+PageUp');
  await expect(page.getByTestId('tab-workflows')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('tab-system').click();
  await expect(page).toHaveURL(/[?&]tab=system/);
  await page.reload();
  await expect(page.getByTestId('tab-system')).toHaveAttribute('aria-selected', 'true');
});

test('Ctrl+/ opens the keyboard shortcuts page; Escape closes it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('status-source')).toContainText(/demo/i);
  await page.keyboard.press('Control+/');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Zoom in');
  await expect(dialog).toContainText('Kiosk mode');
  // Desktop-only keys (New window) are not offered in a browser.
  await expect(dialog).not.toContainText('New window');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
