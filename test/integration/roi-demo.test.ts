// The ROI round trip through the whole core against the demo backend (no Kafka): a window draws,
// main publishes and stores, the demo backend echoes the readback and sends per-ROI spectra,
// and every session sees both. A new job gets the stored ROIs again.
import { afterEach, describe, expect, it } from 'vitest';
import { emptySeen } from '../../shared/session-api';
import type { RoiPlotState } from '../../shared/plot-state';
import type { RoiSetResult } from '../../shared/api/roi-commands';
import { decodeRoi } from '../../shared/wire/roi';
import { toFloat64 } from '../../shared/wire/data-array';
import { Core } from '../../main/app/core';
import { FakeBackendTransport } from '../../main/fake/fake-backend';
import { DemoRoiResponder } from '../../main/fake/roi-responder';
import { dummyInstrument } from '../../main/instruments/dummy';
import { silentLogger } from '../../main/logging/logger';
import { until as waitUntil } from '../support/wait';

const until = <T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>) => waitUntil(what, fn, 15_000, 20);
const WF = 'dummy/panel_0_xy/1';

let core: Core | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
});

async function setup() {
  const logger = silentLogger();
  const responder = new DemoRoiResponder();
  const transport = new FakeBackendTransport(dummyInstrument, logger, { updateIntervalMs: 100, roiResponder: responder });
  const sent: Uint8Array[] = [];
  const send = transport.send.bind(transport);
  transport.send = async (role, value) => {
    if (role === 'roi') sent.push(value.slice());
    return send(role, value);
  };
  core = new Core({ instrument: dummyInstrument, transport, logger, autoStart: false, configDir: null });
  await core.start();
  const c = core;
  const grid = c.plots.addGrid('ROI test', 2, 2);
  const cell = c.plots.addCell(grid, { row: 0, col: 0, rowSpan: 1, colSpan: 1 });
  const image = c.plots.addLayer(cell, { workflowId: WF, sourceNames: ['panel_0'], outputName: 'cumulative', plotter: 'image', params: {} });
  const spectraCell = c.plots.addCell(grid, { row: 1, col: 0, rowSpan: 1, colSpan: 1 });
  const spectra = c.plots.addLayer(spectraCell, { workflowId: WF, sourceNames: ['panel_0'], outputName: 'roi_spectra_current', plotter: 'overlay_1d', params: {} });
  await c.jobs.start(WF);
  await until('image READY', () => c.layers.get(image)?.snapshot.state === 'READY');
  const a = await c.gateway.open({ client: 'browser' });
  const b = await c.gateway.open({ client: 'browser' });
  return { c, responder, sent, cell, image, spectra, a, b };
}

const cellLayers = (c: Core, cellId: string) => c.plots.topology().grids.flatMap((g) => g.cells).find((x) => x.id === cellId)!.layers;

