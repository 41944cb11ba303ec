import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { LayoutCommandSchema, type LayoutCommand } from '../../shared/api/layout-commands';
import { registerPlotter } from '../../shared/plotters';
import type { GridView, LayerConfig } from '../../shared/protocol';
import { DataStore } from '../data/data-store';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { ConfigFile } from '../config/config-file';
import { LayerStore } from './layer-store';
import { LayoutFileSchema } from './layout';
import { LayoutEditor } from './layout-commands';
import { LayoutPersistence } from './layout-persistence';
import { overlaps, PlotOrchestrator } from './plot-orchestrator';
import { Core } from '../app/core';
import { ScriptedTransport } from '../../test/support/scripted-transport';
import { emptySeen } from '../../shared/session-api';

const withLayout = { kind: 'group' as const, key: 'layout', title: 'Layout', fields: [{ kind: 'enum' as const, key: 'combine_mode', title: 'Combine', options: [{ value: 'overlay' }, { value: 'layout' }], default: 'overlay' }] };
// Registered fixtures: the wizard's and main's checks work against the registry's API,
// whatever the plotter definitions of this build are.
registerPlotter({ name: 'lines', title: 'Lines', description: '', requirements: { minDims: 1, maxDims: 1 }, params: [
  { kind: 'group', key: 'plot_scale', title: 'Scale', fields: [{ kind: 'enum', key: 'y_scale', title: 'Y', options: [{ value: 'linear' }, { value: 'log' }], default: 'linear' }] },
  withLayout,
] });
registerPlotter({ name: 'image', title: 'Image', description: '', requirements: { minDims: 2, maxDims: 2 }, params: [] });
registerPlotter({ name: 'timeseries', title: 'Timeseries', description: '', requirements: { minDims: 0, maxDims: 0 }, params: [] });
registerPlotter({ name: 'table', title: 'Table', description: '', requirements: { minDims: 0, maxDims: 1 }, params: [], exclusive: true });
registerPlotter({ name: 'vlines', title: 'Vertical lines', description: '', requirements: null, params: [] });

const MON = 'dummy/monitor_histogram/1';
const lines = (outputName = 'current', sources = ['monitor1'], params: LayerConfig['params'] = {}): LayerConfig =>
  ({ workflowId: MON, sourceNames: sources, outputName, plotter: 'lines', params });

function setup() {
  const logger = silentLogger();
  const data = new DataStore();
  const layers = new LayerStore(logger);
  const plots = new PlotOrchestrator(dummyInstrument, data, layers, { currentJob: () => null }, logger);
  const editor = new LayoutEditor(plots, dummyInstrument);
  /** Sends a command as a session would: validated by the schema first. */
  const run = (c: LayoutCommand | Record<string, unknown>): unknown => editor.handle(LayoutCommandSchema.parse(c));
  const grids = (): GridView[] => plots.topology().grids;
  const grid = (id: string): GridView => grids().find((g) => g.id === id)!;
  return { plots, layers, editor, run, grids, grid };
}

const region = (row: number, col: number, rowSpan = 1, colSpan = 1) => ({ row, col, rowSpan, colSpan });

