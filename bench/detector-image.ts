// A 1024×1024 detector image through every stage after decoding, each against a plain copy
// of the bytes it handles, side by side: compute (main, once for all windows), the browser-mode
// frame (per session), and the colour mapping into canvas pixels (per window, renderer code).
import { encodeFrame } from '../shared/binary-frame';
import { makeVariable } from '../shared/wire/da00';
import type { DataArray } from '../shared/wire/data-array';
import { createPlotter } from '../main/plots/plotters';
import { colorizeLevels } from '../renderer/src/presenters/colormap';
import { sideBySide, type BenchResult } from './bench-result';

const SIZE = 1024;

function detectorImage(): DataArray {
  const values = new Float64Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const dx = x / SIZE - 0.4;
      const dy = y / SIZE - 0.6;
      values[y * SIZE + x] = 1000 * Math.exp(-(dx * dx + dy * dy) / 0.02) + ((x * 7 + y * 13) % 5);
    }
  }
  return { name: 'Image', signal: makeVariable('signal', values, { axes: ['dim_0', 'dim_1'], shape: [SIZE, SIZE], unit: 'counts' }), stddev: null, coords: {}, timestamp: 0n };
}

export async function run(): Promise<BenchResult[]> {
  const data = detectorImage();
  const raw = data.signal.values as Float64Array;
  const plotter = createPlotter('image', { title: 'bench', params: { plot_scale: { color_scale: 'log' } } });
  const state = plotter.compute([{ sourceName: 'panel', data }]);
  if (state.kind !== 'image') throw new Error('not an image');
  const panel = state.panels[0];
  const rgba = new Uint8ClampedArray(SIZE * SIZE * 4);
  const rgbaSource = new Uint8Array(SIZE * SIZE * 4).fill(7);
  return [
    sideBySide('image compute 1024² float64 → float32 plane + log colour range', () => plotter.compute([{ sourceName: 'panel', data }]),
      'copy 8 MB (slice)', () => raw.slice(), { iterations: 20, warmup: 3, target: 'information' }),
    sideBySide('browser-mode frame of the 1024² image state', () => encodeFrame({ plot: state }),
      'copy 1 MB levels (slice)', () => panel.levels.slice(), { iterations: 20, warmup: 3, target: 'information' }),
    sideBySide('per window: 1024² levels → RGBA (levels decided once in compute)', () => colorizeLevels(panel.levels, SIZE, SIZE, rgba),
      'copy 4 MB RGBA (set)', () => rgba.set(rgbaSource), { iterations: 20, warmup: 3, target: 'information' }),
  ];
}