describe('ROI round trip (demo backend)', () => {
  it('roi.set publishes the documented message, stores the geometry, and both sessions get readback and spectra', async () => {
    const { c, responder, sent, cell, image, spectra, a, b } = await setup();
    const job = c.jobs.currentJob(WF)!;
    const r = await c.gateway.command({ sessionId: a.sessionId, command: { type: 'roi.set', layerId: image, sourceName: 'panel_0', geometry: 'rectangle', rois: [{ x0: 10, x1: 50, y0: 5, y1: 25 }] } });
    expect(r.ok).toBe(true);
    const result = r.value as unknown as RoiSetResult;
    expect(result.published).toBe(true);

    // The message on the ROI topic (shared/wire/roi.ts).
    const msg = decodeRoi(sent.at(-1)!);
    expect(msg.jobId).toEqual({ sourceName: 'panel_0', jobNumber: job });
    expect(msg.geometry).toBe('rectangle');
    expect(msg.model.rectangles).toEqual([{ index: 0, x: [10, 50], y: [5, 25] }]);

    // Stored in the cell's request layer, in the reference's coordinates format; readback layer added.
    const layers = cellLayers(c, cell);
    const request = layers.find((l) => l.config.plotter === 'rectangles_request')!;
    expect(request.id).toBe(result.layerId);
    expect((request.config.params.geometry as { coordinates: string }).coordinates).toBe('[10,5,50,25]');
    const readback = layers.find((l) => l.config.plotter === 'rectangles_readback')!;
    expect(readback).toBeDefined();

    // The backend's readback and per-ROI spectra reach both sessions.
    for (const s of [a, b]) {
      const plots = await until('readback and spectra in the poll', async () => {
        const res = await c.gateway.poll({ sessionId: s.sessionId, seen: { ...emptySeen(), shown: [readback.id, spectra, request.id] } });
        const rb = res.plots.find((p) => p.layerId === readback.id)?.plot as RoiPlotState | undefined;
        const sp = res.plots.find((p) => p.layerId === spectra);
        return rb && rb.shapes.length === 1 && sp && { rb, sp };
      });
      expect(plots.rb.shapes).toEqual([{ index: 0, x: [10, 50], y: [5, 25] }]);
      expect(plots.rb.role).toBe('readback');
      // overlay_1d: one curve per ROI.
      expect(plots.sp.plot.kind).toBe('line');
      expect(plots.sp.plot.kind === 'line' && plots.sp.plot.series).toHaveLength(1);
    }
    const spectraData = c.data.get({ workflowId: WF, sourceName: 'panel_0', outputName: 'roi_spectra_current' })!;
    expect(Array.from(toFloat64(spectraData.value.coords.roi!.values))).toEqual([0]);
    expect(responder.current({ sourceName: 'panel_0', jobNumber: job })?.rectangle?.rectangles).toHaveLength(1);
  });

  it('polygons use indices 4–7; deleting all sends an empty set; a new job gets the stored ROIs', async () => {
    const { c, sent, image, a } = await setup();
    const poly = { x: [0, 40, 20], y: [0, 0, 30] };
    const r = await c.gateway.command({ sessionId: a.sessionId, command: { type: 'roi.set', layerId: image, sourceName: 'panel_0', geometry: 'polygon', rois: [poly, { x: [60, 90, 90, 60], y: [60, 60, 90, 90] }] } });
    expect(r.ok).toBe(true);
    const msg = decodeRoi(sent.at(-1)!);
    expect(msg.geometry).toBe('polygon');
    expect(msg.model.polygons.map((p) => p.index)).toEqual([4, 5]);
    expect(msg.model.polygons[0]).toEqual({ index: 4, ...poly });

    // A refused command: too many rectangles never reaches the wire.
    const tooMany = Array.from({ length: 5 }, (_, i) => ({ x0: i, x1: i + 1, y0: 0, y1: 1 }));
    const before = sent.length;
    const bad = await c.gateway.command({ sessionId: a.sessionId, command: { type: 'roi.set', layerId: image, sourceName: 'panel_0', geometry: 'rectangle', rois: tooMany } as never });
    expect(bad.ok).toBe(false);
    expect(sent.length).toBe(before);

    // Restart: the new job receives the stored polygons once its data flows.
    await c.jobs.stop(WF, ['panel_0_counts_total']);
    await c.jobs.start(WF);
    const job2 = c.jobs.currentJob(WF)!;
    const again = await until('polygons republished to the new job', () =>
      sent.map((v) => decodeRoi(v)).find((m) => m.jobId.jobNumber === job2 && m.geometry === 'polygon'),
    );
    expect(again.model.polygons.map((p) => p.index)).toEqual([4, 5]);

    // Delete all polygons: zero-length arrays ("clear all", shared/wire/roi.ts).
    const request = c.plots.topology().grids.flatMap((g) => g.cells).flatMap((x) => x.layers).find((l) => l.config.plotter === 'polygons_request')!;
    const cleared = await c.gateway.command({ sessionId: a.sessionId, command: { type: 'roi.set', layerId: request.id, sourceName: 'panel_0', geometry: 'polygon', rois: [] } });
    expect(cleared.ok).toBe(true);
    const last = decodeRoi(sent.at(-1)!);
    expect(last.jobId.jobNumber).toBe(job2);
    expect(last.model.polygons).toEqual([]);
  });

  it('refuses ROIs on a plot whose workflow has no ROI outputs, only to the asking session', async () => {
    const { c, a } = await setup();
    const grid = c.plots.addGrid('other', 1, 1);
    const cell = c.plots.addCell(grid, { row: 0, col: 0, rowSpan: 1, colSpan: 1 });
    const lines = c.plots.addLayer(cell, { workflowId: 'dummy/monitor_histogram/1', sourceNames: ['monitor1'], outputName: 'current', plotter: 'lines', params: {} });
    const r = await c.gateway.command({ sessionId: a.sessionId, command: { type: 'roi.set', layerId: lines, sourceName: 'monitor1', geometry: 'rectangle', rois: [] } });
    expect(r).toMatchObject({ ok: false });
    expect(r.error).toMatch(/no ROI support/);
  });
});
