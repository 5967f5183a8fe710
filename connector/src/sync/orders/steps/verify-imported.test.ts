import { describe, expect, it } from 'vitest';
import { amountProblems } from './verify-imported.step.ts';

const so = (amountTotal: string, amountTax: string) => ({ id: 7, name: 'S00007', state: 'sale', writeDate: '2026-12-01 10:00:00', dateOrder: '2026-11-30 09:00:00', amountTotal, amountTax });
const amazon = { currency: 'EUR', expectedTotal: { amount: '25.98', currency: 'EUR' }, expectedTax: { amount: '4.15', currency: 'EUR' } };

describe('verify-imported: the ERP order against Amazon', () => {
  it('is content when total and tax are both Amazon\'s (float noise in the answer rounds away)', () => {
    expect(amountProblems(so('25.98', '4.1499999999999995'), amazon)).toEqual([]);
  });

  it('reports a tax a cent off with both figures, even when the total is right', () => {
    expect(amountProblems(so('25.98', '4.14'), amazon)).toEqual([
      {
        code: 'TAX_MISMATCH',
        message: expect.stringMatching(/S00007 carries 4\.14 EUR of tax, Amazon charged 4\.15 EUR/),
        details: { currency: 'EUR', erpTax: '4.14', amazonTax: '4.15', erpTotal: '25.98', amazonTotal: '25.98' },
      },
    ]);
  });

  it('reports both when both differ', () => {
    expect(amountProblems(so('26.00', '4.17'), amazon).map((p) => p.code)).toEqual(['TOTAL_MISMATCH', 'TAX_MISMATCH']);
  });
});
