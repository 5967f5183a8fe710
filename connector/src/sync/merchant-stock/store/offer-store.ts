/**
 * `merchant_stock_offer`: per backend and SKU, the quantity Amazon should show (`desired_qty`, version
 * `computed_seq`, +1 at each change) and what was last sent (`sent_qty`, `sent_seq`, lane, feed message, time).
 *
 * Ordering (the "two workers never send an older quantity after a newer one"): every send is recorded with
 * a compare-and-set on the version (`sent_seq < $seq`), and the sends of one backend run one at a time (the push
 * holds the backend's lock across its Amazon calls, and re-reads the row under it), so no quantity goes out after a
 * newer one was sent. A feed is the exception Amazon makes: it may apply a message hours later, after a newer patch;
 * the feed's result task then marks the SKU (`recheck_at`) and the next push sends the current quantity again.
 */
import type { Queryable } from '../../../core/sql.ts';

export interface DesiredOffer {
  sku: string;
  productId: number;
  quantity: number;
  inputs: Record<string, unknown>;
}

export interface OfferRow {
  sku: string;
  productId: number;
  desiredQty: number;
  computedSeq: number;
  productType: string | null;
  sentQty: number | null;
  sentSeq: number | null;
  sentLane: 'patch' | 'feed' | null;
  recheck: boolean;
  code: string | null;
}

const COLUMNS = `sku, product_id, desired_qty, computed_seq, product_type, sent_qty, sent_seq, sent_lane, recheck_at is not null as recheck, code`;
type Raw = { sku: string; product_id: number; desired_qty: number; computed_seq: string; product_type: string | null; sent_qty: number | null; sent_seq: string | null; sent_lane: 'patch' | 'feed' | null; recheck: boolean; code: string | null };
const toRow = (r: Raw): OfferRow => ({
  sku: r.sku, productId: r.product_id, desiredQty: r.desired_qty, computedSeq: Number(r.computed_seq), productType: r.product_type,
  sentQty: r.sent_qty, sentSeq: r.sent_seq === null ? null : Number(r.sent_seq), sentLane: r.sent_lane, recheck: r.recheck, code: r.code,
});

/**
 * Writes the desired quantities; a SKU whose quantity (or product) did not change keeps its version, so nothing
 * is sent again for it. With `force` (a full resync) every SKU gets a new version. Returns the SKUs that got one.
 */
export async function saveDesired(db: Queryable, backendId: number, offers: readonly DesiredOffer[], force = false): Promise<string[]> {
  if (!offers.length) return [];
  // Sorted: two recomputes writing the same SKUs lock their rows in the same order (no deadlock).
  const sorted = [...offers].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const { rows } = await db.query<{ sku: string }>(
    `insert into merchant_stock_offer as o (backend_id, sku, product_id, desired_qty, computed_seq, inputs)
     select $1, x.sku, x.product_id, x.qty, 1, x.inputs from unnest($2::text[], $3::int[], $4::int[], $5::jsonb[]) as x(sku, product_id, qty, inputs)
     on conflict (backend_id, sku) do update set
       product_id = excluded.product_id, desired_qty = excluded.desired_qty, inputs = excluded.inputs,
       computed_seq = o.computed_seq + 1, computed_at = now(), updated_at = now()
       where $6 or o.desired_qty is distinct from excluded.desired_qty or o.product_id is distinct from excluded.product_id
     returning sku`,
    [backendId, sorted.map((o) => o.sku), sorted.map((o) => o.productId), sorted.map((o) => o.quantity), sorted.map((o) => JSON.stringify(o.inputs)), force],
  );
  return rows.map((r) => r.sku);
}

/** The SKUs with something to send (a version newer than the last sent, or marked for a re-check), by SKU. */
export async function pendingOffers(db: Queryable, backendId: number, limit: number): Promise<OfferRow[]> {
  const { rows } = await db.query<Raw>(
    `select ${COLUMNS} from merchant_stock_offer
      where backend_id = $1 and (computed_seq > coalesce(sent_seq, 0) or recheck_at is not null)
      order by sku limit $2`,
    [backendId, limit],
  );
  return rows.map(toRow);
}

/** One SKU's row as it stands now (read again under the push lock, right before its send). */
export async function offerOf(db: Queryable, backendId: number, sku: string): Promise<OfferRow | null> {
  const { rows } = await db.query<Raw>(`select ${COLUMNS} from merchant_stock_offer where backend_id = $1 and sku = $2`, [backendId, sku]);
  return rows[0] ? toRow(rows[0]) : null;
}

export interface SentRecord {
  sku: string;
  quantity: number;
  seq: number;
  lane: 'patch' | 'feed';
  feedMessageId?: number;
  productType?: string | null;
}

/**
 * Records a send, only over an older one (the compare-and-set); a patch of the version already sent (a re-check:
 * the same quantity again) is recorded too. A patch also clears the re-check mark and any earlier refusal; a feed
 * message clears them only once its result says accepted. False: a newer send was recorded.
 */
