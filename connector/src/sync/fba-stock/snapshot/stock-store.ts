/**
 * `fba_stock` and `fba_stock_snapshot`: Amazon's figures per backend, pool and SKU as the last snapshot read
 * them, and when each pool was last read. A snapshot replaces its pool's rows in one transaction (a SKU Amazon no
 * longer lists leaves with it), so a reader never sees two snapshots mixed.
 */
import type { Queryable } from '../../../core/sql.ts';
import type { InventorySummary } from '../../../amazon/fba-inventory-api.ts';
import type { SkuFigures } from '../compare/compare-stock.ts';

/** One stored SKU. */
export interface StockRow extends SkuFigures {
  pool: string;
  asin: string | null;
  fnSku: string | null;
  reservedTotal: number;
  total: number;
  snapshotAt: Date;
}

const n = (v: number | undefined): number => v ?? 0;

/** The row of one summary (null without a seller SKU: nothing to map it to). */
export function rowOf(pool: string, s: InventorySummary, snapshotAt: Date): StockRow | null {
  if (!s.sellerSku) return null;
  const d = s.inventoryDetails ?? {};
  const r = d.reservedQuantity ?? {};
  const updated = s.lastUpdatedTime ? new Date(s.lastUpdatedTime) : null;
  return {
    pool, sellerSku: s.sellerSku, asin: s.asin ?? null, fnSku: s.fnSku ?? null,
    fulfillable: n(d.fulfillableQuantity), inboundWorking: n(d.inboundWorkingQuantity), inboundShipped: n(d.inboundShippedQuantity),
    inboundReceiving: n(d.inboundReceivingQuantity), reservedTotal: n(r.totalReservedQuantity),
    reservedPendingCustomerOrder: n(r.pendingCustomerOrderQuantity), reservedPendingTransshipment: n(r.pendingTransshipmentQuantity),
    reservedFcProcessing: n(r.fcProcessingQuantity), researching: n(d.researchingQuantity?.totalResearchingQuantity),
    unfulfillable: n(d.unfulfillableQuantity?.totalUnfulfillableQuantity), total: n(s.totalQuantity),
    amazonUpdatedAt: updated && !Number.isNaN(updated.getTime()) ? updated : null, snapshotAt,
  };
}

const COLUMNS = ['seller_sku', 'asin', 'fn_sku', 'fulfillable', 'inbound_working', 'inbound_shipped', 'inbound_receiving', 'reserved_total',
  'reserved_pending_customer_order', 'reserved_pending_transshipment', 'reserved_fc_processing', 'researching', 'unfulfillable', 'total', 'amazon_updated_at'] as const;
const TYPES = ['text', 'text', 'text', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'timestamptz'];
const valuesOf = (r: StockRow): unknown[] => [r.sellerSku, r.asin, r.fnSku, r.fulfillable, r.inboundWorking, r.inboundShipped, r.inboundReceiving,
  r.reservedTotal, r.reservedPendingCustomerOrder, r.reservedPendingTransshipment, r.reservedFcProcessing, r.researching, r.unfulfillable, r.total, r.amazonUpdatedAt];

/** Replaces the pool's rows with `rows` and records the snapshot; run inside the caller's transaction. */
export async function replacePoolStock(tx: Queryable, backendId: number, pool: string, snap: { marketplaceId: string; takenAt: Date; restarts: number }, rows: readonly StockRow[]): Promise<void> {
  await tx.query(`delete from fba_stock where backend_id = $1 and pool = $2`, [backendId, pool]);
  const arrays = COLUMNS.map((_, c) => rows.map((r) => valuesOf(r)[c]));
  const unnest = COLUMNS.map((_, c) => `$${c + 4}::${TYPES[c]}[]`).join(', ');
  if (rows.length) {
    await tx.query(
      `insert into fba_stock (backend_id, pool, snapshot_at, ${COLUMNS.join(', ')}) select $1, $2, $3, * from unnest(${unnest})`,
      [backendId, pool, snap.takenAt, ...arrays],
    );
  }
  await tx.query(
    `insert into fba_stock_snapshot (backend_id, pool, marketplace_id, taken_at, sku_count, restarts) values ($1, $2, $3, $4, $5, $6)
     on conflict (backend_id, pool) do update set marketplace_id = excluded.marketplace_id, taken_at = excluded.taken_at,
       sku_count = excluded.sku_count, restarts = excluded.restarts`,
    [backendId, pool, snap.marketplaceId, snap.takenAt, rows.length, snap.restarts],
  );
}

type DbRow = Record<(typeof COLUMNS)[number] | 'pool' | 'snapshot_at', unknown>;
const toRow = (r: DbRow): StockRow => ({
  pool: r.pool as string, sellerSku: r.seller_sku as string, asin: r.asin as string | null, fnSku: r.fn_sku as string | null,
  fulfillable: r.fulfillable as number, inboundWorking: r.inbound_working as number, inboundShipped: r.inbound_shipped as number,
  inboundReceiving: r.inbound_receiving as number, reservedTotal: r.reserved_total as number,
  reservedPendingCustomerOrder: r.reserved_pending_customer_order as number, reservedPendingTransshipment: r.reserved_pending_transshipment as number,
  reservedFcProcessing: r.reserved_fc_processing as number, researching: r.researching as number, unfulfillable: r.unfulfillable as number,
  total: r.total as number, amazonUpdatedAt: r.amazon_updated_at as Date | null, snapshotAt: r.snapshot_at as Date,
});

/** The stored SKUs of a backend (one pool, or all; one SKU when given), by pool and SKU. */
export async function storedStock(db: Queryable, backendId: number, filter: { pool?: string; sellerSku?: string; limit?: number; after?: { pool: string; sellerSku: string } } = {}): Promise<StockRow[]> {
  const { rows } = await db.query<DbRow>(
    `select pool, snapshot_at, ${COLUMNS.join(', ')} from fba_stock
      where backend_id = $1 and ($2::text is null or pool = $2) and ($3::text is null or seller_sku = $3)
        and ($5::text is null or (pool, seller_sku) > ($5, $6::text))
      order by pool, seller_sku limit $4`,
    [backendId, filter.pool ?? null, filter.sellerSku ?? null, filter.limit ?? 10_000, filter.after?.pool ?? null, filter.after?.sellerSku ?? null],
  );
  return rows.map(toRow);
}

export interface SnapshotInfo {
  pool: string;
  marketplaceId: string;
  takenAt: Date;
  skuCount: number;
  restarts: number;
}

/** Each pool's last snapshot of a backend. */
export async function lastSnapshots(db: Queryable, backendId: number): Promise<SnapshotInfo[]> {
  const { rows } = await db.query<{ pool: string; marketplace_id: string; taken_at: Date; sku_count: number; restarts: number }>(
    `select pool, marketplace_id, taken_at, sku_count, restarts from fba_stock_snapshot where backend_id = $1 order by pool`,
    [backendId],
  );
  return rows.map((r) => ({ pool: r.pool, marketplaceId: r.marketplace_id, takenAt: r.taken_at, skuCount: r.sku_count, restarts: r.restarts }));
}
