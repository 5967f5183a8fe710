import { describe, expect, it } from 'vitest';
import { refundEqualsAdjustment, type RefundView } from './match-refund.ts';
import type { AdjustmentRecord } from './adjustment-records.ts';

// A UK deemed-supplier item: the credit note 8.67 (the seller's net), 10.40 sent (its 1.73 VAT withheld on top).
const sent: AdjustmentRecord = { adjustmentId: 'CN7', moveId: 7, state: { status: 'accepted', amazonOrderId: '202-1', currency: 'GBP', reason: 'CustomerReturn',
  totalMinor: '1040', creditNoteMinor: '867', items: [{ orderItemId: 'A', merchantAdjustmentItemId: 'CN7-1', sku: 'MUG', quantity: 2, amountMinor: '1040' }], at: '' } };
const refund = (parts: Record<string, string>, quantity = 2): RefundView => ({ refundId: 'R1', orderId: '202-1', currency: 'GBP', items: [{ sku: 'MUG', quantity, parts }] });

describe('an Amazon refund against the payment adjustment of an order whose VAT Amazon withheld', () => {
  it('equal whichever way Amazon shows it: the VAT handed back in its own leaf, not at all, or the refund net of it', () => {
    expect(refundEqualsAdjustment(sent, refund({ 'productcharges/principal': '-1040', 'taxwithheld/marketplacefacilitatortax': '173' }))).toBe(true);
    expect(refundEqualsAdjustment(sent, refund({ 'productcharges/principal': '-1040' }))).toBe(true);
    expect(refundEqualsAdjustment(sent, refund({ 'productcharges/principal': '-867' }))).toBe(true);
  });
  it('not equal: another amount, other units, an older record (no credit note total) against a refund net of the VAT', () => {
    expect(refundEqualsAdjustment(sent, refund({ 'productcharges/principal': '-100' }))).toBe(false);
    expect(refundEqualsAdjustment(sent, refund({ 'productcharges/principal': '-1040' }, 1))).toBe(false);
    const older = { ...sent, state: { ...sent.state, totalMinor: '867', creditNoteMinor: undefined } };
    expect(refundEqualsAdjustment(older, refund({ 'productcharges/principal': '-867', 'taxwithheld/marketplacefacilitatortax': '144' }))).toBe(true);
    expect(refundEqualsAdjustment(older, refund({ 'productcharges/principal': '-1040', 'taxwithheld/marketplacefacilitatortax': '173' }))).toBe(false);
  });
});
