#!/usr/bin/env python3
"""Dev-only: extract instrument facts from the reference's Python source.

Reads ../shared/reference/esslivedata-760944c/src (or --ref PATH) and writes one JSON document
(stdout, or --out FILE) with, per instrument: sources with titles, workflow specs (id, group,
service, title, description, sources, aux sources, reset support, params as pydantic JSON schema
plus the model's default dump, outputs with template dims/coords/unit/temporality, output views,
device outputs) and the device_contract.yaml / grid_templates/*.yaml contents.

The reference needs scipp, scippnexus and friends, which are not installed here: they are
replaced by recording stubs (enough for spec registration, which only builds empty templates).
Needs python3 with pydantic 2 and PyYAML. Used by tools/generate_catalogues.py; not shipped.
"""
import argparse
import enum
import importlib
import json
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REF = os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'reference', 'esslivedata-760944c'))


# ------------------------------------------------------------------------------------------------
# recording scipp stub


class Variable:
    def __init__(self, dims=(), shape=(), unit=None, values=None, dtype=None):
        self.dims = tuple(dims)
        self.shape = tuple(shape)
        self.unit = unit
        self.values = values
        self.dtype = dtype

    def __mul__(self, other):
        return self

    __rmul__ = __mul__

    def fold(self, *a, **k):
        return self

    def to(self, *a, **k):
        return self


class DataArray:
    def __init__(self, data=None, coords=None, masks=None, name=None):
        self.data = data if data is not None else Variable()
        self.coords = dict(coords or {})
        self.dims = self.data.dims
        self.unit = self.data.unit

    @property
    def dim(self):
        return self.dims[0]


def _unit(k):
    u = k.get('unit', 'dimensionless')
    return None if u is None else str(u)


def _zeros(*, dims=(), shape=(), unit='dimensionless', dtype=None, sizes=None, **k):
    if sizes is not None:
        dims, shape = tuple(sizes), tuple(sizes.values())
    return Variable(dims, shape, None if unit is None else str(unit), dtype=dtype)


def _scalar(value=None, *, unit='dimensionless', dtype=None, **k):
    return Variable((), (), None if unit is None else str(unit), values=value, dtype=dtype)


def _array(*, dims=(), values=(), unit='dimensionless', dtype=None, **k):
    return Variable(dims, (len(values),), None if unit is None else str(unit), values=values, dtype=dtype)


def _arange(dim, *args, unit='dimensionless', **k):
    return Variable((dim,), (0,), None if unit is None else str(unit))


def _linspace(dim, start, stop, num, *, unit='dimensionless', **k):
    return Variable((dim,), (num,), None if unit is None else str(unit))


def _make_scipp():
    m = types.ModuleType('scipp')
    m.Variable = Variable
    m.DataArray = DataArray
    m.DataGroup = dict
    m.Dataset = dict
    m.zeros = _zeros
    m.ones = _zeros
    m.empty = _zeros
    m.full = _zeros
    m.scalar = _scalar
    m.array = _array
    m.arange = _arange
    m.linspace = _linspace
    m.geomspace = _linspace
    m.vector = lambda value, unit='dimensionless': Variable((), (), unit, values=value)
    m.vectors = lambda dims, values, unit='dimensionless': Variable(dims, (len(values),), unit)
    m.Unit = str
    m.units = types.SimpleNamespace(one='dimensionless', dimensionless='dimensionless', counts='counts', s='s', ns='ns', m='m')
    m.DType = types.SimpleNamespace(float64='float64', int64='int64', vector3='vector3', string='string', datetime64='datetime64')

    def __getattr__(name):
        return _Anything(f'scipp.{name}')

    m.__getattr__ = __getattr__
    return m


class _Anything:
    """Stands in for any heavy object: calls, attributes, subscripts and classes all work."""

    def __init__(self, name='stub'):
        self._name = name

    def __call__(self, *a, **k):
        if len(a) == 1 and callable(a[0]) and not k:
            return a[0]  # used as a decorator
        return _Anything(self._name + '()')

    def __getattr__(self, name):
        if name.startswith('__') and name.endswith('__'):
            raise AttributeError(name)
        return _Anything(f'{self._name}.{name}')

    def __getitem__(self, item):
        return _Anything(f'{self._name}[]')

    def __mro_entries__(self, bases):
        return (object,)

    def __iter__(self):
        return iter(())

    def __or__(self, other):
        return self

    __ror__ = __or__

    def __repr__(self):
        return f'<{self._name}>'


