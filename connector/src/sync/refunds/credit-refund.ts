/**
 * One Amazon refund -> one posted ERP credit note, exactly once: held under the refund's lock; the binding first,
 * then the ERP looked up by the refund id in the credit note's `ref` (a crash between the wizard and the binding
 * leaves a credit note the next run finds, never a second one); else the reversal wizard on the order's posted
 * invoice, its draft bound at once. The draft is then cut to the refunded lines (units per SKU; shipping, gift wrap
 * and promotion lines kept only when the refund carries such amounts); a refund of part of a price then has each
 * line set to carry its refunded amount (price-adjustments.ts). Posted only when its total is what the seller
 * refunds (Amazon's credit less the tax Amazon withheld) to the minor unit; anything else is a conflict and the
 * draft waits. Posting by the wizard matches the credit note with its invoice while that one is still open.
 */
import { RetryableError, PermanentError, type ErrorCode } from '../../core/errors.ts';
import { currencyExponent, parseDecimal, rescale } from '../../core/money.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { ACCOUNT_MOVE, creditNoteGateway, refundReason, type CreditLine, type MoveView } from './erp/credit-note.gateway.ts';
import { creditShares } from './credit-shares.ts';
import { isPending, pendingState } from './deferred-refund.ts';
import { recordCredited } from './record-credited.ts';
import { awaitInvoice } from './awaiting-invoice.ts';
import { priceAdjustments } from './price-adjustments.ts';
import { refundKind, type RefundDocument } from './refund-document.ts';
import { REFUND_KIND, REFUNDS_FLOW } from './refunds.payloads.ts';
import { lookUpSellerAdjustment } from './seller-adjustment.ts';
import { linesBySku, mappedProducts } from './refund-skus.ts';

export type CreditOutcome =
  | { state: 'credited'; moveId: number; invoicePaymentState: string | null }
  | { state: 'conflict'; code: ErrorCode; moveId: number | null }
  | { state: 'pending'; maturityDate: string | null }
  | { state: 'awaiting_invoice'; tries: number }
  | { state: 'missing' };

/** Parts that are charges beside the item's principal: they credit the order's service lines. */
const SERVICE_PARTS = /^(productcharges\/(shipping|giftwrap|othercharges)|promotion)/;

const toMinor = (amount: number, currency: string): bigint => rescale(parseDecimal(String(amount)), currencyExponent(currency));

export type CreditEnv = Pick<TaskEnv, 'core' | 'runtimes' | 'log' | 'db'>;
export type CreditNotes = ReturnType<typeof creditNoteGateway>;

export async function creditRefund(env: CreditEnv, backendId: number, refundId: string): Promise<CreditOutcome> {
  const session = await env.core.locker.session();
  try {
    const { obtained } = await session.tryLock([`refund:${backendId}:${refundId}`]);
    if (!obtained.length) throw new RetryableError('LOCK_BUSY', `refund ${refundId} is being handled by another worker`);
    const stored = (await env.core.documents.of(refundKind).getMany(backendId, [refundId])).get(refundId);
    if (!stored) return { state: 'missing' };
    return await credit(env, backendId, stored.document as unknown as RefundDocument);
  } finally {
    await session.close();
  }
}

