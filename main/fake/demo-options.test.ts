// The demo backend's command-line flags (main/config/cli-options.ts) and --instrument's listing.
import { describe, expect, it } from 'vitest';
import { parseAppOptions, USAGE } from '../config/cli-options';

describe('demo backend flags', () => {
  it('default to a well-behaved backend', () => {
    expect(parseAppOptions([], {}).demo).toEqual({ ackDelayMs: 0, dropAcks: false, failWorkflows: {} });
  });

  it('delay or drop acknowledgements and fail workflows', () => {
    const o = parseAppOptions(['--demo-ack-delay', '1500', '--demo-drop-acks', '--demo-fail-workflow', 'dummy/monitor_histogram/1', '--demo-fail-workflow', 'dummy/total_counts/1:reject', '--demo-fail-workflow', 'dummy/panel_0_xy/1:pending'], {});
    expect(o.demo).toEqual({ ackDelayMs: 1500, dropAcks: true, failWorkflows: { 'dummy/monitor_histogram/1': 'error', 'dummy/total_counts/1': 'reject', 'dummy/panel_0_xy/1': 'pending' } });
  });

  it('refuse malformed values with the reason', () => {
    expect(() => parseAppOptions(['--demo-ack-delay', 'soon'], {})).toThrow("--demo-ack-delay: 'soon' is not a number of milliseconds");
    expect(() => parseAppOptions(['--demo-fail-workflow', 'monitor_histogram'], {})).toThrow(/--demo-fail-workflow: 'monitor_histogram' is not a workflow id/);
  });

  it('--help lists the built-in instruments and the flags', () => {
    expect(USAGE).toContain('built in: beer, bifrost, dream, dummy, estia, loki, magic, nmx, odin, tbl');
    expect(USAGE).toContain('--demo-fail-workflow ID');
  });
});
