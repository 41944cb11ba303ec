// The shipped catalogues against facts taken from the reference (test/fixtures/catalogue/
// reference-workflows.json, written by tools/generate_catalogues.py from the reference's own
// spec registration), the wire JSON of default params, and the loader's error reporting.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultParams, validateParams, type ParamSchema } from '../../shared/params';
import { encodeWorkflowConfig } from '../../shared/wire/commands';
import { silentLogger } from '../logging/logger';
import { CatalogueError, parseCatalogue } from './catalogue-file';
import { checkCatalogueFile } from './check-catalogue';
import { builtinCatalogueDir, builtinInstrumentNames, instrumentByName, loadInstrumentRegistry } from './index';
import { findWorkflow, workflowKey, type InstrumentSpec } from './instrument-spec';

interface FixtureWorkflow {
  sources: string[];
  auxSources: Record<string, { choices: string[]; default: string }>;
  supportsReset: boolean;
  paramKeys: string[];
  defaultParams: Record<string, unknown>;
  outputs: string[];
  views: Record<string, string[]>;
}
interface FixtureInstrument {
  sources: Record<string, string>;
  workflows: Record<string, FixtureWorkflow>;
  devices: { device_name: string; workflow_id: string; source_name: string; output_name: string }[];
  gridTemplates: string[];
}

const fixtureDir = path.resolve(__dirname, '../../test/fixtures/catalogue');
const fixture = JSON.parse(fs.readFileSync(path.join(fixtureDir, 'reference-workflows.json'), 'utf8')) as { instruments: Record<string, FixtureInstrument> };
const registry = loadInstrumentRegistry();
/** The instruments the reference defines. */
const REFERENCE_INSTRUMENTS = ['beer', 'bifrost', 'dream', 'dummy', 'estia', 'loki', 'magic', 'nmx', 'odin', 'tbl'];

