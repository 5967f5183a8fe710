/**
 * The `fba_return_row` table: each returned FBA unit row of Amazon's customer returns report, staged by the report
 * handler (inside the Reports core's delivering transaction) and read by the row's task. A report read twice
 * changes nothing; a report showing another disposition bumps the row's `revision` (the task then moves the unit).
 */
import type { Queryable } from '../../core/sql.ts';

export interface ReturnRow {
  rowKey: string;
  orderId: string;
  sku: string;
  fnsku: string | null;
  licensePlate: string | null;
  marketplaceId: string;
  returnDate: Date;
  quantity: number;
  disposition: string;
  status: string | null;
  reason: string | null;
  fulfillmentCenterId: string | null;
  revision: number;
  /** Where the ERP has the unit: null until returned. */
  erpLocation: 'stock' | 'unsellable' | null;
}

export type StagedRow = Omit<ReturnRow, 'revision' | 'erpLocation'>;

const COLUMNS = `row_key as "rowKey", order_id as "orderId", sku, fnsku, license_plate as "licensePlate", marketplace_id as "marketplaceId",
  return_date as "returnDate", quantity, disposition, status, reason, fulfillment_center_id as "fulfillmentCenterId", revision, erp_location as "erpLocation"`;

/**
 * Stages rows (one statement): new ones inserted, known ones updated only when their disposition or status differ
 * (a changed disposition bumps the revision). Answers the keys that are new or whose disposition changed.
 */
export async function stageReturnRows(tx: Queryable, backendId: number, rows: readonly StagedRow[]): Promise<Array<{ rowKey: string; revision: number; inserted: boolean }>> {
  if (!rows.length) return [];
  // One copy per key (a batch may hold a row twice): the last wins, as a later line of the report would.
  const unique = [...new Map(rows.map((r) => [r.rowKey, r])).values()];
  const col = <K extends keyof StagedRow>(k: K) => unique.map((r) => r[k]);
  // The CTE reads the rows as they were before this statement: a revision differing from it is a new disposition
  // (a status-only change, e.g. "Reimbursed", is stored but moves nothing).
  const { rows: out } = await tx.query<{ rowKey: string; revision: number; inserted: boolean }>(
    `with old as (select row_key, revision from fba_return_row where backend_id = $1 and row_key = any($2::text[])),
     up as (
       insert into fba_return_row as r (backend_id, row_key, order_id, sku, fnsku, license_plate, marketplace_id, return_date, quantity, disposition, status, reason, fulfillment_center_id)
       select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::int[], $10::text[], $11::text[], $12::text[], $13::text[])
       on conflict (backend_id, row_key) do update set
         revision = r.revision + (case when r.disposition <> excluded.disposition then 1 else 0 end),
         disposition = excluded.disposition, status = excluded.status, updated_at = now()
        where r.disposition <> excluded.disposition or r.status is distinct from excluded.status
       returning row_key, revision)
     select up.row_key as "rowKey", up.revision, old.row_key is null as inserted from up left join old using (row_key)
      where old.row_key is null or old.revision <> up.revision`,
    [backendId, col('rowKey'), col('orderId'), col('sku'), col('fnsku'), col('licensePlate'), col('marketplaceId'), col('returnDate'), col('quantity'), col('disposition'), col('status'), col('reason'), col('fulfillmentCenterId')],
  );
  return out;
}

export async function getReturnRow(db: Queryable, backendId: number, rowKey: string): Promise<ReturnRow | null> {
  const { rows } = await db.query<ReturnRow>(`select ${COLUMNS} from fba_return_row where backend_id = $1 and row_key = $2`, [backendId, rowKey]);
  return rows[0] ?? null;
}

/** Records where the ERP now has the unit (after its return or a move). */
export async function setErpLocation(db: Queryable, backendId: number, rowKey: string, role: 'stock' | 'unsellable'): Promise<void> {
  await db.query(`update fba_return_row set erp_location = $3, updated_at = now() where backend_id = $1 and row_key = $2`, [backendId, rowKey, role]);
}

/** Earlier rows of the same order and SKU (their units count against what the delivery shipped). */
export async function unitsReturnedBefore(db: Queryable, backendId: number, row: ReturnRow): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select coalesce(sum(quantity), 0)::int as n from fba_return_row where backend_id = $1 and order_id = $2 and sku = $3 and erp_location is not null and row_key <> $4`,
    [backendId, row.orderId, row.sku, row.rowKey],
  );
  return rows[0]!.n;
}
