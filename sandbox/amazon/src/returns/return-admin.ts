/**
 * The admin API of returns: return an order on demand (`POST /_sandbox/orders/:id/return`), list a seller's returns
 * and reimbursements as Amazon knows them now, revise an FBA return's disposition (a unit Amazon damaged is
 * reimbursed at once).
 */
import { AdminError } from '../admin/admin-ops.ts';
import { findMarketplace } from '../catalogue.ts';
import { createRng, mixSeed } from '../generator/prng.ts';
import type { SandboxState } from '../state.ts';
import { addReturnRefund } from '../finances/transaction-factory.ts';
import { shippedLines } from './order-lines.ts';
import { makeReturn, reimburse } from './return-factory.ts';
import { dispositionAt, DISPOSITIONS, type Disposition, type ReturnRecord } from './return-store.ts';

export interface ReturnRequest {
  sku?: string;
  quantity?: number;
  reason?: string;
  disposition?: Disposition | 'NOT_RETURNED';
  refund?: boolean;
  comments?: string;
  /** The RMA of an earlier return of the same order: this item joins that authorisation (one RMA, several items). */
  rma?: string;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** A return as the admin API shows it at `nowMs`. */
export function returnView(r: ReturnRecord, nowMs: number) {
  const d = dispositionAt(r, nowMs);
  return { returnId: r.returnId, sellerId: r.sellerId, orderId: r.orderId, orderItemId: r.orderItemId, marketplaceId: r.marketplaceId,
    fulfilledBy: r.fulfilledBy, sku: r.sku, quantity: r.quantity, reason: r.reason, rmaId: r.rmaId, returnDate: iso(r.returnMs),
    deliveredDate: iso(r.deliveredMs), refund: r.refund ? { amountMinor: r.refund.amountMinor, currency: r.currency, date: iso(r.refund.atMs) } : null,
    disposition: d?.disposition ?? null, status: d?.status ?? null,
    dispositions: r.dispositions.map((x) => ({ disposition: x.disposition, status: x.status, date: iso(x.atMs) })), source: r.source };
}

export function returnOrder(state: SandboxState, orderId: string, req: ReturnRequest) {
  const stored = state.store.get(orderId);
  if (!stored) throw new AdminError(404, 'UNKNOWN_ORDER', `unknown order ${orderId}`);
  const lines = shippedLines(stored);
  if (lines.length === 0) throw new AdminError(400, 'ORDER_NOT_SHIPPED', `order ${orderId} has no shipped units to return`);
  const line = req.sku === undefined ? lines[0]! : lines.find((l) => l.sku === req.sku);
  if (!line) throw new AdminError(400, 'UNKNOWN_ITEM', `order ${orderId} shipped no unit of ${req.sku}`);
  const left = line.shipped - state.returns.returnedUnits(orderId, line.orderItemId);
  const quantity = req.quantity ?? 1;
  if (quantity > left) throw new AdminError(400, 'TOO_MANY_UNITS', `${quantity} unit(s) of ${line.sku} asked back, ${left} left to return`);
  const fba = stored.fulfilledBy === 'AMAZON';
  // Amazon authorises several items of an order under one RMA: its returns report lists one row per item, same RMA id.
  if (req.rma !== undefined && ![...state.returns.returns.values()].some((x) => x.orderId === orderId && x.rmaId === req.rma)) {
    throw new AdminError(400, 'UNKNOWN_RMA', `order ${orderId} has no return under RMA ${req.rma}`);
  }
  if (req.disposition !== undefined && !fba) throw new AdminError(400, 'NOT_FBA', 'a disposition is for FBA returns only');
  const now = state.now();
  const country = findMarketplace(state.catalogue, stored.marketplaceId ?? '')?.country ?? 'DE';
  const rng = createRng(mixSeed(state.opts.seed, orderId, 'admin-return', state.returns.returns.size));
  const arrives = req.disposition !== 'NOT_RETURNED';
  const r = makeReturn(state.returns, stored, line, country, { quantity, reason: req.reason ?? 'UNWANTED_ITEM', returnMs: now,
    ...(fba && arrives ? { disposition: (req.disposition as Disposition | undefined) ?? 'SELLABLE' } : {}),
    refund: req.refund === false ? 'never' : 'full', ...(req.comments !== undefined ? { comments: req.comments } : {}), source: 'admin' }, rng);
  if (req.rma !== undefined) r.rmaId = req.rma;
  // On demand, a merchant return is back with the seller (and refunded) at once: the next report shows all of it.
  if (!fba && r.deliveredMs !== undefined) {
    r.deliveredMs = now;
    if (r.refund) r.refund.atMs = now;
  }
  if (fba && !arrives) reimburse(state.returns, r, 'CustomerReturn', now, true);
  // Its money: the Refund transaction, announced at once (a refund on demand is dated now).
  addReturnRefund(state.transactions, state.catalogue, stored, r, now);
  state.announcer.sweep();
  return { return: returnView(r, now) };
}

export function returnsOf(state: SandboxState, sellerId: string) {
  if (!state.sellers.has(sellerId)) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
  const now = state.now();
  return { sellerId, returns: state.returns.returnsOf(sellerId).map((r) => returnView(r, now)),
    reimbursements: state.returns.reimbursementsOf(sellerId).map(({ approvalMs, sellerId: _s, ...x }) => ({ ...x, approvalDate: iso(approvalMs) })) };
}

export function reviseDisposition(state: SandboxState, returnId: string, body: { disposition: string; status?: string }) {
  const r = state.returns.returns.get(returnId);
  if (!r) throw new AdminError(404, 'UNKNOWN_RETURN', `unknown return ${returnId}`);
  if (r.fulfilledBy !== 'AMAZON' || r.dispositions.length === 0) {
    throw new AdminError(400, 'NOT_FBA', `return ${returnId} has no FBA disposition (merchant return, or never arrived)`);
  }
  if (!DISPOSITIONS.includes(body.disposition as Disposition)) {
    throw new AdminError(400, 'BAD_DISPOSITION', `disposition must be one of ${DISPOSITIONS.join(', ')}`);
  }
  const now = state.now();
  const before = dispositionAt(r, now);
  if (!before) throw new AdminError(400, 'NOT_ARRIVED', `return ${returnId} reaches the fulfilment centre only on ${iso(r.returnMs)}`);
  r.dispositions.push({ disposition: body.disposition as Disposition, atMs: now, status: body.status ?? before.status });
  if (body.disposition === 'DAMAGED' && before.disposition !== 'DAMAGED') reimburse(state.returns, r, 'Damaged_Warehouse', now, true);
  return { return: returnView(r, now) };
}
