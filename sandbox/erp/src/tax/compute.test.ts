import { describe, expect, it } from 'vitest';
import { computeDocument, fromMinor, toDecimalString, toMinor, type TaxDef } from './compute.ts';

const pct = (id: number, amount: number, priceInclude = false): TaxDef => ({ id, amountType: 'percent', amount, priceInclude });

describe('tax computation (Odoo 19 rules)', () => {
  it('adds a 15 % excluded tax: 3 x 25.00 = 75.00 + 11.25 = 86.25 (the recordings)', () => {
    const r = computeDocument([{ priceUnit: 25, quantity: 3, discount: 0, taxes: [pct(1, 15)] }], 2, 'round_globally');
    expect([r.untaxed, r.tax, r.total]).toEqual([7500, 1125, 8625]);
    expect(fromMinor(r.total, 2)).toBe(86.25);
  });

  it('takes a 19 % included tax out of the price: 11.90 = 10.00 + 1.90', () => {
    const r = computeDocument([{ priceUnit: 11.9, quantity: 1, discount: 0, taxes: [pct(1, 19, true)] }], 2, 'round_per_line');
    expect([r.untaxed, r.tax, r.total]).toEqual([1000, 190, 1190]);
  });

  it('keeps the included total exact when both parts round up: 3 x 0.99 at 19 % incl.', () => {
    // per line: tax 0.158067.. -> 0.16, base 0.83; the price (0.99) stays the line total
    const r = computeDocument([{ priceUnit: 0.99, quantity: 1, discount: 0, taxes: [pct(1, 19, true)] }], 2, 'round_per_line');
    expect([r.untaxed, r.tax, r.total]).toEqual([83, 16, 99]);
  });

  it('computes division taxes on the price: 90.00 at 10 % division = 10.00 tax', () => {
    const r = computeDocument([{ priceUnit: 90, quantity: 1, discount: 0, taxes: [{ id: 1, amountType: 'division', amount: 10, priceInclude: false }] }], 2, 'round_per_line');
    expect([r.untaxed, r.tax, r.total]).toEqual([9000, 1000, 10000]);
  });

  it('computes a fixed tax per unit: 3 x 2.50', () => {
    const r = computeDocument([{ priceUnit: 10, quantity: 3, discount: 0, taxes: [{ id: 1, amountType: 'fixed', amount: 2.5, priceInclude: false }] }], 2, 'round_per_line');
    expect([r.untaxed, r.tax, r.total]).toEqual([3000, 750, 3750]);
  });

  it('applies the discount percentage before taxes: 10.00 - 10 % = 9.00, 15 % = 1.35', () => {
    const r = computeDocument([{ priceUnit: 10, quantity: 1, discount: 10, taxes: [pct(1, 15)] }], 2, 'round_globally');
    expect([r.untaxed, r.tax, r.total]).toEqual([900, 135, 1035]);
  });

  it('expands group taxes into their children', () => {
    const group: TaxDef = { id: 9, amountType: 'group', amount: 0, priceInclude: false, children: [pct(1, 10), pct(2, 5)] };
    const r = computeDocument([{ priceUnit: 100, quantity: 1, discount: 0, taxes: [group] }], 2, 'round_per_line');
    expect(r.tax).toBe(1500);
    expect([...r.lines[0]!.byTax.entries()]).toEqual([[1, 1000], [2, 500]]);
  });

  it('rounds per line or globally as the company says: 3 lines of 0.05 at 15 %', () => {
    const lines = [1, 2, 3].map(() => ({ priceUnit: 0.05, quantity: 1, discount: 0, taxes: [pct(1, 15)] }));
    // per line: 0.0075 -> 0.01 each; globally: 0.0225 -> 0.02 once, the lines give back one cent
    expect(computeDocument(lines, 2, 'round_per_line').tax).toBe(3);
    const global = computeDocument(lines, 2, 'round_globally');
    expect(global.tax).toBe(2);
    expect(global.lines.reduce((s, l) => s + l.tax, 0)).toBe(2);
    expect(global.total).toBe(17);
  });

  it('rounds half away from zero like float_round and prints exact decimals', () => {
    expect(toMinor(2.675, 2)).toBe(268);
    expect(toMinor(-1.005, 2)).toBe(-101);
    expect(toMinor(1234.5, 0)).toBe(1235);
    expect(toDecimalString(-5, 2)).toBe('-0.05');
    expect(toDecimalString(8625, 2)).toBe('86.25');
  });
});