describe('layout commands: grids', () => {
  it('add, rename, move, hide/show, copy and remove a grid; each bumps the topology version', () => {
    const { run, grids, plots } = setup();
    const a = run({ type: 'layout.addGrid', title: 'A', rows: 2, cols: 2 }) as string;
    const b = run({ type: 'layout.addGrid', title: 'B', rows: 1, cols: 3 }) as string;
    let v = plots.topologyVersion;
    const bumped = (): boolean => { const moved = plots.topologyVersion > v; v = plots.topologyVersion; return moved; };
    run({ type: 'layout.renameGrid', gridId: a, title: 'Alpha' });
    expect(bumped()).toBe(true);
    run({ type: 'layout.moveGrid', gridId: b, toIndex: 0 });
    expect(bumped()).toBe(true);
    expect(grids().map((g) => g.title)).toEqual(['B', 'Alpha']);
    run({ type: 'layout.setGridEnabled', gridId: a, enabled: false });
    expect(bumped()).toBe(true);
    expect(grids()[1].enabled).toBe(false);
    run({ type: 'layout.addCell', gridId: a, region: region(0, 0), layer: lines() });
    const c = run({ type: 'layout.copyGrid', gridId: a, title: 'Alpha copy' }) as string;
    const copy = grids().find((g) => g.id === c)!;
    expect(copy.cells).toHaveLength(1);
    expect(copy.cells[0].layers[0].config).toEqual(grids()[1].cells[0].layers[0].config);
    expect(copy.cells[0].layers[0].id).not.toBe(grids()[1].cells[0].layers[0].id);
    run({ type: 'layout.removeGrid', gridId: b });
    expect(bumped()).toBe(true);
    expect(grids().map((g) => g.title)).toEqual(['Alpha', 'Alpha copy']);
  });

  it('rows and columns are 1–6', () => {
    const { run } = setup();
    for (const [rows, cols] of [[0, 2], [2, 7], [1.5, 2]]) {
      expect(() => run({ type: 'layout.addGrid', title: 'X', rows, cols })).toThrow();
    }
    expect(run({ type: 'layout.addGrid', title: 'X', rows: 6, cols: 6 })).toEqual(expect.any(String));
  });

  it('refuses edits of a grid another window removed: "the grid was removed"', () => {
    const { run } = setup();
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 2, cols: 2 }) as string;
    run({ type: 'layout.removeGrid', gridId: g });
    for (const c of [
      { type: 'layout.renameGrid', gridId: g, title: 'B' },
      { type: 'layout.replaceGrid', gridId: g, title: 'B', rows: 2, cols: 2 },
      { type: 'layout.moveGrid', gridId: g, toIndex: 0 },
      { type: 'layout.setGridEnabled', gridId: g, enabled: false },
      { type: 'layout.removeGrid', gridId: g },
      { type: 'layout.copyGrid', gridId: g, title: 'C' },
      { type: 'layout.addCell', gridId: g, region: region(0, 0), layer: lines() },
    ]) {
      expect(() => run(c)).toThrow('the grid was removed');
    }
  });

  it('a new size keeps the cells that still fit and removes the others (undo brings them back)', () => {
    const { run, grid } = setup();
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 3, cols: 3 }) as string;
    run({ type: 'layout.addCell', gridId: g, region: region(0, 0, 1, 2), layer: lines() });
    run({ type: 'layout.addCell', gridId: g, region: region(2, 2), layer: lines('cumulative') });
    expect(run({ type: 'layout.replaceGrid', gridId: g, title: 'A2', rows: 2, cols: 2 })).toEqual({ removedCells: 1 });
    expect(grid(g)).toMatchObject({ title: 'A2', rows: 2, cols: 2 });
    expect(grid(g).cells.map((c) => [c.row, c.col])).toEqual([[0, 0]]);
    run({ type: 'layout.undo' });
    expect(grid(g)).toMatchObject({ title: 'A', rows: 3, cols: 3 });
    expect(grid(g).cells).toHaveLength(2);
  });
});

