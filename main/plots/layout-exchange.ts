// A grid as YAML in the reference's grid-template structure (title, nrows, ncols, cells with
// geometry {row, col, row_span, col_span}, optional user_title, layers with data_sources
// {primary: {workflow_id, view_name, source_names}}, plot_name, params), so that a grid exported
// here loads as a template there and a template from there loads here.
//
// The reference names an output *view* (e.g. "image") and picks the field by the window mode
// param (time_window.mode: since_start → the cumulative field, window → the per-update one); a
// layer here names the field itself. Both directions are mapped through the catalogue's views.
import YAML from 'yaml';
import { z } from 'zod';
import type { JsonObject, JsonValue } from '../../shared/json';
import { MAX_GRID_SIZE } from '../../shared/api/layout-commands';
import type { GridTemplateView } from '../../shared/catalogue';
import { findWorkflow, type InstrumentSpec, type WorkflowSpec } from '../instruments/instrument-spec';
import { STATIC_WORKFLOW_PREFIX } from './plot-orchestrator';
import type { GridEntry } from './layout';
import { zodProblem } from './layout';

const TemplateSchema = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  nrows: z.number().int().min(1).max(MAX_GRID_SIZE),
  ncols: z.number().int().min(1).max(MAX_GRID_SIZE),
  enabled: z.boolean().optional(),
  cells: z.array(z.unknown()).max(MAX_GRID_SIZE * MAX_GRID_SIZE * 4).default([]),
});

const TemplateCellSchema = z.object({
  geometry: z.object({
    row: z.number().int().min(0),
    col: z.number().int().min(0),
    row_span: z.number().int().min(1).default(1),
    col_span: z.number().int().min(1).default(1),
  }),
  user_title: z.string().max(200).nullable().optional(),
  layers: z.array(z.unknown()).min(1).max(64),
});

const DataSourceSchema = z.object({
  workflow_id: z.string().min(1).max(200),
  view_name: z.string().min(1).max(200),
  source_names: z.array(z.string().min(1).max(200)).max(64),
});
const TemplateLayerSchema = z.object({
  data_sources: z.record(z.string(), DataSourceSchema),
  plot_name: z.string().min(1).max(200),
  params: z.record(z.string(), z.unknown()).default({}),
});

/** Exports one grid (as persisted) in the template structure. */
export function gridToTemplate(entry: GridEntry & { cells: JsonValue[] }, instrument: InstrumentSpec): JsonObject {
  const cells: JsonValue[] = [];
  for (const raw of entry.cells) {
    const c = raw as Record<string, unknown>;
    if (!c || typeof c !== 'object' || typeof c.row !== 'number') continue;
    const layers = (Array.isArray(c.layers) ? c.layers : []).flatMap((l) => {
      const t = layerToTemplate(l, instrument);
      return t ? [t] : [];
    });
    if (layers.length === 0) continue;
    const cell: JsonObject = {
      geometry: { row: c.row, col: c.col as number, row_span: (c.rowSpan as number) ?? 1, col_span: (c.colSpan as number) ?? 1 },
      layers,
    };
    if (typeof c.title === 'string') cell.user_title = c.title;
    cells.push(cell);
  }
  const out: JsonObject = { title: entry.title, description: '', nrows: entry.rows, ncols: entry.cols, cells };
  if (!entry.enabled) out.enabled = false;
  return out;
}

export function gridToYaml(entry: GridEntry & { cells: JsonValue[] }, instrument: InstrumentSpec): string {
  return YAML.stringify(gridToTemplate(entry, instrument));
}

/**
 * A template (parsed YAML or a catalogue template) as a persisted grid entry. Layers naming
 * workflows or views this build does not know are kept (they load as unavailable, with the reason).
 */
export function templateToGrid(value: unknown, instrument: InstrumentSpec): GridEntry & { cells: JsonValue[] } {
  const parsed = TemplateSchema.safeParse(value);
  if (!parsed.success) throw new Error(`not a grid template: ${zodProblem(parsed.error)}`);
  const t = parsed.data;
  const cells: JsonValue[] = t.cells.map((raw) => {
    const c = TemplateCellSchema.safeParse(raw);
    // Kept as written: the grid loader shows it as a cell that could not be placed.
    if (!c.success) return toJson(raw);
    const g = c.data.geometry;
    return {
      row: g.row, col: g.col, rowSpan: g.row_span, colSpan: g.col_span,
      title: c.data.user_title ?? null,
      layers: c.data.layers.map((l) => templateLayerToConfig(l, instrument)),
    };
  });
  return { title: t.title, rows: t.nrows, cols: t.ncols, enabled: t.enabled ?? true, cells };
}

