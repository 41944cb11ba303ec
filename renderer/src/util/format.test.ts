import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration, freshness, gridSlug, nsToMs, sourceLabel, toastText, toastDurationMs, workflowNamePart } from './format';

describe('format helpers', () => {
  it('slugs grid titles for test ids', () => {
    expect(gridSlug('Monitors')).toBe('monitors');
    expect(gridSlug('Detector 2D')).toBe('detector-2d');
    expect(gridSlug('A/B test')).toBe('a-b-test');
  });

  it('extracts the workflow name part', () => {
    expect(workflowNamePart('dummy/monitor_data/monitor_histogram/1')).toBe('monitor_histogram');
    expect(workflowNamePart('dummy/detector_data/panel_xy')).toBe('panel_xy');
    expect(workflowNamePart('monitor_histogram')).toBe('monitor_histogram');
  });

  it('converts int64 ns strings exactly enough', () => {
    expect(nsToMs('1700000000123456789')).toBe(1700000000123);
    expect(nsToMs(null)).toBeNull();
    expect(nsToMs('garbage')).toBeNull();
  });

  it('freshness bands', () => {
    expect(freshness(0)).toBe('fresh');
    expect(freshness(4999)).toBe('fresh');
    expect(freshness(5000)).toBe('stale');
    expect(freshness(29_999)).toBe('stale');
    expect(freshness(30_000)).toBe('old');
    expect(formatAge(2345)).toBe('2.3s');
    expect(formatAge(41_000)).toBe('41s');
    expect(formatAge(185_000)).toBe('3m');
    expect(formatDuration(125_000)).toBe('2m 5s');
    expect(formatDuration(3_780_000)).toBe('1h 3m');
  });

  it('toast text: first line, at most 120 characters', () => {
    expect(toastText('Started 2/2 jobs\nsecond line')).toBe('Started 2/2 jobs');
    const long = toastText('x'.repeat(500));
    expect(long.length).toBe(120);
    expect(long.endsWith('…')).toBe(true);
    expect(toastDurationMs('error')).toBe(30000);
    expect(toastDurationMs('warning')).toBe(8000);
    expect(toastDurationMs('success')).toBe(3000);
    expect(toastDurationMs('info')).toBe(3000);
  });

  it('labels the data source', () => {
    expect(sourceLabel({ sourceKind: 'fake', description: 'dummy' })).toBe('Demo (dummy)');
    expect(sourceLabel({ sourceKind: 'kafka', description: 'broker:9092' })).toBe('Kafka broker:9092');
    expect(sourceLabel({ sourceKind: 'replay', description: 'file.mcap' })).toBe('Replay file.mcap');
    // Descriptions that already name the kind are not repeated.
    expect(sourceLabel({ sourceKind: 'fake', description: 'demo (dummy)' })).toBe('Demo (dummy)');
    expect(sourceLabel({ sourceKind: 'kafka', description: 'kafka broker:9092' })).toBe('Kafka broker:9092');
    expect(sourceLabel({ sourceKind: 'replay', description: 'replay: run42.mcap' })).toBe('Replay run42.mcap');
  });
});
