/**
 * `fba_stock_drift`: the differences a snapshot found, one row per ERP product and location. A new snapshot of a
 * pool supersedes its open rows (the figures they were computed from are gone); a row leaves `open` once, to
 * `applied` (its count is in the ERP) or `superseded`, by a conditional update, so it is never applied twice.
 */
import type { Queryable } from '../../../core/sql.ts';
import type { DriftCause, DriftLine } from '../compare/compare-stock.ts';

export type DriftState = 'open' | 'applied' | 'superseded';

export interface DriftRow extends DriftLine {
  id: number;
  backendId: number;
  pool: string;
  locationId: number;
  snapshotAt: Date;
  state: DriftState;
  appliedBy: string | null;
  appliedAt: Date | null;
}

/** Supersedes the pool's open rows and inserts `lines` as open; returns the new rows. In the caller's transaction. */
export async function replaceDrift(tx: Queryable, backendId: number, pool: string, snapshotAt: Date, lines: ReadonlyArray<DriftLine & { locationId: number }>): Promise<DriftRow[]> {
  await tx.query(`update fba_stock_drift set state = 'superseded' where backend_id = $1 and pool = $2 and state = 'open'`, [backendId, pool]);
  if (!lines.length) return [];
  const { rows } = await tx.query<DbRow>(
    `insert into fba_stock_drift (backend_id, pool, snapshot_at, product_id, location, location_id, skus, amazon_qty, expected_min, expected_max,
       erp_qty, target_qty, difference, cause, state)
     select $1, $2, $3, x.product_id, x.location, x.location_id, string_to_array(x.skus, chr(31)), x.amazon_qty, x.expected_min, x.expected_max,
       x.erp_qty, x.target_qty, x.difference, x.cause, 'open'
       from unnest($4::int[], $5::text[], $6::int[], $7::text[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[], $14::text[])
         as x(product_id, location, location_id, skus, amazon_qty, expected_min, expected_max, erp_qty, target_qty, difference, cause)
     returning ${SELECT}`,
    [backendId, pool, snapshotAt, lines.map((l) => l.productId), lines.map((l) => l.location), lines.map((l) => l.locationId),
      lines.map((l) => l.skus.join('\u001f')), lines.map((l) => l.amazonQty), lines.map((l) => l.expectedMin), lines.map((l) => l.expectedMax),
      lines.map((l) => l.erpQty), lines.map((l) => l.targetQty), lines.map((l) => l.difference), lines.map((l) => l.cause)],
  );
  return rows.map(toDrift);
}

/** Marks a row applied (once: false when it was no longer open). */
export async function markApplied(tx: Queryable, id: number, by: string): Promise<boolean> {
  const r = await tx.query(`update fba_stock_drift set state = 'applied', applied_by = $2, applied_at = now() where id = $1 and state = 'open'`, [id, by]);
  return (r.rowCount ?? 0) > 0;
}

/** Marks a row superseded (its figures are stale). */
export async function markSuperseded(tx: Queryable, id: number): Promise<void> {
  await tx.query(`update fba_stock_drift set state = 'superseded' where id = $1 and state = 'open'`, [id]);
}

export async function driftById(db: Queryable, backendId: number, id: number): Promise<DriftRow | null> {
  const { rows } = await db.query<DbRow>(`select ${SELECT} from fba_stock_drift where backend_id = $1 and id = $2`, [backendId, id]);
  return rows[0] ? toDrift(rows[0]) : null;
}

/** A backend's drift rows, newest first (filters: pool, state). */
export async function listDrift(db: Queryable, backendId: number, f: { pool?: string; state?: DriftState; limit: number; beforeId?: number }): Promise<DriftRow[]> {
  const { rows } = await db.query<DbRow>(
    `select ${SELECT} from fba_stock_drift
      where backend_id = $1 and ($2::text is null or pool = $2) and ($3::text is null or state = $3) and ($5::bigint is null or id < $5)
      order by id desc limit $4`,
    [backendId, f.pool ?? null, f.state ?? null, f.limit, f.beforeId ?? null],
  );
  return rows.map(toDrift);
}

const SELECT = `id, backend_id, pool, snapshot_at, product_id, location, location_id, skus, amazon_qty, expected_min, expected_max, erp_qty,
  target_qty, difference, cause, state, applied_by, applied_at`;

type DbRow = {
  id: string; backend_id: number; pool: string; snapshot_at: Date; product_id: number; location: 'stock' | 'unsellable'; location_id: number;
  skus: string[]; amazon_qty: number; expected_min: number; expected_max: number; erp_qty: number; target_qty: number; difference: number;
  cause: string; state: DriftState; applied_by: string | null; applied_at: Date | null;
};

const toDrift = (r: DbRow): DriftRow => ({
  id: Number(r.id), backendId: r.backend_id, pool: r.pool, snapshotAt: r.snapshot_at, productId: r.product_id, location: r.location,
  locationId: r.location_id, skus: r.skus, amazonQty: r.amazon_qty, expectedMin: r.expected_min, expectedMax: r.expected_max, erpQty: r.erp_qty,
  targetQty: r.target_qty, difference: r.difference, cause: r.cause as DriftCause, state: r.state, appliedBy: r.applied_by, appliedAt: r.applied_at,
});
