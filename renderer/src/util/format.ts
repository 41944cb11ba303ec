// Small pure helpers for labels, test ids and times.
import type { ConnectionView, WorkflowStatus } from '../../../shared/protocol';

/** Test-id slug of a grid title: lowercase, every non-alphanumeric character → '-'. */
export function gridSlug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]/g, '-');
}

/**
 * The name part of a workflow id: "dummy/monitor_data/monitor_histogram/1" → "monitor_histogram"
 * (ids are instrument/namespace/name/version; a trailing numeric version is skipped).
 */
export function workflowNamePart(id: string): string {
  const parts = id.split('/').filter((p) => p.length > 0);
  if (parts.length === 0) return id;
  const last = parts[parts.length - 1];
  if (parts.length >= 2 && /^v?\d+$/.test(last)) return parts[parts.length - 2];
  return last;
}

/** ns since epoch as a decimal string (exact int64) → ms since epoch, or null. */
export function nsToMs(ns: string | null | undefined): number | null {
  if (ns == null || ns === '') return null;
  try {
    return Number(BigInt(ns) / 1_000_000n);
  } catch {
    const v = Number(ns);
    return Number.isFinite(v) ? v / 1e6 : null;
  }
}

export type Freshness = 'fresh' | 'stale' | 'old';

/** Data age bands of the freshness pill: < 5 s fresh, < 30 s stale, else old. */
export function freshness(ageMs: number): Freshness {
  if (ageMs < 5000) return 'fresh';
  if (ageMs < 30000) return 'stale';
  return 'old';
}

/** "2.3s", "41s", "3m", "2h", "3d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 60) return `${Math.floor(s)}s`;
  const m = s / 60;
  if (m < 60) return `${Math.floor(m)}m`;
  const h = m / 60;
  if (h < 48) return `${Math.floor(h)}h`;
  return `${Math.floor(h / 24)}d`;
}

/** Running duration: "12s", "2m 5s", "1h 3m", "2d 4h". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** HH:MM:SS in local time. */
export function formatClock(ms: number): string {
  const t = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}`;
}

export const TOAST_MAX_CHARS = 120;

/** Toast text: the first line only, cut to 120 characters (with an ellipsis when cut). */
export function toastText(message: string): string {
  const first = (message ?? '').split(/\r?\n/, 1)[0].trim();
  if (first.length <= TOAST_MAX_CHARS) return first;
  return first.slice(0, TOAST_MAX_CHARS - 1) + '…';
}

/** Toast lifetime per level, ms. */
export function toastDurationMs(level: 'info' | 'success' | 'warning' | 'error'): number {
  switch (level) {
    case 'error':
      return 30000;
    case 'warning':
      return 8000;
    default:
      return 3000;
  }
}

/**
 * "Demo (dummy)", "Kafka broker:9092", "Replay file.mcap". A description that already starts with
 * the kind ("demo (dummy)", "kafka broker:9092") is not repeated.
 */
export function sourceLabel(c: Pick<ConnectionView, 'sourceKind' | 'description'> | null): string {
  if (!c) return '—';
  let d = (c.description ?? '').trim();
  const lead = /^(demo|fake|kafka|replay)\b[\s:]*/i.exec(d);
  if (lead) {
    d = d.slice(lead[0].length).trim();
    const wrapped = /^\((.*)\)$/.exec(d);
    if (wrapped) d = wrapped[1].trim();
  }
  switch (c.sourceKind) {
    case 'fake':
      return d ? `Demo (${d})` : 'Demo';
    case 'kafka':
      return d ? `Kafka ${d}` : 'Kafka';
    case 'replay':
      return d ? `Replay ${d}` : 'Replay';
    default:
      return d || String(c.sourceKind);
  }
}

/** 1234 → "1.2k", 12_345_678 → "12.3M". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a < 1000) return String(Math.round(n * 10) / 10);
  if (a < 1e6) return `${(n / 1e3).toFixed(1)}k`;
  if (a < 1e9) return `${(n / 1e6).toFixed(1)}M`;
  return `${(n / 1e9).toFixed(1)}G`;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${units[i]}`;
}

export const STATUS_ORDER: Record<WorkflowStatus, number> = { ERROR: 0, WARNING: 1, PENDING: 2, ACTIVE: 3, STOPPED: 4 };
