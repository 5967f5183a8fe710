/**
 * Notes the seller SKUs of stored orders in `amazon_sku` (the SKU list of the admin panel), in the storing
 * transaction: one statement per page, whatever its size, so the list never has to scan 100,000 order documents.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import type { Queryable } from '../../../core/sql.ts';
import { replaceUnsafeText } from '../../../core/storable-text.ts';

/** Upserts each SKU of `orders` (its ASIN, title, the last order that sold it). */
export async function noteSkusSeen(tx: Queryable, backendId: number, orders: readonly Order[]): Promise<void> {
  // Text PostgreSQL refuses (NUL, a lone surrogate) is replaced, as everywhere Amazon's text is stored; the key is
  // the cleaned SKU, so two spellings that clean alike are one row (an upsert may touch a row only once).
  const clean = (s: string | null) => (s === null ? null : replaceUnsafeText(s));
  const seen = new Map<string, { asin: string | null; title: string | null; orderId: string; at: string }>();
  for (const o of orders) {
    for (const i of o.orderItems) {
      const sku = i.product.sellerSku;
      if (!sku) continue;
      seen.set(replaceUnsafeText(sku), { asin: i.product.asin ?? null, title: i.product.title?.slice(0, 500) ?? null, orderId: o.orderId, at: o.lastUpdatedTime });
    }
  }
  if (!seen.size) return;
  const rows = [...seen];
  // Sorted: two pages noting the same SKUs lock their rows in the same order (no deadlock).
  rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await tx.query(
    `insert into amazon_sku as s (backend_id, sku, asin, title, last_order_id, first_seen_at, last_seen_at)
     select $1, k, a, t, o, w::timestamptz, w::timestamptz from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as x(k, a, t, o, w)
     on conflict (backend_id, sku) do update set
       asin = coalesce(excluded.asin, s.asin), title = coalesce(excluded.title, s.title),
       last_order_id = case when excluded.last_seen_at >= s.last_seen_at then excluded.last_order_id else s.last_order_id end,
       last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)`,
    [backendId, rows.map(([k]) => k), rows.map(([, v]) => clean(v.asin)), rows.map(([, v]) => clean(v.title)), rows.map(([, v]) => v.orderId), rows.map(([, v]) => v.at)],
  );
}

/** How the order flow found a SKU's product without a sku_map row. */
/** `name`: the product's name when the ERP just gave it (a fresh search), so the SKU screen can show it. */
export type ImplicitMatch = { productId: number; by: 'default_code' | 'barcode'; name?: string } | null;

/**
 * Records, for SKUs without a sku_map row, the product the order flow found by itself (or that it found none any
 * more): the SKU screen shows them "matched by internal reference" rather than "Unmatched". One statement; only
 * rows that changed are written, so a batch of known SKUs costs no row churn.
 */
export async function noteImplicitMatches(db: Queryable, backendId: number, matches: ReadonlyMap<string, ImplicitMatch>): Promise<void> {
  if (!matches.size) return;
  const rows = [...matches].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await db.query(
    // These SKUs have no sku_map row, so matched_product_* (the name shown) is not a hand match's to keep.
    `update amazon_sku s set implicit_product_id = x.p, implicit_by = x.b, implicit_at = case when x.p is null then null else now() end,
            matched_product_id = case when x.n is null then s.matched_product_id else x.p end,
            matched_product_name = coalesce(x.n, s.matched_product_name)
       from unnest($2::text[], $3::int[], $4::text[], $5::text[]) as x(k, p, b, n)
      where s.backend_id = $1 and s.sku = x.k
        and (s.implicit_product_id is distinct from x.p or s.implicit_by is distinct from x.b
             or (x.n is not null and (s.matched_product_name is distinct from x.n or s.matched_product_id is distinct from x.p)))`,
    [backendId, rows.map(([k]) => k), rows.map(([, m]) => m?.productId ?? null), rows.map(([, m]) => m?.by ?? null), rows.map(([, m]) => m?.name ?? null)],
  );
}
