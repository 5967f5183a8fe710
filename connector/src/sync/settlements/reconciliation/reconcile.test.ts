import { describe, expect, it } from 'vitest';
import { reconcileOrder, reconcileSettlement, type LineIn, type OrderIn, type RefundIn } from './reconcile.ts';

let n = 0;
const line = (x: Partial<LineIn> & { amountMinor: bigint }): LineIn =>
  ({ settlementId: 'S1', lineNo: ++n, transactionType: 'Order', orderId: 'O-1', adjustmentId: null, amountType: 'ItemPrice', amountDescription: 'Principal', orderKnown: true, ...x });
const refund = (x: Partial<RefundIn> = {}): RefundIn => ({ refundId: 'R-1', currency: 'EUR', creditMinor: -1000n, state: 'credited', deferred: false, deferredUntil: null, ...x });
const order = (x: Partial<OrderIn> = {}): OrderIn => ({
  orderId: 'O-1', inErp: true, currency: 'EUR', amazonTotal: 5950n, erpTotal: 5950n, invoiced: true, refunds: [], creditNotes: [],
  lines: [line({ amountMinor: 5000n }), line({ amountDescription: 'Tax', amountMinor: 950n }), line({ amountType: 'ItemFees', amountDescription: 'Commission', amountMinor: -750n })],
  ...x,
});
const reasons = (o: OrderIn) => reconcileOrder(o, 'EUR').variances.map((v) => v.reason);

describe('reconcileOrder', () => {
  it('an invoiced order settled at Amazon\'s total has no variance; fees count in its net, not against it', () => {
    const r = reconcileOrder(order(), 'EUR');
    expect(r.variances).toEqual([]);
    expect(r).toMatchObject({ settledSales: 5950n, fees: -750n, net: 5200n, erpInvoiced: 5950n });
  });

  it('names each difference: not settled, settled otherwise, invoiced otherwise, not invoiced, not in the ERP, another currency', () => {
    expect(reasons(order({ lines: [] }))).toEqual(['NOT_SETTLED_YET']);
    const off = reconcileOrder(order({ lines: [line({ amountMinor: 5900n })] }), 'EUR').variances;
    expect(off).toMatchObject([{ reason: 'AMOUNT_DIFFERS', amazonMinor: 5950n, settledMinor: 5900n, differenceMinor: -50n, key: 'order:O-1:AMOUNT_DIFFERS:settled' }]);
    expect(reasons(order({ erpTotal: 6000n }))).toEqual(['AMOUNT_DIFFERS']);
    expect(reasons(order({ invoiced: false }))).toEqual(['NOT_INVOICED_YET']);
    expect(reasons(order({ inErp: false, amazonTotal: null, currency: null }))).toEqual(['ORDER_NOT_IN_ERP']);
    expect(reasons(order({ currency: 'GBP' }))).toEqual(['CURRENCY_CONVERSION']);
  });

  it('a refund: credited and settled = nothing; not credited; deferred until its date; not settled; a stray refund line unexplained', () => {
    const settled = line({ transactionType: 'Refund', adjustmentId: 'R-1', amountMinor: -1000n });
    expect(reasons(order({ refunds: [refund()], lines: [...order().lines, settled] }))).toEqual([]);
    expect(reasons(order({ refunds: [refund({ state: 'conflict' })], lines: [...order().lines, settled] }))).toEqual(['REFUND_NOT_CREDITED']);
    const deferred = reconcileOrder(order({ refunds: [refund({ state: 'pending', deferred: true, deferredUntil: '2026-12-30' })] }), 'EUR').variances;
    expect(deferred).toMatchObject([{ reason: 'DEFERRED_UNTIL', until: '2026-12-30', key: 'refund:R-1:DEFERRED_UNTIL' }]);
    expect(reasons(order({ refunds: [refund()] }))).toEqual(['NOT_SETTLED_YET']);
    expect(reasons(order({ lines: [...order().lines, settled] }))).toEqual(['UNEXPLAINED']);
  });

  it('an ERP credit note sent to Amazon with no Amazon refund yet', () => {
    const v = reconcileOrder(order({ creditNotes: [{ moveId: 77, currency: 'EUR', totalMinor: 500n }] }), 'EUR').variances;
    expect(v).toMatchObject([{ reason: 'CREDIT_NOTE_WITHOUT_REFUND', erpMinor: -500n, key: 'creditnote:77:CREDIT_NOTE_WITHOUT_REFUND' }]);
  });
});

describe('reconcileSettlement', () => {
  it('groups lines by type with matched and unmatched, fees of no order per description, the deposit total checked', () => {
    const good = order();
    const bad = order({ orderId: 'O-2', lines: [line({ orderId: 'O-2', amountMinor: 100n })] });
    const fee = line({ transactionType: 'other-transaction', orderId: null, amountType: 'other-transaction', amountDescription: 'Subscription Fee', amountMinor: -3900n });
    const lines = [...good.lines, ...bad.lines, fee];
    const total = lines.reduce((a, l) => a + l.amountMinor, 0n);
    const orders = new Map([good, bad].map((o) => [o.orderId, reconcileOrder(o, 'EUR')]));
    const r = reconcileSettlement({ settlementId: 'S1', currency: 'EUR', totalMinor: total, lines }, orders);
    expect(r.groups.find((g) => g.transactionType === 'Order' && g.amountType === 'ItemPrice')).toMatchObject({ lines: 3, matched: 2, unmatched: 1, unmatchedMinor: 100n });
    expect(r.groups.find((g) => g.amountType === 'other-transaction')).toMatchObject({ lines: 1, matched: 0, unmatched: 1, totalMinor: -3900n });
    expect(r.variances.map((v) => v.reason).sort()).toEqual(['AMOUNT_DIFFERS', 'FEE_WITHOUT_ORDER']);
    const off = reconcileSettlement({ settlementId: 'S1', currency: 'EUR', totalMinor: total + 1n, lines }, orders);
    expect(off.variances.find((v) => v.reason === 'UNEXPLAINED')).toMatchObject({ differenceMinor: -1n, key: 'settlement:S1:UNEXPLAINED:total' });
  });
});
