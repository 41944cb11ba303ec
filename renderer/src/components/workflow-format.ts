// Pure helpers of the workflow card, configure dialog and System tab (unit-tested without a DOM).
import type { JsonObject, JsonValue } from '../../../shared/json';
import { defaultParams, type ParamSchema } from '../../../shared/params';

const p2 = (n: number): string => String(n).padStart(2, '0');

/** "14:03:07 UTC": times on cards and logs are UTC, as in a control room log book. */
export function formatUtcClock(ms: number): string {
  const t = new Date(ms);
  return `${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())} UTC`;
}

/** "2026-11-25 14:03:07 UTC". */
export function formatUtcDateTime(ms: number): string {
  const t = new Date(ms);
  return `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())} ${formatUtcClock(ms)}`;
}

/** The hover text: the same instant in the viewer's local time. */
export function localTimeTitle(ms: number): string {
  const t = new Date(ms);
  return `Local time: ${t.getFullYear()}-${p2(t.getMonth() + 1)}-${p2(t.getDate())} ${p2(t.getHours())}:${p2(t.getMinutes())}:${p2(t.getSeconds())}`;
}

/**
 * What differs from the defaults, as "toa_edges.num_bins = 50" lines (a group's summary on the
 * card); empty when the params are the defaults.
 */
export function paramDifferences(schema: ParamSchema, params: JsonObject): string[] {
  if (schema.length === 0) return [];
  const out: string[] = [];
  const walk = (defaults: JsonValue, value: JsonValue | undefined, path: string): void => {
    if (defaults !== null && typeof defaults === 'object' && !Array.isArray(defaults)) {
      const v = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
      for (const k of Object.keys(defaults)) walk(defaults[k], (v as JsonObject)[k], path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(defaults) !== JSON.stringify(value ?? null)) out.push(`${path} = ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  };
  walk(defaultParams(schema), params, '');
  return out;
}

/** Newest first, filtered by level ('all' keeps every entry), at most `limit`. */
export function filterLog<T extends { level: string; seq: number }>(entries: readonly T[], level: string, limit = 100): T[] {
  return entries.filter((e) => level === 'all' || e.level === level).slice(0, limit);
}

/** Total messages over the stream-stats window (the workers panel's "Msgs" figure). */
export function streamTotal(stats: { streams: { count: number }[] } | null | undefined): number | null {
  if (!stats) return null;
  return stats.streams.reduce((a, s) => a + s.count, 0);
}

/** Why the configure dialog's Apply is disabled (its hover text), or null when it is not. */
export function applyBlockedReason(selectedSources: number, problems: number, sending: boolean): string | null {
  if (sending) return 'Sending…';
  if (selectedSources === 0) return 'Select at least one source first';
  if (problems > 0) return problems === 1 ? 'Fix the problem marked in red first' : `Fix the ${problems} problems marked in red first`;
  return null;
}

const WINDOW_WORDS: Record<string, string> = { cumulative: 'since start', current: 'latest update', timeseries: 'time series' };

/**
 * The card's output chips: the title, and where two outputs share a title ("Total" of the latest
 * update and "Total" since start) the window it covers, else its name — never two equal chips.
 * `details` are the catalogue's outputs (temporality, description), when known.
 */
export function outputChips(
  outputs: readonly { name: string; title: string }[],
  details: readonly { name: string; temporality?: string; description?: string }[] = [],
): { name: string; label: string; hover: string }[] {
  const count = new Map<string, number>();
  for (const o of outputs) count.set(o.title || o.name, (count.get(o.title || o.name) ?? 0) + 1);
  const first = outputs.map((o) => {
    const base = o.title || o.name;
    const d = details.find((x) => x.name === o.name);
    const word = d?.temporality ? WINDOW_WORDS[d.temporality] : undefined;
    return { o, d, label: (count.get(base) ?? 0) > 1 ? `${base} (${word ?? o.name})` : base };
  });
  const again = new Map<string, number>();
  for (const c of first) again.set(c.label, (again.get(c.label) ?? 0) + 1);
  return first.map(({ o, d, label }) => ({
    name: o.name,
    label: (again.get(label) ?? 0) > 1 ? `${label} · ${o.name}` : label,
    hover: d?.description ? `${o.name}: ${d.description}` : o.name,
  }));
}

/** "a, b, c and 45 more": a source list that stays one short line on a card (hover shows all). */
export function shortList(items: readonly string[], max = 3): string {
  if (items.length <= max + 1) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * Status dots of a card: one per source while they fit, else one per state with its count
 * ("48 no status") — a workflow over 50 device streams must not push its buttons off the card.
 */
export function groupDots<T extends { source: string; cls: string; tooltip: string }>(
  dots: readonly T[],
  max = 8,
): { key: string; cls: string; tooltip: string; count: number | null }[] {
  if (dots.length <= max) return dots.map((d) => ({ key: d.source, cls: d.cls, tooltip: d.tooltip, count: null }));
  const byCls = new Map<string, T[]>();
  for (const d of dots) byCls.set(d.cls, [...(byCls.get(d.cls) ?? []), d]);
  return [...byCls.entries()].map(([cls, list]) => ({
    key: cls,
    cls,
    count: list.length,
    tooltip: `${list.length} ${list.length === 1 ? 'source' : 'sources'}: ${cls === 'none' ? 'no status' : cls}\n${shortList(list.map((d) => d.source), 12)}`,
  }));
}
