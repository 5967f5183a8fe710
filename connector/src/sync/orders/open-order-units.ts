/**
 * For other flows (the merchant-stock flow): the units of merchant-fulfilled Amazon orders the ERP has not reserved
 * yet, per SKU. Amazon takes an order's units off the offer the moment it is placed (PENDING included), while the
 * ERP reserves them only once this flow imported the order as a confirmed sale order: until then they must be
 * held back from what Amazon is shown. An order counts while Amazon says it is open (PENDING, PENDING_AVAILABILITY,
 * UNSHIPPED, PARTIALLY_SHIPPED) and its record state here is not `imported`; an imported order re-queued for an
 * update is counted too (its units are then held back twice for a moment: the safe direction).
 */
import type { Queryable } from '../../core/sql.ts';
import { ORDERS_FLOW } from './orders.payloads.ts';

/** SKU -> units not yet reserved in the ERP (only SKUs with some are present). */
export async function unreservedOrderUnits(db: Queryable, backendId: number, skus: readonly string[]): Promise<Map<string, number>> {
  if (!skus.length) return new Map();
  const { rows } = await db.query<{ sku: string; units: string }>(
    `select i.item -> 'product' ->> 'sellerSku' as sku,
            sum(greatest(0, coalesce((i.item -> 'fulfillment' ->> 'quantityUnfulfilled')::int,
                                     (i.item ->> 'quantityOrdered')::int - coalesce((i.item -> 'fulfillment' ->> 'quantityFulfilled')::int, 0)))) as units
       from fetched_document d
       left join record_state r on r.backend_id = d.backend_id and r.flow = $3 and r.key = d.key
       cross join lateral jsonb_array_elements(d.payload -> 'orderItems') as i(item)
      where d.backend_id = $1 and d.kind = 'order'
        and coalesce(d.summary ->> 'fulfilledBy', 'MERCHANT') = 'MERCHANT'
        and (d.summary ->> 'status') in ('PENDING', 'PENDING_AVAILABILITY', 'UNSHIPPED', 'PARTIALLY_SHIPPED')
        and (r.state is null or r.state <> 'imported')
        and i.item -> 'product' ->> 'sellerSku' = any($2::text[])
      group by 1`,
    [backendId, [...new Set(skus)], ORDERS_FLOW],
  );
  return new Map(rows.filter((r) => Number(r.units) > 0).map((r) => [r.sku, Number(r.units)]));
}

/**
 * The SKUs of merchant-fulfilled orders stored (fetched or re-fetched) after `since`, and the latest such time:
 * a new order's units leave the offer before its import (the merchant-stock flow's trigger).
 */
export async function orderSkusStoredSince(db: Queryable, backendId: number, since: Date): Promise<{ skus: string[]; until: Date | null }> {
  const { rows } = await db.query<{ sku: string | null; until: Date }>(
    `select distinct i.item -> 'product' ->> 'sellerSku' as sku, max(d.fetched_at) over () as until
       from fetched_document d cross join lateral jsonb_array_elements(d.payload -> 'orderItems') as i(item)
      where d.backend_id = $1 and d.kind = 'order' and d.fetched_at > $2
        and coalesce(d.summary ->> 'fulfilledBy', 'MERCHANT') = 'MERCHANT'`,
    [backendId, since],
  );
  return { skus: rows.map((r) => r.sku).filter((s): s is string => Boolean(s)), until: rows[0]?.until ?? null };
}

/**
 * Whether any of these stored orders is merchant-fulfilled (read in the storing transaction): an Amazon-fulfilled
 * order never changes what the seller offers, so the merchant-stock flow does not recompute for it.
 */
export async function anyMerchantOrder(db: Queryable, backendId: number, amazonOrderIds: readonly string[]): Promise<boolean> {
  if (!amazonOrderIds.length) return false;
  const { rows } = await db.query(
    `select 1 from fetched_document d
      where d.backend_id = $1 and d.kind = 'order' and d.key = any($2::text[])
        and coalesce(d.summary ->> 'fulfilledBy', 'MERCHANT') = 'MERCHANT'
      limit 1`,
    [backendId, [...amazonOrderIds]],
  );
  return rows.length > 0;
}
