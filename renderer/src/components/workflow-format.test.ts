import { describe, expect, it } from 'vitest';
import type { ParamSchema } from '../../../shared/params';
import { filterLog, formatUtcClock, formatUtcDateTime, localTimeTitle, paramDifferences, streamTotal } from './workflow-format';

const schema: ParamSchema = [
  { kind: 'group', key: 'toa_edges', title: 'TOA', fields: [
    { kind: 'number', key: 'num_bins', title: 'Bins', default: 100, integer: true, exclusiveMin: false, exclusiveMax: false, nullable: false },
    { kind: 'enum', key: 'unit', title: 'Unit', options: [{ value: 'ms' }, { value: 'us' }], default: 'ms' },
  ] },
];

describe('workflow formatting', () => {
  it('times in UTC, local time for the hover', () => {
    const ms = Date.UTC(2026, 10, 25, 14, 3, 7);
    expect(formatUtcClock(ms)).toBe('14:03:07 UTC');
    expect(formatUtcDateTime(ms)).toBe('2026-11-25 14:03:07 UTC');
    expect(localTimeTitle(ms)).toMatch(/^Local time: 2026-11-2\d \d\d:03:07$/);
  });

  it('summarises a group by what differs from the defaults', () => {
    expect(paramDifferences(schema, { toa_edges: { num_bins: 100, unit: 'ms' } })).toEqual([]);
    expect(paramDifferences(schema, { toa_edges: { num_bins: 50, unit: 'us' } })).toEqual(['toa_edges.num_bins = 50', 'toa_edges.unit = us']);
    expect(paramDifferences([], { anything: 1 })).toEqual([]);
  });

  it('filters the log by level and bounds it', () => {
    const entries = Array.from({ length: 150 }, (_, i) => ({ seq: 150 - i, level: i % 3 === 0 ? 'error' : 'info' }));
    expect(filterLog(entries, 'all')).toHaveLength(100);
    expect(filterLog(entries, 'error').every((e) => e.level === 'error')).toBe(true);
    expect(filterLog(entries, 'error')[0].seq).toBe(150);
  });

  it('totals stream counts', () => {
    expect(streamTotal(null)).toBeNull();
    expect(streamTotal({ streams: [{ count: 3 }, { count: 4 }] })).toBe(7);
  });
});