const tmpDirs: string[] = [];
afterEach(() => {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmpConfig(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldd-catalogue-'));
  tmpDirs.push(dir);
  fs.mkdirSync(path.join(dir, 'instruments'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'instruments', name), content);
  return dir;
}

function encodeDefaults(spec: InstrumentSpec, key: string): Record<string, unknown> {
  const w = findWorkflow(spec, key)!;
  const bytes = encodeWorkflowConfig({
    identifier: w.id, messageId: 'm', jobId: { sourceName: w.sources[0], jobNumber: '0f9a4c1e-5b7d-4e2a-9c3b-1d2e3f4a5b6c' },
    schedule: { startTime: null, endTime: null }, auxSourceNames: Object.fromEntries(w.auxSources.map((a) => [a.key, a.default])), params: w.params,
  });
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

describe('built-in catalogues', () => {
  it('exist for every instrument the reference defines, and each loads', () => {
    expect(Object.keys(fixture.instruments).sort()).toEqual(REFERENCE_INSTRUMENTS);
    expect(registry.names()).toEqual(REFERENCE_INSTRUMENTS);
    expect(builtinInstrumentNames()).toEqual(REFERENCE_INSTRUMENTS);
    for (const name of REFERENCE_INSTRUMENTS) {
      const spec = registry.byName(name);
      expect(spec.name).toBe(name);
      expect(spec.origin).toBe(path.join(builtinCatalogueDir(), `${name}.yaml`));
      expect(spec.workflows.length).toBeGreaterThan(0);
    }
  });

  for (const name of REFERENCE_INSTRUMENTS) {
    it(`${name}: workflows, sources, params, outputs and devices match the reference`, () => {
      const ref = fixture.instruments[name];
      const spec = registry.byName(name);
      expect(spec.workflows.map((w) => workflowKey(w.id)).sort()).toEqual(Object.keys(ref.workflows).sort());
      expect(Object.fromEntries(spec.sources.map((s) => [s.name, s.kind]))).toEqual(ref.sources);
      for (const [id, rw] of Object.entries(ref.workflows)) {
        const w = findWorkflow(spec, id)!;
        expect(w.sources, id).toEqual(rw.sources);
        expect(w.supportsReset, id).toBe(rw.supportsReset);
        expect(w.paramSchema.map((f) => f.key), id).toEqual(rw.paramKeys);
        expect(w.outputs.map((o) => o.name), id).toEqual(rw.outputs);
        expect(Object.fromEntries(w.views.map((v) => [v.name, v.fields])), id).toEqual(rw.views);
        expect(Object.fromEntries(w.auxSources.map((a) => [a.key, { choices: a.choices.map((c) => c.value), default: a.default }])), id).toEqual(rw.auxSources);
      }
      expect(spec.devices.map((d) => ({ device_name: d.deviceName, workflow_id: d.workflowId, source_name: d.sourceName, output_name: d.outputName }))).toEqual(ref.devices);
      expect(spec.gridTemplates.map((t) => t.title)).toEqual(ref.gridTemplates);
    });

    it(`${name}: each workflow's default params go on the wire exactly as the reference's model dumps them`, () => {
      const ref = fixture.instruments[name];
      const spec = registry.byName(name);
      for (const [id, rw] of Object.entries(ref.workflows)) {
        const w = findWorkflow(spec, id)!;
        expect(defaultParams(w.paramSchema), id).toEqual(rw.defaultParams);
        expect(validateParams(w.paramSchema, w.params).problems, id).toEqual([]);
        const json = encodeDefaults(spec, id);
        expect(json.params, id).toEqual(rw.defaultParams);
        expect(json.identifier, id).toEqual({ instrument: w.id.instrument, name: w.id.name, version: w.id.version });
      }
    });
  }

  it('dummy: the monitor config is the documented example byte for byte', () => {
    const json = encodeDefaults(registry.byName('dummy'), 'dummy/monitor_histogram/1');
    expect(JSON.stringify(json.params)).toBe(
      '{"coordinate_mode":{"mode":"toa"},"toa_edges":{"start":0,"stop":71.43,"num_bins":100,"scale":"linear","unit":"ms"},"toa_range":{"start":0,"stop":10,"enabled":false,"unit":"μs"}}',
    );
    expect(json.aux_source_names).toEqual({});
  });

  it('dummy: params and aux sources have the shape of the reference dashboard\'s persisted configs (its tests\' fixture)', () => {
    const saved = parseYaml(fs.readFileSync(path.join(fixtureDir, 'reference-dummy-workflow_configs.yaml'), 'utf8')) as Record<string, { jobs: Record<string, { aux_source_names: Record<string, string>; params: Record<string, unknown> }> }>;
    const spec = registry.byName('dummy');
    // Same nesting and keys; strings (enums, units) equal. Numbers may differ: the fixture predates the rounded pulse period.
    const shape = (v: unknown): unknown =>
      v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, shape(x)])) : typeof v === 'number' ? 'number' : v;
    let compared = 0;
    for (const [id, entry] of Object.entries(saved)) {
      const w = findWorkflow(spec, id);
      if (!w) continue; // the fixture also holds workflows of older dummy versions
      for (const [source, job] of Object.entries(entry.jobs)) {
        expect(w.sources, id).toContain(source);
        expect(shape(w.params), id).toEqual(shape(job.params));
        expect(Object.fromEntries(w.auxSources.map((a) => [a.key, a.default])), id).toEqual(job.aux_source_names);
        expect(validateParams(w.paramSchema, job.params).problems, id).toEqual([]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });

  it('dummy is complete: every workflow and output the reference dummy has, with ROI and time-series outputs', () => {
    const spec = registry.byName('dummy');
    expect(spec.workflows.map((w) => w.id.name).sort()).toEqual(['area_panel_xy', 'monitor_histogram', 'panel_0_layers', 'panel_0_xy', 'timeseries_data', 'total_counts']);
    const panel = findWorkflow(spec, 'dummy/panel_0_xy/1')!;
    const roi = panel.outputs.find((o) => o.name === 'roi_rectangle')!;
    expect(roi.dims.map((d) => d.name)).toEqual(['bounds']);
    expect(roi.coords).toEqual(expect.arrayContaining(['roi_index', 'x', 'y']));
    expect(roi.defaultPlotter).toBe('rectangles_readback');
    const spectra = panel.outputs.find((o) => o.name === 'roi_spectra_current')!;
    expect(spectra.dims.map((d) => d.name)).toEqual(['roi', 'time_of_arrival']);
    expect(spectra.coords).toEqual(expect.arrayContaining(['roi', 'time_of_arrival']));
    expect(spectra.temporality).toBe('window');
    expect(panel.auxSources.map((a) => a.key)).toEqual(['roi_rectangle', 'roi_polygon']);
    const series = findWorkflow(spec, 'dummy/timeseries_data/1')!;
    expect(series.outputs[0].temporality).toBe('series');
    expect(series.sourceUnits).toEqual({ motion1: 'mm', motion2: 'deg' });
    expect(findWorkflow(spec, 'dummy/panel_0_layers/1')!.outputs[0].dims).toHaveLength(3);
  });

  it('agrees with facts the reference\'s own tests state (independent of the generated fixture)', () => {
    // tests/config/estia_specs_test.py: reduction defaults.
    const estia = findWorkflow(registry.byName('estia'), 'estia/reflectometry_reduction/1')!.params as Record<string, Record<string, unknown>>;
    expect(estia.sample_rotation).toEqual({ value: 0, unit: 'deg' });
    expect(estia.y_index_limits).toEqual({ start: 0, stop: 63 });
    expect(estia.z_index_limits).toEqual({ start: 0, stop: 1535 });
    expect(estia.q_edges.num_bins).toBe(400);
    // tests/config/beer_specs_test.py: bank image 250×250, panel view 12×125×125.
    const beer = registry.byName('beer');
    expect(findWorkflow(beer, 'beer/bank_view/1')!.outputs[0].dims.map((d) => d.size)).toEqual([250, 250]);
    expect(findWorkflow(beer, 'beer/panel_view/1')!.outputs[0].dims.map((d) => d.size)).toEqual([12, 125, 125]);
    // config/roi_names.py and the detector view's ROI aux sources: rendered per job by the service.
    expect(findWorkflow(registry.byName('dummy'), 'dummy/panel_0_xy/1')!.auxSources.map((a) => [a.key, a.default])).toEqual([['roi_rectangle', 'roi_rectangle'], ['roi_polygon', 'roi_polygon']]);
    // parameter_models.py: the pulse period default, units as the enums spell them.
    const monitor = findWorkflow(registry.byName('loki'), 'loki/monitor_histogram/1')!.params as Record<string, Record<string, unknown>>;
    expect([monitor.toa_edges.stop, monitor.toa_edges.unit, monitor.toa_range.unit, monitor.wavelength_edges.unit]).toEqual([71.43, 'ms', 'μs', 'Å']);
  });

  it('the catalogue view carries schemas, views, devices and grid templates; output views resolve', () => {
    const view = registry.byName('dummy').catalogue();
    const monitor = view.workflows.find((w) => w.id === 'dummy/monitor_histogram/1')!;
    expect(monitor.params.map((f) => f.key)).toEqual(['coordinate_mode', 'toa_edges', 'toa_range']);
    expect(monitor.views?.map((v) => v.name)).toEqual(['histogram', 'total_counts', 'total_in_range']);
    expect(monitor.outputs.find((o) => o.name === 'current')!.temporality).toBe('current');
    expect(view.devices).toContainEqual({ deviceName: 'monitor1_counts_total', workflowId: 'dummy/monitor_histogram/1', sourceName: 'monitor1', outputName: 'counts_total_cumulative' });
    expect(view.gridTemplates[0].cells[0].layers[0].data_sources.primary.view_name).toBe('image');
    expect(JSON.parse(JSON.stringify(view))).toEqual(view); // plain JSON: it is sent to sessions
  });
});

describe('parameter checks transcribed from the reference validators', () => {
  const schemaOf = (inst: string, id: string): ParamSchema => findWorkflow(registry.byName(inst), id)!.paramSchema;
  const problems = (schema: ParamSchema, values: unknown) => validateParams(schema, values).problems;

  it('edges: num_bins limits, stop > start, positive start on a log scale', () => {
    const s = schemaOf('dummy', 'dummy/monitor_histogram/1');
    expect(problems(s, { toa_edges: { num_bins: 0 } })).toEqual([{ path: 'toa_edges.num_bins', message: 'must be ≥ 1' }]);
    expect(problems(s, { toa_edges: { num_bins: 10001 } }).map((p) => p.path)).toEqual(['toa_edges.num_bins']);
    expect(problems(s, { toa_edges: { start: 5, stop: 5 } })).toEqual([{ path: 'toa_edges.stop', message: 'stop must be greater than start' }]);
    expect(problems(s, { toa_edges: { start: 0, scale: 'log' } })).toEqual([{ path: 'toa_edges.start', message: "start must be positive when scale is 'log'" }]);
    expect(problems(s, { toa_edges: { start: 1, scale: 'log', unit: 'μs' } })).toEqual([]);
    // TOA-only instruments reject wavelength mode (the reference's _validate_toa_only).
    expect(problems(s, { coordinate_mode: { mode: 'wavelength' } }).map((p) => p.path)).toEqual(['coordinate_mode.mode']);
    expect(problems(schemaOf('loki', 'loki/monitor_histogram/1'), { coordinate_mode: { mode: 'wavelength' } })).toEqual([]);
  });

  it('instrument-specific validators: DREAM high resolution, BIFROST pixel range, ESTIA index limits, cascade-band distances', () => {
    const dream = schemaOf('dream', 'dream/powder_reduction/1');
    const group = dream.find((f) => f.kind === 'group' && f.fields.some((x) => x.key === 'value' && x.kind === 'enum' && x.options.some((o) => o.value === 'high_resolution')));
    expect(group).toBeDefined();
    expect(problems(dream, { [group!.key]: { value: 'high_resolution' } })).toEqual([{ path: `${group!.key}.value`, message: "The 'high_resolution' setting is not available." }]);
    const bifrost = schemaOf('bifrost', 'bifrost/detector_ratemeter/1');
    expect(problems(bifrost, { region: { pixel_start: 500, pixel_stop: 400 } })).toEqual([{ path: 'region.pixel_stop', message: 'pixel_start must be less than pixel_stop' }]);
    const estia = schemaOf('estia', 'estia/reflectometry_reduction/1');
    expect(problems(estia, { y_index_limits: { start: 3, stop: 3 } })).toEqual([]);
    expect(problems(estia, { y_index_limits: { start: 4, stop: 3 } }).map((p) => p.path)).toEqual(['y_index_limits.stop']);
    const lut = schemaOf('dream', 'dream/wavelength_lut/1');
    expect(problems(lut, { cascade_bands: { distances: '6.2, 9.8, 13' } })).toEqual([]);
    expect(problems(lut, { cascade_bands: { distances: '' } })).toEqual([]);
    expect(problems(lut, { cascade_bands: { distances: '6.2, x' } }).map((p) => p.path)).toEqual(['cascade_bands.distances']);
    expect(problems(lut, { pulse: { frequency: 0 } }).map((p) => p.path)).toEqual(['pulse.frequency']);
  });
});

describe('parameter verdicts agree with the reference\'s own models', () => {
  // test/fixtures/catalogue/reference-param-cases.json: one value varied at a time, accepted or
  // refused by pydantic's model_validate (tools/reference_param_cases.py).
  const { cases } = JSON.parse(fs.readFileSync(path.join(fixtureDir, 'reference-param-cases.json'), 'utf8')) as {
    cases: { workflow: string; path: string; case: string; value: unknown; accepted: boolean }[];
  };
  const put = (doc: Record<string, unknown>, dotted: string, value: unknown): Record<string, unknown> => {
    const out = structuredClone(doc);
    const keys = dotted.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    node[keys[keys.length - 1]] = value;
    return out;
  };

  it('covers every params model of the reference', () => {
    expect(cases.length).toBeGreaterThan(500);
    expect(new Set(cases.map((c) => c.accepted))).toEqual(new Set([true, false]));
  });

  it('each case: the catalogue schema accepts exactly what the reference accepts', () => {
    const disagreements: string[] = [];
    for (const c of cases) {
      const [instrument] = c.workflow.split('/');
      const w = findWorkflow(registry.byName(instrument), c.workflow)!;
      const values = put(fixture.instruments[instrument].workflows[c.workflow].defaultParams, c.path, c.value);
      const problems = validateParams(w.paramSchema, values).problems;
      if ((problems.length === 0) !== c.accepted) {
        disagreements.push(`${c.workflow} ${c.path} (${c.case}): reference ${c.accepted ? 'accepts' : 'refuses'}, catalogue ${problems.length === 0 ? 'accepts' : `refuses: ${problems.map((p) => p.message).join('; ')}`}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

const MINIMAL = `format: livedata-catalogue/1
instrument: lab
title: Lab
sources:
  - { name: det, title: Detector, kind: detector }
workflows:
  - id: lab/view/1
    title: View
    group: Detectors
    service: detector_data
    sources: [det]
    params:
      - kind: group
        key: toa_edges
        title: TOA edges
        fields:
          - { kind: number, key: start, title: Start, default: 0 }
          - { kind: number, key: stop, title: Stop, default: 10 }
          - { kind: number, key: num_bins, title: Bins, integer: true, default: 50, min: 1 }
    outputs:
      - name: current
        title: Spectrum
        dims: [{ name: time_of_arrival, unit: ms, edges: true, edgesParam: toa_edges }]
        coords: [time_of_arrival]
        unit: counts
        temporality: current
        defaultPlotter: lines
`;

describe('catalogue files', () => {
  it('a minimal file is enough; demo sizes follow the edges param', () => {
    const dir = tmpConfig({ 'lab.yaml': MINIMAL });
    const reg = loadInstrumentRegistry({ configDir: dir, logger: silentLogger() });
    expect(reg.problems).toEqual([]);
    const spec = reg.byName('lab');
    expect(spec.workflows[0].params).toEqual({ toa_edges: { start: 0, stop: 10, num_bins: 50 } });
    expect(spec.workflows[0].outputs[0].dims[0]).toMatchObject({ name: 'time_of_arrival', size: 50, coord: { unit: 'ms', start: 0, stop: 10, edges: true } });
    expect(reg.names()).toContain('dummy'); // built-ins stay
  });

  it('errors name the file, the field path and what is wrong', () => {
    const bad = (text: string): string[] => {
      try {
        parseCatalogue(text, '/cfg/instruments/lab.yaml');
      } catch (err) {
        expect(err).toBeInstanceOf(CatalogueError);
        expect((err as Error).message.startsWith('/cfg/instruments/lab.yaml: ')).toBe(true);
        return (err as CatalogueError).problems;
      }
      throw new Error('accepted a bad catalogue');
    };
    expect(bad(MINIMAL.replace('format: livedata-catalogue/1', 'format: livedata-catalogue/9'))).toEqual(['format: must be "livedata-catalogue/1"']);
    expect(bad(MINIMAL.replace('temporality: current', 'temporality: sometimes'))[0]).toMatch(/^workflows\[0\] \(lab\/view\/1\)\.outputs\[0\] \(current\)\.temporality: /);
    expect(bad(MINIMAL.replace('default: 50, min: 1', 'default: 0, min: 1'))).toEqual(['workflows[0] (lab/view/1).params.toa_edges.num_bins.default: 0 is below min 1']);
    expect(bad(MINIMAL.replace('sources: [det]', 'sources: [det, nope]'))).toEqual(['workflows[0] (lab/view/1).sources[1]: "nope" is not in the instrument\'s sources']);
    expect(bad(MINIMAL.replace('id: lab/view/1', 'id: other/view/1'))).toEqual(['workflows[0] (other/view/1).id: must start with the instrument name "lab/"']);
    expect(bad(MINIMAL.replace('edgesParam: toa_edges', 'edgesParam: wavelength_edges'))).toEqual(['workflows[0] (lab/view/1).outputs[0] (current).dims[0].edgesParam: no param group "wavelength_edges"']);
    expect(bad(MINIMAL.replace('defaultPlotter: lines', 'defaultPlotter: pie'))[0]).toMatch(/^workflows\[0\] \(lab\/view\/1\)\.outputs\[0\] \(current\)\.defaultPlotter: /);
    expect(bad(MINIMAL.replace('title: Lab', 'title: Lab\ncolour: red'))[0]).toMatch(/^\(top level\): .*colour/);
    expect(bad(`${MINIMAL}\n  - id: [unclosed`)[0]).toMatch(/^YAML: .*\(line \d+\)$/);
    // Parameter fields are checked by kind, so the message names the field and the fault.
    expect(bad(MINIMAL.replace('key: stop, title: Stop, default: 10', 'key: stop, title: Stop, default: ten'))).toEqual([
      'workflows[0] (lab/view/1).params[0] (toa_edges).fields[1] (stop).default: Invalid input: expected number, received string',
    ]);
    expect(bad(MINIMAL.replace('default: 50, min: 1', 'default: 50, minimum: 1'))).toEqual([
      'workflows[0] (lab/view/1).params[0] (toa_edges).fields[2] (num_bins): unknown key "minimum" for a number field (allowed: key, title, description, kind, integer, default, unit, min, max, exclusiveMin, exclusiveMax, nullable)',
    ]);
    expect(bad(MINIMAL.replace('{ kind: number, key: start', '{ kind: float, key: start'))).toEqual([
      'workflows[0] (lab/view/1).params[0] (toa_edges).fields[0] (start).kind: must be one of number, bool, string, enum, numbers, group',
    ]);
  });

  it('a user catalogue adds an instrument or replaces a built-in one; a broken one is reported and skipped', () => {
    const dir = tmpConfig({
      'lab.yaml': MINIMAL,
      'dummy.yaml': MINIMAL.replace(/lab/g, 'dummy').replace('title: Dummy', 'title: Facility dummy'),
      'broken.yaml': MINIMAL.replace(/lab/g, 'broken').replace('unit: counts', 'unit: [counts]'),
    });
    const reg = loadInstrumentRegistry({ configDir: dir, logger: silentLogger() });
    expect(reg.names()).toEqual([...REFERENCE_INSTRUMENTS, 'lab'].sort());
    expect(reg.byName('dummy').workflows.map((w) => workflowKey(w.id))).toEqual(['dummy/view/1']);
    expect(reg.problems).toHaveLength(1);
    expect(reg.problems[0].file).toBe(path.join(dir, 'instruments', 'broken.yaml'));
    expect(reg.problems[0].message).toMatch(/^workflows\[0\] \(broken\/view\/1\)\.outputs\[0\] \(current\)\.unit: /);
    expect(reg.problemNotices()[0]).toMatch(/^Instrument catalogue .*broken\.yaml was skipped: workflows\[0\]/);
    expect(() => reg.byName('broken')).toThrow(/unknown instrument 'broken' \(known: beer, bifrost, dream, dummy, estia, lab, loki/);
  });

  it('check-catalogue reports a file without starting the app', () => {
    const dir = tmpConfig({ 'lab.yaml': MINIMAL, 'bad.yaml': MINIMAL.replace('sources: [det]', 'sources: [nope]') });
    expect(checkCatalogueFile(path.join(dir, 'instruments', 'lab.yaml'))).toMatchObject({ problems: [], summary: 'lab: 1 workflows, 1 sources' });
    expect(checkCatalogueFile(path.join(dir, 'instruments', 'bad.yaml')).problems).toEqual(['workflows[0] (lab/view/1).sources[0]: "nope" is not in the instrument\'s sources']);
    expect(checkCatalogueFile(path.join(dir, 'instruments', 'missing.yaml')).problems[0]).toMatch(/ENOENT/);
  });

  it('an unknown instrument lists the known ones', () => {
    expect(() => instrumentByName('nope')).toThrow("unknown instrument 'nope' (known: beer, bifrost, dream, dummy, estia, loki, magic, nmx, odin, tbl)");
    expect(instrumentByName('dream').title).toBe('DREAM');
  });
});