async function credit(env: CreditEnv, backendId: number, doc: RefundDocument): Promise<CreditOutcome> {
  const { core } = env;
  const gw = creditNoteGateway((await env.runtimes.get(backendId)).erp);
  const conflict = async (code: ErrorCode, message: string, moveId: number | null, diff: Record<string, unknown> = {}): Promise<CreditOutcome> => {
    await core.conflicts.raise({ backendId, kind: REFUND_KIND, amazonKey: doc.refundId, code, message, diff: { amazonOrderId: doc.orderId, ...diff } });
    await core.states.set(backendId, REFUNDS_FLOW, [{ key: doc.refundId, state: 'conflict', code, detail: { orderId: doc.orderId, ...(moveId ? { moveId } : {}) } }]);
    return { state: 'conflict', code, moveId };
  };
  // A deferred refund not released: no credit note before its release (README: "Deferred refunds").
  if (isPending(doc)) {
    await core.states.set(backendId, REFUNDS_FLOW, [pendingState(doc)], { stamp: false });
    return { state: 'pending', maturityDate: doc.deferral?.maturityDate ?? null };
  }
  const bind = (erpId: number) => core.binder.bind(backendId, { kind: 'refund', amazonKey: doc.refundId, erpModel: ACCOUNT_MOVE, erpId });

  let moveId = (await core.binder.toErp(backendId, 'refund', doc.refundId))?.erpId ?? null;
  if (moveId === null) {
    // A refund the seller asked for from an ERP credit note (refund-adjustments): that credit note is its own.
    const adj = await lookUpSellerAdjustment(env, backendId, doc);
    if (adj.kind === 'ambiguous') return conflict('REFUND_ADJUSTMENT_AMBIGUOUS', adj.message, null, { adjustmentIds: adj.adjustmentIds });
    if (adj.kind === 'matched') {
      moveId = adj.moveId;
      await bind(moveId);
    }
  }
  if (moveId === null) {
    const found = await gw.findByRefund(doc.refundId);
    const order = doc.orderId ? await core.binder.toErp(backendId, 'order', doc.orderId) : null;
    const invoices = order ? await gw.postedInvoicesOf(order.erpId) : [];
    // Several invoices (invoiced per delivery, or split by a person): a credit note per invoice credited, each
    // found before made (credit-shares.ts).
    if (invoices.length > 1) return creditShares(env, backendId, doc, invoices, gw, conflict);
    if (found.length) {
      moveId = found[0]!.id;
      await bind(moveId);
    } else {
      // Not invoiced yet: the invoices flow makes the invoice first when it will (awaiting-invoice.ts).
      const wait = order && !invoices.length ? await awaitInvoice(env, backendId, doc) : null;
      if (wait?.waiting) return { state: 'awaiting_invoice', tries: wait.tries };
      if (invoices.length !== 1) {
        const why = !order ? 'the order is not in the ERP' : `the order has no posted invoice: ${wait && !wait.waiting ? wait.why : ''}`;
        return conflict('REFUND_WITHOUT_INVOICE', `Amazon refund ${doc.refundId} of order ${doc.orderId}: ${why}`, null, { invoices: invoices.map((i) => i.name) });
      }
      // No kind yet: every kind is credited alike, and it is read after the credit note, paced (fill-kind.ts).
      const made = await gw.reverse(invoices[0]!, refundReason(doc.refundId));
      if (!made.length) throw new PermanentError('ERP_PROTOCOL', `the reversal wizard made no credit note for invoice ${invoices[0]!.id}`);
      moveId = made[0]!;
      await bind(moveId);
    }
  }

  const done = await finishDraft(env, backendId, gw, doc, moveId, conflict);
  if ('state' in done) return done;
  const move = done.move;
  const invoice = move.reversedEntryId ? await gw.readMove(move.reversedEntryId) : null;
  await recordCredited(env, backendId, doc, moveId, invoice?.paymentState ?? null);
  return { state: 'credited', moveId, invoicePaymentState: invoice?.paymentState ?? null };
}

export type Conflict = (code: ErrorCode, message: string, moveId: number | null, diff?: Record<string, unknown>) => Promise<CreditOutcome>;

/**
 * The draft credit note `moveId` cut and set to carry `doc`'s amounts (the whole refund, or its share of one invoice),
 * checked to the minor unit, posted; answers the credit note, or the conflict raised.
 */
