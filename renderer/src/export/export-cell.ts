// Exports one cell: the picture as PNG (what the window shows, ROI overlays included) and the
// numbers behind it — CSV for lines, time series, bars and tables; a self-describing JSON bundle
// for images and volumes. Numbers are fetched from main in full precision (`layer.plot`,
// `layer.history`, `layer.values`), never scraped from the decimated chart.
import type { ImagePlotState, LinePlotState, PlotState, TablePlotState } from '../../../shared/plot-state';
import type { CellView, LayerView } from '../../../shared/protocol';
import type { LayerQuery } from '../../../shared/api/layer-queries';
import type { CellPresenter } from '../presenters/cell-presenter';
import { barsCsv, lineCsv, tableCsv, type ExportMeta } from './csv';
import { imageBundle, volumeBundle } from './bundle';
import { endTimeMs, exportFileName } from './file-name';
import { canvasToPng, saveBytes } from './save';

export type QueryFn = (q: LayerQuery) => Promise<unknown>;

const DATA_KINDS = new Set(['image', 'line', 'table']);

/** The layer whose data the cell is about: its image, else its lines, else its table (ROI and static overlays excluded). */
export function primaryLayer(cell: CellView, plots: (id: string) => PlotState | undefined): LayerView | null {
  const withPlot = cell.layers.filter((l) => DATA_KINDS.has(plots(l.id)?.kind ?? ''));
  return withPlot.find((l) => plots(l.id)?.kind === 'image') ?? withPlot.find((l) => plots(l.id)?.kind === 'line') ?? withPlot[0] ?? null;
}

/** What the data export of a plot kind produces ('csv' | 'json'), or null when there is nothing to export. */
export function dataFormatOf(plot: PlotState | undefined): 'csv' | 'json' | null {
  if (!plot) return null;
  if (plot.kind === 'image') return 'json';
  if (plot.kind === 'line' || plot.kind === 'table') return 'csv';
  return null;
}

function metaOf(layer: LayerView, plot: PlotState, instrument: string | null, now: Date): ExportMeta {
  return {
    title: plot.title || layer.title,
    instrument,
    workflowId: layer.config.workflowId,
    outputName: layer.config.outputName,
    sourceNames: layer.config.sourceNames,
    exportedAt: now.toISOString(),
    startTime: plot.startTime ?? null,
    endTime: plot.endTime ?? null,
  };
}

export interface ExportContext {
  cell: CellView;
  presenter: CellPresenter;
  instrument: string | null;
  /** The latest plot a window holds for a layer. */
  cached(layerId: string): PlotState | undefined;
  query: QueryFn;
  now?: () => Date;
}

/** Saves the cell's picture; returns the file name. */
export async function exportPng(ctx: ExportContext): Promise<string> {
  const layer = primaryLayer(ctx.cell, ctx.cached) ?? ctx.cell.layers[0];
  if (!layer) throw new Error('the cell shows nothing to export');
  const plot = ctx.cached(layer.id);
  const now = ctx.now?.() ?? new Date();
  const canvas = ctx.presenter.toCanvas(Math.max(1, Math.min(3, window.devicePixelRatio || 1)));
  if (canvas.width === 0 || canvas.height === 0) throw new Error('the cell is not shown (zero size)');
  const name = exportFileName(ctx.instrument, layer.config, endTimeMs(plot?.endTime) ?? now.getTime(), 'png');
  await saveBytes(name, await canvasToPng(canvas), 'image/png');
  return name;
}

/** Builds the data file of a cell (name, content, mime) from main's full-precision state. */
export async function buildDataExport(ctx: ExportContext): Promise<{ name: string; content: string; mime: string }[]> {
  const layer = primaryLayer(ctx.cell, ctx.cached);
  if (!layer) throw new Error('the cell has no data to export');
  const now = ctx.now?.() ?? new Date();
  const cached = ctx.cached(layer.id)!;
  const fileTimeMs = endTimeMs(cached.endTime) ?? now.getTime();
  if (cached.kind === 'image') {
    const plot = (await ctx.query({ type: 'layer.plot', layerId: layer.id })) as ImagePlotState | null;
    if (!plot || plot.kind !== 'image') throw new Error('the image is not available any more');
    const meta = metaOf(layer, plot, ctx.instrument, now);
    if (plot.volume) {
      const values = asFloat32(await ctx.query({ type: 'layer.values', layerId: layer.id, volume: true }));
      return [{ name: exportFileName(ctx.instrument, layer.config, fileTimeMs, 'json'), content: JSON.stringify(volumeBundle(plot, values, meta)), mime: 'application/json' }];
    }
    const out: { name: string; content: string; mime: string }[] = [];
    for (let i = 0; i < plot.panels.length; i++) {
      const panel = plot.panels[i]!;
      const values = panel.values ?? asFloat32(await ctx.query({ type: 'layer.values', layerId: layer.id, panel: i }));
      const cfg = plot.panels.length > 1 ? { ...layer.config, sourceNames: [layer.config.sourceNames[i] ?? `panel${i}`] } : layer.config;
      out.push({ name: exportFileName(ctx.instrument, cfg, fileTimeMs, 'json'), content: JSON.stringify(imageBundle(plot, panel, values, meta)), mime: 'application/json' });
    }
    return out;
  }
  if (cached.kind === 'table') {
    const plot = (await ctx.query({ type: 'layer.plot', layerId: layer.id })) as TablePlotState;
    return [{ name: exportFileName(ctx.instrument, layer.config, fileTimeMs, 'csv'), content: tableCsv(plot, metaOf(layer, plot, ctx.instrument, now)), mime: 'text/csv' }];
  }
  // Lines: every line layer of the cell, in one file (series of all of them).
  const lineLayers = ctx.cell.layers.filter((l) => ctx.cached(l.id)?.kind === 'line');
  const plots: LinePlotState[] = [];
  for (const l of lineLayers) {
    const c = ctx.cached(l.id) as LinePlotState;
    // Time series: the whole history (windows hold appended tails); others: the latest state.
    const q: LayerQuery = c.xIsTime && c.historyEpoch ? { type: 'layer.history', layerId: l.id } : { type: 'layer.plot', layerId: l.id };
    plots.push((await ctx.query(q)) as LinePlotState);
  }
  const first = plots[0]!;
  const merged: LinePlotState = plots.length === 1 ? first : { ...first, series: plots.flatMap((p) => p.series) };
  const meta = metaOf(layer, merged, ctx.instrument, now);
  if (plots.length > 1) meta.sourceNames = [...new Set(lineLayers.flatMap((l) => l.config.sourceNames))];
  const content = merged.bars ? barsCsv(merged, meta) : lineCsv(merged, meta);
  return [{ name: exportFileName(ctx.instrument, { ...layer.config, sourceNames: meta.sourceNames }, fileTimeMs, 'csv'), content, mime: 'text/csv' }];
}

export async function exportData(ctx: ExportContext): Promise<string[]> {
  const files = await buildDataExport(ctx);
  for (const f of files) await saveBytes(f.name, f.content, f.mime);
  return files.map((f) => f.name);
}

function asFloat32(v: unknown): Float32Array {
  if (v instanceof Float32Array) return v;
  if (v instanceof Float64Array || Array.isArray(v)) return Float32Array.from(v as ArrayLike<number>);
  throw new Error('the full-precision values are not available');
}
