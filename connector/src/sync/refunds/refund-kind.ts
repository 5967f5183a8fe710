/**
 * What a refund is: a refund the seller or Amazon granted, the buyer's bank taking the money back (chargeback) or
 * an A-to-z guarantee claim Amazon granted. Finances 2024-06-19 shows all three as type Refund; the v0 financial
 * events keep them in separate lists with the same ORDER_ADJUSTMENT_ITEM_IDs, so the kind is read there (one
 * `listFinancialEventsByOrderId` call per refund, after its credit note: fill-kind.ts) while Amazon serves them
 * (until 2027-08-27). Unknown until known: an order whose v0 events do not carry the refund's items, a backend
 * with the look-up off, or v0 gone (a permanent refusal) leaves `unknown` for the settlements to fill.
 */
import type { AdjustmentEvent, AdjustmentList } from '../../amazon/financial-events-v0.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import type { RefundDocument } from './refund-document.ts';
import { refundsSettings } from './refunds.settings.ts';

export const REFUND_KINDS = ['refund', 'chargeback', 'guarantee_claim', 'unknown'] as const;
export type RefundKindName = (typeof REFUND_KINDS)[number];

const KIND_OF: Record<AdjustmentList, RefundKindName> = { RefundEventList: 'refund', ChargebackEventList: 'chargeback', GuaranteeClaimEventList: 'guarantee_claim' };

/** The kind the v0 events give the refund's items (all in one list), else unknown. */
export function kindFromEvents(doc: Pick<RefundDocument, 'items'>, events: readonly AdjustmentEvent[]): RefundKindName {
  const ids = new Set(doc.items.map((i) => i.itemId).filter((x): x is string => x !== null));
  const kinds = new Set(events.filter((e) => e.adjustmentItemIds.some((id) => ids.has(id))).map((e) => KIND_OF[e.list]));
  return kinds.size === 1 ? [...kinds][0]! : 'unknown';
}

/** Whether the v0 events can tell the refund's kind: the backend's look-up on, an order and adjustment item ids. */
export const kindReadable = (settings: Parameters<typeof refundsSettings.of>[0], doc: Pick<RefundDocument, 'orderId' | 'items'>): boolean =>
  refundsSettings.of(settings).kindFromFinancialEvents && Boolean(doc.orderId) && doc.items.some((i) => i.itemId);

/** The refund's kind from Amazon's v0 events; a retryable failure throws (the task is retried), anything else is unknown. */
export async function lookUpKind(env: Pick<TaskEnv, 'runtimes' | 'log'>, backendId: number, doc: RefundDocument): Promise<RefundKindName> {
  const rt = await env.runtimes.get(backendId);
  if (!doc.orderId || !kindReadable(rt.backend.settings, doc)) return 'unknown';
  try {
    return kindFromEvents(doc, await rt.amazon.financialEventsV0.adjustmentsOfOrder(doc.orderId));
  } catch (e) {
    if ((e as { kind?: string }).kind === 'retryable') throw e;
    env.log.warn('refunds: the v0 financial events could not tell the refund\'s kind', { backendId, refundId: doc.refundId, code: (e as { code?: string }).code });
    return 'unknown';
  }
}