export async function finishDraft(env: CreditEnv, backendId: number, gw: CreditNotes, doc: RefundDocument, moveId: number, conflict: Conflict): Promise<{ move: MoveView } | CreditOutcome> {
  const { core } = env;
  let move = await gw.readMove(moveId);
  if (!move || move.state === 'cancel') return conflict('REFUND_AMOUNT_UNMATCHED', `the credit note ${moveId} of Amazon refund ${doc.refundId} is gone or cancelled`, moveId);
  if (move.state === 'draft') {
    // The order's service lines (shipping, gift wrap, promotion) are those of the bound service products.
    const serviceKinds = new Map((await core.binder.listKind(backendId, 'service_product')).map((b) => [b.erpId, b.amazonKey]));
    // The lines named by the refund's SKUs (a mapped SKU's product has its own internal reference).
    const productBySku = await mappedProducts(env, backendId, doc);
    const expected = -BigInt(doc.creditMinor);
    let actual = toMinor(move.amountTotal, doc.currency);
    // A draft already the refund's (a full refund, or a run that crashed after adjusting it) is posted as it is.
    if (actual !== expected) {
      const unmatched = await cutToRefund(gw, moveId, doc, new Set(serviceKinds.keys()), productBySku);
      if (unmatched.length) return conflict('REFUND_AMOUNT_UNMATCHED', `Amazon refund ${doc.refundId}: ${unmatched.join('; ')}`, moveId);
      move = (await gw.readMove(moveId))!;
      actual = toMinor(move.amountTotal, doc.currency);
    }
    if (actual !== expected) {
      // Part of a price refunded (goodwill, part of the shipping): each line set to carry exactly its refunded amount.
      const plan = priceAdjustments(linesBySku(await gw.linesOf(moveId), productBySku), doc, serviceKinds);
      await gw.writeLines(moveId, plan.updates, plan.removed);
      move = (await gw.readMove(moveId))!;
      actual = toMinor(move.amountTotal, doc.currency);
    }
    if (actual !== expected) {
      return conflict('REFUND_AMOUNT_UNMATCHED', `Amazon refund ${doc.refundId}: the credit note totals ${actual} minor units of ${doc.currency}, Amazon refunded ${expected}`, moveId, { erpMinor: String(actual), amazonMinor: String(expected) });
    }
    try {
      await gw.post(moveId);
    } catch (e) {
      if ((e as { kind?: string }).kind === 'retryable') throw e;
      return conflict('REFUND_POST_REFUSED', `the ERP refused to post the credit note of Amazon refund ${doc.refundId}: ${(e as Error).message}`.slice(0, 500), moveId);
    }
  }
  return { move };
}

/** Cuts the draft to the refunded lines; answers what could not be matched (nothing: the draft is the refund's). */
async function cutToRefund(gw: CreditNotes, moveId: number, doc: RefundDocument, serviceIds: ReadonlySet<number>, productBySku: ReadonlyMap<string, number>): Promise<string[]> {
  const lines: CreditLine[] = linesBySku(await gw.linesOf(moveId), productBySku).filter((l) => l.displayType === null || l.displayType === 'product');
  const units = new Map<string, number>();
  const problems: string[] = [];
  for (const item of doc.items) {
    // An invoice's share of service charges alone (split-refund.ts) names no SKU: only service lines.
    if (item.sku === null && item.quantity === 0) continue;
    if (item.sku === null || item.quantity === null) problems.push(`item ${item.itemId ?? '?'} has no SKU or units`);
    else units.set(item.sku, (units.get(item.sku) ?? 0) + item.quantity);
  }
  const services = doc.items.some((i) => Object.entries(i.parts).some(([path, minor]) => SERVICE_PARTS.test(path) && BigInt(minor) !== 0n));
  const quantities = new Map<number, number>();
  const removed: number[] = [];
  for (const [sku, n] of units) {
    const mine = lines.filter((l) => l.sku === sku);
    if (mine.length !== 1) problems.push(`SKU ${sku}: ${mine.length} invoice lines`);
    else if (mine[0]!.quantity < n) problems.push(`SKU ${sku}: ${n} units refunded, ${mine[0]!.quantity} invoiced`);
    else if (mine[0]!.quantity !== n) quantities.set(mine[0]!.id, n);
  }
  for (const l of lines) {
    const service = l.productId !== null && serviceIds.has(l.productId);
    if (service ? !services : !(l.sku !== null && units.has(l.sku))) removed.push(l.id);
  }
  if (problems.length) return problems;
  await gw.adjustLines(moveId, quantities, removed);
  return [];
}

