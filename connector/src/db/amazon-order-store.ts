/**
 * The sweep's store of fetched Amazon orders. Buyer PII (see order-pii.ts) is cut out of the payload and sealed
 * (AES-256-GCM, the row's identity as authenticated context); the rest stays readable jsonb. upsertMany() is one
 * statement per page and reports the orders whose Amazon-owned content changed (by hash, not by timestamp):
 * exactly the ones to enqueue. An older copy never overwrites a newer one (sweep windows overlap).
 */
import type { Keyring } from '../core/crypto.ts';
import type { Queryable } from '../core/sql.ts';
import { joinPii, splitPii } from './order-pii.ts';

export { PII_PARTS, splitPii } from './order-pii.ts';

export interface FetchedOrder {
  amazonOrderId: string;
  marketplaceId: string;
  status: string;
  fulfilledBy: string | null;
  lastUpdatedAt: string | Date;
  /** Hash of the Amazon-owned content (the caller decides what counts). */
  contentHash: string;
  /** The whole order as fetched; its PII (order-pii.ts) is split off here. */
  order: Record<string, unknown>;
  withheldTax?: unknown;
}

export interface StoredOrder {
  amazonOrderId: string;
  marketplaceId: string;
  status: string;
  fulfilledBy: string | null;
  lastUpdatedAt: Date;
  contentHash: string;
  /** The order without its PII, with it put back when asked for and not yet redacted. */
  order: Record<string, unknown>;
  withheldTax: unknown;
  piiRedactedAt: Date | null;
}

const context = (backendId: number, orderId: string) => `amazon_order:${backendId}:${orderId}`;

export interface AmazonOrderStore {
  /** Stores a page of fetched orders; returns the ids whose content hash is new or changed. */
  upsertMany(backendId: number, orders: readonly FetchedOrder[]): Promise<string[]>;
  /** Reads orders by id (one query); `withPii` opens the sealed parts. */
  getMany(backendId: number, amazonOrderIds: readonly string[], options?: { withPii?: boolean }): Promise<Map<string, StoredOrder>>;
  /** Drops the sealed PII of orders fetched more than `days` ago; returns how many. */
  redactOlderThan(backendId: number, days: number): Promise<number>;
}

/** The amazon_order store over `db`, sealing with `keyring`. */
export function createAmazonOrderStore(db: Queryable, keyring: Keyring): AmazonOrderStore {
  return {
    async upsertMany(backendId, orders) {
      if (orders.length === 0) return [];
      const last = new Map(orders.map((o) => [o.amazonOrderId, o]));
      const list = [...last.values()];
      const split = list.map((o) => splitPii(o.order));
      const sealed = list.map((o, i) => (split[i]!.pii ? keyring.sealJson(split[i]!.pii, context(backendId, o.amazonOrderId)) : null));
      const { rows } = await db.query<{ id: string }>(
        `with input as (
           select * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::jsonb[], $9::bytea[], $10::text[], $11::jsonb[])
             as i(amazon_order_id, marketplace_id, status, fulfilled_by, last_updated_at, content_hash, payload, pii_sealed, pii_key_id, withheld_tax)
         ), old as (
           select amazon_order_id, content_hash from amazon_order
            where backend_id = $1 and amazon_order_id in (select amazon_order_id from input)
         ), up as (
           insert into amazon_order as a (backend_id, amazon_order_id, marketplace_id, status, fulfilled_by, last_updated_at,
             content_hash, payload, pii_sealed, pii_key_id, withheld_tax)
           select $1, * from input
           on conflict (backend_id, amazon_order_id) do update set
             marketplace_id = excluded.marketplace_id, status = excluded.status, fulfilled_by = excluded.fulfilled_by,
             last_updated_at = excluded.last_updated_at, content_hash = excluded.content_hash, payload = excluded.payload,
             pii_sealed = case when a.pii_redacted_at is null then excluded.pii_sealed end,
             pii_key_id = case when a.pii_redacted_at is null then excluded.pii_key_id end,
             withheld_tax = excluded.withheld_tax, fetched_at = now()
           where a.last_updated_at <= excluded.last_updated_at
           returning amazon_order_id, content_hash
         )
         select up.amazon_order_id as id from up left join old using (amazon_order_id)
          where old.content_hash is distinct from up.content_hash`,
        [
          backendId,
          list.map((o) => o.amazonOrderId),
          list.map((o) => o.marketplaceId),
          list.map((o) => o.status),
          list.map((o) => o.fulfilledBy),
          list.map((o) => new Date(o.lastUpdatedAt).toISOString()),
          list.map((o) => o.contentHash),
          split.map((s) => JSON.stringify(s.payload)),
          sealed.map((s) => s?.sealed ?? null),
          sealed.map((s) => s?.keyId ?? null),
          list.map((o) => (o.withheldTax === undefined ? null : JSON.stringify(o.withheldTax))),
        ],
      );
      return rows.map((r) => r.id);
    },

    async getMany(backendId, ids, options = {}) {
      const { rows } = await db.query(
        `select amazon_order_id, marketplace_id, status, fulfilled_by, last_updated_at, content_hash, payload,
                ${options.withPii ? 'pii_sealed, pii_key_id' : 'null as pii_sealed, null as pii_key_id'}, withheld_tax, pii_redacted_at
           from amazon_order where backend_id = $1 and amazon_order_id = any($2::text[])`,
        [backendId, [...ids]],
      );
      const out = new Map<string, StoredOrder>();
      for (const r of rows) {
        const pii = r.pii_sealed
          ? keyring.openJson<Record<string, unknown>>({ keyId: r.pii_key_id, sealed: r.pii_sealed }, context(backendId, r.amazon_order_id))
          : null;
        out.set(r.amazon_order_id, {
          amazonOrderId: r.amazon_order_id,
          marketplaceId: r.marketplace_id,
          status: r.status,
          fulfilledBy: r.fulfilled_by,
          lastUpdatedAt: r.last_updated_at,
          contentHash: r.content_hash,
          order: joinPii(r.payload, pii),
          withheldTax: r.withheld_tax,
          piiRedactedAt: r.pii_redacted_at,
        });
      }
      return out;
    },

    async redactOlderThan(backendId, days) {
      const r = await db.query(
        `update amazon_order set pii_sealed = null, pii_key_id = null, pii_redacted_at = now()
          where backend_id = $1 and pii_sealed is not null and fetched_at < now() - make_interval(days => $2)`,
        [backendId, days],
      );
      return r.rowCount ?? 0;
    },
  };
}
