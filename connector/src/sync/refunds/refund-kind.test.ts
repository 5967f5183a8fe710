import { describe, expect, it } from 'vitest';
import { kindFromEvents } from './refund-kind.ts';

const doc = (...ids: Array<string | null>) => ({ items: ids.map((itemId) => ({ itemId, sku: 'S', quantity: 1, parts: {}, creditMinor: '-100' })) });

describe('the kind of a refund from the v0 financial events', () => {
  it('is the list holding the refund\'s ORDER_ADJUSTMENT_ITEM_IDs', () => {
    const events = [
      { list: 'RefundEventList' as const, postedDate: null, adjustmentItemIds: ['A-1'] },
      { list: 'ChargebackEventList' as const, postedDate: null, adjustmentItemIds: ['A-2', 'A-3'] },
      { list: 'GuaranteeClaimEventList' as const, postedDate: null, adjustmentItemIds: ['A-4'] },
    ];
    expect(kindFromEvents(doc('A-1'), events)).toBe('refund');
    expect(kindFromEvents(doc('A-2', 'A-3'), events)).toBe('chargeback');
    expect(kindFromEvents(doc('A-4'), events)).toBe('guarantee_claim');
  });

  it('is unknown when no event carries the items, or when they are in two lists', () => {
    const events = [{ list: 'RefundEventList' as const, postedDate: null, adjustmentItemIds: ['A-1'] }, { list: 'ChargebackEventList' as const, postedDate: null, adjustmentItemIds: ['A-2'] }];
    expect(kindFromEvents(doc('Z-9'), events)).toBe('unknown');
    expect(kindFromEvents(doc(null), events)).toBe('unknown');
    expect(kindFromEvents(doc('A-1', 'A-2'), events)).toBe('unknown');
  });
});
