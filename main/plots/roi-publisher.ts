// The "roi" command domain: ROIs a user draws on a detector image are published on
// `<instrument>_livedata_roi` (shared/wire/roi.ts) to the workflow's current
// job and stored in the params of the cell's request layer (shared/api/roi-commands.ts), like the
// reference's ROIPublisher + ROI request plotters (src/ess/livedata/dashboard/roi_*.py):
// - one edit = one message per geometry type, the full set (a missing index = deleted);
// - indices by list position (rectangles 0–3, polygons 4–7);
// - units from the backend's readback (a client learns them there), else the image's axes;
// - no current job: stored, not published (the reference skips with a warning);
// - a new job gets the stored set once its readback shows up (the job then exists to apply it),
//   as the reference publishes its initial ROIs when its plotter first sees readback data.
// Storing gives the request layer a new id (a params change is a config change); every request
// layer bound to the same detector and geometry is kept in step, since the backend has one set.
import type { JsonObject } from '../../shared/json';
import type { LayerConfig, LayerView, Topology } from '../../shared/protocol';
import {
  paramsWithRois, ROI_KINDS, roisOfParams, roundRois, type RoiCommand, type RoiKind, type RoiPolygon, type RoiRect, type RoiSetResult,
} from '../../shared/api/roi-commands';
import { encodeRoi, type RoiModel } from '../../shared/wire/roi';
import type { DataStore } from '../data/data-store';
import type { Logger } from '../logging/logger';
import { CommandRefused, type CommandRouter } from '../sessions/command-router';

/** What the publisher needs of the layout (implemented by PlotOrchestrator). */
export interface RoiLayout {
  topology(): Topology;
  addLayer(cellId: string, config: LayerConfig): string;
  updateLayerConfig(layerId: string, config: LayerConfig): string;
}

export interface RoiPublisherDeps {
  layout: RoiLayout;
  data: DataStore;
  /** The workflow's current job number, or null when it is not running. */
  currentJob(workflowId: string): string | null;
  /** Output names of a workflow (null: unknown workflow). */
  outputsOf(workflowId: string): string[] | null;
  /** Axis units of a layer's current plot (the image), when it has one. */
  plotUnits(layerId: string): { x: string | null; y: string | null } | null;
  /** Sends one payload on the ROI topic. */
  send(value: Uint8Array): Promise<void>;
  logger: Logger;
}

interface Target {
  workflowId: string;
  sourceName: string;
  kind: RoiKind;
}

const targetKey = (t: Target): string => JSON.stringify([t.workflowId, t.sourceName, t.kind]);
const KINDS: RoiKind[] = ['rectangle', 'polygon'];

export class RoiPublisher {
  /** Per target: the job its stored set was last published to. */
  private readonly publishedTo = new Map<string, string>();

  constructor(private readonly deps: RoiPublisherDeps) {
    deps.data.onCommit((changed) => this.onData(changed));
  }

  register(router: CommandRouter): void {
    router.handleCommands('roi', (cmd) => this.set(cmd) as unknown as JsonObject);
  }

  /** Applies a `roi.set`: publish to the current job, store in the request layer(s). */
  async set(cmd: RoiCommand): Promise<RoiSetResult> {
    const { layout } = this.deps;
    const topo = layout.topology();
    const found = findLayer(topo, cmd.layerId);
    if (!found) throw new CommandRefused('the plot was removed');
    const { cellId, layer } = found;
    const kind = cmd.geometry;
    const info = ROI_KINDS[kind];
    const workflowId = layer.config.workflowId;
    const outputs = this.deps.outputsOf(workflowId);
    if (!outputs) throw new CommandRefused(`unknown workflow ${workflowId}`);
    if (!outputs.includes(info.output)) throw new CommandRefused(`${layer.title} has no ROI support (its workflow has no ${info.output} output)`);
    if (!layer.config.sourceNames.includes(cmd.sourceName)) throw new CommandRefused(`the plot does not show ${cmd.sourceName}`);
    const rois: RoiRect[] | RoiPolygon[] = roundRois<RoiRect | RoiPolygon>(cmd.rois) as RoiRect[] | RoiPolygon[];
    if (rois.length > info.max) throw new CommandRefused(`at most ${info.max} ${kind}s`);
    const target: Target = { workflowId, sourceName: cmd.sourceName, kind };

    const units = this.units(target, cmd.layerId);
    const job = this.deps.currentJob(workflowId);
    let published = false;
    let note: string | null = null;
    if (job) {
      await this.publish(target, job, rois, units);
      published = true;
    } else {
      note = 'the workflow is not running: the ROIs are kept and sent when it starts';
      this.deps.logger.warn('no active job; ROI stored but not published', { workflow: workflowId, source: cmd.sourceName, geometry: kind });
    }

    // Store: every request layer of this target gets the set; the cell asked in gets one if it has none.
    let resultId: string | null = null;
    for (const req of requestLayers(layout.topology(), target)) {
      const id = layout.updateLayerConfig(req.layer.id, { ...req.layer.config, params: paramsWithRois(kind, req.layer.config.params, rois) });
      if (req.cellId === cellId) resultId = id;
    }
    if (!resultId) {
      resultId = layout.addLayer(cellId, {
        workflowId, sourceNames: [cmd.sourceName], outputName: info.output, plotter: info.request, params: paramsWithRois(kind, {}, rois),
      });
      // What the backend applied is drawn beside the request, unless the cell shows it already.
      const hasReadback = findCell(layout.topology(), cellId)?.layers.some((l) => l.config.plotter === info.readback && l.config.workflowId === workflowId && l.config.sourceNames.includes(cmd.sourceName));
      if (!hasReadback) {
        layout.addLayer(cellId, { workflowId, sourceNames: [cmd.sourceName], outputName: info.output, plotter: info.readback, params: {} });
      }
    }
    return { layerId: resultId, published, note };
  }

