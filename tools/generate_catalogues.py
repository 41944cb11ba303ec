#!/usr/bin/env python3
"""Dev-only: write resources/instruments/<name>.yaml and the reference fixture from the reference.

    python3 tools/generate_catalogues.py            # all instruments the reference defines
    python3 tools/generate_catalogues.py dummy dream

Runs tools/extract_reference.py (which reads ../shared/reference/esslivedata-760944c) and turns
its output into catalogue files in the documented format (docs/catalogues.md), plus
test/fixtures/catalogue/reference-workflows.json, which the catalogue tests compare the shipped
files against. Facts that the reference's Python does not state (instrument titles, the demo
backend's sizes for synthesised data) come from OVERLAY below. Not shipped, not run by tests.
"""
import json
import os
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT_DIR = os.path.join(ROOT, 'resources', 'instruments')
FIXTURE = os.path.join(ROOT, 'test', 'fixtures', 'catalogue', 'reference-workflows.json')
REF = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'reference', 'esslivedata-760944c'))

INSTRUMENT_TITLES = {
    'beer': ('BEER', 'Beamline for European Materials Engineering Research (engineering diffractometer).'),
    'bifrost': ('BIFROST', 'Indirect-geometry cold-neutron spectrometer with five analyser arcs.'),
    'dream': ('DREAM', 'Diffraction Resolved by Energy and Angle Measurements (powder diffractometer).'),
    'dummy': ('Dummy', 'Demo instrument: the built-in demo backend produces its data.'),
    'estia': ('ESTIA', 'Vertical-sample reflectometer with a multi-blade detector.'),
    'loki': ('LoKI', 'Broadband small-angle neutron scattering instrument.'),
    'magic': ('MAGiC', 'Magnetism single-crystal diffractometer.'),
    'nmx': ('NMX', 'Macromolecular single-crystal diffractometer.'),
    'odin': ('ODIN', 'Multi-purpose imaging instrument.'),
    'tbl': ('TBL', 'Test beamline for detector and instrument development.'),
}

# Demo-only facts (sizes of synthesised data), per instrument → workflow name → output → dim → size.
# Dims without a size get the demo backend's defaults (docs/catalogues.md).
DEMO = {
    # Image sizes asserted by the reference's tests/config/beer_specs_test.py.
    'beer': {
        'bank_view': {'image': {'dim_0': 250, 'dim_1': 250}},
        'panel_view': {'image': {'dim_0': 12, 'dim_1': 125, 'dim_2': 125}},
    },
    'dummy': {
        'panel_0_xy': {'image': {'dim_0': 128, 'dim_1': 128}},
        'panel_0_layers': {'image': {'dim_0': 4, 'dim_1': 32, 'dim_2': 128}},
        'area_panel_xy': {'image': {'dim_0': 256, 'dim_1': 256}},
    },
}

AUX_TITLES = {'roi_rectangle': 'ROI rectangles', 'roi_polygon': 'ROI polygons'}
GROUP_TITLES = {'data_reduction': 'Reduction', 'monitor_data': 'Monitors', 'detector_data': 'Detectors', 'timeseries': 'Devices and sensors'}
TEMPORALITY = {'cumulative': 'cumulative', 'window': 'current', 'series': 'timeseries'}

# The param group that defines a histogram axis, by dim name (the demo backend honours it).
EDGES_PARAM = {
    'time_of_arrival': 'toa_edges', 'wavelength': 'wavelength_edges', 'Q': 'q_edges', 'dspacing': 'dspacing_edges',
    'two_theta': 'two_theta_edges', 'theta': 'theta_edges', 'ΔE': 'energy_edges',
}
# Coordinates that are points, not bin edges.
POINT_COORDS = {'roi', 'roi_index', 'x', 'y', 'distance', 'event_time_offset', 'time'}
# Spectral axes the templates leave without a coordinate although the data carries one.
SPECTRAL = {'time_of_arrival': 'ms'}

