// The table plotter's presentation: one row per source, numbers in the chosen notation
// (reference table_plotter.py: auto / scientific / decimal / compact, with a precision).
import type { TablePlotState } from '../../../shared/plot-state';

export function formatNumber(v: number, notation: TablePlotState['notation'], precision: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  const p = Math.max(0, precision);
  switch (notation) {
    case 'scientific':
      return v.toExponential(p);
    case 'decimal':
      if (precision < 0) {
        const f = 10 ** -precision;
        return String(Math.round(v / f) * f);
      }
      return v.toFixed(p);
    case 'compact': {
      const a = Math.abs(v);
      const units: [number, string][] = [[1e12, 't'], [1e9, 'b'], [1e6, 'm'], [1e3, 'k']];
      for (const [f, s] of units) if (a >= f) return `${Number((v / f).toFixed(p))}${s}`;
      return String(Number(v.toFixed(p)));
    }
    default: {
      const a = Math.abs(v);
      if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(p);
      return v.toFixed(p);
    }
  }
}

export interface TableRowView {
  name: string;
  value: string;
  error: string | null;
  unit: string;
}

export function tableRows(t: TablePlotState): TableRowView[] {
  return t.rows.map((r) => ({
    name: r.name,
    value: formatNumber(r.value, t.notation, t.precision),
    error: r.stddev === null ? null : formatNumber(r.stddev, t.notation, t.precision),
    unit: r.unit ?? '',
  }));
}

/** Renders the table into `host` (plain DOM, replaced on every update: a handful of rows). */
export function renderTable(host: HTMLElement, t: TablePlotState): void {
  const doc = host.ownerDocument;
  const table = doc.createElement('table');
  table.className = 'plot-table';
  table.dataset.testid = 'plot-table';
  const head = table.createTHead().insertRow();
  for (const h of ['Source', 'Value', '±', 'Unit']) {
    const th = doc.createElement('th');
    th.textContent = h;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const r of tableRows(t)) {
    const tr = body.insertRow();
    for (const [i, text] of [r.name, r.value, r.error ?? '', r.unit].entries()) {
      const td = tr.insertCell();
      td.textContent = text;
      if (i === 1 || i === 2) td.className = 'num';
    }
  }
  host.replaceChildren(table);
}
