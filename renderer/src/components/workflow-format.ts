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
