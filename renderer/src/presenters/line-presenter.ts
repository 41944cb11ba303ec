// LinePlotState(s) → ECharts option. Series come as typed arrays and are decimated to the pixel
// width here (min/max per column) before ECharts sees them. Modes: line, points, histogram steps;
// standard deviations as error bars or a band; log x / log y; one y axis per unit, each
// labelled; bars (one bar per source). Pure: no DOM, unit-tested under Node.
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn, EChartsOption } from 'echarts';
import type { LinePlotState, LineSeries, YAxisInfo } from '../../../shared/plot-state';
import { minMaxDownsample } from '../../../shared/downsample';
import { axisFormatter, axisName, baseAxis, endLabels, CHART_MUTED, CHART_TEXT, formatValue, logFormatter, SERIES_COLORS } from './chart-style';

/** Upper bound of points handed to ECharts per series (before the histogram's closing point). */
export const MAX_POINTS_PER_SERIES = 4000;
/** Error bars are drawn up to this many points per series (beyond, whiskers merge into a band). */
export const MAX_ERROR_BARS = 1500;

export function isHistogram(s: LineSeries): boolean {
  return s.x.length === s.y.length + 1 && s.y.length > 0;
}

/** Per-window view of a line cell (zoom/pan set by the interaction layer; null = automatic). */
export interface LineView {
  x?: [number, number] | null;
  /** Per y axis index. */
  y?: ([number, number] | null)[] | null;
}

/**
 * Points of one series as [x, y] pairs (NaN y → null, a gap; ≤ 0 on a log axis too), decimated to
 * about two points per pixel column. Histograms (x = bin edges) become the left edge of every bin
 * plus a closing point at the last edge, drawn with `step: 'end'` so each bin is a flat segment.
 */
export function seriesPoints(s: LineSeries, columns: number, logY = false, logX = false): { data: [number, number | null][]; step: boolean; index: Int32Array | null } {
  const hist = isHistogram(s);
  const n = hist ? s.y.length : Math.min(s.x.length, s.y.length);
  const cols = Math.max(1, Math.min(Math.floor(columns), MAX_POINTS_PER_SERIES / 2));
  const xs = s.x.subarray(0, n);
  const ys = s.y.subarray(0, n);
  let x: Float64Array;
  let y: Float64Array;
  let index: Int32Array | null = null;
  if (n <= 2 * cols + 2) {
    x = xs;
    y = ys;
  } else {
    ({ x, y } = minMaxDownsample(xs, ys, cols));
  }
  if (s.stddev && x === xs) {
    index = new Int32Array(n);
    for (let i = 0; i < n; i++) index[i] = i;
  }
  const ok = (v: number, log: boolean): boolean => Number.isFinite(v) && (!log || v > 0);
  const data: [number, number | null][] = [];
  for (let i = 0; i < x.length; i++) {
    if (logX && !(x[i] > 0)) continue;
    data.push([x[i], ok(y[i], logY) ? y[i] : null]);
  }
  if (hist) {
    const lastY = s.y[n - 1];
    data.push([s.x[n], ok(lastY, logY) ? lastY : null]);
  }
  return { data, step: hist, index };
}

export interface LineOptionOptions {
  /** Width of the plot area in pixels: the number of downsampling columns. */
  columns: number;
  view?: LineView;
  /** Extra series on grid 0 (static overlays). */
  overlays?: unknown[];
}

/** The y axes of the cell: from the first plot that has them, merged by unit across plots. */
export function cellAxes(plots: LinePlotState[]): { axes: YAxisInfo[]; axisOf: (plot: number, s: LineSeries) => number } {
  const axes: YAxisInfo[] = [];
  const map: number[][] = [];
  plots.forEach((p, pi) => {
    const own: YAxisInfo[] = p.yAxes && p.yAxes.length > 0 ? p.yAxes : [{ ...p.y, min: p.yMin, max: p.yMax, log: false }];
    map[pi] = own.map((a) => {
      let k = axes.findIndex((b) => b.unit === a.unit);
      if (k < 0) {
        axes.push({ ...a });
        k = axes.length - 1;
      } else {
        const b = axes[k];
        if (Number.isFinite(a.min)) b.min = Number.isFinite(b.min) ? Math.min(b.min, a.min) : a.min;
        if (Number.isFinite(a.max)) b.max = Number.isFinite(b.max) ? Math.max(b.max, a.max) : a.max;
      }
      return k;
    });
  });
  return { axes, axisOf: (pi, s) => map[pi]?.[s.axis ?? 0] ?? 0 };
}

