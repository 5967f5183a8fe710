/**
 * The Binder: the only code that reads and writes `binding`. Batch variants cost one statement for the whole
 * batch. bind() is an upsert on the Amazon side that always stamps synced_at (a no-op run binds too), keeps the
 * last known versions when the caller does not pass new ones, and turns an ERP-side clash between two Amazon
 * documents into a ConflictError('BINDING_CONFLICT') rather than a silent re-point.
 */
import { ConflictError } from '../errors.ts';
import { isUniqueViolation, type Queryable } from '../sql.ts';

/** Known kinds; documents are unique on the ERP side too (see DOCUMENT_KINDS in the entity). */
export type BindingKind =
  | 'order'
  | 'shipment'
  | 'refund'
  /** A merchant return item (`<order>/<RMA>/<SKU>`, `@<delivery>` for a further one) <-> its return picking; many-to-one. */
  | 'return'
  | 'settlement_line'
  | 'partner'
  | 'delivery_address'
  /** An Amazon product (amazon key = the seller SKU) <-> an ERP product: the SKU table, the inventory flows. */
  | 'product'
  /** An ERP service product the order lines use (shipping, gift wrap...; amazon key `service:<kind>`). */
  | 'service_product'
  /** An FBA inventory pool (amazon key = the pool, `EU`) <-> its ERP stock.warehouse; `state` carries the seed marker. */
  | 'fba_warehouse'
  /** A pool's ERP location (amazon key `<pool>:stock` or `<pool>:unsellable`) <-> stock.location. */
  | 'fba_location'
  /** A marketplace (amazon key = its id) <-> the stock.warehouse of its FBA pool (several marketplaces, one pool). */
  | 'fba_marketplace'
  /** An FBA order (amazon key = its id) <-> the ERP delivery the connector validated with Amazon's quantities. */
  | 'fba_delivery'
  /** A returned FBA unit row (amazon key `<order>/<sku>/<license plate>`) <-> its ERP return receipt (stock.picking). */
  | 'fba_return'
  /** A revised disposition of a returned FBA unit (amazon key `<row key>#<revision>`) <-> its ERP internal transfer. */
  | 'fba_return_move'
  /** A shipment's customer invoice (amazon key = the shipment key, `mfn:<pickingId>`...) <-> an ERP account.move. */
  | 'invoice'
  /** A seller cancellation sent as a feed message (amazon key = its message key, `<orderId>/<item>=<units>,...`) <-> the ERP sale.order; several per order. */
  | 'seller_cancel'
  /** A credit note sent to Amazon as a payment adjustment (amazon key = the seller's adjustment id `CN<move id>`) <-> the ERP account.move. */
  | 'refund_adjustment'
  /**
   * A Buy Shipping label (amazon key = Amazon's shipment id) <-> the ERP delivery (stock.picking) it ships; several
   * per delivery (one per package). Other flows read it: a delivery with a label is known to Amazon already.
   */
  | 'shipping_label';

export interface Binding {
  id: number;
  backendId: number;
  kind: BindingKind;
  amazonKey: string;
  erpModel: string;
  erpId: number;
  amazonUpdatedAt: Date | null;
  erpWriteDate: string | null;
  payloadHash: string | null;
  syncedAt: Date;
  /** 1 when bound, plus one at each change of the ERP record it points to, of the payload hash or of `state`. */
  version: number;
  /** What was last pushed for it (e.g. the inventory flow's last quantity), as the flow wrote it. */
  state: unknown;
}

export interface BindInput {
  kind: BindingKind;
  amazonKey: string;
  erpModel: string;
  erpId: number;
  /** Amazon's last-update time of the synced version; kept as is when omitted. */
  amazonUpdatedAt?: Date | string | null;
  /** The ERP's write_date after our write, exactly as returned; kept as is when omitted. */
  erpWriteDate?: string | null;
  /** Hash of what we sent; kept as is when omitted. */
  payloadHash?: string | null;
  /** What was pushed (JSON); kept as is when omitted (`null` clears it). */
  state?: unknown;
}

const COLUMNS = `id::int as "id", backend_id as "backendId", kind, amazon_key as "amazonKey", erp_model as "erpModel",
  erp_id as "erpId", amazon_updated_at as "amazonUpdatedAt", erp_write_date as "erpWriteDate",
  payload_hash as "payloadHash", synced_at as "syncedAt", version, state`;

export interface Binder {
  toErp(backendId: number, kind: BindingKind, amazonKey: string): Promise<Binding | null>;
  /** One query for the whole batch; keys without a binding are absent from the map. */
  toErpMany(backendId: number, kind: BindingKind, amazonKeys: readonly string[]): Promise<Map<string, Binding>>;
  /** The binding of an ERP record (for many-to-one kinds: the oldest one; see toAmazonAll). */
  toAmazon(backendId: number, kind: BindingKind, erpModel: string, erpId: number): Promise<Binding | null>;
  toAmazonAll(backendId: number, kind: BindingKind, erpModel: string, erpId: number): Promise<Binding[]>;
  bind(backendId: number, input: BindInput): Promise<Binding>;
  /** One statement for the whole batch (the last entry wins when an Amazon key repeats). */
  bindMany(backendId: number, inputs: readonly BindInput[]): Promise<Binding[]>;
  /** Removes a binding (a compensation, or the ERP record is gone); true when one existed. */
  unbind(backendId: number, kind: BindingKind, amazonKey: string): Promise<boolean>;
  /** Removes the bindings of `amazonKeys` in one statement; returns those that existed. */
  unbindMany(backendId: number, kind: BindingKind, amazonKeys: readonly string[]): Promise<Binding[]>;
  /** Every binding of a kind (a whole SKU table, for mapping rules), in Amazon key order. */
  listKind(backendId: number, kind: BindingKind): Promise<Binding[]>;
  /** How many bindings of `kind` the backend has. */
  count(backendId: number, kind: BindingKind): Promise<number>;
}

