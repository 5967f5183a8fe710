/**
 * Builds the transactions of an order: the sale (released, or deferred with its release) and refunds of some of
 * its lines. The generated world (finance-world.ts) and the admin API both come here, so a refund on demand looks
 * like a generated one.
 */
import type { Catalogue } from '../catalogue.ts';
import type { ReturnRecord } from '../returns/return-store.ts';
import type { StoredOrder } from '../store/order-store.ts';
import { buyerTotal, moneyLines, refundParts, type MoneyLine, type Parts } from './line-money.ts';
import type { TransactionItem, TransactionRecord, TransactionStore } from './transaction-store.ts';

export interface Deferral { reason: 'B2B' | 'DD7'; maturityMs: number }

/**
 * A line refunded: `units` of it, the buyer getting back `amount` minor units (at most those units' worth); `parts`
 * when the seller named them (a payment adjustment), else in proportion to the line's; the seller's adjustment id.
 */
export interface RefundLine { line: MoneyLine; units: number; amount: number; parts?: Parts; merchantAdjustmentItemId?: string }

const network = (stored: StoredOrder): 'AFN' | 'MFN' => (stored.fulfilledBy === 'AMAZON' ? 'AFN' : 'MFN');
const adjustmentId = (store: TransactionStore, orderId: string) => `${orderId.replace(/\D/g, '').slice(0, 8)}-${store.newNumber()}`;

/** What `units` of a line are worth to the buyer (the line's amount in proportion, as the returns world counts it). */
export function unitsWorth(line: MoneyLine, units: number): number {
  return Math.round((buyerTotal(line.parts) * units) / line.shipped);
}

/** The sale of a shipped order, posted at `postedMs`; with a deferral also its release, posted at maturity. */
export function addSale(store: TransactionStore, catalogue: Catalogue, stored: StoredOrder, postedMs: number, deferral: Deferral | undefined): TransactionRecord[] {
  const lines = moneyLines(stored, catalogue);
  if (lines.length === 0) return [];
  const items = (): TransactionItem[] => lines.map((l) => ({ orderItemId: l.orderItemId, sku: l.sku, asin: l.asin, title: l.title, quantity: l.shipped,
    fulfillmentNetwork: network(stored), adjustmentItemId: adjustmentId(store, stored.orderId), parts: { ...l.parts } }));
  const base = { sellerId: stored.sellerId, marketplaceId: stored.marketplaceId ?? '', currency: lines[0]!.currency,
    transactionType: 'Shipment' as const, orderId: stored.orderId, announced: false, source: 'world' as const };
  const saleId = store.newTransactionId(stored.sellerId, stored.orderId, 'sale');
  if (!deferral) return [store.add({ ...base, transactionId: saleId, kind: 'sale', postedMs, items: items() })];
  const releaseId = store.newTransactionId(stored.sellerId, stored.orderId, 'release');
  return [
    store.add({ ...base, transactionId: saleId, kind: 'sale', postedMs, deferral: { ...deferral, releaseId }, items: items() }),
    store.add({ ...base, transactionId: releaseId, kind: 'release', postedMs: deferral.maturityMs, deferredId: saleId, items: items() }),
  ];
}

/** What tells a refund's kind apart in the world (the 2024-06-19 API shows all three as `Refund`). */
export type RefundKind = 'refund' | 'chargeback' | 'guarantee_claim';

/**
 * One refund (one REFUND_ID) of some lines of an order, posted at `postedMs`. Deferred (a B2B invoiced order's
 * refund, say), it is DEFERRED until its maturity, when its release posts: a transaction of its own, type Refund,
 * with the same REFUND_ID and items and a DEFERRED_TRANSACTION_ID pointing back (the deferred one then shows
 * DEFERRED_RELEASED and a RELEASE_TRANSACTION_ID), as the sale's release does.
 */