NUMBER_LIST_PATTERN = r'^\s*(-?\d+(\.\d*)?([eE][-+]?\d+)?(\s*,\s*-?\d+(\.\d*)?([eE][-+]?\d+)?)*)?\s*$'


def run_extract(names):
    out = subprocess.run([sys.executable, os.path.join(HERE, 'extract_reference.py'), '--ref', REF, *names],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


# ------------------------------------------------------------------------------------------------
# params: pydantic JSON schema → shared/params.ts fields


def humanize(key):
    return key.replace('_', ' ').capitalize()


def convert_params(schema, defaults, validators):
    defs = schema.get('$defs', {})
    return convert_props(schema, defs, defaults, validators, schema.get('title', ''))


def resolve(prop, defs):
    if '$ref' in prop:
        name = prop['$ref'].split('/')[-1]
        return name, defs[name]
    return None, prop


def convert_props(model, defs, defaults, validators, model_name):
    fields = []
    for key, prop in model.get('properties', {}).items():
        fields.append(convert_field(key, prop, defs, defaults.get(key), validators, model_name))
    return fields


def convert_field(key, prop, defs, default, validators, parent_model):
    ref_name, target = resolve(prop, defs)
    title = prop.get('title') or (target.get('title') if ref_name is None else None) or humanize(key)
    if ref_name and target.get('title') == ref_name and not prop.get('title'):
        title = humanize(key)
    description = prop.get('description') or target.get('description')
    nullable = False
    if 'anyOf' in prop:
        options = [o for o in prop['anyOf'] if o.get('type') != 'null']
        nullable = len(options) != len(prop['anyOf'])
        if len(options) != 1:
            raise ValueError(f'{parent_model}.{key}: unsupported anyOf {prop}')
        ref_name, target = resolve(options[0], defs)
    out = {'key': key, 'title': title}
    if description:
        out['description'] = description.strip()
    if target.get('type') == 'object' and 'properties' in target:
        out = {'kind': 'group', **out, 'fields': convert_props(target, defs, default or {}, validators, ref_name)}
        checks = group_checks(ref_name, validators.get(ref_name, {}), target)
        if checks:
            out['checks'] = checks
        return out
    if 'enum' in target:
        labels = target.get('labels') or prop.get('labels') or {}
        values = list(target['enum'])
        if '_validate_toa_only' in validators.get(parent_model, {}).get('field', {}):
            values = [v for v in values if v == 'toa']
        options = [{'value': v, **({'title': labels[v]} if v in labels else {})} for v in values]
        return {'kind': 'enum', **out, 'options': options, 'default': default}
    t = target.get('type')
    if t in ('number', 'integer'):
        f = {'kind': 'number', **out}
        if t == 'integer':
            f['integer'] = True
        f['default'] = default
        if 'minimum' in target:
            f['min'] = target['minimum']
        if 'exclusiveMinimum' in target:
            f['min'] = target['exclusiveMinimum']
            f['exclusiveMin'] = True
        if 'maximum' in target:
            f['max'] = target['maximum']
        if 'exclusiveMaximum' in target:
            f['max'] = target['exclusiveMaximum']
            f['exclusiveMax'] = True
        if key == 'frequency':
            f['unit'] = 'Hz'
        if nullable:
            f['nullable'] = True
        return f
    if t == 'boolean':
        return {'kind': 'bool', **out, 'default': default}
    if t == 'string':
        f = {'kind': 'string', **out, 'default': default}
        if nullable:
            f['nullable'] = True
        if '_check' in validators.get(parent_model, {}).get('field', {}) and key in validators[parent_model]['field']['_check']:
            f['pattern'] = NUMBER_LIST_PATTERN
            f['patternMessage'] = 'a comma-separated list of numbers, e.g. 6.2, 9.8'
        return f
    raise ValueError(f'{parent_model}.{key}: unsupported schema {prop}')


def group_checks(model_name, v, target):
    checks = []
    field = v.get('field', {})
    props = target.get('properties', {})
    if 'stop_must_be_greater_than_start' in field:
        checks.append({'kind': 'less', 'a': 'start', 'b': 'stop', 'message': 'stop must be greater than start'})
    if 'stop_must_not_be_less_than_start' in field:
        checks.append({'kind': 'less', 'a': 'start', 'b': 'stop', 'orEqual': True, 'message': 'stop must be greater than or equal to start'})
    for name in v.get('model', []):
        if name == 'start_must_be_positive_if_log':
            checks.append({'kind': 'positiveWhen', 'field': 'start', 'when': 'scale', 'value': 'log', 'message': "start must be positive when scale is 'log'"})
        elif name == 'pixel_range_valid':
            checks.append({'kind': 'less', 'a': 'pixel_start', 'b': 'pixel_stop', 'message': 'pixel_start must be less than pixel_stop'})
        elif name == 'check_high_resolution_not_implemented':
            checks.append({'kind': 'notEqual', 'field': 'value', 'value': 'high_resolution', 'message': "The 'high_resolution' setting is not available."})
        else:
            raise ValueError(f'{model_name}: no translation for model validator {name}')
    for name in field:
        if name not in ('stop_must_be_greater_than_start', 'stop_must_not_be_less_than_start', '_validate_toa_only', '_check'):
            raise ValueError(f'{model_name}: no translation for field validator {name}')
    del props
    return checks


# ------------------------------------------------------------------------------------------------
# outputs


def default_plotter(name, dims, coords):
    n = len(dims)
    if 'roi_index' in coords and n == 1:
        return 'rectangles_readback' if dims[0]['name'] == 'bounds' else 'polygons_readback'
    if n == 0:
        return 'timeseries'
    if n == 1:
        return 'lines'
    if n == 2:
        if dims[0]['name'] in ('roi', 'distance'):
            return 'overlay_1d'
        return 'image'
    if n == 3:
        return 'slicer'
    return 'flatten'


def convert_output(o, wf_name, demo, view_of_field, param_keys):
    t = o['template'] or {'dims': [], 'unit': None, 'coords': {}}
    coords_t = dict(t['coords'])
    dims = []
    for d in t['dims']:
        c = coords_t.get(d)
        unit = c['unit'] if c else SPECTRAL.get(d)
        has_coord = c is not None or d in SPECTRAL
        dim = {'name': d, 'unit': unit if has_coord else None, 'edges': bool(has_coord and d not in POINT_COORDS)}
        if d in EDGES_PARAM and EDGES_PARAM[d] in param_keys:
            dim['edgesParam'] = EDGES_PARAM[d]
        size = demo.get(view_of_field.get(o['name'], o['name']), {}).get(d)
        if size:
            dim['size'] = size
        if has_coord and d not in coords_t:
            coords_t[d] = {'dims': [d], 'unit': unit}
        dims.append(dim)
    coords = list(coords_t)
    unit = t['unit']
    if wf_name == 'timeseries_data':
        unit = None  # each source has its own unit (sources[].unit)
    elif unit == '':
        unit = None
    out = {
        'name': o['name'],
        'title': o['title'] or humanize(o['name']),
        'description': (o['description'] or '').strip(),
        'dims': dims,
        'coords': coords,
        'unit': unit,
        'temporality': TEMPORALITY[o['temporality'] or 'cumulative'],
    }
    out['defaultPlotter'] = default_plotter(o['name'], dims, coords)
    return out


def convert_workflow(w, demo_inst):
    demo = demo_inst.get(w['name'], {})
    view_of_field = {f: v['name'] for v in w['views'] for f in v['fields']}
    out = {
        'id': w['id'],
        'title': w['title'],
        'group': GROUP_TITLES[w['group']],
        'service': w['service'],
        'description': (w['description'] or '').strip(),
        'sources': w['sources'],
    }
    if w['auxSources']:
        out['auxSources'] = [{
            'key': a['key'],
            'title': a['title'] or AUX_TITLES.get(a['key']) or humanize(a['key']),
            'description': a['description'] or '',
            'choices': [{'value': c, 'title': c} for c in a['choices']],
            'default': a['default'],
            **({'perJob': True} if a.get('renderedPerJob') else {}),
        } for a in w['auxSources']]
    out['supportsReset'] = w['supportsReset']
    out['resetOnRunTransition'] = w['resetOnRunTransition']
    out['params'] = convert_params(w['paramsSchema'], w['paramsDefaults'], w['validators'])
    param_keys = set(w['paramsSchema'].get('properties', {}))
    out['outputs'] = [convert_output(o, w['name'], demo, view_of_field, param_keys) for o in w['outputs']]
    out['views'] = [{
        'name': v['name'], 'title': v['title'], 'description': (v['description'] or '').strip(), 'fields': v['fields'],
        **({'params': v['params']} if v['params'] else {}),
    } for v in w['views']]
    if w['deviceOutputs']:
        out['deviceOutputs'] = w['deviceOutputs']
    return out


def convert_instrument(name, inst):
    title, description = INSTRUMENT_TITLES.get(name, (name.upper(), ''))
    sources = []
    for sname, s in inst['sources'].items():
        src = {'name': sname, 'title': s.get('title') or sname, 'kind': s['kind']}
        if s.get('description'):
            src['description'] = s['description']
        if s.get('units') and s['units'] != 'dimensionless':
            src['unit'] = s['units']
        sources.append(src)
    # Aux-source choice titles come from the instrument's source metadata.
    titles = {s['name']: s['title'] for s in sources}
    workflows = [convert_workflow(w, DEMO.get(name, {})) for w in inst['workflows']]
    for w in workflows:
        for a in w.get('auxSources', []):
            for c in a['choices']:
                c['title'] = titles.get(c['value'], c['value'])
    doc = {
        'format': 'livedata-catalogue/1',
        'instrument': name,
        'title': title,
        'description': description,
        'generatedFrom': 'the reference esslivedata-760944c (tools/generate_catalogues.py)',
        'sources': sources,
        'workflows': workflows,
        'devices': inst['devices'],
        'gridTemplates': [t['template'] for t in inst['gridTemplates']],
    }
    return doc


def fixture_entry(inst):
    return {
        'sources': {n: s['kind'] for n, s in inst['sources'].items()},
        'workflows': {w['id']: {
            'sources': w['sources'],
            'auxSources': {a['key']: {'choices': a['choices'], 'default': a['default']} for a in w['auxSources']},
            'supportsReset': w['supportsReset'],
            'paramKeys': list(w['paramsSchema'].get('properties', {}).keys()),
            'defaultParams': w['paramsDefaults'],
            'outputs': [o['name'] for o in w['outputs']],
            'views': {v['name']: v['fields'] for v in w['views']},
        } for w in inst['workflows']},
        'devices': inst['devices'],
        'gridTemplates': [t['template']['title'] for t in inst['gridTemplates']],
    }


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper, data):
    style = '|' if '\n' in data else None
    return dumper.represent_scalar('tag:yaml.org,2002:str', data, style=style)


_Dumper.add_representer(str, _str_presenter)


def main():
    names = sys.argv[1:]
    data = run_extract(names)
    os.makedirs(OUT_DIR, exist_ok=True)
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    fixture = {}
    if os.path.exists(FIXTURE) and names:
        with open(FIXTURE) as f:
            fixture = json.load(f)['instruments']
    for name, inst in data['instruments'].items():
        doc = convert_instrument(name, inst)
        header = (f'# Livedata Desktop instrument catalogue for {name} (format: docs/catalogues.md).\n'
                  f'# Transcribed from the reference ({data["reference"]}) by tools/generate_catalogues.py.\n')
        with open(os.path.join(OUT_DIR, f'{name}.yaml'), 'w') as f:
            f.write(header)
            yaml.dump(doc, f, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        fixture[name] = fixture_entry(inst)
    with open(FIXTURE, 'w') as f:
        json.dump({'reference': data['reference'], 'instruments': dict(sorted(fixture.items()))}, f, indent=1, ensure_ascii=False)
        f.write('\n')


if __name__ == '__main__':
    main()