class _StubFinder:
    """Serves stub modules for the heavy third-party packages the reference imports."""

    PREFIXES = ('scipp', 'scippnexus', 'sciline', 'ess.reduce', 'ess.powder', 'ess.sans', 'ess.spectroscopy',
                'ess.bifrost', 'ess.dream', 'ess.loki', 'ess.estia', 'ess.odin', 'ess.nmx', 'ess.beer', 'ess.tbl',
                'ess.imaging', 'ess.reflectometry', 'ess.magic', 'ess.diffraction', 'scippneutron', 'structlog',
                'confluent_kafka', 'streaming_data_types', 'tof', 'plopp', 'holoviews', 'panel', 'bokeh', 'jinja2',
                'h5py', 'pooch', 'graphviz')

    def find_spec(self, fullname, path=None, target=None):
        if fullname == 'scipp' or any(fullname == p or fullname.startswith(p + '.') for p in self.PREFIXES):
            from importlib.machinery import ModuleSpec
            return ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        if spec.name == 'scipp':
            return _make_scipp()
        m = types.ModuleType(spec.name)
        m.__path__ = []

        def __getattr__(name, _n=spec.name):
            if name.startswith('__'):
                raise AttributeError(name)
            return _Anything(f'{_n}.{name}')

        m.__getattr__ = __getattr__
        return m

    def exec_module(self, module):
        pass


def _install(ref):
    src = os.path.join(ref, 'src')
    sys.meta_path.insert(0, _StubFinder())
    # Bypass package __init__ files that pull in the services (kafka, scipp-heavy core).
    ess = types.ModuleType('ess')
    ess.__path__ = [os.path.join(src, 'ess')]
    sys.modules['ess'] = ess
    for pkg in ('ess.livedata', 'ess.livedata.core', 'ess.livedata.workflows', 'ess.livedata.kafka'):
        m = types.ModuleType(pkg)
        m.__path__ = [os.path.join(src, *pkg.split('.'))]
        sys.modules[pkg] = m
    core = sys.modules['ess.livedata']
    core.StreamKind = _Anything('StreamKind')
    sys.modules['ess.livedata.kafka'].__getattr__ = lambda name: _Anything(f'kafka.{name}')
    # Instrument packages' __init__ import the backend factories and Kafka stream maps: skip them.
    folder = os.path.join(src, 'ess', 'livedata', 'config', 'instruments')
    for n in os.listdir(folder):
        if os.path.isdir(os.path.join(folder, n)) and not n.startswith('_'):
            m = types.ModuleType(f'ess.livedata.config.instruments.{n}')
            m.__path__ = [os.path.join(folder, n)]
            sys.modules[m.__name__] = m


# ------------------------------------------------------------------------------------------------
# extraction


def _jsonable(v):
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def _template(field):
    try:
        da = field.default_factory() if field.default_factory else field.default
    except Exception as e:  # noqa: BLE001
        return {'error': repr(e)}
    if not isinstance(da, DataArray):
        return None
    coords = {}
    for name, c in da.coords.items():
        coords[name] = {'dims': list(c.dims), 'unit': c.unit}
    return {'dims': list(da.dims), 'unit': da.unit, 'coords': coords}


def _validators(model, out=None):
    """Names of the field and model validators of a params model and its nested models."""
    import pydantic
    import typing

    out = {} if out is None else out
    if model.__name__ in out:
        return out
    dec = model.__pydantic_decorators__
    out[model.__name__] = {
        'field': {n: list(d.info.fields) for n, d in dec.field_validators.items()},
        'model': [n for n in dec.model_validators],
    }
    for f in model.model_fields.values():
        for t in (f.annotation, *typing.get_args(f.annotation)):
            if isinstance(t, type) and issubclass(t, pydantic.BaseModel):
                _validators(t, out)
    return out