export function yamlToGrid(text: string, instrument: InstrumentSpec): GridEntry & { cells: JsonValue[] } {
  let value: unknown;
  try {
    value = YAML.parse(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new Error(`the file is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  return templateToGrid(value, instrument);
}

export function catalogueTemplateToGrid(t: GridTemplateView, instrument: InstrumentSpec): GridEntry & { cells: JsonValue[] } {
  return templateToGrid(t, instrument);
}

/** One template layer as a layer config (or, when it cannot be one, the layer as written). */
function templateLayerToConfig(raw: unknown, instrument: InstrumentSpec): JsonValue {
  const l = TemplateLayerSchema.safeParse(raw);
  if (!l.success) return toJson(raw);
  const roles = Object.keys(l.data.data_sources);
  const primary = l.data.data_sources.primary;
  // Correlation plots read several roles (x_axis, …): kept as written, shown as unavailable.
  if (!primary || roles.length !== 1) return toJson(raw);
  const params = toJson(l.data.params) as JsonObject;
  if (primary.workflow_id.startsWith(STATIC_WORKFLOW_PREFIX)) {
    return { workflowId: primary.workflow_id, sourceNames: [], outputName: primary.view_name, plotter: l.data.plot_name, params };
  }
  const workflow = findWorkflow(instrument, primary.workflow_id);
  const outputName = workflow ? fieldFor(workflow, primary.view_name, params) : primary.view_name;
  return { workflowId: primary.workflow_id, sourceNames: primary.source_names, outputName, plotter: l.data.plot_name, params };
}

function layerToTemplate(raw: unknown, instrument: InstrumentSpec): JsonObject | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const l = raw as Record<string, unknown>;
  // An unavailable layer that came from a template: as it was.
  if ('data_sources' in l) return toJson(l) as JsonObject;
  if (typeof l.workflowId !== 'string' || typeof l.outputName !== 'string' || typeof l.plotter !== 'string') return null;
  const params = structuredClone((l.params && typeof l.params === 'object' ? l.params : {}) as JsonObject);
  const sourceNames = Array.isArray(l.sourceNames) ? (l.sourceNames.filter((s) => typeof s === 'string') as string[]) : [];
  let viewName = l.outputName;
  const workflow = l.workflowId.startsWith(STATIC_WORKFLOW_PREFIX) ? undefined : findWorkflow(instrument, l.workflowId);
  if (workflow) {
    const view = workflow.views.find((v) => v.fields.includes(l.outputName as string));
    if (view) {
      viewName = view.name;
      if (view.fields.length > 1) {
        const output = workflow.outputs.find((o) => o.name === l.outputName);
        const mode = output?.temporality === 'cumulative' ? 'since_start' : 'window';
        const tw = (params.time_window && typeof params.time_window === 'object' && !Array.isArray(params.time_window) ? params.time_window : {}) as JsonObject;
        params.time_window = { ...tw, mode };
      }
    }
  }
  return {
    data_sources: { primary: { workflow_id: l.workflowId, view_name: viewName, source_names: sourceNames } },
    plot_name: l.plotter,
    params,
  };
}

/** The output field a view + window mode stands for (the reference's WorkflowSpec.field_for). */
export function fieldFor(workflow: WorkflowSpec, viewName: string, params: JsonObject): string {
  const view = workflow.views.find((v) => v.name === viewName);
  if (!view) return viewName;
  if (view.fields.length === 1) return view.fields[0];
  const tw = params.time_window;
  const mode = tw && typeof tw === 'object' && !Array.isArray(tw) ? tw.mode : undefined;
  const wanted = mode === 'since_start' ? 'cumulative' : 'window';
  const field = view.fields.find((f) => workflow.outputs.find((o) => o.name === f)?.temporality === wanted);
  return field ?? view.fields[0];
}

/** A file name for an exported grid: "detectors.yaml". */
export function exportFileName(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${slug || 'grid'}.yaml`;
}

function toJson(v: unknown): JsonValue {
  return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as JsonValue);
}
