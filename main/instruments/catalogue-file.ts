// The instrument catalogue file format `livedata-catalogue/1` (docs/catalogues.md): one YAML
// file per instrument, validated here. Every problem is reported with the file, the path of the
// field (e.g. `workflows[2] (dummy/panel_0_xy/1).outputs[0].dims[1].size`) and what is wrong.
import { z } from 'zod';
import { parseDocument } from 'yaml';
import { JsonObjectSchema } from '../../shared/json';
import {
  BoolFieldSchema, EnumFieldSchema, GroupCheckSchema, NumberFieldSchema, NumberListFieldSchema, ParamSchemaSchema, StringFieldSchema,
  type ParamField, type ParamSchema,
} from '../../shared/params';
import { PLOTTERS } from '../../shared/plotters';

export const CATALOGUE_FORMAT = 'livedata-catalogue/1';

const name = z.string().min(1).max(200);
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier (letters, digits, _)');
const text = z.string().max(5000);

const DimSchema = z.strictObject({
  name,
  /** Unit of the dim's coordinate; null when the dim has none (pixel indices). */
  unit: z.string().max(50).nullable().default(null),
  /** The coordinate holds bin edges (a histogram axis). */
  edges: z.boolean().default(false),
  /** The param group (start, stop, num_bins, scale, unit) that defines this axis. */
  edgesParam: identifier.optional(),
  /** Demo only: number of elements the demo backend synthesises (default: from edgesParam, else 64). */
  size: z.number().int().min(1).max(4096).optional(),
  /** Demo only: coordinate range [start, stop] when no edgesParam defines it. */
  range: z.tuple([z.number(), z.number()]).optional(),
});

const OutputSchema = z.strictObject({
  name: identifier,
  title: name,
  description: text.default(''),
  dims: z.array(DimSchema).max(6),
  coords: z.array(name).default([]),
  unit: z.string().max(50).nullable().default(null),
  temporality: z.enum(['cumulative', 'current', 'timeseries']),
  defaultPlotter: z.enum(PLOTTERS),
});

const ViewSchema = z.strictObject({
  name: identifier,
  title: name,
  description: text.default(''),
  /** The output fields the view bundles (one per windowing: cumulative and current). */
  fields: z.array(identifier).min(1),
  /** Top-level params shaping this view. */
  params: z.array(identifier).default([]),
});

const AuxSlotSchema = z.strictObject({
  key: identifier,
  title: name,
  description: text.default(''),
  choices: z.array(z.strictObject({ value: name, title: name })).min(1),
  default: name,
  /** The backend renders the stream name per job (ROI streams); the value is sent as is. */
  perJob: z.boolean().default(false),
});

const WorkflowIdString = z.string().regex(/^[^/\s]+\/[^/\s]+\/\d+$/, 'must be "instrument/name/version"');

const WorkflowSchema = z.strictObject({
  id: WorkflowIdString,
  title: name,
  group: name,
  /** The backend service that runs it (its heartbeats carry this name). */
  service: name,
  description: text.default(''),
  sources: z.array(name).min(1),
  auxSources: z.array(AuxSlotSchema).default([]),
  supportsReset: z.boolean().default(true),
  resetOnRunTransition: z.boolean().default(true),
  params: ParamSchemaSchema.default([]),
  outputs: z.array(OutputSchema).min(1),
  views: z.array(ViewSchema).default([]),
  /** Outputs exposed as instrument devices: output name → device-name template with {source_name}. */
  deviceOutputs: z.record(identifier, name).default({}),
});

const SourceSchema = z.strictObject({
  name,
  title: name,
  description: text.default(''),
  kind: z.enum(['detector', 'monitor', 'device', 'other']),
  /** Unit of a device's values (f144 logs). */
  unit: z.string().max(50).optional(),
});

const DeviceSchema = z.strictObject({
  device_name: name,
  workflow_id: WorkflowIdString,
  source_name: name,
  output_name: identifier,
});