/** A custom series drawing whiskers (bars) or a filled band between y ± σ. */
function errorSeries(s: LineSeries, color: string, yAxisIndex: number, kind: 'bars' | 'band', logY: boolean, id: string): Record<string, unknown> | null {
  if (!s.stddev) return null;
  const hist = isHistogram(s);
  const n = s.y.length;
  if (n === 0) return null;
  const xAt = (i: number): number => (hist ? (s.x[i] + s.x[i + 1]) / 2 : s.x[i]);
  const rows: number[][] = [];
  const step = kind === 'bars' && n > MAX_ERROR_BARS ? Math.ceil(n / MAX_ERROR_BARS) : 1;
  for (let i = 0; i < n; i += step) {
    const y = s.y[i];
    const e = s.stddev[i];
    if (!Number.isFinite(y) || !Number.isFinite(e)) continue;
    const lo = logY ? Math.max(y - e, y * 1e-3) : y - e;
    if (logY && !(y > 0)) continue;
    rows.push([xAt(i), lo, y + e]);
  }
  if (rows.length === 0) return null;
  const renderItem = kind === 'bars'
    ? (_p: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
        const x = Number(api.value(0));
        const a = api.coord([x, Number(api.value(1))]);
        const b = api.coord([x, Number(api.value(2))]);
        const cap = 3;
        return {
          type: 'group',
          children: [
            { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: { stroke: color, lineWidth: 1 } },
            { type: 'line', shape: { x1: a[0] - cap, y1: a[1], x2: a[0] + cap, y2: a[1] }, style: { stroke: color, lineWidth: 1 } },
            { type: 'line', shape: { x1: b[0] - cap, y1: b[1], x2: b[0] + cap, y2: b[1] }, style: { stroke: color, lineWidth: 1 } },
          ],
        } as CustomSeriesRenderItemReturn;
      }
    : (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
        // One polygon for the whole band, drawn by the first item.
        if (params.dataIndex !== 0) return null as unknown as CustomSeriesRenderItemReturn;
        const upper = rows.map((r) => api.coord([r[0], r[2]]));
        const lower = rows.map((r) => api.coord([r[0], r[1]])).reverse();
        return { type: 'polygon', shape: { points: [...upper, ...lower] }, style: { fill: color, opacity: 0.2 } } as CustomSeriesRenderItemReturn;
      };
  return {
    type: 'custom', id, name: s.name, yAxisIndex, silent: true, animation: false, clip: true,
    data: rows, encode: { x: 0, y: [1, 2] }, renderItem, z: 1,
  };
}

/**
 * One ECharts option for one or more line plot states overlaid in one cell. One series per
 * LineSeries (plus its error series); legend when there is more than one.
 */
export function buildLineOption(input: LinePlotState | LinePlotState[], opts: LineOptionOptions): EChartsOption {
  const plots = Array.isArray(input) ? input : [input];
  const first = plots[0];
  if (first.bars) return buildBarsOption(first);
  const { axes, axisOf } = cellAxes(plots);
  const logX = first.x.log === true && !first.xIsTime;
  const series: Record<string, unknown>[] = [];
  let k = 0;
  for (const [pi, plot] of plots.entries()) {
    const mode = plot.mode ?? 'line';
    for (const s of plot.series) {
      const ax = axisOf(pi, s);
      const logY = axes[ax]?.log === true;
      const { data, step } = seriesPoints(s, opts.columns, logY, logX);
      const color = SERIES_COLORS[k % SERIES_COLORS.length];
      const points = mode === 'points';
      series.push({
        type: 'line', id: `s${k}`, name: s.name, data, yAxisIndex: ax,
        step: step || mode === 'histogram' ? (step ? 'end' : 'middle') : false,
        showSymbol: points, symbol: points ? 'circle' : 'none', symbolSize: 4,
        connectNulls: false, color,
        lineStyle: { width: points ? 0 : 1.5, color, opacity: points ? 0 : 1 },
        emphasis: { disabled: true }, animation: false, large: points && data.length > 2000,
      });
      const errors = plot.errors ?? 'bars';
      if (errors !== 'none') {
        const e = errorSeries(s, color, ax, errors, logY, `e${k}`);
        if (e) series.push(e);
      }
      k++;
    }
  }
  const multi = k > 1;
  const xr = opts.view?.x && opts.view.x[1] > opts.view.x[0] ? { min: opts.view.x[0], max: opts.view.x[1] } : xExtent(plots, logX);
  const xTicks = first.ticks?.x ?? 5;
  const yTicks = first.ticks?.y ?? 5;
  const rightAxes = Math.max(0, axes.length - 1);
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit', color: CHART_TEXT },
    grid: { left: 8, right: 18 + Math.max(0, rightAxes - 1) * 64, top: multi ? 30 : 14, bottom: 6, outerBoundsMode: 'same', outerBoundsContain: 'all' } as never,
    legend: {
      show: multi, type: 'scroll', top: 2, left: 'center', icon: 'roundRect', itemWidth: 14, itemHeight: 4,
      textStyle: { color: CHART_MUTED, fontSize: 11 },
      data: series.filter((s) => s.type === 'line').map((s) => String(s.name)),
    },
    tooltip: {
      trigger: 'axis', confine: true, axisPointer: { type: 'line', animation: false },
      valueFormatter: (v) => formatValue(v), textStyle: { fontSize: 12 },
    },
    xAxis: {
      ...baseAxis,
      type: first.xIsTime ? 'time' : logX ? 'log' : 'value',
      name: axisName(first.x),
      scale: true,
      min: xr.min as number,
      max: xr.max as number,
      splitNumber: xTicks,
      splitLine: { show: false },
      axisLabel: first.xIsTime
        ? { ...baseAxis.axisLabel, showMinLabel: false, showMaxLabel: false }
        : { ...baseAxis.axisLabel, ...endLabels(xr.min, xr.max), formatter: logX ? logFormatter : axisFormatter(xr.min, xr.max, xTicks) },
    } as never,
    yAxis: axes.map((a, i) => {
      const view = opts.view?.y?.[i];
      const min = view && view[1] > view[0] ? view[0] : a.min;
      const max = view && view[1] > view[0] ? view[1] : a.max;
      return {
        ...baseAxis,
        type: a.log ? 'log' : 'value',
        name: axisName(a),
        position: i === 0 ? 'left' : 'right',
        offset: i <= 1 ? 0 : (i - 1) * 64,
        nameGap: i === 0 ? 6 : 6,
        scale: true,
        min: Number.isFinite(min) ? min : undefined,
        max: Number.isFinite(max) ? max : undefined,
        splitNumber: yTicks,
        splitLine: { show: i === 0, lineStyle: baseAxis.splitLine.lineStyle },
        axisLine: { ...baseAxis.axisLine, show: axes.length > 1, lineStyle: { color: axes.length > 1 ? SERIES_COLORS[firstSeriesOn(plots, axisOf, i) % SERIES_COLORS.length] : baseAxis.axisLine.lineStyle.color } },
        axisLabel: { ...baseAxis.axisLabel, ...endLabels(min, max), formatter: a.log ? logFormatter : axisFormatter(min, max, yTicks) },
      };
    }) as never,
    series: [...series, ...(opts.overlays ?? [])] as never,
  };
}

