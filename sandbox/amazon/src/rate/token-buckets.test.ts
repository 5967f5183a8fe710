import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.ts';
import { formatRate } from './usage-plans.ts';

describe('token buckets', () => {
  it('allows the burst, then one call per 1/rate seconds, per seller and operation', () => {
    let now = 1_000_000;
    const b = new TokenBuckets({ timeScale: 1, now: () => now });
    for (let i = 0; i < 30; i++) expect(b.take('S1', 'getOrder').allowed).toBe(true);
    expect(b.take('S1', 'getOrder').allowed).toBe(false);
    expect(b.take('S2', 'getOrder').allowed).toBe(true); // another seller has its own bucket
    expect(b.take('S1', 'searchOrders').allowed).toBe(true); // and another operation too
    now += 1999;
    expect(b.take('S1', 'getOrder').allowed).toBe(false);
    now += 1;
    expect(b.take('S1', 'getOrder')).toEqual({ allowed: true, effectiveRate: 0.5 });
  });

  it('refills timeScale times faster and reports the scaled rate', () => {
    let now = 0;
    const b = new TokenBuckets({ timeScale: 60, now: () => now });
    for (let i = 0; i < 20; i++) b.take('S', 'searchOrders');
    expect(b.take('S', 'searchOrders').allowed).toBe(false);
    now += Math.ceil(1000 / (0.0056 * 60));
    const r = b.take('S', 'searchOrders');
    expect(r.allowed).toBe(true);
    expect(formatRate(r.effectiveRate)).toBe('0.336');
  });

  it('takes overrides per operation and never holds more than the burst', () => {
    let now = 0;
    const b = new TokenBuckets({ timeScale: 1, now: () => now, overrides: { searchOrders: { rate: 10, burst: 2 } } });
    now += 3_600_000;
    expect([1, 2, 3].map(() => b.take('S', 'searchOrders').allowed)).toEqual([true, true, false]);
    expect(() => b.take('S', 'noSuchOperation')).toThrow(/no usage plan/);
  });
});
