// da00 decode of an 8 MB 1000×1000 float64 image versus a plain 8 MB copy
// (Uint8Array.prototype.slice). Target: decode ≤ 2× copy — it is one memcpy plus header parsing.

import { decodeDa00, encodeDa00, formatResultKey, makeVariable } from '../shared/wire';
import { sideBySide, type BenchResult } from './bench-result';

function image(): Uint8Array {
  const values = new Float64Array(1000 * 1000);
  for (let i = 0; i < values.length; i++) values[i] = (i % 977) * 0.5;
  const sourceName = formatResultKey({
    workflowId: { instrument: 'dummy', name: 'detector_view', version: 1 },
    jobId: { sourceName: 'panel_0', jobNumber: '0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c' },
    outputName: 'current',
  });
  const bytes = encodeDa00({
    sourceName, timestamp: 1755763200000000123n, variables: [
      makeVariable('signal', values, { axes: ['y', 'x'], shape: [1000, 1000], unit: 'counts', label: 'Detector image' }),
      makeVariable('x', Float64Array.from({ length: 1001 }, (_, i) => i), { axes: ['x'], unit: 'mm' }),
      makeVariable('y', Float64Array.from({ length: 1001 }, (_, i) => i), { axes: ['y'], unit: 'mm' }),
      makeVariable('start_time', BigInt64Array.of(1755763200000000123n), { unit: 'ns' }),
      makeVariable('time', BigInt64Array.of(1755763201000000123n), { unit: 'ns' }),
    ],
  });
  return bytes.slice(); // a standalone buffer, as a consumer would hold
}

export async function run(): Promise<BenchResult[]> {
  const bytes = image();
  const copy = () => bytes.slice();
  const mb = (bytes.byteLength / 1e6).toFixed(1);
  // The same payload inside a larger buffer at offset ≡ 4 (mod 8), as kafkajs hands out
  // Buffers: the data vector is then misaligned, the case the decoder must copy for anyway.
  const shifted = new Uint8Array(bytes.byteLength + 4);
  shifted.set(bytes, 4);
  const unaligned = shifted.subarray(4);
  const message = decodeDa00(bytes);
  return [
    sideBySide(`da00 decode 1000x1000 float64 (${mb} MB)`, () => decodeDa00(bytes), `copy ${mb} MB (slice)`, copy, { target: '<= 2' }),
    sideBySide('da00 decode, misaligned input', () => decodeDa00(unaligned), `copy ${mb} MB (slice)`, copy, { target: '<= 2' }),
    sideBySide('da00 encode 1000x1000 float64', () => encodeDa00(message), `copy ${mb} MB (slice)`, copy),
  ];
}
