import { describe, expect, it } from 'vitest';
import { odooTotals, reconcile, type TotalLine } from './order-total.ts';

const excl19 = { taxId: 1, rate: '19', priceIncluded: false };
const incl19 = { taxId: 2, rate: '19', priceIncluded: true };

describe('odooTotals', () => {
  it('rounds per line or globally per tax, as the company is set', () => {
    // Three lines of 0.35 net at 19 %: per line 3 x 0.07 = 0.21; globally round(1.05 x 0.19 = 0.1995) = 0.20.
    const lines: TotalLine[] = [1, 2, 3].map(() => ({ quantity: 1, priceUnit: 35n, tax: excl19 }));
    expect(odooTotals(lines, 'round_per_line')).toEqual({ untaxed: 105n, tax: 21n, total: 126n });
    expect(odooTotals(lines, 'round_globally')).toEqual({ untaxed: 105n, tax: 20n, total: 125n });
  });

  it('keeps the gross of price-included lines as the total and splits the tax out', () => {
    // 12.90 x 2 incl. 19 %: tax 4.1193 -> 4.12 (per line); with 4.90 more, globally 30.70 x 19/119 = 4.9017 -> 4.90.
    const lines: TotalLine[] = [{ quantity: 2, priceUnit: 1290n, tax: incl19 }, { quantity: 1, priceUnit: 490n, tax: incl19 }];
    expect(odooTotals(lines, 'round_per_line')).toEqual({ untaxed: 2580n - 412n + 490n - 78n, tax: 490n, total: 3070n });
    expect(odooTotals(lines, 'round_globally')).toEqual({ untaxed: 3070n - 490n, tax: 490n, total: 3070n });
  });

  it('totals untaxed lines and negative lines', () => {
    const lines: TotalLine[] = [{ quantity: 3, priceUnit: 1393n, tax: null }, { quantity: 1, priceUnit: -200n, tax: excl19 }];
    expect(odooTotals(lines, 'round_per_line')).toEqual({ untaxed: 4179n - 200n, tax: -38n, total: 4179n - 200n - 38n });
  });
});

describe('reconcile', () => {
  it('allows a rounding amount of at most one minor unit per line', () => {
    expect(reconcile(1000n, 999n, 1)).toEqual({ rounding: 1n });
    expect(reconcile(1000n, 1002n, 2)).toEqual({ rounding: -2n });
    expect(reconcile(1000n, 1000n, 0)).toEqual({ rounding: 0n });
    expect(reconcile(1000n, 997n, 2)).toEqual({ mismatch: 3n });
  });
});
