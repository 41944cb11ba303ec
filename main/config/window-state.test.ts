import { describe, expect, it } from 'vitest';
import { clampInto, fitToDisplays, MIN_WINDOW, WindowStateSchema, type DisplayInfo, type Rect } from './window-state';

const rect = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });
/** A display whose work area loses a 40 px task bar at the bottom. */
const display = (id: number, b: Rect, scaleFactor = 1): DisplayInfo => ({ id, bounds: b, workArea: { ...b, height: b.height - 40 }, scaleFactor });
const within = (r: Rect, area: Rect): boolean => r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height;

const left = display(2, rect(-1920, 0, 1920, 1080)); // a monitor left of the primary: negative x
const primary = display(1, rect(0, 0, 2560, 1440));
const right = display(3, rect(2560, 0, 1920, 1080));

describe('fitToDisplays', () => {
  it('keeps a window that lies fully on a present display, also at negative coordinates', () => {
    const b = rect(-1800, 100, 1200, 800);
    expect(fitToDisplays({ bounds: b, display: { id: 2, bounds: left.bounds, scaleFactor: 1 } }, [left, primary], 1)).toEqual({ bounds: b, displayId: 2 });
    expect(fitToDisplays({ bounds: rect(100, 100, 800, 600) }, [left, primary], 1)).toEqual({ bounds: rect(100, 100, 800, 600), displayId: 1 });
  });

  it('moves a window whose monitor was removed fully onto the primary display', () => {
    const onRight = { bounds: rect(2700, 50, 1600, 900), display: { id: 3, bounds: right.bounds, scaleFactor: 1 } };
    const fitted = fitToDisplays(onRight, [left, primary], 1);
    expect(fitted.displayId).toBe(1);
    expect(within(fitted.bounds, primary.workArea)).toBe(true);
    expect(fitted.bounds).toMatchObject({ width: 1600, height: 900 });
    // The left monitor gone: its window lands on the primary display too, not at x < 0.
    const onLeft = fitToDisplays({ bounds: rect(-1800, 100, 1200, 800), display: { id: 2, bounds: left.bounds, scaleFactor: 1 } }, [primary, right], 1);
    expect(onLeft.displayId).toBe(1);
    expect(within(onLeft.bounds, primary.workArea)).toBe(true);
  });

  it('prefers the display the window overlaps most when it straddles two', () => {
    const straddling = rect(2000, 100, 1200, 700); // 560 px on primary, 640 px on right
    const fitted = fitToDisplays({ bounds: straddling }, [primary, right], 1);
    expect(fitted.displayId).toBe(3);
    expect(within(fitted.bounds, right.workArea)).toBe(true);
    expect(fitted.bounds.width).toBe(1200);
  });

  it('shrinks a window larger than its display (resolution lowered, or scaling raised to 200 %)', () => {
    // A 3840×2160 panel at 200 % is 1920×1080 DIP: a window saved at 100 % no longer fits.
    const scaled = display(1, rect(0, 0, 1920, 1080), 2);
    const fitted = fitToDisplays({ bounds: rect(100, 100, 3000, 2000), display: { id: 1, bounds: rect(0, 0, 3840, 2160), scaleFactor: 1 } }, [scaled], 1);
    expect(fitted.bounds).toEqual(scaled.workArea);
  });

  it('finds an arrangement display by its bounds when the id differs (another machine)', () => {
    const wall = display(77, rect(2560, 0, 1920, 1080));
    const fitted = fitToDisplays({ bounds: rect(2560, 0, 1920, 1080), display: { id: 3, bounds: right.bounds, scaleFactor: 1 } }, [primary, wall], 1);
    expect(fitted.displayId).toBe(77);
    expect(fitted.bounds).toEqual(wall.workArea);
  });

  it('keeps the window on its display relative place when that display moved in the desktop layout', () => {
    const moved = display(3, rect(0, 1440, 1920, 1080)); // the right monitor is now below the primary
    const fitted = fitToDisplays({ bounds: rect(2660, 100, 800, 600), display: { id: 3, bounds: right.bounds, scaleFactor: 1 } }, [primary, moved], 1);
    expect(fitted).toEqual({ bounds: rect(100, 1540, 800, 600), displayId: 3 });
  });

  it('with overlapping (mirrored) displays chooses the remembered one and always ends inside one work area', () => {
    const mirror = display(9, rect(0, 0, 2560, 1440));
    const b = rect(10, 10, 500, 400);
    expect(fitToDisplays({ bounds: b, display: { id: 9, bounds: mirror.bounds, scaleFactor: 1 } }, [primary, mirror], 1).displayId).toBe(9);
    const odd = [display(1, rect(0, 0, 1000, 800)), display(2, rect(500, 200, 1000, 800))];
    for (let x = -3000; x <= 3000; x += 250) {
      for (let y = -2000; y <= 2000; y += 250) {
        const f = fitToDisplays({ bounds: rect(x, y, 700, 500) }, odd, 1);
        const area = odd.find((d) => d.id === f.displayId)!.workArea;
        expect(within(f.bounds, area)).toBe(true);
      }
    }
  });

  it('never makes a window smaller than the minimum unless the display is', () => {
    expect(clampInto(rect(0, 0, 10, 10), rect(0, 0, 1920, 1040))).toMatchObject(MIN_WINDOW);
    expect(clampInto(rect(0, 0, 10, 10), rect(0, 0, 300, 200))).toMatchObject({ width: 300, height: 200 });
  });

  it('with no displays known (headless) keeps the bounds', () => {
    expect(fitToDisplays({ bounds: rect(5, 5, 600, 400) }, [], 1)).toEqual({ bounds: rect(5, 5, 600, 400), displayId: 1 });
  });
});

describe('window state file schema', () => {
  it('fills defaults and refuses nonsense', () => {
    const ok = WindowStateSchema.parse({ version: 1, windows: [{ bounds: rect(0, 0, 800, 600), tab: 'system' }] });
    expect(ok.windows[0]).toMatchObject({ maximized: false, fullScreen: false, kiosk: false, zoom: 1, tab: 'system' });
    expect(WindowStateSchema.safeParse({ version: 1, windows: [{ bounds: rect(0, 0, -5, 600) }] }).success).toBe(false);
    expect(WindowStateSchema.safeParse({ version: 1, windows: [{ bounds: rect(0, 0, 800, 600), zoom: 40 }] }).success).toBe(false);
  });
});
