import { describe, expect, it } from 'vitest';
import { applyBlockedReason, groupDots, outputChips, shortList } from './workflow-format';
import { isTopModal, popModal, pushModal } from './modal-focus';

describe('workflow card legibility', () => {
  it('never shows two equal output chips: the window, else the name, tells them apart', () => {
    const chips = outputChips(
      [
        { name: 'counts_total', title: 'Total' },
        { name: 'counts_total_cumulative', title: 'Total' },
        { name: 'histogram', title: 'Histogram' },
        { name: 'a', title: 'Same' },
        { name: 'b', title: 'Same' },
      ],
      [
        { name: 'counts_total', temporality: 'current', description: 'Counts in the latest update' },
        { name: 'counts_total_cumulative', temporality: 'cumulative' },
        { name: 'a', temporality: 'current' },
        { name: 'b', temporality: 'current' },
      ],
    );
    expect(chips.map((c) => c.label)).toEqual([
      'Total (latest update)',
      'Total (since start)',
      'Histogram',
      'Same (latest update) · a',
      'Same (latest update) · b',
    ]);
    expect(new Set(chips.map((c) => c.label)).size).toBe(chips.length);
    expect(chips[0]!.hover).toBe('counts_total: Counts in the latest update');
    expect(chips[2]!.hover).toBe('histogram');
  });

  it('keeps long source lists to one line', () => {
    expect(shortList(['a', 'b'])).toBe('a, b');
    expect(shortList(['a', 'b', 'c', 'd'])).toBe('a, b, c, d');
    expect(shortList(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c and 3 more');
  });

  it('one dot per source while they fit, else one counted dot per state', () => {
    const few = [1, 2, 3].map((i) => ({ source: `s${i}`, cls: 'active', tooltip: `s${i}: ACTIVE` }));
    expect(groupDots(few).map((d) => [d.key, d.count])).toEqual([['s1', null], ['s2', null], ['s3', null]]);
    const many = Array.from({ length: 50 }, (_, i) => ({ source: `dev${i}`, cls: i < 2 ? 'error' : 'none', tooltip: '' }));
    const grouped = groupDots(many);
    expect(grouped.map((d) => [d.cls, d.count])).toEqual([['error', 2], ['none', 48]]);
    expect(grouped[1]!.tooltip).toMatch(/^48 sources: no status\n/);
  });

  it('says why Apply is disabled', () => {
    expect(applyBlockedReason(1, 0, false)).toBeNull();
    expect(applyBlockedReason(0, 0, false)).toMatch(/source/);
    expect(applyBlockedReason(2, 1, false)).toMatch(/the problem marked in red/);
    expect(applyBlockedReason(2, 3, false)).toMatch(/3 problems/);
    expect(applyBlockedReason(2, 0, true)).toBe('Sending…');
  });
});

describe('modal stack', () => {
  it('only the newest open dialog answers Escape; closing it hands over to the one below', () => {
    const a = pushModal();
    expect(isTopModal(a)).toBe(true);
    const b = pushModal();
    expect(isTopModal(a)).toBe(false);
    expect(isTopModal(b)).toBe(true);
    popModal(b);
    expect(isTopModal(a)).toBe(true);
    popModal(a);
    expect(isTopModal(a)).toBe(false);
  });
});
