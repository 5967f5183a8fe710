/**
 * One Amazon refund -> one posted ERP credit note (task `refunds:credit`: a conflict's retry, the re-check of
 * refunds without invoice, a refund waiting for its invoice): held under the refund's lock, then credited as a
 * batch of one (credit-refunds.ts; the wizard's reason is then the refund's own, as a person's one-invoice
 * reversal). The queue of a backend's refunds goes through the batch task (credit-batch.ts).
 */
import { RetryableError } from '../../core/errors.ts';
import { creditRefunds, type CreditEnv, type CreditOutcome } from './credit-refunds.ts';
import { refundKind, type RefundDocument } from './refund-document.ts';

export type { CreditOutcome } from './credit-refunds.ts';

export async function creditRefund(env: CreditEnv, backendId: number, refundId: string): Promise<CreditOutcome> {
  const session = await env.core.locker.session();
  try {
    const { obtained } = await session.tryLock([`refund:${backendId}:${refundId}`]);
    if (!obtained.length) throw new RetryableError('LOCK_BUSY', `refund ${refundId} is being handled by another worker`);
    const stored = (await env.core.documents.of(refundKind).getMany(backendId, [refundId])).get(refundId);
    if (!stored) return { state: 'missing' };
    const doc = stored.document as unknown as RefundDocument;
    return (await creditRefunds(env, backendId, [doc])).get(doc.refundId)!;
  } finally {
    await session.close();
  }
}
