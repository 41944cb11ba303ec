// Pure rules of the plot wizard and cell menus (unit-tested): the output choices grouped as
// the reference groups them, the source pre-selection rule, overlay suggestions, and labels.
import type { CatalogueView, CatalogueWorkflow, OutputView } from '../../../shared/catalogue';
import { allPlotters, compatiblePlotters, plotterInfo, type PlotterInfo, type PlotterName } from '../../../shared/plotters';
import type { LayerConfig } from '../../../shared/protocol';

/** The synthetic group of static overlays (drawn from their params alone; no workflow). */
export const STATIC_GROUP = 'Static overlay';
export const STATIC_WORKFLOW_ID = 'static/geometric/1';
export const STATIC_OUTPUT = 'static';

export const isStatic = (workflowId: string): boolean => workflowId.startsWith('static/');

export interface WorkflowGroup {
  name: string;
  workflows: CatalogueWorkflow[];
}

/** Workflows by group, in catalogue order, with the static-overlay group last (when any static plotter exists). */
export function workflowGroups(catalogue: CatalogueView | null): WorkflowGroup[] {
  const groups = new Map<string, CatalogueWorkflow[]>();
  for (const w of catalogue?.workflows ?? []) {
    const list = groups.get(w.group) ?? [];
    list.push(w);
    groups.set(w.group, list);
  }
  const out = [...groups].map(([name, workflows]) => ({ name, workflows }));
  if (staticPlotters().length > 0) out.push({ name: STATIC_GROUP, workflows: [] });
  return out;
}

export function staticPlotters(): PlotterInfo[] {
  return allPlotters().filter((p) => p.requirements === null);
}

/** Plotters the wizard offers for an output (static plotters for the static group). */
export function plottersFor(output: OutputView | null, staticOverlay: boolean): PlotterInfo[] {
  if (staticOverlay) return staticPlotters();
  return output ? compatiblePlotters(output) : [];
}

/** The plotter pre-selected for an output: its default when compatible, else the first offered. */
export function defaultPlotterFor(output: OutputView | null, offered: PlotterInfo[]): PlotterName | null {
  if (output && offered.some((p) => p.name === output.defaultPlotter)) return output.defaultPlotter;
  return offered[0]?.name ?? null;
}

/**
 * The reference's source pre-selection: a reconfigured layer keeps its sources; a new plot of a
 * 0-D or 1-D output starts with every source selected, of a 2-D+ output (images) with none — the
 * user picks one — except that a workflow with a single source always starts with it.
 */
export function preselectSources(sources: string[], output: OutputView | null, previous: string[] | null): string[] {
  if (previous && previous.length > 0) return sources.filter((s) => previous.includes(s));
  if (sources.length === 1) return [...sources];
  const ndim = output?.dims.length ?? 0;
  return ndim < 2 ? [...sources] : [];
}

/** Overlays the reference suggests on top of a layer: base plotter → (required output, overlay plotter). */
const OVERLAY_PATTERNS: Partial<Record<PlotterName, [string, PlotterName][]>> = {
  image: [['roi_rectangle', 'rectangles_readback'], ['roi_polygon', 'polygons_readback']],
  rectangles_readback: [['roi_rectangle', 'rectangles_request']],
  polygons_readback: [['roi_polygon', 'polygons_request']],
};

export interface OverlaySuggestion {
  title: string;
  config: LayerConfig;
}

/** Overlays suggested for a layer: outputs its workflow has, not already in the cell. */
export function overlaySuggestions(layer: LayerConfig, catalogue: CatalogueView | null, cellLayers: LayerConfig[]): OverlaySuggestion[] {
  const workflow = catalogue?.workflows.find((w) => w.id === layer.workflowId);
  if (!workflow) return [];
  const out: OverlaySuggestion[] = [];
  for (const [outputName, plotter] of OVERLAY_PATTERNS[layer.plotter] ?? []) {
    const output = workflow.outputs.find((o) => o.name === outputName);
    if (!output) continue;
    if (cellLayers.some((l) => l.plotter === plotter && l.workflowId === layer.workflowId)) continue;
    const title = plotterInfo(plotter)?.title ?? plotter;
    out.push({ title, config: { workflowId: layer.workflowId, sourceNames: [...layer.sourceNames], outputName, plotter, params: {} } });
  }
  return out;
}

/** "Workflow → Output → Plotter (sources)" for a layer's detail row. */
export function layerPath(config: LayerConfig, catalogue: CatalogueView | null): string {
  const plotter = plotterInfo(config.plotter)?.title ?? config.plotter;
  if (isStatic(config.workflowId)) return `${STATIC_GROUP} → ${plotter}`;
  const workflow = catalogue?.workflows.find((w) => w.id === config.workflowId);
  const output = workflow?.outputs.find((o) => o.name === config.outputName);
  return `${workflow?.title ?? config.workflowId} → ${output?.title ?? config.outputName} → ${plotter} (${config.sourceNames.join(', ')})`;
}

/** Title of the source list for a workflow (catalogue titles when known). */
export function sourceTitle(catalogue: CatalogueView | null, name: string): string {
  const s = catalogue?.sources.find((x) => x.name === name);
  return s && s.title && s.title !== name ? `${s.title} (${name})` : name;
}

/**
 * The data end time a cell's freshness pill shows: that of its *oldest* live (READY) layer, so
 * a stalled overlay is never hidden by a fresh one; when none is live, the oldest of all.
 */
export function cellDataEnd(layers: { id: string; state: string; endMs: number | null | undefined }[]): number | null {
  const live = layers.filter((l) => l.state === 'READY');
  let oldest: number | null = null;
  for (const l of live.length > 0 ? live : layers) {
    if (l.endMs != null && (oldest == null || l.endMs < oldest)) oldest = l.endMs;
  }
  return oldest;
}
