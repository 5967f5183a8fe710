/**
 * `merchant_stock_listing`: what Amazon last showed of each SKU's listing (channels, DEFAULT quantity, last update,
 * when read), the cache the recompute reads to tell a SKU sold both ways from an FBA-only one, and the re-checks
 * notifications ask for (`check_after`: due time; a burst of notifications for a SKU makes one re-check).
 */
import type { Queryable } from '../../../core/sql.ts';
import type { AmazonReading } from './compare-listing.ts';

/** Stores one reading per SKU (one statement). */
export async function saveReadings(db: Queryable, backendId: number, readings: readonly AmazonReading[], readAt: Date): Promise<void> {
  if (!readings.length) return;
  await db.query(
    `insert into merchant_stock_listing as l (backend_id, sku, found, channels, merchant_qty, amazon_updated_at, seen_at)
     select $1, x.sku, x.found, coalesce(c.channels, '{}'), x.qty, x.updated, $7
       from unnest($2::text[], $3::boolean[], $4::text[], $5::int[], $6::timestamptz[]) as x(sku, found, channels_csv, qty, updated)
       cross join lateral (select string_to_array(nullif(x.channels_csv, ''), ',') as channels) c
     on conflict (backend_id, sku) do update set found = excluded.found, channels = excluded.channels,
       merchant_qty = excluded.merchant_qty, amazon_updated_at = excluded.amazon_updated_at, seen_at = excluded.seen_at`,
    [backendId, readings.map((r) => r.sku), readings.map((r) => r.found), readings.map((r) => r.channels.join(',')),
      readings.map((r) => r.merchantQty), readings.map((r) => r.updatedAt), readAt],
  );
}

/**
 * The channels Amazon last showed per SKU (SKUs never read are absent; with `includeMissing`, a SKU read without a
 * listing maps to []).
 */
export async function listingChannels(db: Queryable, backendId: number, skus: readonly string[], opts: { includeMissing?: boolean } = {}): Promise<Map<string, string[]>> {
  if (!skus.length) return new Map();
  const { rows } = await db.query<{ sku: string; channels: string[] }>(
    `select sku, channels from merchant_stock_listing where backend_id = $1 and sku = any($2::text[]) and seen_at is not null and (found or $3)`,
    [backendId, [...skus], opts.includeMissing ?? false],
  );
  return new Map(rows.map((r) => [r.sku, r.channels]));
}

/** Asks for a re-check of `sku` at `due` (an earlier pending one is kept: the first due time wins). */
export async function requestCheck(db: Queryable, backendId: number, sku: string, due: Date, notifiedQty: number): Promise<void> {
  await db.query(
    `insert into merchant_stock_listing as l (backend_id, sku, check_after, notified_qty) values ($1, $2, $3, $4)
     on conflict (backend_id, sku) do update set check_after = least(coalesce(l.check_after, excluded.check_after), excluded.check_after),
       notified_qty = excluded.notified_qty`,
    [backendId, sku, due, notifiedQty],
  );
}

/** The SKUs whose re-check is due (at most `limit`), and the next due time of the others. */
export async function dueChecks(db: Queryable, backendId: number, limit: number): Promise<{ skus: string[]; next: Date | null }> {
  const { rows } = await db.query<{ sku: string }>(
    `select sku from merchant_stock_listing where backend_id = $1 and check_after <= now() order by check_after, sku limit $2`,
    [backendId, limit],
  );
  const next = await db.query<{ next: Date | null }>(
    `select min(check_after) as next from merchant_stock_listing where backend_id = $1 and check_after > now()`,
    [backendId],
  );
  return { skus: rows.map((r) => r.sku), next: next.rows[0]?.next ?? null };
}

/** Clears the re-checks of `skus` asked at or before `upTo` (one asked meanwhile stays). */
export async function clearChecks(db: Queryable, backendId: number, skus: readonly string[], upTo: Date): Promise<void> {
  if (!skus.length) return;
  await db.query(
    `update merchant_stock_listing set check_after = null where backend_id = $1 and sku = any($2::text[]) and check_after <= $3`,
    [backendId, [...skus], upTo],
  );
}
