/**
 * Where each seller cancellation stands, kept as a `seller_cancel` binding (Amazon side: the feed message's key;
 * ERP side: the sale.order; several per order): `queued` (written with the feed message, in one transaction) ->
 * `accepted` | `rejected` | `unknown` once Amazon's processing report was read (whether it was sent yet is the
 * Feeds core's `feed_message.state`). A rejected one keeps blocking its units while its conflict is open; a retry
 * marks it `retry`, so the next check plans those units again (same key: the core queues a rejected key again).
 */
import type { Binding } from '../../../core/binding/binder.ts';
import { createBinder } from '../../../core/binding/binder.ts';
import type { Queryable } from '../../../core/sql.ts';
import type { CancelItem } from './mapping/cancel-units.ts';

export const SELLER_CANCEL_BINDING = 'seller_cancel' as const;
/** The conflict kind of seller cancellations: one per Amazon order (amazon key = the order id). */
export const SELLER_CANCEL_CONFLICT = 'seller_cancel' as const;

export type SellerCancelStatus = 'queued' | 'accepted' | 'rejected' | 'unknown' | 'retry';

/** What a seller_cancel binding's state holds. */
export interface SellerCancelState {
  status: SellerCancelStatus;
  amazonOrderId: string;
  items: CancelItem[];
  reason: string;
  wholeOrder: boolean;
  feedId?: number;
  code?: string | null;
  message?: string | null;
  at: string;
}

export interface SellerCancelRecord {
  key: string;
  saleOrderId: number;
  state: SellerCancelState;
}

const recordOf = (b: Binding): SellerCancelRecord => ({ key: b.amazonKey, saleOrderId: b.erpId, state: b.state as SellerCancelState });

/** Every seller cancellation of an ERP order. */
export async function cancellationsOf(db: Queryable, backendId: number, saleOrderId: number): Promise<SellerCancelRecord[]> {
  return (await createBinder(db).toAmazonAll(backendId, SELLER_CANCEL_BINDING, 'sale.order', saleOrderId)).map(recordOf);
}

/** The records of message keys (a feed's results). */
export async function cancellationsByKey(db: Queryable, backendId: number, keys: readonly string[]): Promise<Map<string, SellerCancelRecord>> {
  const found = await createBinder(db).toErpMany(backendId, SELLER_CANCEL_BINDING, keys);
  return new Map([...found].map(([k, b]) => [k, recordOf(b)]));
}

/** Units per order item the connector asked for and still counts (all but those a person sent back to retry). */
export function requestedUnits(records: readonly SellerCancelRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) {
    if (r.state.status === 'retry') continue;
    for (const i of r.state.items) out.set(i.orderItemId, (out.get(i.orderItemId) ?? 0) + i.quantity);
  }
  return out;
}

/** Writes (or moves on) a cancellation's state, in the caller's transaction. */
export async function saveCancellation(tx: Queryable, backendId: number, r: SellerCancelRecord): Promise<void> {
  await createBinder(tx).bind(backendId, { kind: SELLER_CANCEL_BINDING, amazonKey: r.key, erpModel: 'sale.order', erpId: r.saleOrderId, state: r.state });
}

/**
 * A person retries a refused cancellation of `amazonOrderId`: its refused records stop counting, so the next check
 * plans those units again. Returns the ERP order to check again (null: the order is no longer bound).
 */
export async function markRetry(tx: Queryable, backendId: number, amazonOrderId: string): Promise<number | null> {
  const order = await createBinder(tx).toErp(backendId, 'order', amazonOrderId);
  if (!order) return null;
  for (const r of await cancellationsOf(tx, backendId, order.erpId)) {
    if (r.state.status === 'rejected') await saveCancellation(tx, backendId, { ...r, state: { ...r.state, status: 'retry', at: new Date().toISOString() } });
  }
  return order.erpId;
}

/** The seller cancellations Amazon accepted (or has not refused) recorded since `since` (account health's leading indicator). */
export async function sellerCancellationsSince(db: Queryable, backendId: number, since: Date): Promise<SellerCancelRecord[]> {
  return (await createBinder(db).listKind(backendId, SELLER_CANCEL_BINDING)).map(recordOf)
    .filter((r) => r.state.status !== 'rejected' && r.state.status !== 'retry' && new Date(r.state.at) >= since);
}
