// LinePlotState → ECharts option. Pure: no DOM, unit-tested under Node.
import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { LinePlotState, LineSeries } from '../../../shared/plot-state';
import { minMaxDownsample } from '../../../shared/downsample';
import { axisName, baseAxis, CHART_MUTED, CHART_TEXT, endLabels, formatValue, SERIES_COLORS } from './chart-style';

/** Upper bound of points handed to ECharts per series (before the histogram's closing point). */
export const MAX_POINTS_PER_SERIES = 4000;

export function isHistogram(s: LineSeries): boolean {
  return s.x.length === s.y.length + 1 && s.y.length > 0;
}

/**
 * Points of one series as [x, y] pairs (NaN y → null, a gap), downsampled to about two points
 * per pixel column. Histograms (x = bin edges) become the left edge of every bin plus a closing
 * point at the last edge, drawn with `step: 'end'` so each bin is a flat segment.
 */
export function seriesPoints(s: LineSeries, columns: number): { data: [number, number | null][]; step: boolean } {
  const hist = isHistogram(s);
  const n = hist ? s.y.length : Math.min(s.x.length, s.y.length);
  const xs = hist ? s.x.subarray(0, n) : s.x.subarray(0, n);
  const cols = Math.max(1, Math.min(Math.floor(columns), MAX_POINTS_PER_SERIES / 2));
  const { x, y } = minMaxDownsample(xs, s.y.subarray(0, n), cols);
  const data: [number, number | null][] = new Array(x.length + (hist ? 1 : 0));
  for (let i = 0; i < x.length; i++) data[i] = [x[i], Number.isFinite(y[i]) ? y[i] : null];
  if (hist) {
    const lastY = s.y[n - 1];
    data[x.length] = [s.x[n], Number.isFinite(lastY) ? lastY : null];
  }
  return { data, step: hist };
}

export interface LineOptionOptions {
  /** Width of the plot area in pixels: the number of downsampling columns. */
  columns: number;
}

/** Shared y limits from the plot states; nulls (autoscale) so a merge clears old limits. */
function limits(plots: LinePlotState[]): { min: number | null; max: number | null } {
  let min = Infinity;
  let max = -Infinity;
  for (const p of plots) {
    if (typeof p.yMin === 'number' && Number.isFinite(p.yMin)) min = Math.min(min, p.yMin);
    if (typeof p.yMax === 'number' && Number.isFinite(p.yMax)) max = Math.max(max, p.yMax);
  }
  if (Number.isFinite(min) && Number.isFinite(max) && max > min) return { min, max };
  if (Number.isFinite(min) && Number.isFinite(max) && max === min) {
    const pad = Math.abs(min) * 0.1 || 1;
    return { min: min - pad, max: max + pad };
  }
  return { min: null, max: null };
}

/** x extent over all series (bin edges included), or nulls when there is no finite x. */
function xExtent(plots: LinePlotState[]): { min: number | null; max: number | null } {
  let min = Infinity;
  let max = -Infinity;
  for (const p of plots) {
    for (const s of p.series) {
      const x = s.x;
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: null, max: null };
  if (min === max) return { min: min - 0.5, max: max + 0.5 };
  return { min, max };
}

/**
 * One ECharts option for one or more line plot states overlaid in one cell (axes from the
 * first). One series per LineSeries; legend only when there is more than one series.
 */
export function buildLineOption(input: LinePlotState | LinePlotState[], opts: LineOptionOptions): EChartsOption {
  const plots = Array.isArray(input) ? input : [input];
  const first = plots[0];
  const series: LineSeriesOption[] = [];
  for (const plot of plots) {
    for (const s of plot.series) {
      const { data, step } = seriesPoints(s, opts.columns);
      const color = SERIES_COLORS[series.length % SERIES_COLORS.length];
      series.push({
        type: 'line',
        id: `s${series.length}`,
        name: s.name,
        data,
        step: step ? 'end' : false,
        showSymbol: false,
        symbol: 'none',
        connectNulls: false,
        sampling: undefined,
        color,
        lineStyle: { width: 1.5, color },
        emphasis: { disabled: true },
        animation: false,
      });
    }
  }
  const multi = series.length > 1;
  const y = limits(plots);
  const x = xExtent(plots);
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit', color: CHART_TEXT },
    grid: {
      left: 8,
      right: 18,
      top: multi ? 30 : 14,
      bottom: 6,
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    legend: {
      show: multi,
      type: 'scroll',
      top: 2,
      left: 'center',
      icon: 'roundRect',
      itemWidth: 14,
      itemHeight: 4,
      textStyle: { color: CHART_MUTED, fontSize: 11 },
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'line', animation: false },
      valueFormatter: (v) => formatValue(v),
      textStyle: { fontSize: 12 },
    },
    xAxis: {
      ...baseAxis,
      type: first.xIsTime ? 'time' : 'value',
      name: axisName(first.x),
      scale: true,
      min: x.min as number,
      max: x.max as number,
      splitLine: { show: false },
      axisLabel: first.xIsTime
        ? baseAxis.axisLabel
        : { ...baseAxis.axisLabel, ...endLabels(x.min, x.max), formatter: (v: number) => formatValue(v) },
    },
    yAxis: {
      ...baseAxis,
      type: 'value',
      name: axisName(first.y),
      scale: true,
      min: y.min as number,
      max: y.max as number,
      axisLabel: { ...baseAxis.axisLabel, ...endLabels(y.min, y.max), formatter: (v: number) => formatValue(v) },
    },
    series,
  };
}
