#!/usr/bin/env python3
"""Dev-only: parameter values the reference's services accept or refuse, decided by their own models.

    python3 tools/reference_param_cases.py      # writes test/fixtures/catalogue/reference-param-cases.json

For every distinct params model of every instrument (tools/extract_reference.py's harness imports
the reference's spec modules), takes the model's default dump and varies one thing at a time —
each number at and beyond its limits, fractional integers, every enum value and a bogus one,
start = stop and start > stop in ranges, a zero start on a log scale, malformed number lists —
and records whether pydantic's model_validate accepts it. A case is the value put at `path` into
the workflow's default params (test/fixtures/catalogue/reference-workflows.json). main/instruments/catalogue.test.ts
checks that the catalogue's schemas (shared/params.ts validateParams) decide the same.
"""
import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import extract_reference as ex  # noqa: E402

ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'test', 'fixtures', 'catalogue', 'reference-param-cases.json')


def resolve(schema, defs):
    if '$ref' in schema:
        return defs[schema['$ref'].split('/')[-1]]
    if 'anyOf' in schema:
        non_null = [s for s in schema['anyOf'] if s.get('type') != 'null']
        return resolve(non_null[0], defs) if len(non_null) == 1 else schema
    return schema


def variations(schema, defs, value, path):
    """(path, new value, label) triples for one leaf or group."""
    s = resolve(schema, defs)
    if s.get('type') == 'object' and 'properties' in s:
        props = s['properties']
        out = []
        for k, sub in props.items():
            out += variations(sub, defs, value.get(k) if isinstance(value, dict) else None, path + [k])
        if 'start' in props and 'stop' in props and isinstance(value, dict):
            out.append((path, {**value, 'stop': value['start']}, 'stop = start'))
            out.append((path, {**value, 'start': value['stop'], 'stop': value['start']}, 'start > stop'))
            if 'scale' in props:
                out.append((path, {**value, 'scale': 'log', 'start': 0.0}, 'log scale from 0'))
                out.append((path, {**value, 'scale': 'log', 'start': 1.0, 'stop': max(2.0, value['stop'])}, 'log scale from 1'))
        if 'pixel_start' in props and isinstance(value, dict):
            out.append((path, {**value, 'pixel_start': 500, 'pixel_stop': 400}, 'pixel_start > pixel_stop'))
        return out
    out = []
    if 'enum' in s:
        for v in s['enum']:
            out.append((path, v, f'= {v!r}'))
        out.append((path, 'bogus' if isinstance(s['enum'][0], str) else 12345, 'not an option'))
        return out
    t = s.get('type')
    if t in ('number', 'integer'):
        for key, delta in (('minimum', -1), ('exclusiveMinimum', 0), ('maximum', 1), ('exclusiveMaximum', 0)):
            if key in s:
                out.append((path, s[key], f'{key} itself'))
                if delta:
                    out.append((path, s[key] + delta, f'beyond {key}'))
        if t == 'integer' and isinstance(value, int):
            out.append((path, value + 0.5, 'fractional'))
        out.append((path, 'text', 'text for a number'))
    elif t == 'boolean':
        out.append((path, not value, 'flipped'))
    elif t == 'string':
        out.append((path, '1.5, 2, -3e2', 'number list'))
        out.append((path, '1, x', 'malformed list'))
    return out


def set_path(doc, path, value):
    doc = copy.deepcopy(doc)
    node = doc
    for k in path[:-1]:
        node = node[k]
    if path:
        node[path[-1]] = value
    else:
        return value
    return doc


def main():
    ex._install(ex.DEFAULT_REF)
    import importlib

    folder = os.path.join(ex.DEFAULT_REF, 'src', 'ess', 'livedata', 'config', 'instruments')
    names = sorted(n for n in os.listdir(folder) if not n.startswith('_') and os.path.isdir(os.path.join(folder, n)))
    seen = set()
    cases = []
    for name in names:
        inst = importlib.import_module(f'ess.livedata.config.instruments.{name}.specs').instrument
        for reg in inst.workflow_factory.registrations():
            spec = reg.spec
            model = spec.params
            schema = model.model_json_schema()
            key = (model.__module__, model.__qualname__, json.dumps(schema, sort_keys=True))
            if key in seen or not schema.get('properties'):
                continue
            seen.add(key)
            defaults = json.loads(model().model_dump_json())
            defs = schema.get('$defs', {})
            for k, sub in schema['properties'].items():
                for path, value, label in variations(sub, defs, defaults.get(k), [k]):
                    doc = set_path(defaults, path, value)
                    try:
                        model.model_validate(doc)
                        accepted = True
                    except Exception:  # noqa: BLE001 (pydantic.ValidationError and validator errors)
                        accepted = False
                    cases.append({'workflow': f'{spec.instrument}/{spec.name}/{spec.version}', 'path': '.'.join(path),
                                  'case': label, 'value': value, 'accepted': accepted})
    with open(OUT, 'w') as f:  # one case per line: reviewable diffs
        f.write('{"reference": ' + json.dumps(os.path.basename(ex.DEFAULT_REF)) + ', "cases": [\n')
        f.write(',\n'.join(json.dumps(c, ensure_ascii=False) for c in cases))
        f.write('\n]}\n')
    print(f'{len(cases)} cases from {len(seen)} params models -> {OUT}')


if __name__ == '__main__':
    main()
