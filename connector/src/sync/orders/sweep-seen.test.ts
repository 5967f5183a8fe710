import { describe, expect, it } from 'vitest';
import { SweepSeen, updatedMsOf } from './sweep-seen.ts';

describe('SweepSeen', () => {
  it('takes the first copy, a newer one instead, and drops the same version or an older one', () => {
    const seen = new SweepSeen();
    expect(seen.see('A', 1000)).toBe('first');
    expect(seen.see('B', 1000)).toBe('first');
    expect(seen.see('A', 1000)).toBe('stale'); // the same version again
    expect(seen.see('A', 5000)).toBe('newer'); // changed while being paged
    expect(seen.see('A', 3000)).toBe('stale'); // older than the one taken
    expect([seen.orders, seen.repeats]).toEqual([2, 3]);
  });

  it('a copy with a time beats one without; without a time on either side the later page wins', () => {
    const seen = new SweepSeen();
    expect(seen.see('M', Number.NaN)).toBe('first');
    expect(seen.see('M', Number.NaN)).toBe('newer');
    expect(seen.see('M', 2000)).toBe('newer');
    expect(seen.see('M', Number.NaN)).toBe('stale');
  });

  it('reads lastUpdatedTime defensively', () => {
    expect(updatedMsOf({ lastUpdatedTime: '2026-01-02T03:04:05Z' })).toBe(Date.parse('2026-01-02T03:04:05Z'));
    for (const raw of [null, 'x', {}, { lastUpdatedTime: 5 }, { lastUpdatedTime: 'yesterday' }]) expect(updatedMsOf(raw)).toBeNaN();
  });
});
