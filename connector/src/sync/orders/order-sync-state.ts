/**
 * Where each stored Amazon order stands (the columns the API and the admin panel read): one statement for a
 * whole batch. States: queued, waiting, imported, conflict, failed, not_imported, ignored.
 */
import type { Queryable } from '../../core/sql.ts';

export type OrderSyncState = 'queued' | 'waiting' | 'imported' | 'conflict' | 'failed' | 'not_imported' | 'ignored';

export interface OrderStateUpdate {
  amazonOrderId: string;
  state: OrderSyncState;
  code?: string | null;
  erpOrderName?: string | null;
  /** Decimal string in `currency`. */
  total?: string | null;
  currency?: string | null;
  withheldTax?: unknown;
  /** Units shipped per order item, as Amazon reported them at import. */
  shipped?: Record<string, number>;
}

/** Writes the states of many orders of one backend; name/total/withheld tax are kept when not given. */
export async function setOrderStates(db: Queryable, backendId: number, updates: readonly OrderStateUpdate[]): Promise<void> {
  if (!updates.length) return;
  await db.query(
    `update amazon_order o set sync_state = u.state, sync_code = u.code, synced_at = now(),
        erp_order_name = coalesce(u.erp_name, o.erp_order_name), total = coalesce(u.total, o.total),
        currency = coalesce(u.currency, o.currency), withheld_tax = coalesce(u.withheld::jsonb, o.withheld_tax),
        shipped = coalesce(u.shipped::jsonb, o.shipped)
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         as u(id, state, code, erp_name, total, currency, withheld, shipped)
      where o.backend_id = $1 and o.amazon_order_id = u.id`,
    [
      backendId,
      updates.map((u) => u.amazonOrderId),
      updates.map((u) => u.state),
      updates.map((u) => u.code ?? null),
      updates.map((u) => u.erpOrderName ?? null),
      updates.map((u) => u.total ?? null),
      updates.map((u) => u.currency ?? null),
      updates.map((u) => (u.withheldTax === undefined ? null : JSON.stringify(u.withheldTax))),
      updates.map((u) => (u.shipped === undefined ? null : JSON.stringify(u.shipped))),
    ],
  );
}
