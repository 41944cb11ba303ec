// The shape every bench module returns from its exported `run()` (see bench/run.ts).

export interface BenchResult {
  /** What was measured. */
  name: string;
  /** Median time of one operation, ms. */
  medianMs: number;
  /** The reference measured side by side in the same run. */
  baseline: { name: string; medianMs: number } | null;
  /** medianMs / baseline.medianMs. */
  ratio: number | null;
  /** The goal for the ratio, e.g. "<= 2". */
  target: string | null;
  iterations: number;
  /** Unit of medianMs and the baseline when they are not milliseconds (e.g. "B", "%", "x"). */
  unit?: string;
  /** Context printed beside the figure (e.g. the frame interval, sample counts). */
  note?: string;
}

/** A figure that is not a time ratio (a percentile, a byte count, a CPU share), with its target. */
export function figure(name: string, value: number, opts: { unit?: string; baseline?: { name: string; value: number } | null; target?: string | null; note?: string; samples?: number } = {}): BenchResult {
  const baseline = opts.baseline ? { name: opts.baseline.name, medianMs: opts.baseline.value } : null;
  return {
    name, medianMs: value, baseline, ratio: baseline && baseline.medianMs !== 0 ? value / baseline.medianMs : null,
    target: opts.target ?? null, iterations: opts.samples ?? 1, unit: opts.unit, note: opts.note,
  };
}

/** The q-quantile (0..1) of a non-empty list, nearest rank. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Times `subject` and `baseline` alternately (so both see the same machine state), after a
 * warm-up, and returns their medians and ratio.
 */
export function sideBySide(
  name: string, subject: () => unknown,
  baselineName: string, baseline: () => unknown,
  opts: { iterations?: number; warmup?: number; target?: string | null } = {},
): BenchResult {
  const iterations = opts.iterations ?? 30;
  const warmup = opts.warmup ?? 5;
  const a: number[] = [];
  const b: number[] = [];
  let sink = 0; // keep results alive so nothing is optimised away
  for (let i = 0; i < warmup + iterations; i++) {
    // Alternate which runs first: the second one tends to pay for the first one's garbage.
    const first = i % 2 === 0 ? baseline : subject;
    const second = i % 2 === 0 ? subject : baseline;
    const t0 = performance.now();
    const x = first();
    const t1 = performance.now();
    const y = second();
    const t2 = performance.now();
    sink += x ? 1 : 0;
    sink += y ? 1 : 0;
    if (i >= warmup) {
      (i % 2 === 0 ? b : a).push(t1 - t0);
      (i % 2 === 0 ? a : b).push(t2 - t1);
    }
  }
  if (sink < 0) console.log(sink);
  const medianMs = median(a);
  const baseMs = median(b);
  return { name, medianMs, baseline: { name: baselineName, medianMs: baseMs }, ratio: medianMs / baseMs, target: opts.target ?? null, iterations };
}
