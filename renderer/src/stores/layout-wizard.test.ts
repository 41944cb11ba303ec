import { describe, expect, it } from 'vitest';
import type { CatalogueView, OutputView } from '../../../shared/catalogue';
import { registerPlotter } from '../../../shared/plotters';
import { cellDataEnd, overlaySuggestions, preselectSources, workflowGroups, STATIC_GROUP } from './layout-wizard';
import { regionBetween, regionsOverlap } from './layout-edit';

const out = (name: string, ndim: number): OutputView => ({
  name, title: name, description: '', dims: Array.from({ length: ndim }, (_, i) => ({ name: `d${i}`, unit: null, edges: false })),
  coords: [], unit: null, temporality: 'current', defaultPlotter: 'lines',
});

describe('plot wizard rules', () => {
  it('pre-selects every source for 0-D/1-D outputs, none for images, the only one when there is one, and keeps a reconfigured layer\'s', () => {
    expect(preselectSources(['a', 'b'], out('h', 1), null)).toEqual(['a', 'b']);
    expect(preselectSources(['a', 'b'], out('s', 0), null)).toEqual(['a', 'b']);
    expect(preselectSources(['a', 'b'], out('img', 2), null)).toEqual([]);
    expect(preselectSources(['a'], out('img', 2), null)).toEqual(['a']);
    expect(preselectSources(['a', 'b', 'c'], out('img', 2), ['c', 'gone'])).toEqual(['c']);
  });

  it('groups workflows as the catalogue does, with the static-overlay group last', () => {
    registerPlotter({ name: 'vlines', title: 'Vertical lines', description: '', requirements: null, params: [] });
    const wf = (id: string, group: string) => ({ id, title: id, group, description: '', sources: [], auxSources: [], supportsReset: false, outputs: [], params: [] });
    const cat = { instrument: 'x', title: 'x', sources: [], devices: [], gridTemplates: [], workflows: [wf('a', 'Monitors'), wf('b', 'Detectors'), wf('c', 'Monitors')] } as CatalogueView;
    expect(workflowGroups(cat).map((g) => [g.name, g.workflows.map((w) => w.id)])).toEqual([['Monitors', ['a', 'c']], ['Detectors', ['b']], [STATIC_GROUP, []]]);
  });

  it('suggests ROI overlays for an image whose workflow has ROI outputs, once', () => {
    const cat = { workflows: [{ id: 'w', outputs: [out('current', 2), out('roi_rectangle', 1)] }] } as unknown as CatalogueView;
    const image = { workflowId: 'w', sourceNames: ['p'], outputName: 'current', plotter: 'image' as const, params: {} };
    const s = overlaySuggestions(image, cat, [image]);
    expect(s.map((x) => x.config)).toEqual([{ workflowId: 'w', sourceNames: ['p'], outputName: 'roi_rectangle', plotter: 'rectangles_readback', params: {} }]);
    expect(overlaySuggestions(image, cat, [image, s[0].config])).toEqual([]);
  });

  it('click-to-place regions: any corner order; overlap shares a slot', () => {
    expect(regionBetween({ row: 2, col: 0 }, { row: 0, col: 1 })).toEqual({ row: 0, col: 0, rowSpan: 3, colSpan: 2 });
    expect(regionsOverlap({ row: 0, col: 0, rowSpan: 2, colSpan: 2 }, { row: 1, col: 1, rowSpan: 1, colSpan: 1 })).toBe(true);
    expect(regionsOverlap({ row: 0, col: 0, rowSpan: 2, colSpan: 2 }, { row: 0, col: 2, rowSpan: 1, colSpan: 1 })).toBe(false);
  });

  it('the freshness pill follows the oldest live layer of a cell, not the newest', () => {
    const l = (id: string, state: string, endMs: number | null) => ({ id, state, endMs });
    expect(cellDataEnd([l('a', 'READY', 5000), l('b', 'READY', 1000)])).toBe(1000);
    // A stopped or waiting layer does not make a live cell look stale.
    expect(cellDataEnd([l('a', 'READY', 5000), l('b', 'STOPPED', 10), l('c', 'WAITING_FOR_DATA', null)])).toBe(5000);
    expect(cellDataEnd([l('a', 'STOPPED', 300), l('b', 'STOPPED', 200)])).toBe(200);
    expect(cellDataEnd([l('a', 'WAITING_FOR_JOB', null)])).toBeNull();
  });
});
