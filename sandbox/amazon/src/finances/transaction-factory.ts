/**
 * Builds the transactions of an order: the sale (released, or deferred with its release) and refunds of some of
 * its lines. The generated world (finance-world.ts) and the admin API both come here, so a refund on demand looks
 * like a generated one.
 */
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

const network = (stored: StoredOrder) => (stored.fulfilledBy === 'AMAZON' ? 'AFN' : 'MFN');
const adjustmentId = (store: TransactionStore, orderId: string) => `${orderId.replace(/\D/g, '').slice(0, 8)}-${store.newNumber()}`;

/** What `units` of a line are worth to the buyer (the line's amount in proportion, as the returns world counts it). */
export function unitsWorth(line: MoneyLine, units: number): number {
  return Math.round((buyerTotal(line.parts) * units) / line.shipped);
}

/** The sale of a shipped order, posted at `postedMs`; with a deferral also its release, posted at maturity. */
export function addSale(store: TransactionStore, stored: StoredOrder, postedMs: number, deferral: Deferral | undefined): TransactionRecord[] {
  const lines = moneyLines(stored);
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

/** One refund (one REFUND_ID) of some lines of an order, posted at `postedMs`. */
export function addRefund(store: TransactionStore, stored: StoredOrder, refund: { lines: RefundLine[]; postedMs: number;
  kind: 'refund' | 'chargeback'; source: 'world' | 'admin' | 'feed'; returnId?: string }): TransactionRecord {
  const n = store.newNumber();
  return store.add({ transactionId: store.newTransactionId(stored.sellerId, stored.orderId, 'refund'), sellerId: stored.sellerId,
    marketplaceId: stored.marketplaceId ?? '', currency: refund.lines[0]!.line.currency, transactionType: 'Refund', kind: refund.kind,
    orderId: stored.orderId, refundId: `R${String(n).padStart(9, '0')}`, postedMs: refund.postedMs, announced: false, source: refund.source,
    ...(refund.returnId ? { returnId: refund.returnId } : {}),
    items: refund.lines.map((r) => ({ orderItemId: r.line.orderItemId, sku: r.line.sku, asin: r.line.asin, title: r.line.title, quantity: r.units,
      fulfillmentNetwork: network(stored), adjustmentItemId: adjustmentId(store, stored.orderId), parts: r.parts ?? refundParts(r.line.parts, r.amount),
      ...(r.merchantAdjustmentItemId ? { merchantAdjustmentItemId: r.merchantAdjustmentItemId } : {}) })) });
}

/**
 * The Refund of a return the returns world (or the admin API) decided to refund: on its refund day, for exactly its
 * amount. Already in the past when made (history): not announced.
 */
export function addReturnRefund(store: TransactionStore, stored: StoredOrder, r: ReturnRecord, nowMs: number): void {
  const line = moneyLines(stored).find((l) => l.orderItemId === r.orderItemId);
  if (!line || !r.refund || r.refund.amountMinor <= 0) return;
  const t = addRefund(store, stored, { lines: [{ line, units: r.quantity, amount: r.refund.amountMinor }], postedMs: r.refund.atMs,
    kind: 'refund', source: r.source, returnId: r.returnId });
  t.announced = t.postedMs < nowMs;
}

/** Units of a line already refunded (world and admin refunds, posted or not yet). */
export function refundedUnits(store: TransactionStore, stored: StoredOrder, orderItemId: string): number {
  return store.ofOrder(stored.sellerId, stored.orderId).filter((t) => t.transactionType === 'Refund')
    .reduce((s, t) => s + t.items.filter((i) => i.orderItemId === orderItemId).reduce((u, i) => u + i.quantity, 0), 0);
}

/** Minor units of a line the buyer already got back (world, admin and feed refunds, posted or not yet). */
export function refundedAmount(store: TransactionStore, stored: StoredOrder, orderItemId: string): number {
  return store.ofOrder(stored.sellerId, stored.orderId).filter((t) => t.transactionType === 'Refund')
    .reduce((s, t) => s - t.items.filter((i) => i.orderItemId === orderItemId).reduce((u, i) => u + buyerTotal(i.parts), 0), 0);
}
