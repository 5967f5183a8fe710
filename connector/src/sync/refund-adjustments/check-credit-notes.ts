/**
 * The check behind every trigger (the change feed on posted credit notes, the safety sweep, a conflict's retry):
 * per ERP credit note, decide from its state whether it is a payment adjustment to send, and queue it ONCE: the feed
 * message (idempotent on its key in the Feeds core) and the `refund_adjustment` record in one transaction under the
 * credit note's advisory lock, so a repeated notification, the sweep, a crash or a second worker never send it twice.
 * Never sent: a credit note not posted, not marked, made by the connector (bound as a `refund` by the refunds flow,
 * or its reason `Amazon refund <id>`), or of an order that is not this backend's Amazon order.
 */
import { lockIdOf } from '../../core/lock.ts';
import { withTransaction } from '../../core/tx.ts';
import type { ErrorCode } from '../../core/errors.ts';
import type { FlowJob } from '../frame/flow.ts';
import { enqueueFeedMessage } from '../frame/feeds/index.ts';
import { adjustmentIdOf, adjustmentOfMove, saveAdjustment } from './adjustment-records.ts';
import { creditNoteOutGateway, type CreditNote } from './erp/credit-note-out.gateway.ts';
import { readMark } from './mark.ts';
import { planAdjustment } from './mapping/adjustment-plan.ts';
import { withheldTaxOf } from './mapping/withheld-tax.ts';
import { recordedWithheldTax } from '../orders/index.ts';
import { FEED_TYPE, REFUND_ADJUSTMENT_KIND, REFUND_ADJUSTMENTS_FLOW } from './refund-adjustments.payloads.ts';
import { refundAdjustmentSettingsOf } from './refund-adjustments.settings.ts';
import { storedOrder } from './stored-order.ts';

export type CheckOutcome =
  | { moveId: number; action: 'queued'; adjustmentId: string; created: boolean }
  | { moveId: number; action: 'ignored' | 'dry_run'; reason: string }
  | { moveId: number; action: 'conflict'; code: ErrorCode };

type Job = Pick<FlowJob, 'env' | 'goLive'>;

/** Checks ERP moves (credit notes among them); answers what it did with each credit note. */
export async function checkCreditNotes(job: Job, backendId: number, moveIds: readonly number[]): Promise<CheckOutcome[]> {
  const rt = await job.env.runtimes.get(backendId);
  const notes = await creditNoteOutGateway(rt.erp).creditNotes([...new Set(moveIds)]);
  const out: CheckOutcome[] = [];
  for (const cn of notes) out.push(await checkOne(job, backendId, cn));
  return out;
}

const ignored = (cn: CreditNote, reason: string): CheckOutcome => ({ moveId: cn.id, action: 'ignored', reason });

