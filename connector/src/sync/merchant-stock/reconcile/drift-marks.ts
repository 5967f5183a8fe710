/**
 * The offer store as the reconciliation reads and marks it: each SKU's current version and last send, with whether
 * its last feed message still waits for Amazon's verdict; and the re-check mark of a drifted SKU, set only while
 * the version the judgement saw is still the current one and still the one sent (compare-and-set: a newer
 * version is on its way anyway, and the push always sends the current quantity, never the one judged).
 */
import type { Queryable } from '../../../core/sql.ts';
import type { Judgement, OfferState } from './compare-listing.ts';

/** The offer rows of `skus`, by SKU. */
export async function offerStates(db: Queryable, backendId: number, skus: readonly string[]): Promise<Map<string, OfferState>> {
  if (!skus.length) return new Map();
  const { rows } = await db.query<{ sku: string; desired_qty: number; computed_seq: string; sent_qty: number | null; sent_seq: string | null; sent_at: Date | null; recheck: boolean; code: string | null; feed_open: boolean }>(
    `select o.sku, o.desired_qty, o.computed_seq, o.sent_qty, o.sent_seq, o.sent_at, o.recheck_at is not null as recheck, o.code,
            -- A message pruned by the retention (no row) was decided long ago: not open.
            coalesce(o.sent_lane = 'feed' and m.state not in ('accepted', 'rejected', 'unknown'), false) as feed_open
       from merchant_stock_offer o left join feed_message m on m.id = o.sent_feed_message_id
      where o.backend_id = $1 and o.sku = any($2::text[])`,
    [backendId, [...skus]],
  );
  return new Map(rows.map((r) => [r.sku, {
    sku: r.sku, desiredQty: r.desired_qty, computedSeq: Number(r.computed_seq), sentQty: r.sent_qty,
    sentSeq: r.sent_seq === null ? null : Number(r.sent_seq), sentAt: r.sent_at, recheck: r.recheck, code: r.code, feedOpen: r.feed_open,
  }]));
}

/** Marks the drifted SKUs for a re-check (compare-and-set on the versions judged); returns the SKUs marked. */
export async function markDrifted(db: Queryable, backendId: number, drifted: readonly Judgement[]): Promise<string[]> {
  const rows = drifted.filter((j) => j.computedSeq !== null && j.sentSeq !== null);
  if (!rows.length) return [];
  const { rows: marked } = await db.query<{ sku: string }>(
    `update merchant_stock_offer o set recheck_at = now(), updated_at = now()
       from unnest($2::text[], $3::bigint[], $4::bigint[]) as x(sku, seq, sent_seq)
      where o.backend_id = $1 and o.sku = x.sku and o.computed_seq = x.seq and o.sent_seq = x.sent_seq and o.recheck_at is null
     returning o.sku`,
    [backendId, rows.map((j) => j.sku), rows.map((j) => j.computedSeq), rows.map((j) => j.sentSeq)],
  );
  return marked.map((r) => r.sku).sort();
}
