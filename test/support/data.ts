// Builders for decoded data arrays in tests, via the real da00 variable helper.
import { makeVariable } from '../../shared/wire/da00';
import type { DataArray } from '../../shared/wire/data-array';
import type { Variable } from '../../shared/wire/types';

const ns = (v: bigint): Variable => makeVariable('t', new BigInt64Array([v]), { unit: 'ns' });

export function histogram(values: number[], opts: { time?: bigint; edges?: number[] } = {}): DataArray {
  const edges = opts.edges ?? values.map((_, i) => i).concat(values.length);
  return {
    name: 'Histogram',
    signal: makeVariable('signal', new Float64Array(values), { axes: ['tof'], unit: 'counts' }),
    stddev: null,
    coords: {
      tof: makeVariable('tof', new Float64Array(edges), { axes: ['tof'], unit: 'ms' }),
      start_time: { ...ns(1n), name: 'start_time' },
      time: { ...ns(opts.time ?? 2_000_000_000n), name: 'time' },
    },
    timestamp: 1n,
  };
}

export function scalar(value: number, timeNs: bigint): DataArray {
  return {
    name: 'Total',
    signal: makeVariable('signal', new Float64Array([value]), { unit: 'counts' }),
    stddev: null,
    coords: { time: { ...ns(timeNs), name: 'time' } },
    timestamp: 0n,
  };
}

export function image(width: number, height: number, fill: (x: number, y: number) => number, layers = 1): DataArray {
  const values = new Float64Array(width * height * layers);
  for (let l = 0; l < layers; l++) for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) values[l * width * height + y * width + x] = fill(x, y);
  const axes = layers > 1 ? ['layer', 'dim_0', 'dim_1'] : ['dim_0', 'dim_1'];
  const shape = layers > 1 ? [layers, height, width] : [height, width];
  return { name: 'Image', signal: makeVariable('signal', values, { axes, shape, unit: 'counts' }), stddev: null, coords: {}, timestamp: 0n };
}
