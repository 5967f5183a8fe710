import { describe, expect, it } from 'vitest';
import type { FinanceTransaction } from '../../amazon/finances-transaction.ts';
import { isPending, mergeRefund } from './deferred-refund.ts';
import { refundDocumentOf } from './refund-document.ts';

const eur = (minor: bigint) => ({ minor, currency: 'EUR' });
const tx = (id: string, status: FinanceTransaction['transactionStatus'], posted: string, ids: Array<[string, string]>, deferred = false): FinanceTransaction => ({
  transactionId: id, transactionType: 'Refund', transactionStatus: status, postedDate: posted, totalAmount: eur(-500n),
  relatedIdentifiers: ids.map(([name, value]) => ({ name, value })), breakdowns: [], items: [],
  contexts: deferred ? [{ contextType: 'DeferredContext', deferralReason: 'B2B', maturityDate: '2027-01-01T00:00:00Z' } as never] : [],
});

describe('deferred refunds', () => {
  const deferred = tx('D-1', 'DEFERRED', '2026-12-01T10:00:00Z', [['ORDER_ID', 'O-1'], ['REFUND_ID', 'R1']], true);
  const release = tx('L-1', 'RELEASED', '2027-01-01T00:00:00Z', [['ORDER_ID', 'O-1'], ['REFUND_ID', 'R1'], ['DEFERRED_TRANSACTION_ID', 'D-1']]);

  it('a deferred refund is pending with its maturity date; a refund never deferred is not', () => {
    const d = refundDocumentOf(deferred);
    expect(isPending(d)).toBe(true);
    expect(d.deferral).toEqual({ reason: 'B2B', maturityDate: '2027-01-01T00:00:00Z', deferredTransactionId: 'D-1', releaseTransactionId: null, released: false });
    expect(refundDocumentOf(tx('T-9', 'RELEASED', '2026-12-01T10:00:00Z', [['REFUND_ID', 'R9']])).deferral).toBeNull();
  });

  it('the deferred refund and its release are one refund, released whichever is read first, never pending again', () => {
    const d = refundDocumentOf(deferred);
    const l = refundDocumentOf(release);
    expect(l.refundId).toBe(d.refundId);
    const merged = mergeRefund(d, l);
    expect(merged).toMatchObject({ refundId: 'R1', transactionId: 'D-1', postedDate: release.postedDate });
    expect(merged.deferral).toEqual({ reason: 'B2B', maturityDate: '2027-01-01T00:00:00Z', deferredTransactionId: 'D-1', releaseTransactionId: 'L-1', released: true });
    // The overlap reads the deferred one again (still DEFERRED in an older copy): it stays released.
    expect(isPending(mergeRefund(merged, d))).toBe(false);
    expect(mergeRefund(l, d).deferral?.released).toBe(true);
    // The deferred one read after its release: DEFERRED_RELEASED, already released.
    expect(isPending(refundDocumentOf({ ...deferred, transactionStatus: 'DEFERRED_RELEASED' }))).toBe(false);
  });

  it('without REFUND_ID, the release takes the deferred transaction id as its key, the deferred one\'s own key', () => {
    const d = refundDocumentOf(tx('D-2', 'DEFERRED', '2026-12-01T10:00:00Z', [['ORDER_ID', 'O-2']], true));
    const l = refundDocumentOf(tx('L-2', 'RELEASED', '2027-01-01T00:00:00Z', [['ORDER_ID', 'O-2'], ['DEFERRED_TRANSACTION_ID', 'D-2']]));
    expect([d.refundId, l.refundId]).toEqual(['D-2', 'D-2']);
  });
});
