/**
 * Where each stored Amazon order stands (what the API and the admin panel read): the order flow's record states
 * in core's store (flow `orders`), its facts (ERP name, total, withheld tax, units shipped) in `detail`. One
 * statement for a whole batch. States: queued, waiting, imported, kept
 * (in the ERP as an ERP user edited it: a person chose keep_erp over Amazon's change), conflict, failed, not_imported, ignored.
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import type { Queryable } from '../../core/sql.ts';
import { createRecordStateStore, recordStateCounts, type RecordState, type StateCounts } from '../../core/record-state/index.ts';
import type { WithheldByItem } from './mapping/amazon-order-amounts.ts';

/** The flow's name in `record_state`. */
export const ORDERS_FLOW = 'orders';

export type OrderSyncState = 'queued' | 'waiting' | 'imported' | 'kept' | 'conflict' | 'failed' | 'not_imported' | 'ignored';

/** An order's facts kept with its state (`record_state.detail`). */
export interface OrderStateDetail {
  erpName?: string | null;
  /** Decimal string in `currency`. */
  total?: string | null;
  /** The ERP order's amount_total as the connector last read it (decimal string in `currency`). */
  erpTotal?: string | null;
  currency?: string | null;
  withheldTax?: unknown;
  /** Units shipped per order item, as Amazon reported them at import. */
  shipped?: Record<string, number>;
}

export interface OrderStateUpdate {
  amazonOrderId: string;
  state: OrderSyncState;
  code?: string | null;
  erpOrderName?: string | null;
  /** Decimal string in `currency`. */
  total?: string | null;
  /** The ERP order's amount_total as read back (verify, a total check, keep_erp), decimal string in `currency`. */
  erpTotal?: string | null;
  currency?: string | null;
  withheldTax?: unknown;
  /** Units shipped per order item, as Amazon reported them at import. */
  shipped?: Record<string, number>;
  /** Amazon's update time of the order version this state is about (kept when not given). */
  sourceUpdatedAt?: Date;
}

/** Writes the states of many orders of one backend; name/total/withheld tax/shipped are kept when not given. */
export async function setOrderStates(db: Queryable, backendId: number, updates: readonly OrderStateUpdate[]): Promise<void> {
  await createRecordStateStore(db).set(
    backendId,
    ORDERS_FLOW,
    updates.map((u) => ({
      key: u.amazonOrderId,
      state: u.state,
      code: u.code ?? null,
      ...(u.sourceUpdatedAt ? { sourceUpdatedAt: u.sourceUpdatedAt } : {}),
      detail: { erpName: u.erpOrderName, total: u.total, erpTotal: u.erpTotal, currency: u.currency, withheldTax: u.withheldTax, shipped: u.shipped } satisfies OrderStateDetail,
    })),
  );
}

/** Puts orders whose content changed back in `queued` (their import jobs are enqueued in the same transaction). */
export async function queueOrders(db: Queryable, backendId: number, orders: readonly Order[]): Promise<void> {
  // Not stamped: a queued order has not been synced; what it synced last (name, total) stays shown.
  await createRecordStateStore(db).set(
    backendId,
    ORDERS_FLOW,
    orders.map((o) => ({ key: o.orderId, state: 'queued', code: null, sourceUpdatedAt: o.lastUpdatedTime })),
    { stamp: false },
  );
}

/** Newer copies of stored orders: their states keep their place in the newest-first lists. */
export async function touchOrders(db: Queryable, backendId: number, orders: readonly Order[]): Promise<void> {
  await createRecordStateStore(db).touch(backendId, ORDERS_FLOW, orders.map((o) => ({ key: o.orderId, sourceUpdatedAt: o.lastUpdatedTime })));
}

/** One order's state, typed. */
export async function getOrderState(db: Queryable, backendId: number, amazonOrderId: string): Promise<(RecordState & { state: OrderSyncState; detail: OrderStateDetail }) | null> {
  const s = (await createRecordStateStore(db).get(backendId, ORDERS_FLOW, [amazonOrderId])).get(amazonOrderId);
  return s ? { ...s, state: s.state as OrderSyncState } : null;
}

/** Orders per state, per backend (all backends when `backendIds` is omitted). */
export const orderStateCounts = (db: Queryable, backendIds?: readonly number[]): Promise<StateCounts> => recordStateCounts(db, ORDERS_FLOW, backendIds);

/**
 * The tax each order's last import recorded as withheld, per order item (`withheldTax.byItem`): what the invoices
 * flow takes out of an untaxed withheld gross (amazon-order-amounts.ts). Orders never imported are absent.
 */
export async function recordedWithheldTax(db: Queryable, backendId: number, amazonOrderIds: readonly string[]): Promise<Map<string, WithheldByItem>> {
  const states = await createRecordStateStore(db).get(backendId, ORDERS_FLOW, [...amazonOrderIds]);
  const out = new Map<string, WithheldByItem>();
  for (const [id, s] of states) {
    const byItem = ((s.detail as OrderStateDetail).withheldTax as { byItem?: WithheldByItem } | undefined)?.byItem;
    if (byItem && typeof byItem === 'object') out.set(id, byItem);
  }
  return out;
}