const GridTemplateSchema = z.strictObject({
  title: name,
  description: text.default(''),
  nrows: z.number().int().min(1).max(20),
  ncols: z.number().int().min(1).max(20),
  cells: z.array(z.strictObject({
    geometry: z.strictObject({ row: z.number().int().min(0), col: z.number().int().min(0), row_span: z.number().int().min(1), col_span: z.number().int().min(1) }),
    layers: z.array(z.strictObject({
      // Static plotters (rectangles, vlines, hlines) use workflow_id static/geometric/1 and a free-text view name.
      data_sources: z.record(z.string(), z.strictObject({ workflow_id: WorkflowIdString, view_name: name, source_names: z.array(name) })),
      plot_name: z.enum(PLOTTERS),
      params: JsonObjectSchema.default({}),
    })),
  })),
});

export const CatalogueFileSchema = z.strictObject({
  format: z.literal(CATALOGUE_FORMAT, { error: `must be "${CATALOGUE_FORMAT}"` }),
  instrument: identifier,
  title: name,
  description: text.default(''),
  /** Free text: where the content came from. */
  generatedFrom: text.optional(),
  sources: z.array(SourceSchema).default([]),
  workflows: z.array(WorkflowSchema).min(1),
  devices: z.array(DeviceSchema).default([]),
  gridTemplates: z.array(GridTemplateSchema).default([]),
});

export type CatalogueFile = z.infer<typeof CatalogueFileSchema>;
export type CatalogueWorkflowFile = CatalogueFile['workflows'][number];
export type CatalogueOutputFile = CatalogueWorkflowFile['outputs'][number];

export class CatalogueError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`}`);
    this.name = 'CatalogueError';
  }
}

