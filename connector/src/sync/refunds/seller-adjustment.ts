/**
 * The look-up step's first question (credit-refund.ts): is this Amazon refund the answer to a payment adjustment the
 * connector sent from an ERP credit note (the refund-adjustments flow)? Then that credit note IS its credit note:
 * bound as the refund's, never a second one. An ambiguous match is the refund's conflict, nothing made.
 */
import { matchRefundToAdjustment } from '../refund-adjustments/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import type { RefundDocument } from './refund-document.ts';

export type SellerAdjustmentLookUp = { kind: 'none' } | { kind: 'matched'; moveId: number; adjustmentId: string } | { kind: 'ambiguous'; message: string; adjustmentIds: string[] };

export async function lookUpSellerAdjustment(env: Pick<TaskEnv, 'db'>, backendId: number, doc: RefundDocument): Promise<SellerAdjustmentLookUp> {
  const m = await matchRefundToAdjustment(env.db.pool, backendId, doc);
  if (m.kind !== 'ambiguous') return m;
  return { kind: 'ambiguous', adjustmentIds: m.adjustmentIds, message: `Amazon refund ${doc.refundId}: ${m.reason} (${m.adjustmentIds.join(', ')}); no credit note made` };
}