export async function recordSent(db: Queryable, backendId: number, s: SentRecord): Promise<boolean> {
  const { rowCount } = await db.query(
    `update merchant_stock_offer set sent_qty = $3, sent_seq = $4, sent_lane = $5, sent_feed_message_id = $6, sent_at = now(),
            product_type = coalesce($7, product_type),
            recheck_at = case when $5 = 'patch' then null else recheck_at end,
            code = case when $5 = 'patch' then null else code end, message = case when $5 = 'patch' then null else message end,
            updated_at = now()
      where backend_id = $1 and sku = $2 and (coalesce(sent_seq, 0) < $4 or ($5 = 'patch' and sent_seq = $4))`,
    [backendId, s.sku, s.quantity, s.seq, s.lane, s.feedMessageId ?? null, s.productType ?? null],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Records many feed sends in one statement, each only over an older version (the compare-and-set of recordSent);
 * returns the SKUs recorded, whose messages may then be queued.
 */
export async function recordFeedSends(db: Queryable, backendId: number, sends: readonly { sku: string; quantity: number; seq: number }[]): Promise<Set<string>> {
  if (!sends.length) return new Set();
  const sorted = [...sends].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const { rows } = await db.query<{ sku: string }>(
    `update merchant_stock_offer o set sent_qty = x.qty, sent_seq = x.seq, sent_lane = 'feed', sent_feed_message_id = null, sent_at = now(), updated_at = now()
       from unnest($2::text[], $3::int[], $4::bigint[]) as x(sku, qty, seq)
      where o.backend_id = $1 and o.sku = x.sku and coalesce(o.sent_seq, 0) < x.seq
     returning o.sku`,
    [backendId, sorted.map((s) => s.sku), sorted.map((s) => s.quantity), sorted.map((s) => s.seq)],
  );
  return new Set(rows.map((r) => r.sku));
}

/** The feed messages carrying the recorded versions (set once queued, in the same transaction), one statement. */
export async function noteFeedMessages(db: Queryable, backendId: number, notes: readonly { sku: string; seq: number; messageId: number }[]): Promise<void> {
  if (!notes.length) return;
  await db.query(
    `update merchant_stock_offer o set sent_feed_message_id = x.message_id
       from unnest($2::text[], $3::bigint[], $4::bigint[]) as x(sku, seq, message_id)
      where o.backend_id = $1 and o.sku = x.sku and o.sent_seq = x.seq`,
    [backendId, notes.map((n) => n.sku), notes.map((n) => n.seq), notes.map((n) => n.messageId)],
  );
}

/**
 * Records that Amazon refused version `seq` of a SKU: it counts as sent (the push does not try it again and again);
 * the conflict's retry marks the SKU for a re-check, which sends the then current quantity.
 */
export async function recordRefused(db: Queryable, backendId: number, sku: string, seq: number, code: string, message: string): Promise<void> {
  await db.query(
    `update merchant_stock_offer set sent_seq = greatest(coalesce(sent_seq, 0), $3), recheck_at = null, code = $4, message = $5, updated_at = now()
      where backend_id = $1 and sku = $2`,
    [backendId, sku, seq, code, message.slice(0, 1000)],
  );
}

/** Clears the refusal of SKUs whose latest version Amazon accepted. */
export async function clearRefusals(db: Queryable, backendId: number, skus: readonly string[]): Promise<void> {
  if (!skus.length) return;
  await db.query(`update merchant_stock_offer set code = null, message = null, updated_at = now() where backend_id = $1 and sku = any($2::text[]) and code is not null`, [backendId, [...skus]]);
}

/** Marks SKUs to be sent again at the next push (an older feed may have overwritten a newer quantity). */
export async function markRecheck(db: Queryable, backendId: number, skus: readonly string[]): Promise<number> {
  if (!skus.length) return 0;
  const { rowCount } = await db.query(
    `update merchant_stock_offer set recheck_at = now(), updated_at = now() where backend_id = $1 and sku = any($2::text[])`,
    [backendId, [...skus]],
  );
  return rowCount ?? 0;
}

/** The versions last recorded as sent, per SKU (the feed result task compares its messages' versions with them). */
export async function sentVersions(db: Queryable, backendId: number, skus: readonly string[]): Promise<Map<string, number>> {
  if (!skus.length) return new Map();
  const { rows } = await db.query<{ sku: string; sent_seq: string | null }>(
    `select sku, sent_seq from merchant_stock_offer where backend_id = $1 and sku = any($2::text[])`,
    [backendId, [...skus]],
  );
  return new Map(rows.map((r) => [r.sku, r.sent_seq === null ? 0 : Number(r.sent_seq)]));
}

/** Counts per state for the flow's status: SKUs known, waiting to be sent, refused by Amazon. */
export async function offerCounts(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
  const { rows } = await db.query<{ backend_id: number; skus: string; pending: string; refused: string }>(
    `select backend_id, count(*) as skus,
            count(*) filter (where computed_seq > coalesce(sent_seq, 0) or recheck_at is not null) as pending,
            count(*) filter (where code is not null) as refused
       from merchant_stock_offer where backend_id = any($1::int[]) group by backend_id`,
    [[...backendIds]],
  );
  return new Map(rows.map((r) => [r.backend_id, { skus: Number(r.skus), pending: Number(r.pending), refused: Number(r.refused) }]));
}

/** Every SKU's computed quantity (what Amazon should show: the ERP's free quantity through the offer rules), by SKU. */
export async function desiredQuantities(db: Queryable, backendId: number): Promise<Array<{ sku: string; quantity: number }>> {
  const { rows } = await db.query<{ sku: string; desired_qty: number }>(`select sku, desired_qty from merchant_stock_offer where backend_id = $1 order by sku`, [backendId]);
  return rows.map((r) => ({ sku: r.sku, quantity: r.desired_qty }));
}
