/**
 * What the orders flow hands over (through index.ts): imported orders Amazon cancelled, and imported orders whose
 * buyer asked to cancel. Each becomes an `order_cancellation` row and a job in one transaction (house rule 2); a
 * row already there makes no second job, so a re-import, a resync or a repeated notification changes nothing.
 */
import type pg from 'pg';
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { goLiveOf, type BackendSettings } from '../../core/backend/settings/index.ts';
import { enqueueMany } from '../../core/queue/enqueue.ts';
import { withTransaction } from '../../core/tx.ts';
import { noteAmazonCancelled, noteBuyerRequests, type AmazonCancelFacts } from './cancellation-store.ts';
import { cancellationsSettings } from './cancellations.settings.ts';
import { CANCELLATIONS_FLOW, Tasks, type OrderPayload } from './cancellations.payloads.ts';

/** Whether the backend's cancellations flow is on (its go-live switch; off by default). */
export function cancellationsOn(settings: BackendSettings): boolean {
  return goLiveOf(settings, CANCELLATIONS_FLOW, false).enabled;
}

/** What the flow keeps of an Amazon order: status and per item the cancellation facts (never buyer data). */
export function cancelFactsOf(order: Order): AmazonCancelFacts {
  return {
    amazonOrderId: order.orderId,
    fulfillmentStatus: order.fulfillment?.fulfillmentStatus ?? 'UNKNOWN',
    items: order.orderItems.map((i) => ({
      orderItemId: i.orderItemId,
      quantityOrdered: i.quantityOrdered,
      requester: i.cancellation?.cancellationRequest?.requester ?? null,
      cancelledBy: i.cancellation?.cancellationExecution?.cancelledBy ?? null,
      reason: i.cancellation?.cancellationRequest?.cancelReason ?? i.cancellation?.cancellationExecution?.cancelReason ?? null,
    })),
  };
}

/**
 * The buyer's open cancel request of `order` (an item whose request the buyer made and nobody executed), with its
 * reason; null when none, or when the order is shipped or cancelled already (nothing left to ask).
 */
export function buyerCancelRequestOf(order: Order): { reason: string | null } | null {
  const status = order.fulfillment?.fulfillmentStatus;
  if (status === 'CANCELLED' || status === 'SHIPPED') return null;
  const item = order.orderItems.find((i) => i.cancellation?.cancellationRequest?.requester === 'BUYER' && !i.cancellation.cancellationExecution);
  return item ? { reason: item.cancellation?.cancellationRequest?.cancelReason ?? null } : null;
}

const job = (backendId: number) => (amazonOrderId: string): OrderPayload => ({ backendId, amazonOrderId });

/** Amazon cancelled these imported orders: rows and cancel jobs (the setting says whether the job cancels or asks). */
export async function handAmazonCancellations(pool: pg.Pool, backend: { id: number; settings: BackendSettings }, orders: readonly Order[]): Promise<void> {
  if (!orders.length) return;
  const decision = cancellationsSettings.of(backend.settings).whenAmazonCancels === 'cancel' ? 'auto' : null;
  await withTransaction(pool, async (tx) => {
    const fresh = await noteAmazonCancelled(tx, backend.id, orders.map(cancelFactsOf), decision);
    await enqueueMany(tx, Tasks.cancel, fresh.map(job(backend.id)), { maxAttempts: 10 });
  });
}

/** The buyers asked to cancel these imported orders: a row and a note job per request, the first time only. */
export async function handBuyerCancelRequests(pool: pg.Pool, backendId: number, orders: readonly Order[]): Promise<void> {
  const asked = orders.flatMap((o) => {
    const r = buyerCancelRequestOf(o);
    return r ? [{ ...cancelFactsOf(o), reason: r.reason }] : [];
  });
  if (!asked.length) return;
  await withTransaction(pool, async (tx) => {
    const fresh = await noteBuyerRequests(tx, backendId, asked);
    await enqueueMany(tx, Tasks.buyerRequest, fresh.map(job(backendId)), { maxAttempts: 10 });
  });
}
