/**
 * Units sold per SKU, marketplace and week, from the orders the connector holds (`fetched_document` of kind
 * `order`: Amazon's order as fetched, its PII sealed apart; items and dates stay readable). Cancelled orders do not
 * count; an order counts in the week Amazon created it (weeks start on Monday, UTC). One query; the window's
 * bound on `source_updated_at` uses the listing index (an order is updated at or after its creation).
 */
import type { Queryable } from '../../../core/sql.ts';

export interface WeeklySalesRow {
  sku: string;
  marketplaceId: string;
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  units: number;
}

/**
 * The aggregation, over `$1` backend, `$2` first Monday, `$3` Monday after the last week, `$4` SKUs (null: all):
 * columns sku, marketplace_id, week (date), units. Shared with the kept sales (kept-sales.ts).
 */
export const WEEKLY_SALES_SELECT = `select i.item -> 'product' ->> 'sellerSku' as sku, coalesce(d.summary ->> 'marketplaceId', '') as marketplace_id,
            date_trunc('week', (d.payload ->> 'createdTime')::timestamptz at time zone 'UTC')::date as week,
            sum((i.item ->> 'quantityOrdered')::int)::int as units
       from fetched_document d
       cross join lateral jsonb_array_elements(d.payload -> 'orderItems') as i(item)
      where d.backend_id = $1 and d.kind = 'order' and d.source_updated_at >= $2::date
        and coalesce(d.summary ->> 'status', '') <> 'CANCELLED'
        and (d.payload ->> 'createdTime')::timestamptz >= ($2::date at time zone 'UTC')
        and (d.payload ->> 'createdTime')::timestamptz < ($3::date at time zone 'UTC')
        and i.item -> 'product' ->> 'sellerSku' is not null
        and ($4::text[] is null or i.item -> 'product' ->> 'sellerSku' = any($4::text[]))
      group by 1, 2, 3`;

/** The weekly sales of `backendId` for the weeks starting at `from` up to (excluding) `to` (both Mondays). */
export async function weeklySales(db: Queryable, backendId: number, from: string, to: string, skus?: readonly string[]): Promise<WeeklySalesRow[]> {
  const { rows } = await db.query<{ sku: string; marketplace_id: string; week: string; units: number }>(
    `select sku, marketplace_id, to_char(week, 'YYYY-MM-DD') as week, units from (${WEEKLY_SALES_SELECT}) s order by 1, 2, 3`,
    [backendId, from, to, skus ? [...skus] : null],
  );
  return rows.map((r) => ({ sku: r.sku, marketplaceId: r.marketplace_id, week: r.week, units: Number(r.units) }));
}