describe('layout commands: cells and overlap rules', () => {
  it('overlaps: touching regions do not overlap, shared slots do', () => {
    expect(overlaps(region(0, 0, 2, 2), region(0, 2))).toBe(false);
    expect(overlaps(region(0, 0, 2, 2), region(2, 0))).toBe(false);
    expect(overlaps(region(0, 0, 2, 2), region(1, 1))).toBe(true);
    expect(overlaps(region(1, 1), region(0, 0, 2, 2))).toBe(true);
    expect(overlaps(region(0, 1, 3, 1), region(1, 0, 1, 3))).toBe(true);
  });

  it('adds a cell over a free region with spans; an occupied or outside region is refused and nothing changes', () => {
    const { run, grid, plots } = setup();
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 2, cols: 3 }) as string;
    const r = run({ type: 'layout.addCell', gridId: g, region: region(0, 0, 2, 2), layer: lines() }) as { cellId: string; layerId: string };
    expect(grid(g).cells[0]).toMatchObject({ id: r.cellId, row: 0, col: 0, rowSpan: 2, colSpan: 2 });
    expect(grid(g).cells[0].layers[0].id).toBe(r.layerId);
    const v = plots.topologyVersion;
    expect(() => run({ type: 'layout.addCell', gridId: g, region: region(1, 1, 1, 2), layer: lines() })).toThrow('that position is already occupied');
    expect(() => run({ type: 'layout.addCell', gridId: g, region: region(0, 2, 3, 1), layer: lines() })).toThrow(/outside the 2×3 grid/);
    expect(plots.topologyVersion).toBe(v);
    run({ type: 'layout.addCell', gridId: g, region: region(0, 2, 2, 1), layer: lines() });
    expect(grid(g).cells).toHaveLength(2);
  });

  it('cell title: user-set, or derived "Workflow (Source)"; a removed cell refuses with "the plot was removed"', () => {
    const { run, grid } = setup();
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 2, cols: 2 }) as string;
    const { cellId } = run({ type: 'layout.addCell', gridId: g, region: region(0, 0), layer: lines('current', ['monitor1', 'monitor2']) }) as { cellId: string };
    expect(grid(g).cells[0]).toMatchObject({ title: 'Beam monitor (monitor1, monitor2)', userTitle: null });
    run({ type: 'layout.setCellTitle', cellId, title: 'Monitors' });
    expect(grid(g).cells[0]).toMatchObject({ title: 'Monitors', userTitle: 'Monitors' });
    run({ type: 'layout.setCellTitle', cellId, title: null });
    expect(grid(g).cells[0].title).toBe('Beam monitor (monitor1, monitor2)');
    run({ type: 'layout.removeCell', cellId });
    expect(() => run({ type: 'layout.setCellTitle', cellId, title: 'X' })).toThrow('the plot was removed');
    expect(() => run({ type: 'layout.removeCell', cellId })).toThrow('the plot was removed');
    expect(() => run({ type: 'layout.addLayer', cellId, layer: lines() })).toThrow('the plot was removed');
  });
});

describe('layout commands: layers', () => {
  it('add an overlay, reconfigure (new id, same position), remove; removing the last layer removes the cell', () => {
    const { run, grid, layers } = setup();
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 1, cols: 1 }) as string;
    const { cellId, layerId } = run({ type: 'layout.addCell', gridId: g, region: region(0, 0), layer: lines() }) as { cellId: string; layerId: string };
    const overlay = run({ type: 'layout.addLayer', cellId, layer: lines('cumulative') }) as string;
    expect(grid(g).cells[0].layers.map((l) => l.id)).toEqual([layerId, overlay]);
    const newId = run({ type: 'layout.reconfigureLayer', layerId, layer: lines('current', ['monitor1'], { plot_scale: { y_scale: 'log' } }) }) as string;
    expect(newId).not.toBe(layerId);
    expect(grid(g).cells[0].layers.map((l) => l.id)).toEqual([newId, overlay]);
    expect(grid(g).cells[0].layers[0].config.params).toEqual({ plot_scale: { y_scale: 'log' }, layout: { combine_mode: 'overlay' } });
    expect(layers.get(layerId)).toBeUndefined();
    // A window still configuring the old layer loses the race cleanly.
    expect(() => run({ type: 'layout.reconfigureLayer', layerId, layer: lines() })).toThrow('the plot was removed');
    expect(() => run({ type: 'layout.removeLayer', layerId })).toThrow('the plot was removed');
    run({ type: 'layout.removeLayer', layerId: overlay });
    expect(grid(g).cells[0].layers.map((l) => l.id)).toEqual([newId]);
    run({ type: 'layout.removeLayer', layerId: newId });
    expect(grid(g).cells).toEqual([]);
    expect(() => run({ type: 'layout.setCellTitle', cellId, title: 'x' })).toThrow('the plot was removed');
  });

  it('a table (exclusive plotter) or a layout-mode plot must be alone in its cell', () => {
    const { run } = setup();
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 2, cols: 2 }) as string;
    const table: LayerConfig = { workflowId: MON, sourceNames: ['monitor1'], outputName: 'counts_total', plotter: 'table', params: {} };
    const t = run({ type: 'layout.addCell', gridId: g, region: region(0, 0), layer: table }) as { cellId: string };
    expect(() => run({ type: 'layout.addLayer', cellId: t.cellId, layer: { ...table, outputName: 'counts_in_toa_range' } })).toThrow(/cannot share a cell/);
    const l = run({ type: 'layout.addCell', gridId: g, region: region(1, 0), layer: lines() }) as { cellId: string; layerId: string };
    expect(() => run({ type: 'layout.addLayer', cellId: l.cellId, layer: table })).toThrow(/cannot share a cell/);
    run({ type: 'layout.addLayer', cellId: l.cellId, layer: lines('cumulative') });
    expect(() => run({ type: 'layout.reconfigureLayer', layerId: l.layerId, layer: lines('current', ['monitor1'], { layout: { combine_mode: 'layout' } }) })).toThrow(/cannot share a cell/);
  });

  it('checks each layer against the catalogue and the plotter registry', () => {
    const { run } = setup();
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 2, cols: 2 }) as string;
    const at = { type: 'layout.addCell', gridId: g, region: region(0, 0) };
    expect(() => run({ ...at, layer: { ...lines(), workflowId: 'dummy/nope/1' } })).toThrow('unknown workflow dummy/nope/1');
    expect(() => run({ ...at, layer: lines('nope') })).toThrow(/has no output nope/);
    expect(() => run({ ...at, layer: lines('current', ['panel_0']) })).toThrow(/has no source panel_0/);
    expect(() => run({ ...at, layer: lines('current', []) })).toThrow('select at least one source');
    expect(() => run({ ...at, layer: { ...lines(), plotter: 'image' } })).toThrow(/the Image plotter cannot show/);
    expect(() => run({ ...at, layer: lines('current', ['monitor1'], { plot_scale: { y_scale: 'cubic' } }) })).toThrow(/invalid plot parameters: plot_scale.y_scale/);
    // A static overlay has no workflow data.
    expect(() => run({ ...at, layer: { workflowId: 'static/geometric/1', sourceNames: [], outputName: 'static', plotter: 'lines', params: {} } })).toThrow(/needs workflow data/);
    const ok = run({ ...at, layer: { workflowId: 'static/geometric/1', sourceNames: [], outputName: 'static', plotter: 'vlines', params: {} } });
    expect(ok).toMatchObject({ cellId: expect.any(String) });
  });
});

