/**
 * For the refunds flow (through index.ts): is an Amazon refund the one a payment adjustment of this flow asked for?
 * Finances 2024-06-19 carries no seller-given id (its related identifiers are Amazon's: REFUND_ID, ORDER_ID, and per
 * item ORDER_ADJUSTMENT_ITEM_ID), so the refund is matched to the seller's adjustment id through what it does carry:
 * its order, the SKUs and units of its items and what the buyer got back (every part but the tax Amazon withheld),
 * against the adjustments sent for that order and not yet matched: like with like, the buyer's money against the sum
 * sent (which, on an order whose tax Amazon withheld, is the credit note plus that tax: mapping/withheld-tax.ts), so
 * it matches whether Amazon's refund shows the withheld tax handed back or not; a refund whose every part adds up to
 * the credit note's total (the seller's net: Amazon reporting the refund net of the tax it keeps) is equal too. Exactly one equal: matched (the record becomes
 * `matched` with the refund id BEFORE the refunds flow binds, so a crash in between matches the same one again).
 * None equal while some are open, or several equal: ambiguous (the refunds flow makes a conflict, never a second
 * credit note). No open adjustment for the order: not ours, the refunds flow goes on as before.
 */
import type { Queryable } from '../../core/sql.ts';
import { adjustmentsOfOrder, saveAdjustment, type AdjustmentRecord } from './adjustment-records.ts';

/** What the refunds flow knows of an Amazon refund (its stored document, in minor units as decimal strings). */
export interface RefundView {
  refundId: string;
  orderId: string | null;
  currency: string;
  items: ReadonlyArray<{ sku: string | null; quantity: number | null; parts: Record<string, string> }>;
}

export type AdjustmentMatch =
  | { kind: 'none' }
  | { kind: 'matched'; adjustmentId: string; moveId: number }
  | { kind: 'ambiguous'; adjustmentIds: string[]; reason: string };

const OPEN = new Set(['queued', 'accepted', 'unknown']);

/** What the buyer got back (positive minor units): the refund's parts except the tax Amazon withheld. */
function buyerMinor(r: RefundView): bigint {
  let sum = 0n;
  for (const i of r.items) for (const [path, v] of Object.entries(i.parts)) if (!path.startsWith('taxwithheld')) sum += BigInt(v);
  return -sum;
}

/** What the seller gave back (positive minor units): every part, the withheld tax Amazon hands back included. */
function sellerMinor(r: RefundView): bigint {
  let sum = 0n;
  for (const i of r.items) for (const v of Object.values(i.parts)) sum += BigInt(v);
  return -sum;
}

function unitsBySku(items: ReadonlyArray<{ sku: string | null; quantity: number | null }>): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i.sku ?? '?', (m.get(i.sku ?? '?') ?? 0) + (i.quantity ?? 0));
  return m;
}

/** Whether a refund is the one an adjustment asked for (pure: its currency, amount and units). */
export function refundEqualsAdjustment(a: AdjustmentRecord, r: RefundView): boolean {
  if (a.state.currency !== r.currency) return false;
  const net = a.state.creditNoteMinor;
  if (BigInt(a.state.totalMinor) !== buyerMinor(r) && (net === undefined || BigInt(net) !== sellerMinor(r))) return false;
  const ours = unitsBySku(a.state.items);
  const theirs = unitsBySku(r.items);
  return ours.size === theirs.size && [...ours].every(([sku, n]) => theirs.has(sku) && theirs.get(sku) === n);
}

/** Matches (and marks) the adjustment an Amazon refund answers, in `db` (the caller's transaction or pool). */
export async function matchRefundToAdjustment(db: Queryable, backendId: number, refund: RefundView): Promise<AdjustmentMatch> {
  if (!refund.orderId) return { kind: 'none' };
  const all = await adjustmentsOfOrder(db, backendId, refund.orderId);
  const again = all.find((a) => a.state.status === 'matched' && a.state.refundId === refund.refundId);
  if (again) return { kind: 'matched', adjustmentId: again.adjustmentId, moveId: again.moveId };
  const open = all.filter((a) => OPEN.has(a.state.status));
  if (!open.length) return { kind: 'none' };
  const same = open.filter((a) => refundEqualsAdjustment(a, refund));
  if (same.length !== 1) {
    return { kind: 'ambiguous', adjustmentIds: (same.length ? same : open).map((a) => a.adjustmentId),
      reason: same.length ? `${same.length} payment adjustments sent for order ${refund.orderId} equal it` : `it equals none of the ${open.length} payment adjustment(s) sent for order ${refund.orderId}` };
  }
  const a = same[0]!;
  await saveAdjustment(db, backendId, { ...a, state: { ...a.state, status: 'matched', refundId: refund.refundId, at: new Date().toISOString() } });
  return { kind: 'matched', adjustmentId: a.adjustmentId, moveId: a.moveId };
}
