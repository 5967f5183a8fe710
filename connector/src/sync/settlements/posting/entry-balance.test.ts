import { describe, expect, it } from 'vitest';
import { balanceOf, entryBalances, odooRound } from './entry-balance.ts';

describe('foreign-currency entry balances', () => {
  it('rounds as Odoo does: half away from zero, a float a hair below the half (1.005 * 100) nudged up', () => {
    expect([odooRound(2.5), odooRound(-2.5), odooRound(100.4), odooRound(1.005 * 100)]).toEqual([3, -3, 100, 101]);
    expect(balanceOf(1001n, 0.8537, 2, 2)).toBe(1173n); // 10.01 GBP / 0.8537 = 11.7254... EUR
    expect(balanceOf(-2002n, 0.8537, 2, 2)).toBe(-2345n);
    expect(balanceOf(1000n, 161.23, 0, 2)).toBe(620n); // from a currency without decimals: 1000 JPY = 6.20 EUR
  });

  it('lines converted one by one miss zero; the clearing line takes the rounding and the entry balances', () => {
    const amounts = [1001n, 1001n, -2002n];
    expect(amounts.map((a) => balanceOf(a, 0.8537, 2, 2)).reduce((s, b) => s + b, 0n)).toBe(1n);
    const b = entryBalances(amounts, 0.8537, 2, 2, 2);
    expect(b).toEqual([1173n, 1173n, -2346n]);
    expect(b.reduce((s, x) => s + x, 0n)).toBe(0n);
  });

  it('a clearing line too small to absorb without changing sign leaves it to the largest line', () => {
    // 3 x 0.01 at 0.3 = 0.03 each (0.0333), a clearing of -0.03 that would need -0.09 is fine; -0.01 of a 0.02 pair is not
    const amounts = [333n, 333n, 333n, -998n, -1n];
    const b = entryBalances(amounts, 0.3, 2, 2, 4);
    expect(b.reduce((s, x) => s + x, 0n)).toBe(0n);
    expect(b[4]! <= 0n).toBe(true);
    expect(entryBalances([], 1.1, 2, 2, 0)).toEqual([]);
  });
});