describe('undo / redo', () => {
  it('undoes and redoes edits in order, with labels; a new edit clears redo', () => {
    const { run, grids, editor } = setup();
    expect(editor.history.view()).toMatchObject({ canUndo: false, canRedo: false });
    expect(() => run({ type: 'layout.undo' })).toThrow('nothing to undo');
    expect(() => run({ type: 'layout.redo' })).toThrow('nothing to redo');
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 2, cols: 2 }) as string;
    run({ type: 'layout.renameGrid', gridId: g, title: 'B' });
    expect(editor.history.view()).toMatchObject({ canUndo: true, undoLabel: "rename grid 'A' to 'B'" });
    expect(run({ type: 'layout.undo' })).toEqual({ label: "rename grid 'A' to 'B'" });
    expect(grids()[0].title).toBe('A');
    expect(editor.history.view()).toMatchObject({ canRedo: true, redoLabel: "rename grid 'A' to 'B'" });
    run({ type: 'layout.redo' });
    expect(grids()[0].title).toBe('B');
    run({ type: 'layout.undo' });
    run({ type: 'layout.setGridEnabled', gridId: g, enabled: false });
    expect(editor.history.view().canRedo).toBe(false);
    // A refused edit records nothing.
    const depth = editor.history.depth;
    expect(() => run({ type: 'layout.renameGrid', gridId: 'gone', title: 'x' })).toThrow();
    expect(editor.history.depth).toBe(depth);
  });

  it('a removed cell comes back at its place under new layer ids; untouched layers keep theirs', () => {
    const { run, grid } = setup();
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 2, cols: 2 }) as string;
    const keep = run({ type: 'layout.addCell', gridId: g, region: region(0, 0), layer: lines() }) as { cellId: string; layerId: string };
    const gone = run({ type: 'layout.addCell', gridId: g, region: region(1, 1), layer: lines('cumulative') }) as { cellId: string; layerId: string };
    run({ type: 'layout.removeCell', cellId: gone.cellId });
    expect(grid(g).cells).toHaveLength(1);
    run({ type: 'layout.undo' });
    const cells = grid(g).cells;
    expect(cells.map((c) => c.id)).toEqual([keep.cellId, gone.cellId]);
    expect(cells[0].layers[0].id).toBe(keep.layerId);
    expect(cells[1].layers[0].id).not.toBe(gone.layerId);
    expect(cells[1].layers[0].config.outputName).toBe('cumulative');
  });

  it('layers other components made (the ROI publisher storing ROIs) survive an undo of an unrelated edit', () => {
    const { run, grid, plots } = setup();
    const g = run({ type: 'layout.addGrid', title: 'A', rows: 1, cols: 2 }) as string;
    const { cellId, layerId } = run({ type: 'layout.addCell', gridId: g, region: region(0, 0), layer: lines() }) as { cellId: string; layerId: string };
    run({ type: 'layout.renameGrid', gridId: g, title: 'B' });
    // Outside the history: a layer's params replaced and an overlay added, as the ROI publisher does.
    const roiId = plots.updateLayerConfig(layerId, lines('current', ['monitor1'], { rois: [1] }));
    const extra = plots.addLayer(cellId, lines('cumulative'));
    run({ type: 'layout.undo' });
    expect(grid(g).title).toBe('A');
    expect(grid(g).cells[0].layers.map((l) => l.id)).toEqual([roiId, extra]);
    expect(grid(g).cells[0].layers[0].config.params).toEqual({ rois: [1] });
    // Undoing the cell itself still removes it, with those layers.
    run({ type: 'layout.undo' });
    expect(grid(g).cells).toEqual([]);
  });

  it('keeps at least 50 steps', () => {
    const { run, grids } = setup();
    const g = run({ type: 'layout.addGrid', title: 'T0', rows: 1, cols: 1 }) as string;
    for (let i = 1; i <= 60; i++) run({ type: 'layout.renameGrid', gridId: g, title: `T${i}` });
    for (let i = 0; i < 55; i++) run({ type: 'layout.undo' });
    expect(grids()[0].title).toBe('T5');
    for (let i = 0; i < 55; i++) run({ type: 'layout.redo' });
    expect(grids()[0].title).toBe('T60');
  });
});

