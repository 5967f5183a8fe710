import { describe, expect, it } from 'vitest';
import type { FinanceTransaction } from '../../amazon/finances-transaction.ts';
import { isRefund, refundDocumentOf } from './refund-document.ts';

const eur = (minor: bigint) => ({ minor, currency: 'EUR' });
const leaf = (type: string, minor: bigint) => ({ type, amount: eur(minor), breakdowns: [] });

/** A refund of one unit with Amazon-withheld tax (a UK-style marketplace facilitator sale). */
const refund = (ids: Array<{ name: string; value: string }>): FinanceTransaction => ({
  transactionId: 'T-1', transactionType: 'Refund', transactionStatus: 'RELEASED', postedDate: '2026-12-01T10:00:00Z',
  totalAmount: eur(-1000n), relatedIdentifiers: ids, breakdowns: [], contexts: [],
  items: [{
    relatedIdentifiers: [{ name: 'ORDER_ADJUSTMENT_ITEM_ID', value: 'ADJ-1' }],
    contexts: [{ contextType: 'ProductContext', sku: 'SKU-1', quantityShipped: 1 } as never],
    breakdowns: [
      { type: 'Product Charges', amount: eur(-1000n), breakdowns: [leaf('Principal', -900n), leaf('Shipping', -100n)] },
      leaf('Tax', -200n),
      { type: 'TaxWithheld', amount: eur(200n), breakdowns: [leaf('MarketplaceFacilitatorTax', 200n)] },
    ],
  }],
});

describe('refund documents', () => {
  it('keys by REFUND_ID, items by ORDER_ADJUSTMENT_ITEM_ID; the credit leaves the withheld tax off (the invoice\'s net, not what the buyer got)', () => {
    const d = refundDocumentOf(refund([{ name: 'ORDER_ID', value: '028-1' }, { name: 'REFUND_ID', value: 'R1' }]));
    expect(d).toMatchObject({ refundId: 'R1', orderId: '028-1', totalMinor: '-1000', creditMinor: '-1000' });
    expect(d.items).toEqual([{
      itemId: 'ADJ-1', sku: 'SKU-1', quantity: 1, creditMinor: '-1000',
      parts: { 'productcharges/principal': '-900', 'productcharges/shipping': '-100', tax: '-200', 'taxwithheld/marketplacefacilitatortax': '200' },
    }]);
  });

  it('falls back to the transactionId when Amazon gives no REFUND_ID; only Refund transactions are refunds', () => {
    expect(refundDocumentOf(refund([])).refundId).toBe('T-1');
    expect(isRefund({ ...refund([]), transactionType: 'Shipment' })).toBe(false);
    expect(isRefund({ ...refund([]), transactionType: ' refund' })).toBe(true);
  });
});
