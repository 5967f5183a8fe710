/**
 * A refund's draft credit note made ready to post (credit-refunds.ts): the batch's reference replaced by the
 * refund's own, cut to the refunded lines (units per SKU; shipping, gift wrap and promotion lines kept only when
 * the refund carries such amounts) in the same write; a refund of part of a price then has each line set to carry
 * its refunded amount (price-adjustments.ts). Ready only when its total is what the seller refunds (Amazon's
 * credit less the tax Amazon withheld) to the minor unit; anything else is answered as the conflict to raise.
 */
import { currencyExponent, parseDecimal, rescale } from '../../core/money.ts';
import type { ErrorCode } from '../../core/errors.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import type { creditNoteGateway, CreditLine } from './erp/credit-note.gateway.ts';
import type { MoveWithRef } from './erp/credit-note-batch.gateway.ts';
import { ownReference } from './erp/refund-reference.ts';
import { priceAdjustments } from './price-adjustments.ts';
import type { RefundDocument } from './refund-document.ts';
import { linesBySku, mappedProducts, unitsOnLines } from './refund-skus.ts';


const toMinor = (amount: number, currency: string): bigint => rescale(parseDecimal(String(amount)), currencyExponent(currency));

/** Whether the draft's total is already what the seller refunds (a full refund's draft as the wizard made it). */
export const atRefundTotal = (doc: RefundDocument, move: MoveWithRef): boolean => toMinor(move.amountTotal, doc.currency) === -BigInt(doc.creditMinor);

export type DraftOutcome = { ready: true } | { ready: false; code: ErrorCode; message: string; diff?: Record<string, unknown> };

type Gateway = ReturnType<typeof creditNoteGateway>;

/** Parts that are charges beside the item's principal: they credit the order's service lines. */
const SERVICE_PARTS = /^(productcharges\/(shipping|giftwrap|othercharges)|promotion)/;

/** `serviceKinds`: the order's service products (bound `service_product`s: erp id -> key), read once per batch. */
export async function finishDraft(env: Pick<TaskEnv, 'core' | 'runtimes' | 'db'>, gw: Gateway, backendId: number, doc: RefundDocument, move: MoveWithRef, serviceKinds: ReadonlyMap<number, string>): Promise<DraftOutcome> {
  const moveId = move.id;
  const ownRef = move.ref === null ? null : ownReference(doc.refundId, move.ref);
  const extra: Record<string, string> = ownRef === null ? {} : { ref: ownRef };
  const expected = -BigInt(doc.creditMinor);
  let actual = toMinor(move.amountTotal, doc.currency);
  // A draft already the refund's (a full refund, or a run that crashed after adjusting it) is posted as it is.
  if (actual === expected) {
    if (ownRef !== null) await gw.adjustLines(moveId, new Map(), [], extra);
    return { ready: true };
  }
  // The lines named by the refund's SKUs (a mapped SKU's product has its own internal reference).
  const productBySku = await mappedProducts(env, backendId, doc);
  const unmatched = await cutToRefund(gw, moveId, doc, new Set(serviceKinds.keys()), productBySku, extra);
  if (unmatched.length) return { ready: false, code: 'REFUND_AMOUNT_UNMATCHED', message: `Amazon refund ${doc.refundId}: ${unmatched.join('; ')}` };
  actual = toMinor((await gw.readMove(moveId))!.amountTotal, doc.currency);
  if (actual !== expected) {
    // Part of a price refunded (goodwill, part of the shipping): each line set to carry exactly its refunded amount.
    const plan = priceAdjustments(linesBySku(await gw.linesOf(moveId), productBySku), doc, serviceKinds);
    await gw.writeLines(moveId, plan.updates, plan.removed);
    actual = toMinor((await gw.readMove(moveId))!.amountTotal, doc.currency);
  }
  if (actual !== expected) {
    return { ready: false, code: 'REFUND_AMOUNT_UNMATCHED', message: `Amazon refund ${doc.refundId}: the credit note totals ${actual} minor units of ${doc.currency}, Amazon refunded ${expected}`, diff: { erpMinor: String(actual), amazonMinor: String(expected) } };
  }
  return { ready: true };
}

/** Cuts the draft to the refunded lines; answers what could not be matched (nothing: the draft is the refund's). */
async function cutToRefund(gw: Gateway, moveId: number, doc: RefundDocument, serviceIds: ReadonlySet<number>, productBySku: ReadonlyMap<string, number>, extra: Record<string, string>): Promise<string[]> {
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
  const { quantities, dropped, problems: unplaced } = unitsOnLines(lines, units);
  problems.push(...unplaced);
  const removed = [...dropped];
  for (const l of lines) {
    if (dropped.includes(l.id)) continue;
    const service = l.productId !== null && serviceIds.has(l.productId);
    if (service ? !services : !(l.sku !== null && units.has(l.sku))) removed.push(l.id);
  }
  // The reference is the refund's even when the draft waits in a conflict (a person reads it).
  if (problems.length) {
    if (Object.keys(extra).length) await gw.adjustLines(moveId, new Map(), [], extra);
    return problems;
  }
  await gw.adjustLines(moveId, quantities, removed, extra);
  return [];
}
