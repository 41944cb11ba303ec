import fs from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';

// Export: what a window shows, as a picture and as numbers. Files arrive as downloads in browser
// mode; their content is checked against the plot state the window holds.

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

interface Series { name: string; x: number[]; y: number[]; stddev: number[] | null }
interface CellPlots { layerId: string; plotter: string; plot: { kind: string; series?: Series[]; color?: { min: number; max: number }; panels?: { width: number; height: number }[] } | null }

const plotsOf = (plot: Locator): Promise<CellPlots[]> => plot.evaluate((el) => (el as unknown as { __livedataPlots: () => CellPlots[] }).__livedataPlots());

async function open(page: Page, tab: string): Promise<Locator> {
  await page.goto('/');
  await expect(page.getByTestId('status-source')).toContainText(/demo/i);
  await page.getByTestId(tab).click();
  const cell = page.getByTestId('cell-r0c0');
  await expect(cell).toHaveAttribute('data-layer-state', 'READY');
  await expect(cell.getByTestId('cell-plot')).toHaveAttribute('data-view-x', /\[/);
  return cell;
}

async function download(page: Page, cell: Locator, item: 'export-png' | 'export-data'): Promise<{ name: string; bytes: Buffer }> {
  await cell.getByTestId('tb-export').click();
  const [d] = await Promise.all([page.waitForEvent('download'), cell.getByTestId(item).click()]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync((await d.path())!) };
}

function csvRows(text: string): string[][] {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(','));
}

/** The CSV's numbers equal one of the states the window held around the export (data moves on each second). */
function matches(rows: string[][], states: Series[][]): boolean {
  return states.some((series) => {
    if (rows.length - 1 !== series[0]!.y.length) return false;
    return rows.slice(1).every((r, i) => {
      const cells = r.map((c) => (c === '' ? NaN : Number(c)));
      if (cells[0] !== series[0]!.x[i] || cells[1] !== series[0]!.x[i + 1]) return false;
      let k = 2;
      for (const s of series) {
        if (!Object.is(cells[k++], s.y[i] ?? NaN) && !(Number.isNaN(cells[k - 1]!) && !Number.isFinite(s.y[i]!))) return false;
        if (s.stddev && cells[k++] !== s.stddev[i]) return false;
      }
      return true;
    });
  });
}

test('CSV of a line cell holds exactly the numbers the window shows, with a descriptive name', async ({ page }) => {
  const cell = await open(page, 'tab-grid-monitors');
  const plot = cell.getByTestId('cell-plot');
  const before = (await plotsOf(plot))[0]!.plot!.series!;
  const file = await download(page, cell, 'export-data');
  const after = (await plotsOf(plot))[0]!.plot!.series!;
  expect(file.name).toMatch(/^dummy_monitor_histogram-current_monitor1\+monitor2_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/);
  const text = file.bytes.toString('utf8');
  expect(text).toContain('# instrument: dummy');
  const rows = csvRows(text);
  expect(rows[0]![0]).toMatch(/\(bin start\) \[ms\]$/);
  expect(rows[0]).toContain('monitor1 [counts]');
  expect(rows[0]).toContain('monitor2 [counts]');
  expect(rows.length).toBeGreaterThan(10);
  expect(matches(rows, [before, after])).toBe(true);
});

test('PNG of a cell: a real picture of the cell size, not blank', async ({ page }) => {
  const cell = await open(page, 'tab-grid-detectors');
  const file = await download(page, cell, 'export-png');
  expect(file.name).toMatch(/^dummy_panel_0_xy-cumulative_panel_0_.*\.png$/);
  expect(file.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  const box = (await cell.getByTestId('cell-plot').boundingBox())!;
  const info = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 16) colours.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
    return { w: img.width, h: img.height, colours: colours.size, dpr: window.devicePixelRatio };
  }, file.bytes.toString('base64'));
  // The chart fills the plot area (the slicer bar is absent for a 2-D image).
  expect(Math.abs(info.w - Math.round(box.width * info.dpr))).toBeLessThanOrEqual(2);
  expect(info.h).toBeGreaterThan(100);
  expect(info.colours).toBeGreaterThan(50);
});

test('an image exports as a self-describing JSON bundle with units, coordinates and exact values', async ({ page }) => {
  const cell = await open(page, 'tab-grid-detectors');
  const plot = cell.getByTestId('cell-plot');
  const before = (await plotsOf(plot)).find((p) => p.plot?.kind === 'image')!.plot!;
  const file = await download(page, cell, 'export-data');
  const after = (await plotsOf(plot)).find((p) => p.plot?.kind === 'image')!.plot!;
  expect(file.name).toMatch(/^dummy_panel_0_xy-cumulative_panel_0_.*\.json$/);
  const b = JSON.parse(file.bytes.toString('utf8'));
  expect(b.format).toBe('livedata-desktop/bundle/1');
  expect(b.values).toMatchObject({ dtype: 'float32', byteOrder: 'little', encoding: 'base64', unit: 'counts' });
  const [h, w] = b.values.shape as [number, number];
  expect([h, w]).toEqual([before.panels![0]!.height, before.panels![0]!.width]);
  expect(b.axes.map((a: { edges: number[] }) => a.edges.length)).toEqual([h + 1, w + 1]);
  const bytes = Buffer.from(b.values.data, 'base64');
  expect(bytes.length).toBe(h * w * 4);
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < h * w; i++) {
    const v = bytes.readFloatLE(i * 4);
    if (Number.isFinite(v) && v > 0) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
  }
  // The colour range main decided is the range of these values (log scale: positive ones).
  const ranges = [before.color!, after.color!];
  expect(ranges.some((r) => Math.abs(r.max - max) <= 1e-3 * Math.abs(max))).toBe(true);
  expect(max).toBeGreaterThan(min);
});