describe('export / import and templates', () => {
  it('export → import gives an identical grid, in the reference template structure', () => {
    const { run, editor, plots } = setup();
    const g = run({ type: 'layout.addGrid', title: 'Monitors', rows: 2, cols: 3 }) as string;
    const { cellId } = run({ type: 'layout.addCell', gridId: g, region: region(0, 0, 1, 2), title: 'Both', layer: lines('cumulative', ['monitor1', 'monitor2']) }) as { cellId: string };
    run({ type: 'layout.addLayer', cellId, layer: lines('current', ['monitor1']) });
    const out = editor.query({ type: 'layout.exportGrid', gridId: g });
    expect(out.fileName).toBe('monitors.yaml');
    const doc = YAML.parse(out.yaml);
    expect(doc).toMatchObject({ title: 'Monitors', nrows: 2, ncols: 3 });
    expect(doc.cells[0]).toMatchObject({ geometry: { row: 0, col: 0, row_span: 1, col_span: 2 }, user_title: 'Both' });
    expect(doc.cells[0].layers[0]).toMatchObject({
      data_sources: { primary: { workflow_id: MON, view_name: 'histogram', source_names: ['monitor1', 'monitor2'] } },
      plot_name: 'lines',
      params: { time_window: { mode: 'since_start' } },
    });
    expect(doc.cells[0].layers[1].params.time_window.mode).toBe('window');
    const { gridId } = run({ type: 'layout.importGrid', yaml: out.yaml }) as { gridId: string; problems: string[] };
    const strip = (gv: GridView) => ({ ...gv, id: '', cells: gv.cells.map((c) => ({ ...c, id: '', layers: c.layers.map((l) => ({ ...l, id: '', config: { ...l.config, params: {} } })) })) });
    const grids = plots.topology().grids;
    expect(strip(grids.find((x) => x.id === gridId)!)).toEqual(strip(grids.find((x) => x.id === g)!));
    expect(editor.query({ type: 'layout.exportGrid', gridId }).yaml).toBe(out.yaml);
  });

  it("a catalogue template makes a grid; the view's window mode picks the output field", () => {
    const { run, grid } = setup();
    const { gridId, problems } = run({ type: 'layout.addGridFromTemplate', template: 'Detectors' }) as { gridId: string; problems: string[] };
    expect(problems).toEqual([]);
    const gv = grid(gridId);
    expect(gv).toMatchObject({ title: 'Detectors', rows: 2, cols: 2 });
    expect(gv.cells.map((c) => c.layers[0].config)).toEqual([
      expect.objectContaining({ workflowId: 'dummy/area_panel_xy/1', outputName: 'current', plotter: 'image' }),
      expect.objectContaining({ workflowId: 'dummy/panel_0_xy/1', outputName: 'current', plotter: 'image' }),
    ]);
    expect(() => run({ type: 'layout.addGridFromTemplate', template: 'Nope' })).toThrow(/no grid template 'Nope'/);
  });

  it('an imported grid naming unknown workflows or outputs is kept, shown unavailable with the reason, and exported as it was', () => {
    const { run, grid, editor } = setup();
    const yaml = YAML.stringify({
      title: 'Foreign', nrows: 1, ncols: 2,
      cells: [
        { geometry: { row: 0, col: 0, row_span: 1, col_span: 1 }, layers: [{ data_sources: { primary: { workflow_id: 'loki/sans/1', view_name: 'iofq', source_names: ['larmor'] } }, plot_name: 'lines', params: { a: 1 } }] },
        { geometry: { row: 0, col: 1, row_span: 1, col_span: 1 }, layers: [{ data_sources: { primary: { workflow_id: MON, view_name: 'nope', source_names: ['monitor1'] } }, plot_name: 'lines', params: {} }] },
      ],
    });
    const { gridId, problems } = run({ type: 'layout.importGrid', yaml }) as { gridId: string; problems: string[] };
    expect(problems).toHaveLength(2);
    const cells = grid(gridId).cells;
    expect(cells.map((c) => c.layers.length)).toEqual([0, 0]);
    expect(cells[0].unavailable![0].reason).toBe('unknown workflow loki/sans/1');
    expect(cells[1].unavailable![0].reason).toMatch(/has no output nope/);
    const back = YAML.parse(editor.query({ type: 'layout.exportGrid', gridId }).yaml);
    expect(back.cells[0].layers[0]).toEqual({ data_sources: { primary: { workflow_id: 'loki/sans/1', view_name: 'iofq', source_names: ['larmor'] } }, plot_name: 'lines', params: { a: 1 } });
    expect(() => run({ type: 'layout.importGrid', yaml: 'title: [' })).toThrow(/not valid YAML/);
    expect(() => run({ type: 'layout.importGrid', yaml: 'title: X\nnrows: 9\nncols: 1\n' })).toThrow(/not a grid template/);
  });
});

