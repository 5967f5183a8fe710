import { describe, expect, it } from 'vitest';
import { remainingSeconds } from './backfill-eta.ts';

describe('backfill time left', () => {
  it('follows the quota while the pages come faster than it (the burst), then the pace when slower', () => {
    const pace = { rate: 0.5, tokensNow: 10 };
    // 30 pages: the burst gives 10 at once, the 20 others 2 s apart: page 30 is due 40 s after the start.
    expect(remainingSeconds(pace, 30, 0, 0)).toBe(40);
    // 10 pages out of the burst in 1 s: the pace would say 2 s; the quota says 39 s.
    expect(remainingSeconds(pace, 30, 10, 1)).toBe(39);
    // A slow server: 20 pages took 60 s, 10 left at that pace = 30 s, more than the quota's 0.
    expect(remainingSeconds(pace, 30, 20, 60)).toBe(30);
  });

  it('is 0 when done and unknown without a page count', () => {
    expect(remainingSeconds({ rate: 1, tokensNow: 0 }, 5, 5, 10)).toBe(0);
    expect(remainingSeconds({ rate: 1, tokensNow: 0 }, null, 3, 10)).toBeNull();
  });
});
