// Min/max downsampling per pixel column, so ECharts never gets more than a few thousand points
// per series whatever the size of the data. Pure: no DOM.

export interface XY {
  x: Float64Array;
  y: Float64Array;
}

function isMonotonic(x: ArrayLike<number>): boolean {
  let prev = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(v >= prev)) return false; // also rejects NaN
    prev = v;
  }
  return true;
}

/**
 * Reduces (x, y) to at most about 2 points per column (plus the first and last point):
 * for each of `columns` buckets it keeps the points holding the minimum and the maximum y,
 * in their original order, so peaks and dips survive. Buckets are x ranges when x is
 * monotonic (true pixel columns), index ranges otherwise. A bucket with no finite y yields one
 * NaN point so the line shows a gap. Input at or below 2·columns points is returned as is.
 */
export function minMaxDownsample(x: ArrayLike<number>, y: ArrayLike<number>, columns: number): XY {
  const n = Math.min(x.length, y.length);
  const cols = Math.max(1, Math.floor(columns));
  if (n <= 2 * cols + 2) {
    return { x: Float64Array.from({ length: n }, (_, i) => x[i]), y: Float64Array.from({ length: n }, (_, i) => y[i]) };
  }
  const byX = isMonotonic(x) && x[n - 1] > x[0];
  const x0 = x[0];
  const span = byX ? x[n - 1] - x0 : n;
  const colOf = (i: number): number => {
    const c = Math.floor(((byX ? x[i] - x0 : i) / span) * cols);
    return c >= cols ? cols - 1 : c;
  };

  const outX = new Float64Array(2 * cols + 4);
  const outY = new Float64Array(2 * cols + 4);
  let m = 0;
  const push = (i: number): void => {
    if (m > 0 && outX[m - 1] === x[i] && Object.is(outY[m - 1], y[i])) return;
    outX[m] = x[i];
    outY[m] = y[i];
    m++;
  };

  push(0);
  let i = 0;
  while (i < n) {
    const col = colOf(i);
    let iMin = -1;
    let iMax = -1;
    const start = i;
    for (; i < n && colOf(i) === col; i++) {
      const v = y[i];
      if (!Number.isFinite(v)) continue;
      if (iMin < 0 || v < y[iMin]) iMin = i;
      if (iMax < 0 || v > y[iMax]) iMax = i;
    }
    if (iMin < 0) {
      outX[m] = x[start];
      outY[m] = NaN;
      m++;
    } else if (iMin === iMax) {
      push(iMin);
    } else if (iMin < iMax) {
      push(iMin);
      push(iMax);
    } else {
      push(iMax);
      push(iMin);
    }
  }
  push(n - 1);
  return { x: outX.slice(0, m), y: outY.slice(0, m) };
}

export interface Thinning {
  fineMs: number;
  recentMs: number;
  coarseMs: number;
}

/**
 * The reference's time-series downsampling (timeseries_downsample.py): the last `recentMs`
 * keep one point per `fineMs`, older points one per `coarseMs` (0: older points are dropped).
 * Keeps the last point of each period. `t` is sorted ms; returns the indices kept.
 */
export function thinByTime(t: ArrayLike<number>, th: Thinning, nowMs?: number): Int32Array {
  const n = t.length;
  if (n === 0) return new Int32Array(0);
  const end = nowMs ?? t[n - 1];
  const recentStart = end - th.recentMs;
  const out = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const ti = t[i];
    const recent = ti >= recentStart;
    const period = recent ? th.fineMs : th.coarseMs;
    if (!recent && !(period > 0)) continue;
    if (!(period > 0)) {
      out[m++] = i;
      continue;
    }
    const next = i + 1 < n ? t[i + 1] : Infinity;
    const nextRecent = next >= recentStart;
    // Keep i when the next point falls in another period (or another band).
    if (nextRecent !== recent || Math.floor(next / period) !== Math.floor(ti / period)) out[m++] = i;
  }
  return out.slice(0, m);
}