describe('layout persistence', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'layout-'));
  function persisted(dir: string) {
    const s = setup();
    const file = new ConfigFile(path.join(dir, 'layout.yaml'), LayoutFileSchema);
    const notes: string[] = [];
    let defaults = 0;
    const p = new LayoutPersistence({
      file, plots: s.plots, logger: silentLogger(), debounceMs: 10_000,
      applyDefault: () => { defaults++; s.plots.addGrid('Default', 1, 1); },
      notify: (_l, m) => notes.push(m),
    });
    return { ...s, p, file, notes, defaults: () => defaults };
  }

  it('entries skipped at load are kept verbatim, shown unavailable, and the file is written only when something changed', () => {
    const dir = tmp();
    const file = path.join(dir, 'layout.yaml');
    const written = YAML.stringify({
      grids: [
        { title: 'Mine', rows: 2, cols: 2, cells: [
          { row: 0, col: 0, layers: [{ workflowId: 'dummy/future_thing/3', sourceNames: ['x'], outputName: 'y', plotter: 'lines', params: { keep: 'me' } }] },
          { row: 1, col: 1, layers: [lines()] },
          { row: 5, col: 5, layers: [lines()] },
        ] },
        { title: 'Too big', rows: 9, cols: 1, cells: [] },
      ],
    });
    fs.writeFileSync(file, written);
    const a = persisted(dir);
    a.p.start();
    const [mine, big] = a.grids();
    expect(mine.cells[0].unavailable![0].reason).toBe('unknown workflow dummy/future_thing/3');
    expect(mine.cells[1].layers).toHaveLength(1);
    expect(mine.unplaced![0].reason).toMatch(/outside the 2×2 grid/);
    expect(big.unavailable).toMatch(/rows/);
    expect(a.notes[0]).toMatch(/3 layout entries are unavailable and kept as written/);
    const mtime = fs.statSync(file).mtimeMs;
    a.p.stop();
    expect(fs.readFileSync(file, 'utf8')).toBe(written);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    // An edit elsewhere writes the file; the unusable entries stay as they were.
    const b = persisted(dir);
    b.p.start();
    b.run({ type: 'layout.setCellTitle', cellId: b.grids()[0].cells[1].id, title: 'Edited' });
    b.p.stop();
    const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
    expect(doc.grids[0].cells[0].layers[0]).toEqual({ workflowId: 'dummy/future_thing/3', sourceNames: ['x'], outputName: 'y', plotter: 'lines', params: { keep: 'me' } });
    expect(doc.grids[0].cells[1].title).toBe('Edited');
    expect(doc.grids[0].cells[2]).toEqual({ row: 5, col: 5, layers: [lines()] });
    expect(doc.grids[1]).toEqual({ title: 'Too big', rows: 9, cols: 1, cells: [] });
  });

  it('a corrupt layout loads the backup with a notification; defaults never overwrite a good backup', () => {
    const dir = tmp();
    const file = path.join(dir, 'layout.yaml');
    const a = persisted(dir);
    a.p.start(); // first start: defaults written
    expect(a.defaults()).toBe(1);
    a.run({ type: 'layout.renameGrid', gridId: a.grids()[0].id, title: 'Version 1' });
    a.p.flush();
    a.run({ type: 'layout.renameGrid', gridId: a.grids()[0].id, title: 'Version 2' });
    a.p.stop();
    fs.writeFileSync(file, 'grids: {oops');
    const b = persisted(dir);
    b.p.start();
    expect(b.defaults()).toBe(0);
    expect(b.grids()[0].title).toBe('Version 1');
    expect(b.notes.join('\n')).toMatch(/Layout file was unusable .*Loaded the last good backup/);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('layout.yaml.corrupt-'))).toBe(true);
    b.p.stop();
    // Both broken: defaults in memory, and the broken backup is not replaced by them.
    fs.writeFileSync(file, '');
    fs.writeFileSync(`${file}.bak`, 'grids: 3');
    const c = persisted(dir);
    c.p.start();
    expect(c.defaults()).toBe(1);
    expect(c.notes.join('\n')).toMatch(/No usable backup: using the default layout/);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('grids: 3');
  });
});

