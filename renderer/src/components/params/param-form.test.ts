import { describe, expect, it } from 'vitest';
import type { ParamSchema } from '../../../../shared/params';
import { validateParams } from '../../../../shared/params';
import { fieldPaths, groupVisible, limitsText, parseNumberListText, parseNumberText, siblingUnit, subObject, valueText, withDefaults, withKey } from './param-form';

const schema: ParamSchema = [
  { kind: 'enum', key: 'mode', title: 'Mode', options: [{ value: 'toa' }, { value: 'wavelength' }], default: 'toa' },
  {
    kind: 'group', key: 'toa_edges', title: 'TOA bins', visibleWhen: { field: 'mode', value: 'toa' },
    checks: [{ kind: 'less', a: 'start', b: 'stop', orEqual: false, message: 'start must be below stop' }],
    fields: [
      { kind: 'number', key: 'start', title: 'Start', default: 0, integer: false, exclusiveMin: false, exclusiveMax: false, nullable: false, unit: 'ms' },
      { kind: 'number', key: 'stop', title: 'Stop', default: 70, integer: false, exclusiveMin: false, exclusiveMax: false, nullable: false, unit: 'ms' },
      { kind: 'number', key: 'num_bins', title: 'Bins', default: 100, integer: true, min: 1, max: 10000, exclusiveMin: false, exclusiveMax: false, nullable: false },
    ],
  },
];

describe('param form helpers', () => {
  it('knows every field path, so a problem lands next to its field', () => {
    expect([...fieldPaths(schema)]).toEqual(['mode', 'toa_edges', 'toa_edges.start', 'toa_edges.stop', 'toa_edges.num_bins']);
    const { problems } = validateParams(schema, { mode: 'toa', toa_edges: { start: 80, stop: 70, num_bins: 'x' } });
    for (const p of problems) expect(fieldPaths(schema).has(p.path)).toBe(true);
  });

  it('parses typed text without losing what the user typed', () => {
    expect(parseNumberText('12.5', false)).toBe(12.5);
    expect(parseNumberText('', true)).toBeNull();
    expect(parseNumberText('', false)).toBe('');
    expect(parseNumberText('1e', false)).toBe('1e');
    expect(parseNumberListText('1, 2 ,3')).toEqual([1, 2, 3]);
    expect(parseNumberListText('1, x')).toBe('1, x');
    expect(valueText([1, 2])).toBe('1, 2');
    expect(valueText(null)).toBe('');
  });

  it('edits by copy and shows a visibleWhen group only for its value', () => {
    const v = { mode: 'toa', toa_edges: { start: 0 } };
    const w = withKey(v, 'mode', 'wavelength');
    expect(v.mode).toBe('toa');
    expect(groupVisible(schema[1], w)).toBe(false);
    expect(groupVisible(schema[1], v)).toBe(true);
    expect(subObject(v, 'toa_edges')).toEqual({ start: 0 });
    expect(subObject(v, 'mode')).toEqual({});
  });

  it('describes limits', () => {
    const group = schema[1];
    if (group.kind !== 'group') throw new Error('group expected');
    expect(limitsText(group.fields[2])).toBe('≥ 1, ≤ 10000, whole number');
    expect(limitsText(group.fields[0])).toBe('');
  });

  it('fills a partial value with the defaults, keeping what is there (also invalid text)', () => {
    const defaults = { mode: 'toa', toa_edges: { start: 0, stop: 70, num_bins: 100 } };
    expect(withDefaults(defaults, { toa_edges: { num_bins: '1e' } })).toEqual({ mode: 'toa', toa_edges: { start: 0, stop: 70, num_bins: '1e' } });
    expect(withDefaults(defaults, null)).toEqual(defaults);
    expect(withDefaults(defaults, { extra: [1] })).toEqual({ ...defaults, extra: [1] });
  });
});

describe('units of a group whose unit is a choice', () => {
  it('is the chosen unit title, else the default; empty without a unit field', () => {
    const fields = [
      { kind: 'number', key: 'start', title: 'Start', default: 0, integer: false, exclusiveMin: false, exclusiveMax: false, nullable: false },
      { kind: 'enum', key: 'unit', title: 'Unit', options: [{ value: 'ms' }, { value: 'us', title: 'µs' }], default: 'ms' },
    ] as const;
    expect(siblingUnit(fields as never, {})).toBe('ms');
    expect(siblingUnit(fields as never, { unit: 'us' })).toBe('µs');
    expect(siblingUnit([fields[0]] as never, { unit: 'us' })).toBe('');
  });
});
