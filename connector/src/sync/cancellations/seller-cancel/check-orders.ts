/**
 * The check behind every trigger (the change feed on sale.order and sale.order.line, a conflict's retry, the
 * cancel-in side cancelling an ERP order for a buyer's request): per bound ERP order, compare states and queue what
 * Amazon must be told, ONE transaction per order under its advisory lock: the feed message (idempotent on its key
 * in the Feeds core) and the `seller_cancel` record together, so a repeated event, a crash or a second worker
 * never queues a cancellation twice. What Amazon (or the buyer) cancelled itself is never sent back: a CANCELLED
 * order needs nothing, and cancelled units are no longer sold at Amazon, so the plan never asks for them.
 */
import { lockIdOf } from '../../../core/lock.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import type { FlowJob } from '../../frame/flow.ts';
import { enqueueFeedMessage } from '../../frame/feeds/index.ts';
import { saleCancelGateway } from './erp/sale-cancel.gateway.ts';
import { amazonItems, buyerRequested, loadBoundOrders, productsBySku, type BoundOrder } from './load-orders.ts';
import { cancellationKey, planCancellation } from './mapping/cancel-units.ts';
import { FEED_TYPE } from './seller-cancel.payloads.ts';
import { cancellationsOf, requestedUnits, saveCancellation, SELLER_CANCEL_CONFLICT, type SellerCancelState } from './seller-cancel.records.ts';
import { sellerCancelReasonOf, type CancelReason } from './seller-cancel.settings.ts';

/** What a check did with one ERP order (the tests and the log read it). */
export type CheckOutcome =
  | { saleOrderId: number; amazonOrderId: string; action: 'queued'; key: string; created: boolean }
  | { saleOrderId: number; amazonOrderId: string; action: 'none' | 'ignored' | 'dry_run'; reason: string };

type Job = Pick<FlowJob, 'env' | 'goLive'>;

/** Checks the ERP orders of changed order lines. */
export async function checkLines(job: Job, backendId: number, lineIds: readonly number[]): Promise<CheckOutcome[]> {
  const rt = await job.env.runtimes.get(backendId);
  return checkOrders(job, backendId, await saleCancelGateway(rt.erp).ordersOfLines(lineIds));
}

/** Checks ERP orders: queues a seller cancellation for each whose ERP side cancelled units Amazon still sells. */
export async function checkOrders(job: Job, backendId: number, saleOrderIds: readonly number[]): Promise<CheckOutcome[]> {
  const { env } = job;
  const rt = await env.runtimes.get(backendId);
  const bound = await loadBoundOrders(env, rt, saleOrderIds);
  const orders = bound.flatMap((b) => (b.order ? [b.order] : []));
  if (!orders.length) return bound.map((b) => ({ saleOrderId: b.erp.id, amazonOrderId: b.amazonOrderId, action: 'ignored', reason: 'the Amazon order is no longer stored (retention)' }));
  const products = await productsBySku(env, rt, orders);
  const reason = sellerCancelReasonOf(rt.backend.settings);
  const out: CheckOutcome[] = [];
  for (const b of bound) out.push(await checkOne(job, backendId, b, products, reason));
  return out;
}

const skip = (b: BoundOrder, action: 'none' | 'ignored', reason: string): CheckOutcome => ({ saleOrderId: b.erp.id, amazonOrderId: b.amazonOrderId, action, reason });

/** One order, in its own transaction under its lock (a second worker waits, then finds the record and plans nothing). */
async function checkOne(job: Job, backendId: number, b: BoundOrder, products: Map<string, number[]>, defaultReason: CancelReason): Promise<CheckOutcome> {
  const { env, goLive } = job;
  const order = b.order;
  if (!order) return skip(b, 'ignored', 'the Amazon order is no longer stored (retention)');
  const status = order.fulfillment?.fulfillmentStatus;
  // Amazon ships FBA orders itself; the connector imports them once shipped: nothing left to cancel.
  if (order.fulfillment?.fulfilledBy !== 'MERCHANT') return skip(b, 'ignored', 'not merchant-fulfilled (FBA orders are cancelled at Amazon, not by feed)');
  if (status === 'CANCELLED') return skip(b, 'none', 'already cancelled at Amazon');
  if (status !== 'UNSHIPPED' && status !== 'PARTIALLY_SHIPPED' && status !== 'SHIPPED') return skip(b, 'none', `${status ?? 'no status'} at Amazon`);
  if (goLive?.cutoverAt && new Date(order.createdTime) < goLive.cutoverAt) return skip(b, 'ignored', 'before the cut-over');
  return withTransaction(env.db.pool, async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [lockIdOf(`seller-cancel:${backendId}:${b.erp.id}`)]);
    const records = await cancellationsOf(tx, backendId, b.erp.id);
    const items = amazonItems(order, products, requestedUnits(records));
    const plan = planCancellation(items, { cancelled: b.erp.state === 'cancel', quantityByProduct: b.erp.quantityByProduct });
    if (plan.tooLate.length) {
      const units = plan.tooLate.reduce((n, t) => n + t.units, 0);
      await env.core.conflicts.raise({
        backendId, kind: SELLER_CANCEL_CONFLICT, amazonKey: b.amazonOrderId, code: 'SELLER_CANCEL_TOO_LATE',
        message: `The ERP cancelled ${units} unit(s) Amazon already shipped: not cancellable, handle them as a return and refund`,
        diff: { tooLate: plan.tooLate }, erpSnapshot: { saleOrderId: b.erp.id, state: b.erp.state },
      }, tx);
    }
    if (!plan.items.length) return skip(b, 'none', plan.tooLate.length ? 'only shipped units were cancelled' : 'nothing cancelled in the ERP that Amazon still sells');
    const key = cancellationKey(b.amazonOrderId, items, plan.items);
    const cancelReason: CancelReason = buyerRequested(order) ? 'BuyerCanceled' : defaultReason;
    const body = messageBody(order, plan.items, plan.wholeOrder, cancelReason);
    if (goLive?.dryRun) {
      env.log.info('seller cancellation (dry run: not queued)', { backendId, amazonOrderId: b.amazonOrderId, key, body });
      return { saleOrderId: b.erp.id, amazonOrderId: b.amazonOrderId, action: 'dry_run', reason: `would queue ${key}` };
    }
    const marketplaceIds = order.salesChannel.marketplaceId ? [order.salesChannel.marketplaceId] : [];
    const { created } = await enqueueFeedMessage(tx, { backendId, feedType: FEED_TYPE, key, marketplaceIds, body });
    const state: SellerCancelState = { status: 'queued', amazonOrderId: b.amazonOrderId, items: plan.items, reason: cancelReason, wholeOrder: plan.wholeOrder, at: new Date().toISOString() };
    await saveCancellation(tx, backendId, { key, saleOrderId: b.erp.id, state });
    return { saleOrderId: b.erp.id, amazonOrderId: b.amazonOrderId, action: 'queued', key, created };
  });
}

/** The message body (contract 1): whole order = every item without Quantity; else the units per item. */
function messageBody(order: Order, items: readonly { orderItemId: string; quantity: number }[], wholeOrder: boolean, cancelReason: CancelReason): Record<string, unknown> {
  return {
    amazonOrderId: order.orderId,
    items: items.map((i) => ({ orderItemId: i.orderItemId, cancelReason, ...(wholeOrder ? {} : { quantity: i.quantity }) })),
  };
}
