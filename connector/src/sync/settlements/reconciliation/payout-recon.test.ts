import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../../../core/money.ts';
import { PAYOUT_GRACE_HOURS, payoutVariances, rateOf, type PayoutIn } from './payout-recon.ts';
import { reconcileSettlement } from './reconcile.ts';

const DEPOSIT = Date.parse('2026-11-16T00:00:00Z');
const s = { settlementId: 'S1', currency: 'GBP', totalMinor: 9000n };
const group = (x: Partial<NonNullable<PayoutIn['group']>> = {}) => ({ groupId: 'G1', originalMinor: 9000n, originalCurrency: 'GBP', convertedMinor: 9000n, convertedCurrency: 'GBP', ...x });
const of = (p: PayoutIn | null, now = DEPOSIT + 86_400_000) => payoutVariances(s, p, now, currencyExponent);

describe('the payout leg of a settlement', () => {
  it('matched and equal: nothing', () => {
    expect(of({ state: 'matched', depositMs: DEPOSIT, group: group() })).toEqual([]);
    expect(of(null)).toEqual([]);
  });

  it('converted into the bank account\'s currency: CURRENCY_CONVERSION with both amounts and the rate, nothing open', () => {
    const [v, ...more] = of({ state: 'matched', depositMs: DEPOSIT, group: group({ convertedMinor: 10542n, convertedCurrency: 'EUR' }) });
    expect(more).toEqual([]);
    expect(v).toMatchObject({ key: 'settlement:S1:CURRENCY_CONVERSION:payout', reason: 'CURRENCY_CONVERSION', currency: 'GBP', amazonMinor: 9000n, settledMinor: 9000n,
      differenceMinor: 0n, converted: { minor: 10542n, currency: 'EUR', rate: '1.171333' } });
  });

  it('an amount transferred that is not the deposit: AMOUNT_DIFFERS with both', () => {
    expect(of({ state: 'matched', depositMs: DEPOSIT, group: group({ convertedMinor: 8950n }) })).toMatchObject([
      { key: 'settlement:S1:AMOUNT_DIFFERS:payout', reason: 'AMOUNT_DIFFERS', amazonMinor: 9000n, settledMinor: 8950n, differenceMinor: -50n }]);
    // converted, and the original itself not the deposit: both reasons
    expect(of({ state: 'matched', depositMs: DEPOSIT, group: group({ originalMinor: 9100n, convertedMinor: 10659n, convertedCurrency: 'EUR' }) }).map((v) => v.reason))
      .toEqual(['AMOUNT_DIFFERS', 'CURRENCY_CONVERSION']);
  });

  it('no payout matched (or more than one) once the transfer is due: PAYOUT_NOT_MATCHED, the deposit open; before that nothing', () => {
    const late = DEPOSIT + (PAYOUT_GRACE_HOURS + 1) * 3_600_000;
    expect(of({ state: 'unmatched', depositMs: DEPOSIT, group: null })).toEqual([]);
    expect(of({ state: 'unmatched', depositMs: DEPOSIT, group: null }, late)).toMatchObject([
      { key: 'settlement:S1:PAYOUT_NOT_MATCHED:payout', reason: 'PAYOUT_NOT_MATCHED', amazonMinor: 9000n, differenceMinor: 9000n }]);
    expect(of({ state: 'ambiguous', depositMs: DEPOSIT, group: null }, late)[0]!.message).toContain('more than one');
  });

  it('the rate between currencies of other exponents; joined to the settlement\'s own variances', () => {
    expect(rateOf(10000n, 2, 16123n, 0)).toBe('161.230000');
    expect(rateOf(0n, 2, 5n, 2)).toBeNull();
    const r = reconcileSettlement({ ...s, lines: [{ settlementId: 'S1', lineNo: 1, transactionType: 'other-transaction', orderId: null, adjustmentId: null,
      amountType: 'other-transaction', amountDescription: 'Reimbursement', amountMinor: 9000n, orderKnown: null }],
    payout: { state: 'unmatched', depositMs: DEPOSIT, group: null } }, new Map(), DEPOSIT + 10 * 86_400_000);
    expect(r.variances.map((v) => v.reason)).toEqual(['FEE_WITHOUT_ORDER', 'PAYOUT_NOT_MATCHED']);
  });
});
