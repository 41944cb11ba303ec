// Parameter schemas as data: one format for a workflow's parameters (the configure dialog,
// the wire JSON of WorkflowConfig.params) and a plotter's parameters (the plot wizard's form,
// a layer's params). A form is generated from it; values are validated against it in main.
//
// Values are nested objects: a group's key is a nested object, a field's key a value in it,
// exactly as the reference's pydantic models serialise (e.g. toa_edges: {start, stop,
// num_bins, unit}).
import { z } from 'zod';
import type { JsonObject, JsonValue } from './json';

const key = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a field key is an identifier');
const text = z.string().max(2000);

const base = {
  key,
  title: z.string().min(1).max(200),
  description: text.optional(),
};

export const NumberFieldSchema = z.object({
  ...base,
  kind: z.literal('number'),
  /** Integers only (e.g. bin counts). */
  integer: z.boolean().default(false),
  default: z.number().nullable(),
  /** Shown next to the input; the unit itself, when selectable, is a sibling enum field. */
  unit: z.string().max(50).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Limits are exclusive (e.g. > 0 for a log axis). */
  exclusiveMin: z.boolean().default(false),
  exclusiveMax: z.boolean().default(false),
  /** null is accepted (optional value). */
  nullable: z.boolean().default(false),
});
export const BoolFieldSchema = z.object({ ...base, kind: z.literal('bool'), default: z.boolean() });
export const StringFieldSchema = z.object({
  ...base,
  kind: z.literal('string'),
  default: z.string().nullable(),
  maxLength: z.number().int().positive().default(200),
  nullable: z.boolean().default(false),
  /** A regular expression the whole text must match (e.g. a comma-separated number list). */
  pattern: z.string().max(500).optional(),
  /** Shown when `pattern` does not match. */
  patternMessage: z.string().max(500).optional(),
});
export const EnumFieldSchema = z.object({
  ...base,
  kind: z.literal('enum'),
  options: z.array(z.object({ value: z.union([z.string(), z.number()]), title: z.string().max(200).optional() })).min(1),
  default: z.union([z.string(), z.number()]),
});
/** A list of numbers (e.g. explicit bin edges, a list of positions). */
export const NumberListFieldSchema = z.object({
  ...base,
  kind: z.literal('numbers'),
  default: z.array(z.number()),
  unit: z.string().max(50).optional(),
  minItems: z.number().int().min(0).default(0),
  maxItems: z.number().int().min(1).default(10_000),
  /** Strictly increasing (edges). */
  increasing: z.boolean().default(false),
});

export type ParamField =
  | z.infer<typeof NumberFieldSchema>
  | z.infer<typeof BoolFieldSchema>
  | z.infer<typeof StringFieldSchema>
  | z.infer<typeof EnumFieldSchema>
  | z.infer<typeof NumberListFieldSchema>
  | ParamGroup;

/** Cross-field rules on a group's direct fields, as the reference's model validators. */
export const GroupCheckSchema = z.discriminatedUnion('kind', [
  /** a < b (or a <= b), e.g. start < stop. Skipped while either is null. */
  z.object({ kind: z.literal('less'), a: key, b: key, orEqual: z.boolean().default(false), message: text }),
  /** When `when` equals `value`, `field` must not be null. */
  z.object({ kind: z.literal('requiredWhen'), field: key, when: key, value: z.union([z.string(), z.number(), z.boolean()]), message: text }),
  /** When `when` equals `value`, `field` must be > 0 (e.g. a log-scale start). */
  z.object({ kind: z.literal('positiveWhen'), field: key, when: key, value: z.union([z.string(), z.number(), z.boolean()]), message: text }),
  /** `field` must not take `value` (an option the service rejects, e.g. one not yet available). */
  z.object({ kind: z.literal('notEqual'), field: key, value: z.union([z.string(), z.number(), z.boolean()]), message: text }),
]);
export type GroupCheck = z.infer<typeof GroupCheckSchema>;

export interface ParamGroup {
  kind: 'group';
  key: string;
  title: string;
  description?: string;
  fields: ParamField[];
  checks?: GroupCheck[];
  /** Shown only when a sibling field has this value (e.g. toa_edges only in TOA mode). */
  visibleWhen?: { field: string; value: string | number | boolean };
}

export const ParamGroupSchema: z.ZodType<ParamGroup> = z.lazy(() =>
  z.object({
    kind: z.literal('group'),
    key,
    title: z.string().min(1).max(200),
    description: text.optional(),
    fields: z.array(ParamFieldSchema).max(200),
    checks: z.array(GroupCheckSchema).optional(),
    visibleWhen: z.object({ field: key, value: z.union([z.string(), z.number(), z.boolean()]) }).optional(),
  }),
) as z.ZodType<ParamGroup>;