/** A Binder over `db`: pass a pg.PoolClient to bind inside the caller's transaction. */
export function createBinder(db: Queryable): Binder {
  const binder: Binder = {
    async toErp(backendId, kind, amazonKey) {
      return (await binder.toErpMany(backendId, kind, [amazonKey])).get(amazonKey) ?? null;
    },
    async toErpMany(backendId, kind, amazonKeys) {
      const map = new Map<string, Binding>();
      if (amazonKeys.length === 0) return map;
      const { rows } = await db.query<Binding>(
        `select ${COLUMNS} from binding where backend_id = $1 and kind = $2 and amazon_key = any($3::text[])`,
        [backendId, kind, [...amazonKeys]],
      );
      for (const row of rows) map.set(row.amazonKey, row);
      return map;
    },
    async toAmazon(backendId, kind, erpModel, erpId) {
      return (await binder.toAmazonAll(backendId, kind, erpModel, erpId))[0] ?? null;
    },
    async toAmazonAll(backendId, kind, erpModel, erpId) {
      const { rows } = await db.query<Binding>(
        `select ${COLUMNS} from binding where backend_id = $1 and erp_model = $3 and erp_id = $4 and kind = $2 order by id`,
        [backendId, kind, erpModel, erpId],
      );
      return rows;
    },
    async bind(backendId, input) {
      return (await binder.bindMany(backendId, [input]))[0]!;
    },
    async bindMany(backendId, inputs) {
      if (inputs.length === 0) return [];
      const last = new Map<string, BindInput>();
      for (const i of inputs) last.set(`${i.kind}\u0000${i.amazonKey}`, i);
      const list = [...last.values()];
      const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());
      try {
        const { rows } = await db.query<Binding>(
          `insert into binding as b (backend_id, kind, amazon_key, erp_model, erp_id, amazon_updated_at, erp_write_date, payload_hash, state, synced_at)
           select $1, i.k, i.a, i.m, i.e, i.u, i.w, i.h, case when i.keep then cur.state else i.st end, clock_timestamp()
             from unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::text[], $9::jsonb[], $10::bool[])
                  as i(k, a, m, e, u, w, h, st, keep)
             left join binding cur on cur.backend_id = $1 and cur.kind = i.k and cur.amazon_key = i.a
           on conflict (backend_id, kind, amazon_key) do update set
             erp_model = excluded.erp_model,
             erp_id = excluded.erp_id,
             amazon_updated_at = coalesce(excluded.amazon_updated_at, b.amazon_updated_at),
             erp_write_date = coalesce(excluded.erp_write_date, b.erp_write_date),
             payload_hash = coalesce(excluded.payload_hash, b.payload_hash),
             state = excluded.state,
             synced_at = excluded.synced_at,
             -- A change, not a re-stamp: another ERP record, another payload, another state.
             version = b.version + case when (b.erp_model, b.erp_id, b.state) is distinct from (excluded.erp_model, excluded.erp_id, excluded.state)
                                          or b.payload_hash is distinct from coalesce(excluded.payload_hash, b.payload_hash) then 1 else 0 end
           returning ${COLUMNS}`,
          [
            backendId,
            list.map((i) => i.kind),
            list.map((i) => i.amazonKey),
            list.map((i) => i.erpModel),
            list.map((i) => i.erpId),
            list.map((i) => iso(i.amazonUpdatedAt)),
            list.map((i) => i.erpWriteDate ?? null),
            list.map((i) => i.payloadHash ?? null),
            list.map((i) => (i.state == null ? null : JSON.stringify(i.state))),
            list.map((i) => i.state === undefined),
          ],
        );
        return rows;
      } catch (e) {
        if (isUniqueViolation(e, 'binding_erp_side_document_unique')) {
          throw new ConflictError('BINDING_CONFLICT', 'an ERP document is already bound to another Amazon document', {
            backendId,
            detail: (e as { detail?: string }).detail,
          });
        }
        throw e;
      }
    },
    async unbind(backendId, kind, amazonKey) {
      const r = await db.query('delete from binding where backend_id = $1 and kind = $2 and amazon_key = $3', [
        backendId,
        kind,
        amazonKey,
      ]);
      return (r.rowCount ?? 0) > 0;
    },
    async unbindMany(backendId, kind, amazonKeys) {
      if (amazonKeys.length === 0) return [];
      const { rows } = await db.query<Binding>(
        `delete from binding where backend_id = $1 and kind = $2 and amazon_key = any($3::text[]) returning ${COLUMNS}`,
        [backendId, kind, [...amazonKeys]],
      );
      return rows;
    },
    async listKind(backendId, kind) {
      const { rows } = await db.query<Binding>(
        `select ${COLUMNS} from binding where backend_id = $1 and kind = $2 order by amazon_key`,
        [backendId, kind],
      );
      return rows;
    },
    async count(backendId, kind) {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from binding where backend_id = $1 and kind = $2', [backendId, kind]);
      return rows[0]?.n ?? 0;
    },
  };
  return binder;
}