/** Parses and validates one catalogue file's text. Throws CatalogueError naming file and field paths. */
export function parseCatalogue(textContent: string, file: string): CatalogueFile {
  const doc = parseDocument(textContent, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lineOf = (offset: number): number => textContent.slice(0, offset).split('\n').length;
    throw new CatalogueError(file, doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]} (line ${lineOf(e.pos[0])})`));
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 10_000 });
  const result = CatalogueFileSchema.safeParse(raw);
  if (!result.success) {
    // A parameter field is one of several shapes: zod can only say "Invalid input" for the
    // whole field, so parameter schemas are re-checked by kind to name the field and the fault.
    const inParams = (p: readonly PropertyKey[]): boolean => p[0] === 'workflows' && typeof p[1] === 'number' && p[2] === 'params';
    const all = result.error.issues.filter((i) => !inParams(i.path)).map((i) => `${describePath(raw, i.path)}: ${i.message}`);
    for (const wf of new Set(result.error.issues.filter((i) => inParams(i.path)).map((i) => i.path[1] as number))) {
      const at = describePath(raw, ['workflows', wf, 'params']);
      const fields = (raw as { workflows: { params?: unknown }[] }).workflows[wf].params;
      const found = paramFieldProblems(fields, at);
      all.push(...(found.length > 0 ? found : [`${at}: not a valid parameter schema`]));
    }
    const problems = all.slice(0, 20);
    if (all.length > 20) problems.push(`… and ${all.length - 20} more`);
    throw new CatalogueError(file, problems);
  }
  const rawWorkflows = (raw as { workflows: { params?: unknown }[] }).workflows;
  const problems = [
    ...rawWorkflows.flatMap((w, i) => (w.params === undefined ? [] : paramFieldProblems(w.params, describePath(raw, ['workflows', i, 'params'])))),
    ...checkConsistency(result.data),
  ];
  if (problems.length > 0) throw new CatalogueError(file, problems);
  return result.data;
}

const FIELD_SCHEMAS: Record<string, z.ZodType> = {
  number: NumberFieldSchema, bool: BoolFieldSchema, string: StringFieldSchema, enum: EnumFieldSchema, numbers: NumberListFieldSchema,
};
const GroupHeadSchema = z.object({
  kind: z.literal('group'),
  key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a field key is an identifier'),
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  fields: z.array(z.unknown()).max(200),
  checks: z.array(GroupCheckSchema).optional(),
  visibleWhen: z.object({ field: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) }).optional(),
});

/** Problems of a list of parameter fields, each checked against the schema of its `kind`. */
function paramFieldProblems(fields: unknown, at: string): string[] {
  if (!Array.isArray(fields)) return [`${at}: must be a list of parameter fields`];
  const problems: string[] = [];
  fields.forEach((f, i) => {
    const key = f && typeof f === 'object' ? (f as Record<string, unknown>).key : undefined;
    const here = `${at}[${i}]${typeof key === 'string' ? ` (${key})` : ''}`;
    if (!f || typeof f !== 'object' || Array.isArray(f)) {
      problems.push(`${here}: must be a mapping with kind, key, title`);
      return;
    }
    const kind = (f as Record<string, unknown>).kind;
    const schema = kind === 'group' ? GroupHeadSchema : typeof kind === 'string' ? FIELD_SCHEMAS[kind] : undefined;
    if (!schema) {
      problems.push(`${here}.kind: must be one of ${[...Object.keys(FIELD_SCHEMAS), 'group'].join(', ')}`);
      return;
    }
    // Unknown keys are errors here too: a misspelt `minimum:` must not silently drop a limit.
    const allowed = Object.keys((schema as unknown as { shape: Record<string, unknown> }).shape);
    for (const k of Object.keys(f)) if (!allowed.includes(k)) problems.push(`${here}: unknown key "${k}" for a ${String(kind)} field (allowed: ${allowed.join(', ')})`);
    const r = schema.safeParse(f);
    if (!r.success) problems.push(...r.error.issues.map((iss) => `${here}${iss.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${iss.message}`));
    if (kind === 'group') problems.push(...paramFieldProblems((f as Record<string, unknown>).fields, `${here}.fields`));
  });
  return problems;
}

/** `workflows[2] (dummy/panel_0_xy/1).outputs[0].name`: array indices, with the element's id or name when it has one. */
function describePath(root: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  let node: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const label = node && typeof node === 'object' ? ((node as Record<string, unknown>).id ?? (node as Record<string, unknown>).name ?? (node as Record<string, unknown>).key) : undefined;
      if (typeof label === 'string') out += ` (${label})`;
    } else {
      out += out ? `.${String(key)}` : String(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key as string] : undefined;
    }
  }
  return out;
}

/** Cross-references a schema cannot express: ids match the instrument, names resolve, defaults validate. */
function checkConsistency(c: CatalogueFile): string[] {
  const problems: string[] = [];
  const sourceNames = new Set(c.sources.map((s) => s.name));
  const seenSources = new Set<string>();
  c.sources.forEach((s, i) => {
    if (seenSources.has(s.name)) problems.push(`sources[${i}] (${s.name}).name: duplicate source`);
    seenSources.add(s.name);
  });
  const ids = new Map<string, CatalogueWorkflowFile>();
  c.workflows.forEach((w, i) => {
    const at = `workflows[${i}] (${w.id})`;
    if (ids.has(w.id)) problems.push(`${at}.id: duplicate workflow id`);
    ids.set(w.id, w);
    if (w.id.split('/')[0] !== c.instrument) problems.push(`${at}.id: must start with the instrument name "${c.instrument}/"`);
    w.sources.forEach((s, j) => {
      if (sourceNames.size > 0 && !sourceNames.has(s)) problems.push(`${at}.sources[${j}]: "${s}" is not in the instrument's sources`);
    });
    const outputNames = new Set<string>();
    w.outputs.forEach((o, j) => {
      if (outputNames.has(o.name)) problems.push(`${at}.outputs[${j}] (${o.name}).name: duplicate output`);
      outputNames.add(o.name);
      o.dims.forEach((d, k) => {
        if (d.edgesParam && !w.params.some((p) => p.kind === 'group' && p.key === d.edgesParam)) {
          problems.push(`${at}.outputs[${j}] (${o.name}).dims[${k}].edgesParam: no param group "${d.edgesParam}"`);
        }
      });
    });
    w.views.forEach((v, j) => {
      v.fields.forEach((f, k) => {
        if (!outputNames.has(f)) problems.push(`${at}.views[${j}] (${v.name}).fields[${k}]: no output "${f}"`);
      });
    });
    for (const o of Object.keys(w.deviceOutputs)) if (!outputNames.has(o)) problems.push(`${at}.deviceOutputs.${o}: no output "${o}"`);
    w.auxSources.forEach((a, j) => {
      if (!a.choices.some((ch) => ch.value === a.default)) problems.push(`${at}.auxSources[${j}] (${a.key}).default: "${a.default}" is not one of its choices`);
    });
    problems.push(...checkSchemaDefaults(w.params, `${at}.params`));
  });
  c.devices.forEach((d, i) => {
    const w = ids.get(d.workflow_id);
    const at = `devices[${i}] (${d.device_name})`;
    if (!w) problems.push(`${at}.workflow_id: no workflow "${d.workflow_id}"`);
    else {
      if (!w.sources.includes(d.source_name)) problems.push(`${at}.source_name: "${d.source_name}" is not a source of ${d.workflow_id}`);
      if (!w.outputs.some((o) => o.name === d.output_name)) problems.push(`${at}.output_name: ${d.workflow_id} has no output "${d.output_name}"`);
    }
  });
  c.gridTemplates.forEach((t, i) => {
    t.cells.forEach((cell, j) => {
      cell.layers.forEach((layer, k) => {
        for (const [role, ds] of Object.entries(layer.data_sources)) {
          const at = `gridTemplates[${i}] (${t.title}).cells[${j}].layers[${k}].data_sources.${role}`;
          const w = ids.get(ds.workflow_id);
          if (ds.workflow_id.startsWith('static/')) continue;
          if (!w) problems.push(`${at}.workflow_id: no workflow "${ds.workflow_id}"`);
          else if (w.views.length > 0 ? !w.views.some((v) => v.name === ds.view_name) : !w.outputs.some((o) => o.name === ds.view_name)) {
            problems.push(`${at}.view_name: ${ds.workflow_id} has no output view "${ds.view_name}"`);
          }
        }
      });
    });
  });
  return problems;
}

