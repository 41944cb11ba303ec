// Shared look of all charts. Pure data, no DOM. The colours follow the theme: they are live
// bindings that applyChartPalette() (renderer/src/theme/index.ts) reassigns before every cell is
// re-rendered, so option builders read the theme's colours when they run.
import type { AxisInfo } from '../../../shared/plot-state';

export let CHART_TEXT = '#1f2933';
export let CHART_MUTED = '#52606d';
export let CHART_GRID_LINE = '#e4e7eb';
export let CHART_AXIS_LINE = '#9aa5b1';
/** Behind exported pictures (the panel colour of the theme). */
export let CHART_BACKGROUND = '#ffffff';

/** Distinct, colour-blind-friendly series colours (Okabe–Ito order, blue first). */
export const SERIES_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442'];

export function axisName(a: AxisInfo): string {
  const label = a.label || '';
  return a.unit ? `${label} [${a.unit}]` : label;
}

/** Compact number for axis labels and tooltips: 3 significant digits, SI-free. */
export function formatValue(v: unknown): string {
  if (typeof v !== 'number') return v == null ? '–' : String(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(4)).toString();
}

/** A round number (k·10ⁿ or k.5·10ⁿ, like ECharts' own ticks): worth labelling at an axis end. */
export function isRoundNumber(v: number | null | undefined): boolean {
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  if (v === 0) return true;
  const a = Math.abs(v);
  const m2 = (a / Math.pow(10, Math.floor(Math.log10(a)))) * 2;
  return Math.abs(m2 - Math.round(m2)) < 1e-9;
}

/** Axis-label flags for fixed extents: label an end only when it is a round number. */
export function endLabels(min: number | null | undefined, max: number | null | undefined) {
  return { showMinLabel: isRoundNumber(min), showMaxLabel: isRoundNumber(max) };
}

export const baseAxis = {
  nameLocation: 'middle' as const,
  nameGap: 6,
  nameMoveOverlap: true,
  nameTextStyle: { color: CHART_TEXT, fontSize: 12 },
  axisLine: { onZero: false, lineStyle: { color: CHART_AXIS_LINE } },
  axisTick: { length: 4, lineStyle: { color: CHART_AXIS_LINE } },
  // Extents are often odd numbers (shared autoscale, image edges): label only the nice ticks.
  axisLabel: { color: CHART_MUTED, fontSize: 11, margin: 9, hideOverlap: true, showMinLabel: false, showMaxLabel: false },
  splitLine: { lineStyle: { color: CHART_GRID_LINE } },
};

/**
 * One number format for every tick of an axis (never "1", "1.5", "2.25" side by side): fixed
 * decimals from the tick step, or scientific with a fixed mantissa for large/small magnitudes.
 */
export function axisFormatter(min: number | null | undefined, max: number | null | undefined, ticks = 5): (v: number) => string {
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max) || max <= min) return (v) => formatValue(v);
  const step = (max - min) / Math.max(1, ticks);
  const mag = Math.max(Math.abs(min), Math.abs(max));
  if (mag >= 1e5 || (mag < 1e-3 && mag > 0)) {
    const digits = Math.max(0, Math.min(6, Math.ceil(Math.log10(mag / step))));
    return (v) => (v === 0 ? '0' : v.toExponential(digits));
  }
  // One decimal finer than the estimated step, so the actual nice step (1, 2, 2.5, 5 ×10ⁿ) fits.
  const decimals = step >= 1 ? 0 : Math.max(0, Math.min(8, -Math.floor(Math.log10(step)) + 1));
  return (v) => {
    const s = v.toFixed(decimals);
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  };
}

/** Labels for log axes: powers of ten as 10^n beyond 1e±3, plain numbers otherwise. */
export function logFormatter(v: number): string {
  if (!(v > 0)) return formatValue(v);
  const e = Math.log10(v);
  if (Math.abs(e - Math.round(e)) < 1e-9 && Math.abs(e) > 3) return `1e${Math.round(e)}`;
  return formatValue(v);
}

/** Switches the chart colours (theme change); the caller re-renders the charts. */
export function applyChartPalette(p: { text: string; muted: string; gridLine: string; axisLine: string; background: string; dark: boolean }): void {
  CHART_TEXT = p.text;
  CHART_MUTED = p.muted;
  CHART_GRID_LINE = p.gridLine;
  CHART_AXIS_LINE = p.axisLine;
  CHART_BACKGROUND = p.background;
  baseAxis.nameTextStyle.color = p.text;
  baseAxis.axisLine.lineStyle.color = p.axisLine;
  baseAxis.axisTick.lineStyle.color = p.axisLine;
  baseAxis.axisLabel.color = p.muted;
  baseAxis.splitLine.lineStyle.color = p.gridLine;
  // Okabe–Ito's black is the one series colour a dark background swallows.
  SERIES_COLORS[6] = p.dark ? '#e4e7eb' : '#000000';
}