export const ParamFieldSchema: z.ZodType<ParamField> = z.lazy(() =>
  z.union([NumberFieldSchema, BoolFieldSchema, StringFieldSchema, EnumFieldSchema, NumberListFieldSchema, ParamGroupSchema]),
) as z.ZodType<ParamField>;

/** A whole parameter schema: the top-level fields (usually groups). */
export type ParamSchema = ParamField[];
export const ParamSchemaSchema = z.array(ParamFieldSchema).max(200);

/** The default values of a schema, nested as on the wire. */
export function defaultParams(schema: ParamSchema): JsonObject {
  const out: JsonObject = {};
  for (const f of schema) out[f.key] = f.kind === 'group' ? defaultParams(f.fields) : (f.default as JsonValue);
  return out;
}

export interface ParamProblem {
  /** Dotted path of the field, e.g. "toa_edges.num_bins". */
  path: string;
  message: string;
}

/**
 * Validates `values` against `schema`; missing values take their defaults. Returns the
 * completed values (unknown keys dropped) and every problem found, each with its path.
 */
export function validateParams(schema: ParamSchema, values: unknown, prefix = ''): { values: JsonObject; problems: ParamProblem[] } {
  const src = (values && typeof values === 'object' && !Array.isArray(values) ? values : {}) as Record<string, unknown>;
  const out: JsonObject = {};
  const problems: ParamProblem[] = [];
  for (const f of schema) {
    const path = prefix ? `${prefix}.${f.key}` : f.key;
    const v = src[f.key];
    if (f.kind === 'group') {
      const r = validateParams(f.fields, v, path);
      out[f.key] = r.values;
      problems.push(...r.problems);
      for (const c of f.checks ?? []) {
        if (c.kind === 'less') {
          const a = r.values[c.a];
          const b = r.values[c.b];
          if (typeof a === 'number' && typeof b === 'number' && !(c.orEqual ? a <= b : a < b)) problems.push({ path: `${path}.${c.b}`, message: c.message });
        } else if (c.kind === 'requiredWhen') {
          if (r.values[c.when] === c.value && r.values[c.field] === null) problems.push({ path: `${path}.${c.field}`, message: c.message });
        } else if (c.kind === 'positiveWhen') {
          const v = r.values[c.field];
          if (r.values[c.when] === c.value && typeof v === 'number' && v <= 0) problems.push({ path: `${path}.${c.field}`, message: c.message });
        } else if (r.values[c.field] === c.value) {
          problems.push({ path: `${path}.${c.field}`, message: c.message });
        }
      }
      continue;
    }
    const value = v === undefined ? f.default : v;
    const problem = checkField(f, value);
    if (problem) problems.push({ path, message: problem });
    out[f.key] = (problem ? f.default : value) as JsonValue;
  }
  return { values: out, problems };
}

function checkField(f: Exclude<ParamField, ParamGroup>, value: unknown): string | null {
  switch (f.kind) {
    case 'number': {
      if (value === null) return f.nullable ? null : 'a value is required';
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (f.integer && !Number.isInteger(value)) return 'must be a whole number';
      if (f.min !== undefined && (f.exclusiveMin ? value <= f.min : value < f.min)) return `must be ${f.exclusiveMin ? '>' : '≥'} ${f.min}`;
      if (f.max !== undefined && (f.exclusiveMax ? value >= f.max : value > f.max)) return `must be ${f.exclusiveMax ? '<' : '≤'} ${f.max}`;
      return null;
    }
    case 'bool':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'string':
      if (value === null) return f.nullable ? null : 'a value is required';
      if (typeof value !== 'string') return 'must be text';
      if (value.length > f.maxLength) return `at most ${f.maxLength} characters`;
      if (f.pattern !== undefined && !new RegExp(f.pattern).test(value)) return f.patternMessage ?? 'has the wrong form';
      return null;
    case 'enum':
      return f.options.some((o) => o.value === value) ? null : `must be one of ${f.options.map((o) => String(o.value)).join(', ')}`;
    case 'numbers': {
      if (!Array.isArray(value) || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) return 'must be a list of numbers';
      if (value.length < f.minItems) return `at least ${f.minItems} values`;
      if (value.length > f.maxItems) return `at most ${f.maxItems} values`;
      if (f.increasing && value.some((x, i) => i > 0 && x <= (value[i - 1] as number))) return 'values must increase';
      return null;
    }
  }
}
