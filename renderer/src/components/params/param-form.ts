// Pure helpers of the generated parameter form (kept out of the .vue files so they can be
// unit-tested without a DOM).
import type { JsonObject, JsonValue } from '../../../../shared/json';
import type { ParamField, ParamSchema } from '../../../../shared/params';

/** Every field and group path of a schema ("toa_edges", "toa_edges.num_bins", ...). */
export function fieldPaths(schema: ParamSchema, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const f of schema) {
    const path = prefix ? `${prefix}.${f.key}` : f.key;
    out.add(path);
    if (f.kind === 'group') for (const p of fieldPaths(f.fields, path)) out.add(p);
  }
  return out;
}

/** A copy of `obj` with `key` set (the form never mutates the value it was given). */
export function withKey(obj: JsonObject | null | undefined, key: string, value: JsonValue): JsonObject {
  return { ...(obj ?? {}), [key]: value };
}

/** The object under `key` (a group's value), or an empty one. */
export function subObject(obj: JsonObject | null | undefined, key: string): JsonObject {
  const v = obj?.[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {};
}

/** Whether a group is shown: a `visibleWhen` group only while its sibling has that value. */
export function groupVisible(field: ParamField, siblings: JsonObject): boolean {
  if (field.kind !== 'group' || !field.visibleWhen) return true;
  const { field: key, value } = field.visibleWhen;
  const current = siblings[key];
  return current === undefined ? true : current === value;
}

/**
 * What a number input's text means: a finite number, null when empty and allowed, otherwise
 * the text itself — validateParams then reports "must be a number" next to the field instead
 * of the form silently keeping an old value.
 */
export function parseNumberText(text: string, nullable: boolean): JsonValue {
  const t = text.trim();
  if (t === '') return nullable ? null : '';
  const n = Number(t);
  return Number.isFinite(n) ? n : text;
}

/** A comma/space separated list of numbers; the text itself when any item is not a number. */
export function parseNumberListText(text: string): JsonValue {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const nums = parts.map(Number);
  return nums.every((n) => Number.isFinite(n)) ? nums : text;
}

/** The text an input shows for a value. */
export function valueText(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return String(value);
}

/** "≥ 0, < 100" for a number field's limits (shown as a hint). */
export function limitsText(f: ParamField): string {
  if (f.kind !== 'number') return '';
  const parts: string[] = [];
  if (f.min !== undefined) parts.push(`${f.exclusiveMin ? '>' : '≥'} ${f.min}`);
  if (f.max !== undefined) parts.push(`${f.exclusiveMax ? '<' : '≤'} ${f.max}`);
  if (f.integer) parts.push('whole number');
  return parts.join(', ');
}

/**
 * The value shown and edited: `value` over the schema's defaults (deep), so a partial value
 * (a plot layer's params, an old saved config) shows every field with what will be used.
 */
export function withDefaults(defaults: JsonObject, value: JsonObject | null | undefined): JsonObject {
  const out: JsonObject = { ...defaults };
  for (const [k, v] of Object.entries(value ?? {})) {
    const d = defaults[k];
    const bothObjects = d !== null && typeof d === 'object' && !Array.isArray(d) && v !== null && typeof v === 'object' && !Array.isArray(v);
    out[k] = bothObjects ? withDefaults(d as JsonObject, v as JsonObject) : v;
  }
  return out;
}

/**
 * The unit a group's number fields are in when the unit is itself a choice (the reference's
 * {start, stop, num_bins, unit} models): the chosen option's title, or '' when the group has
 * no `unit` choice. Shown next to each number field that names no unit of its own.
 */
export function siblingUnit(fields: readonly ParamField[], value: JsonObject): string {
  const f = fields.find((x) => x.kind === 'enum' && x.key === 'unit');
  if (!f || f.kind !== 'enum') return '';
  const current = value[f.key] ?? f.default;
  const option = f.options.find((o) => o.value === current);
  return option ? (option.title ?? String(option.value)) : typeof current === 'string' ? current : '';
}
