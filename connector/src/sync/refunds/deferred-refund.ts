/**
 * Deferred refunds (Finances 2024-06-19): Amazon may hold a refund (a B2B invoiced order's, say) as a DEFERRED
 * transaction with a `DeferredContext` (reason, maturity date); at maturity it posts a release, a transaction of
 * its own linked back by DEFERRED_TRANSACTION_ID, and the deferred one turns DEFERRED_RELEASED with a
 * RELEASE_TRANSACTION_ID. Both are ONE refund: one document, one credit note. The pair's facts are merged here, so
 * whichever the sweep reads first (or again, in its overlap), the stored refund only ever moves towards released.
 */
import type { FinanceTransaction } from '../../amazon/finances-transaction.ts';
import type { RefundDeferral, RefundDocument } from './refund-document.ts';

const relatedOf = (t: FinanceTransaction, name: string) => t.relatedIdentifiers.find((r) => r.name === name)?.value ?? null;

/** The deferral facts of one transaction: null for a refund never deferred. */
export function deferralOf(t: FinanceTransaction): RefundDeferral | null {
  const context = t.contexts.find((c) => c.contextType === 'DeferredContext') as { deferralReason?: string; maturityDate?: string } | undefined;
  const deferredId = relatedOf(t, 'DEFERRED_TRANSACTION_ID');
  const releaseId = relatedOf(t, 'RELEASE_TRANSACTION_ID');
  const isDeferred = t.transactionStatus === 'DEFERRED' || t.transactionStatus === 'DEFERRED_RELEASED' || context !== undefined;
  if (!isDeferred && deferredId === null) return null;
  // The release itself (it points back at the deferred one) or the deferred one read after its release.
  const released = deferredId !== null || t.transactionStatus === 'DEFERRED_RELEASED' || releaseId !== null;
  return {
    reason: context?.deferralReason ?? null,
    maturityDate: context?.maturityDate ?? null,
    deferredTransactionId: deferredId ?? (isDeferred ? t.transactionId : null),
    releaseTransactionId: releaseId ?? (deferredId !== null ? t.transactionId : null),
    released,
  };
}

/** A deferred refund not released yet: recorded `pending` with its maturity date, no credit note. */
export const isPending = (doc: Pick<RefundDocument, 'deferral'>): boolean => Boolean(doc.deferral && !doc.deferral.released);

/** The record state of a pending refund: its maturity date is when its credit note is due. */
export const pendingState = (doc: RefundDocument) => ({
  key: doc.refundId, state: 'pending', code: null,
  detail: { orderId: doc.orderId, maturityDate: doc.deferral?.maturityDate ?? null, deferralReason: doc.deferral?.reason ?? null, kind: 'unknown' },
});

/**
 * The stored refund after one more transaction of it: amounts and items are the newest read (a release repeats the
 * deferred one's), the first transaction id is kept, and the deferral only gains facts (released never goes back).
 */
export function mergeRefund(stored: RefundDocument | undefined, read: RefundDocument): RefundDocument {
  if (!stored || (!stored.deferral && !read.deferral)) return read;
  const a = stored.deferral;
  const b = read.deferral;
  const deferral: RefundDeferral = {
    reason: b?.reason ?? a?.reason ?? null,
    maturityDate: b?.maturityDate ?? a?.maturityDate ?? null,
    deferredTransactionId: a?.deferredTransactionId ?? b?.deferredTransactionId ?? null,
    releaseTransactionId: b?.releaseTransactionId ?? a?.releaseTransactionId ?? null,
    released: Boolean(a?.released || b?.released),
  };
  const newer = read.postedDate >= stored.postedDate ? read : stored;
  return { ...newer, transactionId: deferral.deferredTransactionId ?? stored.transactionId, deferral };
}