/** Each field's default must satisfy its own limits (a catalogue that cannot start is a broken catalogue). */
function checkSchemaDefaults(schema: ParamSchema, at: string): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  const walk = (fields: ParamField[], prefix: string): void => {
    for (const f of fields) {
      const path = `${prefix}.${f.key}`;
      if (f.kind === 'group') {
        walk(f.fields, path);
        continue;
      }
      if (f.kind === 'enum' && !f.options.some((o) => o.value === f.default)) problems.push(`${path}.default: ${JSON.stringify(f.default)} is not one of its options`);
      if (f.kind === 'number' && f.default !== null) {
        if (f.min !== undefined && (f.exclusiveMin ? f.default <= f.min : f.default < f.min)) problems.push(`${path}.default: ${f.default} is below min ${f.min}`);
        if (f.max !== undefined && (f.exclusiveMax ? f.default >= f.max : f.default > f.max)) problems.push(`${path}.default: ${f.default} is above max ${f.max}`);
        if (f.integer && !Number.isInteger(f.default)) problems.push(`${path}.default: must be a whole number`);
      }
      if (f.kind === 'number' && f.default === null && !f.nullable) problems.push(`${path}.default: null, but the field is not nullable`);
    }
  };
  for (const f of schema) {
    if (keys.has(f.key)) problems.push(`${at}.${f.key}: duplicate key`);
    keys.add(f.key);
  }
  walk(schema, at);
  return problems;
}
