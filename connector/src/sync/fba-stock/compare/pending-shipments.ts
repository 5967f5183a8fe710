/**
 * The documents that explain a difference: FBA orders Amazon shipped (they left its count) whose ERP delivery is
 * not validated yet (the fba flow's `delivered` state is missing: not imported, waiting, or its pass not run), per
 * SKU, for the pool's marketplaces. Only orders that changed since the pool's seed count: one shipped before it
 * was already out of Amazon's figures the seed copied. One statement over the stored orders (no buyer data read).
 */
import type { Queryable } from '../../../core/sql.ts';
import { FBA_FLOW } from '../../fba/index.ts';
import { ORDER_DOCUMENT } from '../../orders/index.ts';

/** Units shipped per SKU (each item's `quantityFulfilled`, else its ordered quantity) awaiting their ERP delivery. */
export async function pendingShippedUnits(db: Queryable, backendId: number, marketplaceIds: readonly string[], since: Date): Promise<Map<string, number>> {
  const { rows } = await db.query<{ sku: string; units: string }>(
    `select i->'product'->>'sellerSku' as sku,
            sum(coalesce((i->'fulfillment'->>'quantityFulfilled')::int, (i->>'quantityOrdered')::int, 0)) as units
       from fetched_document d
       cross join lateral jsonb_array_elements(case when jsonb_typeof(d.payload->'orderItems') = 'array' then d.payload->'orderItems' else '[]'::jsonb end) i
       left join record_state f on f.backend_id = d.backend_id and f.flow = $4 and f.key = d.key
      where d.backend_id = $1 and d.kind = $2 and d.summary->>'fulfilledBy' = 'AMAZON' and d.summary->>'status' = 'SHIPPED'
        and d.summary->>'marketplaceId' = any($3::text[]) and d.source_updated_at >= $5
        and (f.key is null or f.state <> 'delivered')
      group by 1`,
    [backendId, ORDER_DOCUMENT.name, [...marketplaceIds], FBA_FLOW, since],
  );
  return new Map(rows.filter((r) => r.sku).map((r) => [r.sku, Number(r.units)]));
}
