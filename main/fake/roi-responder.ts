// The demo backend's answer to ROI messages (plugs into FakeBackendTransport's `roiResponder`),
// like the reference's detector_data service:
// - a message replaces all ROIs of its geometry type for the job named in its source name;
// - the geometry is echoed at once on the job's roi_rectangle / roi_polygon readback output
//   (same layout plus time/start_time; empty when cleared, still carrying the units);
// - the job's roi_spectra outputs then carry one spectrum per ROI, ordered by index, each scaled
//   by the ROI's share of the detector area (the demo's stand-in for its share of the counts).
import { decodeRoi, roiVariables, type RoiGeometry, type RoiModel } from '../../shared/wire/roi';
import { makeVariable } from '../../shared/wire/da00';
import { formatResultKey } from '../../shared/wire/result-key';
import type { JobId } from '../../shared/wire/types';
import type { DemoBackendHooks, DemoJobView, RoiResponder } from './fake-backend';

const READBACK: Record<RoiGeometry, string> = { rectangle: 'roi_rectangle', polygon: 'roi_polygon' };

interface JobRois {
  rectangle: RoiModel | null;
  polygon: RoiModel | null;
}

const jobKey = (id: JobId): string => `${id.sourceName}/${id.jobNumber}`;

/** Area of a polygon (shoelace), absolute. */
export function polygonArea(x: readonly number[], y: readonly number[]): number {
  let a = 0;
  for (let i = 0, j = x.length - 1; i < x.length; j = i++) a += (x[j]! + x[i]!) * (y[j]! - y[i]!);
  return Math.abs(a) / 2;
}

/** The detector screen the ROIs are drawn on: the first 2-D output's extent (pixels). */
function screenArea(job: DemoJobView): number {
  for (const o of job.workflow.outputs) {
    if (o.dims.length >= 2) {
      const [h, w] = o.dims.slice(-2);
      const span = (d: typeof h): number => (d!.coord ? Math.abs(d!.coord.stop - d!.coord.start) || d!.size : d!.size);
      return Math.max(1e-300, span(h) * span(w));
    }
  }
  return 1;
}

export class DemoRoiResponder implements RoiResponder {
  private readonly byJob = new Map<string, JobRois>();

  handle(value: Uint8Array, backend: DemoBackendHooks): void {
    let decoded: ReturnType<typeof decodeRoi>;
    try {
      decoded = decodeRoi(value);
    } catch (err) {
      backend.logger.warn('demo backend: undecodable ROI message ignored', { error: String(err) });
      return;
    }
    const { jobId, geometry, model } = decoded;
    const job = backend.jobs().find((j) => j.jobId.sourceName === jobId.sourceName && j.jobId.jobNumber === jobId.jobNumber);
    if (!job) {
      backend.logger.warn('demo backend: ROI for a job that is not running ignored', { job: jobKey(jobId), geometry });
      return;
    }
    if (!job.workflow.outputs.some((o) => o.name === READBACK[geometry])) {
      backend.logger.warn('demo backend: ROI for a workflow without ROI support ignored', { workflow: job.workflowId, geometry });
      return;
    }
    // Drop jobs that ended (their ROIs go with them).
    const live = new Set(backend.jobs().map((j) => jobKey(j.jobId)));
    for (const k of this.byJob.keys()) if (!live.has(k)) this.byJob.delete(k);

    const rois = this.byJob.get(jobKey(jobId)) ?? { rectangle: null, polygon: null };
    rois[geometry] = model;
    this.byJob.set(jobKey(jobId), rois);

    const t = BigInt(Date.now()) * 1_000_000n;
    const variables = [
      ...roiVariables(geometry, model),
      makeVariable('start_time', new BigInt64Array([job.startNs]), { unit: 'ns' }),
      makeVariable('time', new BigInt64Array([t]), { unit: 'ns' }),
    ];
    const workflowId = job.workflow.id;
    backend.publishData(formatResultKey({ workflowId, jobId: job.jobId, outputName: READBACK[geometry] }), variables, job.startNs);

    const area = screenArea(job);
    const weights: { index: number; weight: number }[] = [];
    for (const r of rois.rectangle?.rectangles ?? []) weights.push({ index: r.index, weight: ((r.x[1] - r.x[0]) * (r.y[1] - r.y[0])) / area });
    for (const p of rois.polygon?.polygons ?? []) weights.push({ index: p.index, weight: polygonArea(p.x, p.y) / area });
    weights.sort((a, b) => a.index - b.index);
    backend.setRois(job.jobId, weights.map((w) => ({ index: w.index, weight: Math.max(0, Math.min(1, w.weight)) })));
  }

  /** The ROIs a job currently applies (tests). */
  current(jobId: JobId): JobRois | undefined {
    return this.byJob.get(jobKey(jobId));
  }
}
