import { expect, test, type Page } from '@playwright/test';

// Plotters across two windows (browser mode, two pages = two sessions of one core): the 3-D
// slicer's slice is per window while its colour range is decided once in main, and a parameter
// change (log colour scale) gives the layer a new id that both windows redraw under.

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

async function openSession(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('status-source')).toContainText(/demo/i);
}

/**
 * Sends session commands over a session of its own (the same WebSocket API the app uses), from
 * inside the page: the layout command API, without depending on the wizard's UI.
 */
async function commands(page: Page, list: unknown[]): Promise<unknown[]> {
  return page.evaluate(async (cmds) => {
    const encode = (obj: unknown): Uint8Array => {
      const h = new TextEncoder().encode(JSON.stringify(obj));
      const buf = new Uint8Array((4 + h.length + 7) & ~7);
      new DataView(buf.buffer).setUint32(0, h.length, true);
      buf.set(h, 4);
      return buf;
    };
    const decode = (b: ArrayBuffer): { id?: number; result?: unknown; error?: string } => {
      const n = new DataView(b).getUint32(0, true);
      return JSON.parse(new TextDecoder().decode(new Uint8Array(b, 4, n)));
    };
    const url = new URL('/session', location.href);
    url.protocol = url.protocol.replace('http', 'ws');
    const ws = new WebSocket(url.href);
    ws.binaryType = 'arraybuffer';
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error('websocket failed'));
    });
    let next = 1;
    const call = (method: string, params: unknown): Promise<unknown> => new Promise((resolve, reject) => {
      const id = next++;
      const onMessage = (e: MessageEvent) => {
        const m = decode(e.data as ArrayBuffer);
        if (m.id !== id) return;
        ws.removeEventListener('message', onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m.result);
      };
      ws.addEventListener('message', onMessage);
      ws.send(encode({ id, method, params }));
    });
    const { sessionId } = (await call('open', { client: 'browser' })) as { sessionId: string };
    const out: unknown[] = [];
    let last: unknown = null;
    for (const c of cmds as Record<string, unknown>[]) {
      // "$prev.key" in a string field takes that key from the previous command's value.
      const filled = JSON.parse(JSON.stringify(c), (_k, v) => (typeof v === 'string' && v.startsWith('$prev.') ? (last as Record<string, unknown>)[v.slice(6)] : v));
      const r = (await call('command', { sessionId, command: filled })) as { ok: boolean; error: string | null; value: unknown };
      if (!r.ok) throw new Error(`${String(filled.type)} refused: ${r.error}`);
      last = r.value && typeof r.value === 'object' ? r.value : { value: r.value };
      out.push(r.value);
    }
    await call('close', { sessionId });
    ws.close();
    return out;
  }, list);
}

const SLICER_LAYER = {
  workflowId: 'dummy/panel_0_layers/1', sourceNames: ['panel_0'], outputName: 'current', plotter: 'slicer',
  params: { plot_scale: { color_scale: 'linear' } },
};

async function addSlicerGrid(page: Page, title: string): Promise<{ layerId: string }> {
  const [gridId] = await commands(page, [{ type: 'layout.addGrid', title, rows: 1, cols: 1 }]);
  const [cell] = await commands(page, [{ type: 'layout.addCell', gridId, region: { row: 0, col: 0, rowSpan: 1, colSpan: 1 }, title: null, layer: SLICER_LAYER }]);
  return cell as { layerId: string };
}

const presenter = (page: Page) => page.getByTestId('cell-r0c0').locator('.cell-presenter');

test('moving the slicer in one window does not move the other, and both use the same colour range', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await openSession(a);
  await openSession(b);
  await addSlicerGrid(a, 'Slicer');
  for (const page of [a, b]) {
    await page.getByTestId('tab-grid-slicer').click();
    await expect(page.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
    await expect(page.getByTestId('slicer-position')).toBeVisible();
  }
  const labelA = a.getByTestId('slicer-label');
  const labelB = b.getByTestId('slicer-label');
  await expect(labelA).toContainText('(1/');
  await expect(labelB).toContainText('(1/');

  // Move A's slice to the last position of its dimension.
  await a.getByTestId('slicer-position').evaluate((el: HTMLInputElement) => {
    el.value = el.max;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const last = await a.getByTestId('slicer-position').evaluate((el: HTMLInputElement) => Number(el.max) + 1);
  expect(last).toBeGreaterThan(1);
  await expect(labelA).toContainText(`(${last}/${last})`);
  // B still shows its own (first) slice, also after further updates.
  await expect(labelB).toContainText('(1/');
  await expect.poll(async () => (await b.getByTestId('slicer-position').inputValue())).toBe('0');

  // One colour range for the whole volume, decided in main: both windows show the same one
  // although they show different slices (polled: both follow the same live updates).
  await expect.poll(async () => {
    const [ra, rb] = await Promise.all([presenter(a).getAttribute('data-colour-range'), presenter(b).getAttribute('data-colour-range')]);
    return ra !== null && ra === rb;
  }, { timeout: 15_000 }).toBe(true);
  await expect(presenter(a)).toHaveAttribute('data-colour-scale', 'linear');
});

test('a log-scale change redraws both windows under a new layer id', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await openSession(a);
  await openSession(b);
  const { layerId } = await addSlicerGrid(a, 'Logscale');
  for (const page of [a, b]) {
    await page.getByTestId('tab-grid-logscale').click();
    await expect(presenter(page)).toHaveAttribute('data-layer-ids', layerId);
    await expect(presenter(page)).toHaveAttribute('data-colour-scale', 'linear');
  }
  const [newId] = await commands(b, [{
    type: 'layout.reconfigureLayer', layerId,
    layer: { ...SLICER_LAYER, params: { plot_scale: { color_scale: 'log' } } },
  }]);
  expect(typeof newId).toBe('string');
  expect(newId).not.toBe(layerId);
  for (const page of [a, b]) {
    await expect(presenter(page)).toHaveAttribute('data-layer-ids', newId as string);
    await expect(presenter(page)).toHaveAttribute('data-colour-scale', 'log');
    await expect(page.getByTestId('cell-r0c0')).toHaveAttribute('data-layer-state', 'READY');
    const range = (await presenter(page).getAttribute('data-colour-range'))!.split(',').map(Number);
    expect(range[0]).toBeGreaterThan(0); // a log range starts above zero
    expect(range[1]).toBeGreaterThan(range[0]);
  }
});