describe('layout commands through the session gateway', () => {
  it('an edit reaches every session within one poll; a refusal goes back to the asking session only', async () => {
    const logger = silentLogger();
    const core = new Core({ instrument: dummyInstrument, transport: new ScriptedTransport(), logger, autoStart: false, configDir: null });
    await core.start();
    try {
      const a = await core.gateway.open({ client: 'browser' });
      const b = await core.gateway.open({ client: 'electron' });
      const seenB = { ...emptySeen(), topology: b.topology!.version, cursor: b.cursor, sections: { undo: b.sections.undo!.version } };
      const add = await core.gateway.command({ sessionId: a.sessionId, command: { type: 'layout.addGrid', title: 'Shared', rows: 2, cols: 2 } });
      expect(add.ok).toBe(true);
      const r = await core.gateway.poll({ sessionId: b.sessionId, seen: seenB });
      expect(r.topology!.grids.map((g) => g.title)).toContain('Shared');
      expect(r.sections.undo!.view).toMatchObject({ canUndo: true, undoLabel: "add grid 'Shared'" });
      const before = core.notifications.end;
      const refused = await core.gateway.command({ sessionId: b.sessionId, command: { type: 'layout.removeGrid', gridId: 'no-such-grid' } });
      expect(refused).toEqual({ ok: false, error: 'the grid was removed', value: null });
      expect(core.notifications.end).toBe(before);
      // Schema-invalid input never reaches the layout (1–6 rows and columns).
      expect(() => LayoutCommandSchema.parse({ type: 'layout.addGrid', title: 'X', rows: 7, cols: 1 })).toThrow();
    } finally {
      await core.stop();
    }
  });
});
