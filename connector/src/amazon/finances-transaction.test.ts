import { parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { flattenBreakdowns, readTransaction, type FinanceTransaction } from './finances-transaction.ts';
import { DEFERRED, LARGE, MALFORMED, modelListTransactionsAnswer, modelTransactionExample, REFUND, RELEASE, UNREADABLE } from './testing/finances-fixtures.ts';

function read(text: string): ReturnType<typeof readTransaction> {
  return readTransaction(parse(text));
}
function ok(text: string): FinanceTransaction {
  const r = read(text);
  if (!r.ok) throw new Error(`not read: ${r.failure.problems.join('; ')}`);
  return r.transaction;
}

describe('readTransaction (Finances 2024-06-19)', () => {
  it("reads the model's own Transaction example (status case, wrapped breakdowns, item identifiers and contexts)", () => {
    const t = ok(modelTransactionExample());
    expect(t).toMatchObject({
      transactionId: 'b1qD0oAliFkLiqRyGbmeT0DoS2Z2kHzi7TZ92z-vARI',
      transactionType: 'Shipment',
      transactionStatus: 'RELEASED',
      postedDate: '2020-07-14T03:35:13.214Z',
      description: 'Order Payment',
      marketplaceDetails: { marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
      totalAmount: { minor: 1000n, currency: 'USD' },
      relatedIdentifiers: [{ name: 'ORDER_ID', value: '8129762527551' }],
      contexts: [{ contextType: 'AmazonPayContext', storeName: 'Store 1', channel: 'MFN' }],
    });
    expect(t.items[0]).toMatchObject({
      relatedIdentifiers: [{ name: 'ORDER_ADJUSTMENT_ITEM_ID', value: '81297625-121-27551' }],
      contexts: [{ contextType: 'ProductContext', sku: 'sku-12', asin: 'B07FGXZQZ1', quantityShipped: 1, fulfillmentNetwork: 'MFN' }],
    });
    expect(flattenBreakdowns(t.breakdowns).map((b) => [b.path.join(' > '), b.amount.minor])).toEqual([['Sales', 1000n], ['Sales > Product Charges', 1000n]]);
  });

  it('reads a refund: REFUND_ID, ORDER_ADJUSTMENT_ITEM_ID items, and 0.1 / 0.2 decimals to the exact cent', () => {
    const t = ok(REFUND);
    expect(t.transactionType).toBe('Refund');
    expect(t.relatedIdentifiers.find((r) => r.name === 'REFUND_ID')?.value).toBe('R-8129762527551-1');
    expect(t.relatedIdentifiers.find((r) => r.name === 'ORDER_ID')?.value).toBe('8129762527551');
    const item = t.items[0]!;
    expect(item.relatedIdentifiers).toEqual([{ name: 'ORDER_ADJUSTMENT_ITEM_ID', value: '81297625-121-27551' }]);
    expect(item.contexts[0]).toMatchObject({ sku: 'sku-12', quantityShipped: 1 });
    const flat = flattenBreakdowns(item.breakdowns);
    expect(flat.map((b) => [b.path.join(' > '), b.amount.minor, b.leaf])).toEqual([
      ['Product Charges', -1000n, false],
      ['Product Charges > Principal', -910n, true],
      ['Product Charges > Tax', -90n, true],
      ['Shipping', -10n, true],
      ['Gift Wrap', -20n, true],
      ['Promotion', 30n, true],
      ['Tax Withheld', -30n, true],
    ]);
    // As floats, -0.1 + -0.2 is -0.30000000000000004; in minor units the top-level breakdowns add up to the total exactly.
    const top = item.breakdowns.filter((b) => b.type !== 'Tax Withheld').reduce((sum, b) => sum + b.amount.minor, 0n);
    expect(top).toBe(-1000n - 10n - 20n + 30n);
    expect(item.totalAmount).toEqual({ minor: -1030n, currency: 'USD' });
    expect(t.totalAmount).toEqual({ minor: -1030n, currency: 'USD' });
  });

  it('reads a deferred transaction and its release, each naming the other', () => {
    const deferred = ok(DEFERRED);
    const release = ok(RELEASE);
    expect(deferred.transactionStatus).toBe('DEFERRED_RELEASED');
    expect(deferred.contexts).toEqual([{ contextType: 'DeferredContext', deferralReason: 'DD7', maturityDate: '2026-11-08T00:00:00Z' }]);
    expect(deferred.relatedIdentifiers).toContainEqual({ name: 'RELEASE_TRANSACTION_ID', value: release.transactionId });
    expect(release.relatedIdentifiers).toContainEqual({ name: 'DEFERRED_TRANSACTION_ID', value: deferred.transactionId });
    expect(release.totalAmount).toEqual(deferred.totalAmount);
  });

  it('keeps every digit of an amount a float would round', () => {
    // What JSON.parse would have made of it: the cents are gone.
    expect((JSON.parse(LARGE) as { totalAmount: { currencyAmount: number } }).totalAmount.currencyAmount.toFixed(2)).not.toBe('98765432109876543.21');
    const t = ok(LARGE);
    expect(t.transactionStatus).toBe('DEFERRED');
    expect(t.totalAmount).toEqual({ minor: 9876543210987654321n, currency: 'EUR' });
  });

  it('reports a transaction off the model as FINANCE_TRANSACTION_MALFORMED, with where', () => {
    const r = read(MALFORMED);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure.code).toBe('FINANCE_TRANSACTION_MALFORMED');
    expect(r.failure.transactionId).toBeUndefined();
    expect(r.failure.problems.join('\n')).toMatch(/transactionId/);
    expect(r.failure.problems.join('\n')).toMatch(/\/totalAmount\/currencyAmount/);
  });

  it("reports the model's static answer, which has no id and no status, as malformed", () => {
    const answer = parse(modelListTransactionsAnswer()) as { payload: { transactions: unknown[] } };
    const r = readTransaction(answer.payload.transactions[0]);
    expect(r.ok ? null : r.failure.code).toBe('FINANCE_TRANSACTION_MALFORMED');
  });

  it('reports an amount finer than its currency as FINANCE_AMOUNT_UNREADABLE, with the transaction id', () => {
    const r = read(UNREADABLE);
    expect(r.ok ? null : r.failure).toMatchObject({ code: 'FINANCE_AMOUNT_UNREADABLE', transactionId: 'tx-unreadable-1', problems: [expect.stringMatching(/^\/totalAmount: 12\.905 USD/)] });
  });

  it('refuses an undocumented status, a date without time and a fractional quantity', () => {
    const bad = REFUND.replace('"RELEASED"', '"PENDING"').replace('2026-11-20T10:15:00.000Z', '2026-11-20').replace('"quantityShipped": 1', '"quantityShipped": 1.5');
    const r = read(bad);
    expect(r.ok ? null : r.failure.code).toBe('FINANCE_TRANSACTION_MALFORMED');
    expect(r.ok ? [] : r.failure.problems).toEqual([
      '/transactionStatus: "PENDING" is not a documented status',
      '/postedDate: not an ISO 8601 date-time',
      '/items/0/contexts/0/quantityShipped: not a whole number',
    ]);
  });
});