  /**
   * Data of a job arrived: a job that has not had our stored set yet gets its ROIs now (it exists
   * to apply them; publishing at start could reach the backend before the job's config).
   */
  private onData(changed: ReadonlySet<string>): void {
    let topo: Topology | null = null;
    for (const id of changed) {
      const key = parseKeyId(id);
      if (!key) continue;
      const entry = this.deps.data.get(key);
      if (!entry || this.deps.currentJob(key.workflowId) !== entry.jobNumber) continue;
      for (const kind of KINDS) {
        const target: Target = { workflowId: key.workflowId, sourceName: key.sourceName, kind };
        if (this.publishedTo.get(targetKey(target)) === entry.jobNumber) continue;
        // Marked even without a request layer: nothing was drawn for this job, nothing to restore.
        this.publishedTo.set(targetKey(target), entry.jobNumber);
        topo ??= this.deps.layout.topology();
        const req = requestLayers(topo, target)[0];
        if (!req) continue;
        const rois = roisOfParams(kind, req.layer.config.params);
        this.publish(target, entry.jobNumber, rois, this.units(target, null)).catch((err: unknown) =>
          this.deps.logger.error('ROI publish for a new job failed', { workflow: target.workflowId, source: target.sourceName, error: String(err) }),
        );
      }
    }
  }

  private units(target: Target, layerId: string | null): { x: string | null; y: string | null } {
    const readback = this.deps.data.get({ workflowId: target.workflowId, sourceName: target.sourceName, outputName: ROI_KINDS[target.kind].output });
    const x = readback?.value.coords['x'];
    const y = readback?.value.coords['y'];
    if (x && y) return { x: x.unit, y: y.unit };
    return (layerId ? this.deps.plotUnits(layerId) : null) ?? { x: null, y: null };
  }

  private async publish(target: Target, jobNumber: string, rois: RoiRect[] | RoiPolygon[], units: { x: string | null; y: string | null }): Promise<void> {
    const model = roiModel(target.kind, rois, units);
    const bytes = encodeRoi({ sourceName: target.sourceName, jobNumber }, target.kind, model);
    this.publishedTo.set(targetKey(target), jobNumber);
    await this.deps.send(bytes);
    this.deps.logger.info('ROI published', { workflow: target.workflowId, source: target.sourceName, job: jobNumber, geometry: target.kind, count: rois.length });
  }
}

/** The wire model of one geometry type's ROIs (indices by list position). */
export function roiModel(kind: RoiKind, rois: RoiRect[] | RoiPolygon[], units: { x: string | null; y: string | null }): RoiModel {
  const offset = ROI_KINDS[kind].indexOffset;
  return {
    rectangles: kind === 'rectangle' ? (rois as RoiRect[]).map((r, i) => ({ index: offset + i, x: [r.x0, r.x1], y: [r.y0, r.y1] })) : [],
    polygons: kind === 'polygon' ? (rois as RoiPolygon[]).map((p, i) => ({ index: offset + i, x: [...p.x], y: [...p.y] })) : [],
    xUnit: units.x,
    yUnit: units.y,
  };
}

function parseKeyId(id: string): { workflowId: string; sourceName: string; outputName: string } | null {
  try {
    const v: unknown = JSON.parse(id);
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string')) return { workflowId: v[0], sourceName: v[1], outputName: v[2] };
  } catch {
    // not a data key id
  }
  return null;
}

function findLayer(topo: Topology, layerId: string): { cellId: string; layer: LayerView } | null {
  for (const g of topo.grids) for (const c of g.cells) for (const l of c.layers) if (l.id === layerId) return { cellId: c.id, layer: l };
  return null;
}

function findCell(topo: Topology, cellId: string) {
  for (const g of topo.grids) for (const c of g.cells) if (c.id === cellId) return c;
  return undefined;
}

function requestLayers(topo: Topology, t: Target): { cellId: string; layer: LayerView }[] {
  const plotter = ROI_KINDS[t.kind].request;
  const out: { cellId: string; layer: LayerView }[] = [];
  for (const g of topo.grids) {
    for (const c of g.cells) {
      for (const l of c.layers) {
        if (l.config.plotter === plotter && l.config.workflowId === t.workflowId && l.config.sourceNames.includes(t.sourceName)) out.push({ cellId: c.id, layer: l });
      }
    }
  }
  return out;
}