def extract_spec(spec, registration, instrument):
    from ess.livedata.config.workflow_spec import Temporality  # noqa: F401

    outputs = []
    for name, field in spec.outputs.model_fields.items():
        try:
            temporality = spec.outputs.temporality(name).value
        except Exception:  # noqa: BLE001
            temporality = None
        outputs.append({
            'name': name,
            'title': field.title,
            'description': field.description,
            'temporality': temporality,
            'template': _template(field),
        })
    views = []
    for v in spec.get_output_views():
        views.append({'name': v.name, 'title': v.title, 'fields': list(v.fields), 'description': v.description, 'params': list(v.params)})
    aux = []
    if spec.aux_sources is not None:
        for key, inp in spec.aux_sources.inputs.items():
            aux.append({'key': key, 'choices': list(inp.choices), 'default': inp.default, 'title': inp.title, 'description': inp.description,
                        'renderedPerJob': type(spec.aux_sources).render is not type(spec.aux_sources).__mro__[-2].render if False else type(spec.aux_sources).__name__ == 'DetectorROIAuxSources'})
    params_model = spec.params
    try:
        defaults = json.loads(params_model().model_dump_json())
    except Exception as e:  # noqa: BLE001
        defaults = {'__error__': repr(e)}
    return {
        'validators': _validators(params_model),
        'id': f'{spec.instrument}/{spec.name}/{spec.version}',
        'name': spec.name,
        'version': spec.version,
        'group': spec.group.name,
        'groupTitle': spec.group.title,
        'service': registration.service if registration is not None and hasattr(registration, 'service') else spec.group.name,
        'title': spec.title,
        'description': spec.description,
        'sources': list(spec.source_names),
        'auxSources': aux,
        'supportsReset': spec.supports_reset,
        'resetOnRunTransition': spec.reset_on_run_transition,
        'paramsModel': params_model.__name__,
        'paramsSchema': params_model.model_json_schema(),
        'paramsDefaults': defaults,
        'outputs': outputs,
        'views': views,
        'deviceOutputs': dict(spec.device_outputs),
    }


def extract_instrument(ref, name):
    import yaml

    mod = importlib.import_module(f'ess.livedata.config.instruments.{name}.specs')
    inst = mod.instrument
    wf = inst.workflow_factory
    specs = []
    for reg in wf.registrations():
        specs.append(extract_spec(reg.spec, reg, inst))
    sources = {}
    for kind, names in (('detector', inst.detector_names), ('monitor', inst.monitors)):
        for n in names:
            sources[n] = {'kind': kind}
    ts = set()
    for s in specs:
        if s['group'] == 'timeseries':
            ts.update(s['sources'])
    for n in sorted(ts):
        st = inst.streams.get(n)
        sources.setdefault(n, {'kind': 'device', 'units': getattr(st, 'units', None), 'topic': getattr(st, 'topic', None),
                               'nexusPath': getattr(st, 'nexus_path', None)})
    for s in specs:
        for n in s['sources']:
            sources.setdefault(n, {'kind': 'other'})
        for a in s['auxSources']:
            for c in a['choices']:
                st = inst.streams.get(c)
                if c not in sources and st is not None:
                    sources[c] = {'kind': 'device', 'units': getattr(st, 'units', None)}
    for n, meta in inst.source_metadata.items():
        if n in sources:
            sources[n]['title'] = meta.title
            sources[n]['description'] = meta.description
    folder = os.path.join(ref, 'src', 'ess', 'livedata', 'config', 'instruments', name)
    devices = []
    dc = os.path.join(folder, 'device_contract.yaml')
    if os.path.exists(dc):
        with open(dc) as f:
            devices = (yaml.safe_load(f) or {}).get('devices') or []
    templates = []
    gt = os.path.join(folder, 'grid_templates')
    if os.path.isdir(gt):
        for fn in sorted(os.listdir(gt)):
            if fn.endswith('.yaml'):
                with open(os.path.join(gt, fn)) as f:
                    templates.append({'file': fn, 'template': yaml.safe_load(f)})
    return {
        'name': name,
        'dimTitles': dict(getattr(inst, 'dim_titles', {}) or {}),
        'sources': sources,
        'workflows': specs,
        'devices': devices,
        'gridTemplates': templates,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--ref', default=DEFAULT_REF)
    ap.add_argument('--out')
    ap.add_argument('instruments', nargs='*')
    args = ap.parse_args()
    _install(args.ref)
    folder = os.path.join(args.ref, 'src', 'ess', 'livedata', 'config', 'instruments')
    names = args.instruments or sorted(n for n in os.listdir(folder) if not n.startswith('_') and os.path.isdir(os.path.join(folder, n)))
    out = {'reference': os.path.basename(args.ref), 'instruments': {n: extract_instrument(args.ref, n) for n in names}}
    text = json.dumps(_jsonable(out), indent=1, ensure_ascii=False, default=str)
    if args.out:
        with open(args.out, 'w') as f:
            f.write(text + '\n')
    else:
        print(text)


if __name__ == '__main__':
    main()