function firstSeriesOn(plots: LinePlotState[], axisOf: (pi: number, s: LineSeries) => number, axis: number): number {
  let k = 0;
  for (const [pi, p] of plots.entries()) for (const s of p.series) {
    if (axisOf(pi, s) === axis) return k;
    k++;
  }
  return 0;
}

/** x extent over all series (bin edges included; positive only on a log axis). */
function xExtent(plots: LinePlotState[], log: boolean): { min: number | null; max: number | null } {
  let min = Infinity;
  let max = -Infinity;
  for (const p of plots) {
    for (const s of p.series) {
      const x = s.x;
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        if (log && !(v > 0)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: null, max: null };
  if (min === max) return log ? { min: min / 2, max: max * 2 } : { min: min - 0.5, max: max + 0.5 };
  return { min, max };
}

/** Bars: one bar per source (category axis), error whiskers when there are errors. */
export function buildBarsOption(plot: LinePlotState): EChartsOption {
  const horizontal = plot.bars?.horizontal === true;
  const names = plot.series.map((s) => s.name);
  const values = plot.series.map((s) => (Number.isFinite(s.y[0]) ? s.y[0] : null));
  const a = plot.yAxes?.[0] ?? { ...plot.y, min: plot.yMin, max: plot.yMax, log: false };
  const category = { ...baseAxis, type: 'category', data: names, axisLabel: { ...baseAxis.axisLabel, showMinLabel: true, showMaxLabel: true, interval: 0 } };
  const value = {
    ...baseAxis, type: 'value', name: axisName(a), min: a.min, max: a.max,
    axisLabel: { ...baseAxis.axisLabel, showMinLabel: true, showMaxLabel: true, formatter: axisFormatter(a.min, a.max, 5) },
  };
  const errRows = plot.series.flatMap((s, i) => (s.stddev && Number.isFinite(s.stddev[0]) ? [[i, s.y[0] - s.stddev[0], s.y[0] + s.stddev[0]]] : []));
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit', color: CHART_TEXT },
    grid: { left: 8, right: 18, top: 14, bottom: 6, outerBoundsMode: 'same', outerBoundsContain: 'all' } as never,
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => formatValue(v) },
    xAxis: (horizontal ? value : category) as never,
    yAxis: (horizontal ? category : value) as never,
    series: [
      { type: 'bar', id: 'bars', data: values.map((v, i) => ({ value: v, itemStyle: { color: SERIES_COLORS[i % SERIES_COLORS.length] } })), animation: false, barMaxWidth: 80 },
      ...(errRows.length > 0 ? [{
        type: 'custom', id: 'bar-errors', silent: true, data: errRows,
        encode: horizontal ? { y: 0, x: [1, 2] } : { x: 0, y: [1, 2] },
        renderItem: (_p: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
          const i = Number(api.value(0));
          const lo = Number(api.value(1));
          const hi = Number(api.value(2));
          const p1 = horizontal ? api.coord([lo, i]) : api.coord([i, lo]);
          const p2 = horizontal ? api.coord([hi, i]) : api.coord([i, hi]);
          return { type: 'line', shape: { x1: p1[0], y1: p1[1], x2: p2[0], y2: p2[1] }, style: { stroke: CHART_TEXT, lineWidth: 1.5 } } as CustomSeriesRenderItemReturn;
        },
      }] : []),
    ] as never,
  };
}
