import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArrangementError, arrangementFromSettings, parseArrangement, readArrangement, writeArrangement } from './arrangement';

describe('window arrangements', () => {
  it('round-trips three full-screen windows, each on its own tab and monitor', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrangement-'));
    const file = path.join(dir, 'wall.yaml');
    const windows = [0, 1, 2].map((i) => ({
      bounds: { x: i * 1920, y: 0, width: 1920, height: 1080 },
      display: { id: i + 1, bounds: { x: i * 1920, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
      maximized: false,
      fullScreen: true,
      kiosk: i === 2,
      tab: ['workflows', 'system', 'Detectors'][i],
      zoom: 1,
    }));
    writeArrangement(file, windows);
    expect(fs.readdirSync(dir)).toEqual(['wall.yaml']);
    expect(readArrangement(file).windows).toEqual(windows);
  });

  it('accepts a short hand-written file and names the file and field of a mistake', () => {
    const text = 'kind: livedata-arrangement/1\nwindows:\n  - bounds: {x: 0, y: 0, width: 1920, height: 1080}\n    fullScreen: true\n    tab: system\n';
    expect(parseArrangement(text, 'wall.yaml').windows[0]).toMatchObject({ fullScreen: true, tab: 'system', kiosk: false });
    expect(() => parseArrangement('kind: livedata-arrangement/1\nwindows:\n  - bounds: {x: 0, y: 0, width: wide, height: 1}\n', 'wall.yaml')).toThrow(
      /wall\.yaml is not a window arrangement: windows\.0\.bounds\.width/,
    );
    expect(() => parseArrangement('windows: []', 'w.yaml')).toThrow(ArrangementError);
    expect(() => parseArrangement('a: [', 'w.yaml')).toThrow(/w\.yaml is not valid YAML/);
    expect(() => readArrangement('/nonexistent/wall.yaml')).toThrow(/cannot read arrangement \/nonexistent\/wall\.yaml/);
  });

  it('takes the settings entry relative to the config folder', () => {
    expect(arrangementFromSettings({ arrangement: 'wall.yaml' }, '/cfg')).toBe(path.resolve('/cfg/wall.yaml'));
    expect(arrangementFromSettings({ kafka: {} }, '/cfg')).toBeNull();
    expect(arrangementFromSettings(null, '/cfg')).toBeNull();
    expect(() => arrangementFromSettings({ arrangement: 3 }, '/cfg')).toThrow(/must be a file path/);
  });
});