async function checkOne(job: Job, backendId: number, cn: CreditNote): Promise<CheckOutcome> {
  const { env, goLive } = job;
  const { core } = env;
  const rt = await env.runtimes.get(backendId);
  if (cn.state !== 'posted') return ignored(cn, `${cn.state}, not posted`);
  const mark = readMark(cn.ref, refundAdjustmentSettingsOf(rt.backend.settings).mark);
  if (!mark.marked) return ignored(cn, 'not marked for Amazon');
  // The refunds flow's own credit notes (Amazon already refunded them): bound as `refund`, or its reason in ref.
  if (await core.binder.toAmazon(backendId, 'refund', 'account.move', cn.id)) return ignored(cn, 'made by the connector for an Amazon refund');
  if (/\bAmazon refund \S/.test(cn.ref ?? '')) return ignored(cn, 'made by the connector for an Amazon refund');
  const adjustmentId = adjustmentIdOf(cn.id);
  const sent = await adjustmentOfMove(env.db.pool, backendId, cn.id);
  if (sent && sent.state.status !== 'retry') return ignored(cn, `already ${sent.state.status}`);
  const gw = creditNoteOutGateway(rt.erp);
  const saleOrders = cn.reversedEntryId ? await gw.ordersOfInvoice(cn.reversedEntryId) : [];
  const bound = (await Promise.all(saleOrders.map((id) => core.binder.toAmazon(backendId, 'order', 'sale.order', id)))).filter((b) => b !== null);
  // Another backend's order, or no Amazon order at all: not this backend's to send (no conflict: it may be another's).
  if (!bound.length) return ignored(cn, cn.reversedEntryId ? 'the invoice is not of an Amazon order of this backend' : 'not the reversal of an invoice');
  const conflict = async (code: ErrorCode, message: string, diff: Record<string, unknown> = {}): Promise<CheckOutcome> => {
    await core.conflicts.raise({ backendId, kind: REFUND_ADJUSTMENT_KIND, amazonKey: adjustmentId, code, message, diff, erpSnapshot: { moveId: cn.id, ref: cn.ref } });
    await core.states.set(backendId, REFUND_ADJUSTMENTS_FLOW, [{ key: adjustmentId, state: 'conflict', code, detail: { moveId: cn.id } }]);
    return { moveId: cn.id, action: 'conflict', code };
  };
  if (bound.length > 1) return conflict('REFUND_ADJUSTMENT_UNMAPPED', `the credit note's invoice bills ${bound.length} Amazon orders: one adjustment is for one order`);
  const amazonOrderId = bound[0]!.amazonKey;
  if (mark.reason === null) return conflict('REFUND_ADJUSTMENT_REASON_INVALID', `"${mark.written}" is not an Amazon adjustment reason (e.g. CustomerReturn, GeneralAdjustment, PriceError)`, { amazonOrderId });
  const order = await storedOrder(env, backendId, amazonOrderId);
  if (!order) return ignored(cn, `the Amazon order ${amazonOrderId} is no longer stored`);
  if (order.fulfillment?.fulfilledBy !== 'MERCHANT') return conflict('REFUND_ADJUSTMENT_UNMAPPED', `Amazon order ${amazonOrderId} is fulfilled by Amazon: refund it in Seller Central`, { amazonOrderId });
  if (goLive?.cutoverAt && new Date(order.createdTime) < goLive.cutoverAt) return ignored(cn, 'the order is before the cut-over');
  const currency = order.orderItems.map((i) => i.product.price?.unitPrice?.currencyCode).find((c) => c) ?? cn.currency ?? '';
  // The orders flow's service products (amazon key `service:<kind>`): shipping, gift wrap, promotion, ...
  const serviceProducts = new Map((await core.binder.listKind(backendId, 'service_product')).map((b) => [b.erpId, b.amazonKey.replace(/^service:/, '')]));
  // The tax Amazon withheld (deemed supplier, marketplace facilitator) is not on the credit note but the buyer's due.
  const withheld = withheldTaxOf(order, (await recordedWithheldTax(env.db.pool, backendId, [amazonOrderId])).get(amazonOrderId));
  if (!withheld.ok) return conflict('REFUND_ADJUSTMENT_UNMAPPED', `credit note ${cn.id}: ${withheld.problem}`, { amazonOrderId });
  const plan = planAdjustment({
    creditNote: cn, adjustmentId, reason: mark.reason, amazonOrderId, currency, serviceProducts, withheld: withheld.items,
    items: order.orderItems.map((i) => ({ orderItemId: i.orderItemId, sku: i.product.sellerSku ?? null, sold: i.quantityOrdered })),
  });
  if (!plan.ok) return conflict('REFUND_ADJUSTMENT_UNMAPPED', `credit note ${cn.id}: ${plan.problems.join('; ')}`.slice(0, 500), { amazonOrderId, problems: plan.problems });
  if (goLive?.dryRun) {
    env.log.info('payment adjustment (dry run: not queued)', { backendId, adjustmentId, amazonOrderId, totalMinor: String(plan.totalMinor) });
    await core.states.set(backendId, REFUND_ADJUSTMENTS_FLOW, [{ key: adjustmentId, state: 'dry_run', code: null, detail: { moveId: cn.id, would: 'send the payment adjustment' } }], { stamp: false });
    return { moveId: cn.id, action: 'dry_run', reason: `would queue ${adjustmentId}` };
  }
  const marketplaceIds = order.salesChannel.marketplaceId ? [order.salesChannel.marketplaceId] : [];
  const outcome = await withTransaction(env.db.pool, async (tx): Promise<CheckOutcome> => {
    await tx.query('select pg_advisory_xact_lock($1)', [lockIdOf(`refund-adjustment:${backendId}:${cn.id}`)]);
    // Looked at again under the lock: a second worker that waited finds the first one's record.
    const again = await adjustmentOfMove(tx, backendId, cn.id);
    if (again && again.state.status !== 'retry') return ignored(cn, `already ${again.state.status}`);
    const { created } = await enqueueFeedMessage(tx, { backendId, feedType: FEED_TYPE, key: adjustmentId, marketplaceIds, body: plan.body });
    await saveAdjustment(tx, backendId, { adjustmentId, moveId: cn.id, state: {
      status: 'queued', amazonOrderId, currency, reason: mark.reason!, totalMinor: String(plan.totalMinor), creditNoteMinor: String(plan.creditNoteMinor),
      items: plan.items, at: new Date().toISOString(),
    } });
    await core.conflicts.resolveOpenFor(backendId, REFUND_ADJUSTMENT_KIND, adjustmentId, { action: 'synced', by: REFUND_ADJUSTMENTS_FLOW, note: 'queued for Amazon' }, tx);
    return { moveId: cn.id, action: 'queued', adjustmentId, created };
  });
  if (outcome.action === 'queued') await core.states.set(backendId, REFUND_ADJUSTMENTS_FLOW, [{ key: adjustmentId, state: 'queued', code: null, detail: { moveId: cn.id, amazonOrderId } }]);
  return outcome;
}
