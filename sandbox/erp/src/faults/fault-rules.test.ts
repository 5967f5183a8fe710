/** The ERP fault rules alone: what a target matches, seeded draws, the share, the duration, the counters. */
import { describe, expect, it } from 'vitest';
import { ErpFaults } from './fault-rules.ts';

describe('ErpFaults', () => {
  it('`writes` matches every method but the reads; model.method only itself', () => {
    const f = new ErpFaults();
    f.add({ target: 'writes', percent: 100, kinds: ['502'] });
    f.add({ target: 'res.partner.search_read', percent: 100, kinds: ['slow'], delayMs: 5 });
    expect(f.draw('sale.order', 'create')?.kind).toBe('502');
    expect(f.draw('sale.order', 'action_confirm')?.kind).toBe('502');
    expect(f.draw('sale.order', 'load')?.kind).toBe('502');
    expect(f.draw('sale.order', 'search_read')).toBeNull();
    expect(f.draw('res.partner', 'search_read')).toEqual({ kind: 'slow', delayMs: 5 });
    expect(f.snapshot().fired).toEqual({ total: 4, byKind: { 502: 3, slow: 1 }, byTarget: {
      'sale.order.create': 1, 'sale.order.action_confirm': 1, 'sale.order.load': 1, 'res.partner.search_read': 1 } });
  });

  it('seeded: the same draws for the same calls, near the share asked, every kind used', () => {
    const run = () => {
      const f = new ErpFaults();
      f.add({ target: '*', percent: 10, kinds: ['500', 'odoo_error', 'drop_after_commit'], seed: 5 });
      return Array.from({ length: 1000 }, () => f.draw('sale.order', 'create')?.kind ?? '-');
    };
    const a = run();
    expect(run()).toEqual(a);
    const failed = a.filter((k) => k !== '-');
    expect(failed.length).toBeGreaterThan(70);
    expect(failed.length).toBeLessThan(130);
    expect(new Set(failed)).toEqual(new Set(['500', 'odoo_error', 'drop_after_commit']));
  });

  it('ends after its duration; clear forgets the rules, not the counters', () => {
    let now = 1000;
    const f = new ErpFaults(() => now);
    expect(f.add({ target: '*', percent: 100, kinds: ['503'], durationSeconds: 2 }).endsAt).toBe(3000);
    expect(f.draw('res.partner', 'create')?.kind).toBe('503');
    now = 3000;
    expect(f.draw('res.partner', 'create')).toBeNull();
    expect(f.snapshot().rules).toEqual([]);
    f.add({ target: '*', percent: 100, kinds: ['503'] });
    f.clear();
    expect(f.draw('res.partner', 'create')).toBeNull();
    expect(f.snapshot().fired.total).toBe(1);
  });

  it('count: the rule ends after giving that many faults', () => {
    const f = new ErpFaults();
    f.add({ target: 'sale.order.create', percent: 100, kinds: ['drop_after_commit'], count: 2 });
    expect([1, 2, 3].map(() => f.draw('sale.order', 'create')?.kind ?? null)).toEqual(['drop_after_commit', 'drop_after_commit', null]);
    expect(f.snapshot().rules).toEqual([]);
  });

  it('refuses a bad target or kind', () => {
    const f = new ErpFaults();
    expect(() => f.add({ target: 'sale order', percent: 1, kinds: ['502'] })).toThrow(/target/);
    expect(() => f.add({ target: '*', percent: 1, kinds: ['504' as never] })).toThrow(/kinds/);
    expect(() => f.add({ target: '*', percent: 101, kinds: ['502'] })).toThrow(/percent/);
  });
});
