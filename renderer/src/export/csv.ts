// CSV of what a cell shows, in full precision: lines (and histograms: bin edges as two columns),
// time series (ISO time and ms), bars and tables. A few '#' comment lines describe the export
// (pandas: read_csv(..., comment='#')); numbers are written in their shortest exact form.
import type { LinePlotState, LineSeries, TablePlotState } from '../../../shared/plot-state';
import { isHistogram } from '../presenters/line-presenter';

export interface ExportMeta {
  title: string;
  instrument: string | null;
  workflowId: string;
  outputName: string;
  sourceNames: string[];
  /** ISO time of the export. */
  exportedAt: string;
  startTime: string | null;
  endTime: string | null;
}

/** A value as CSV text: shortest round-trip form; NaN/±∞ empty (a gap); text quoted when needed. */
export function csvCell(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\n\r#]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

const row = (cells: (number | string | null | undefined)[]): string => cells.map(csvCell).join(',');
const withUnit = (name: string, unit: string | null | undefined): string => (unit ? `${name} [${unit}]` : name);

export function metaLines(m: ExportMeta): string[] {
  const nsIso = (ns: string | null): string => (ns && /^-?\d+$/.test(ns) ? new Date(Number(BigInt(ns) / 1_000_000n)).toISOString() : '');
  return [
    '# Livedata Desktop export',
    `# title: ${m.title}`,
    `# instrument: ${m.instrument ?? ''}`,
    `# workflow: ${m.workflowId}`,
    `# output: ${m.outputName}`,
    `# sources: ${m.sourceNames.join(', ')}`,
    `# data time: ${nsIso(m.startTime)} .. ${nsIso(m.endTime)}`,
    `# exported: ${m.exportedAt}`,
  ];
}

function sameX(series: LineSeries[]): boolean {
  const first = series[0]?.x;
  if (!first) return true;
  return series.every((s) => s.x.length === first.length && s.x.every((v, i) => v === first[i] || (Number.isNaN(v) && Number.isNaN(first[i]!))));
}

function yUnitOf(plot: LinePlotState, s: LineSeries): string | null {
  const axes = plot.yAxes;
  return axes && s.axis !== undefined && axes[s.axis] ? axes[s.axis]!.unit : plot.y.unit;
}

/** Lines, overlay_1d, histograms and time series. */
export function lineCsv(plot: LinePlotState, meta: ExportMeta): string {
  if (plot.bars) return barsCsv(plot, meta);
  const lines = metaLines(meta);
  const series = plot.series;
  const xName = plot.x.label || 'x';
  const hist = series.length > 0 && series.every(isHistogram);
  if (plot.xIsTime) {
    // One row per point: time series rarely share timestamps.
    lines.push(row(['series', 'time (UTC)', 'time [ms since epoch]', 'value', 'stddev', 'unit']));
    for (const s of series) {
      const n = Math.min(s.x.length, s.y.length);
      for (let i = 0; i < n; i++) {
        const t = s.x[i]!;
        lines.push(row([s.name, Number.isFinite(t) ? new Date(t).toISOString() : '', t, s.y[i], s.stddev?.[i] ?? null, yUnitOf(plot, s)]));
      }
    }
    return lines.join('\n') + '\n';
  }
  if (sameX(series)) {
    const x = series[0]?.x ?? new Float64Array();
    const head = hist ? [withUnit(`${xName} (bin start)`, plot.x.unit), withUnit(`${xName} (bin end)`, plot.x.unit)] : [withUnit(xName, plot.x.unit)];
    for (const s of series) {
      head.push(withUnit(s.name || 'y', yUnitOf(plot, s)));
      if (s.stddev) head.push(withUnit(`${s.name || 'y'} stddev`, yUnitOf(plot, s)));
    }
    lines.push(row(head));
    const n = hist ? x.length - 1 : x.length;
    for (let i = 0; i < n; i++) {
      const cells: (number | null)[] = hist ? [x[i]!, x[i + 1]!] : [x[i]!];
      for (const s of series) {
        cells.push(i < s.y.length ? s.y[i]! : null);
        if (s.stddev) cells.push(i < s.stddev.length ? s.stddev[i]! : null);
      }
      lines.push(row(cells));
    }
    return lines.join('\n') + '\n';
  }
  // Different x per series: long format.
  lines.push(row(['series', ...(hist ? [withUnit(`${xName} (bin start)`, plot.x.unit), withUnit(`${xName} (bin end)`, plot.x.unit)] : [withUnit(xName, plot.x.unit)]), 'value', 'stddev', 'unit']));
  for (const s of series) {
    const h = isHistogram(s);
    const n = h ? s.y.length : Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++) {
      const xs = hist ? [s.x[i]!, h ? s.x[i + 1]! : null] : [s.x[i]!];
      lines.push(row([s.name, ...xs, s.y[i], s.stddev?.[i] ?? null, yUnitOf(plot, s)]));
    }
  }
  return lines.join('\n') + '\n';
}

/** Bars: one value per series. */
export function barsCsv(plot: LinePlotState, meta: ExportMeta): string {
  const lines = metaLines(meta);
  lines.push(row(['name', 'value', 'stddev', 'unit']));
  for (const s of plot.series) lines.push(row([s.name, s.y[s.y.length - 1] ?? null, s.stddev?.[s.stddev.length - 1] ?? null, yUnitOf(plot, s)]));
  return lines.join('\n') + '\n';
}

export function tableCsv(plot: TablePlotState, meta: ExportMeta): string {
  const lines = metaLines(meta);
  lines.push(row(['name', 'value', 'stddev', 'unit']));
  for (const r of plot.rows) lines.push(row([r.name, r.value, r.stddev, r.unit]));
  return lines.join('\n') + '\n';
}

/** Parses our own CSV back (tests, and a check that what we write reads): comment lines skipped. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cells: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let j = i + 1;
        let s = '';
        while (j < line.length) {
          if (line[j] === '"' && line[j + 1] === '"') {
            s += '"';
            j += 2;
          } else if (line[j] === '"') break;
          else s += line[j++];
        }
        cells.push(s);
        i = j + 2;
      } else {
        const j = line.indexOf(',', i);
        const end = j < 0 ? line.length : j;
        cells.push(line.slice(i, end));
        i = end + 1;
      }
    }
    out.push(cells);
  }
  return out;
}