export function addRefund(store: TransactionStore, stored: StoredOrder, refund: { lines: RefundLine[]; postedMs: number;
  kind: RefundKind; source: 'world' | 'admin' | 'feed'; returnId?: string; deferral?: Deferral }): TransactionRecord {
  const n = store.newNumber();
  const items: TransactionItem[] = refund.lines.map((r) => ({ orderItemId: r.line.orderItemId, sku: r.line.sku, asin: r.line.asin, title: r.line.title, quantity: r.units,
    fulfillmentNetwork: network(stored), adjustmentItemId: adjustmentId(store, stored.orderId), parts: r.parts ?? refundParts(r.line.parts, r.amount),
      ...(r.merchantAdjustmentItemId ? { merchantAdjustmentItemId: r.merchantAdjustmentItemId } : {}) }));
  const base = { sellerId: stored.sellerId, marketplaceId: stored.marketplaceId ?? '', currency: refund.lines[0]!.line.currency,
    transactionType: 'Refund' as const, orderId: stored.orderId, refundId: `R${String(n).padStart(9, '0')}`, announced: false, source: refund.source };
  const refundTxId = store.newTransactionId(stored.sellerId, stored.orderId, 'refund');
  if (!refund.deferral) {
    return store.add({ ...base, transactionId: refundTxId, kind: refund.kind, postedMs: refund.postedMs,
      ...(refund.returnId ? { returnId: refund.returnId } : {}), items });
  }
  const releaseId = store.newTransactionId(stored.sellerId, stored.orderId, 'refund-release');
  const deferred = store.add({ ...base, transactionId: refundTxId, kind: refund.kind, postedMs: refund.postedMs,
    deferral: { ...refund.deferral, releaseId }, ...(refund.returnId ? { returnId: refund.returnId } : {}), items });
  store.add({ ...base, transactionId: releaseId, kind: 'release', releaseOf: refund.kind, postedMs: refund.deferral.maturityMs, deferredId: refundTxId,
    items: items.map((i) => ({ ...i, parts: { ...i.parts } })) });
  return deferred;
}

/**
 * Brings a deferred transaction's maturity to `atMs` (the admin's "release it now"): its release posts then.
 * Answers the release, or undefined when the transaction is not deferred or already released by `atMs`.
 */
export function releaseNow(store: TransactionStore, sellerId: string, transactionId: string, atMs: number): TransactionRecord | undefined {
  const t = store.of(sellerId).find((x) => x.transactionId === transactionId);
  if (!t?.deferral || t.deferral.maturityMs <= atMs) return undefined;
  const release = store.of(sellerId).find((x) => x.transactionId === t.deferral!.releaseId);
  t.deferral.maturityMs = atMs;
  if (release) release.postedMs = atMs;
  return release;
}

/**
 * The Refund of a return the returns world (or the admin API) decided to refund: on its refund day, for exactly its
 * amount. Already in the past when made (history): not announced.
 */
export function addReturnRefund(store: TransactionStore, catalogue: Catalogue, stored: StoredOrder, r: ReturnRecord, nowMs: number): void {
  const line = moneyLines(stored, catalogue).find((l) => l.orderItemId === r.orderItemId);
  if (!line || !r.refund || r.refund.amountMinor <= 0) return;
  const t = addRefund(store, stored, { lines: [{ line, units: r.quantity, amount: r.refund.amountMinor }], postedMs: r.refund.atMs,
    kind: 'refund', source: r.source, returnId: r.returnId });
  t.announced = t.postedMs < nowMs;
}

/** Units of a line already refunded (world and admin refunds, posted or not yet). */
export function refundedUnits(store: TransactionStore, stored: StoredOrder, orderItemId: string): number {
  // A release repeats its deferred refund's items: counted once.
  return store.ofOrder(stored.sellerId, stored.orderId).filter((t) => t.transactionType === 'Refund' && t.deferredId === undefined)
    .reduce((s, t) => s + t.items.filter((i) => i.orderItemId === orderItemId).reduce((u, i) => u + i.quantity, 0), 0);
}

/** Minor units of a line the buyer already got back (world, admin and feed refunds, posted or not yet). */
export function refundedAmount(store: TransactionStore, stored: StoredOrder, orderItemId: string): number {
  return store.ofOrder(stored.sellerId, stored.orderId).filter((t) => t.transactionType === 'Refund')
    .reduce((s, t) => s - t.items.filter((i) => i.orderItemId === orderItemId).reduce((u, i) => u + buyerTotal(i.parts), 0), 0);
}
