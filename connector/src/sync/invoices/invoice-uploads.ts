/**
 * The upload columns of `invoice_request` (the PDF of its invoice to Amazon, `invoices.uploadVatInvoices`): the only
 * code that reads and writes them. A request's upload is null (not asked: the setting was off when it was
 * invoiced, or it has no invoice of its own), `pending` (its PDF is to be had from the ERP and queued), `queued`
 * (in the Feeds core's queue or sent, `upload_key` says which message), `uploaded` (Amazon accepted it) or
 * `conflict` (`upload_code`: the PDF could not be had, Amazon refused it, or its outcome is unknown).
 */
import type { Queryable } from '../../core/sql.ts';

export type UploadState = 'pending' | 'queued' | 'uploaded' | 'conflict';

export interface UploadRow {
  id: number;
  shipmentKey: string;
  amazonOrderId: string;
  moveId: number;
  invoiceName: string | null;
  uploadAttempt: number;
  uploadKey: string | null;
}

const COLUMNS = `id::int as "id", shipment_key as "shipmentKey", amazon_order_id as "amazonOrderId", move_id as "moveId",
  invoice_name as "invoiceName", upload_attempt as "uploadAttempt", upload_key as "uploadKey"`;

/** Asks the upload of the requests' invoices (those not asked yet: a repeat changes nothing). */
export async function askUploads(tx: Queryable, ids: readonly number[]): Promise<number> {
  if (!ids.length) return 0;
  const { rowCount } = await tx.query(
    `update invoice_request set upload_state = 'pending', updated_at = now()
     where id = any($1::bigint[]) and upload_state is null and move_id is not null`,
    [[...ids]],
  );
  return rowCount ?? 0;
}

/** The oldest pending uploads of a backend. */
export async function pendingUploads(db: Queryable, backendId: number, limit: number): Promise<UploadRow[]> {
  const { rows } = await db.query(
    `select ${COLUMNS} from invoice_request where backend_id = $1 and upload_state = 'pending' order by id limit $2`,
    [backendId, limit],
  );
  return rows as UploadRow[];
}

/** Requests by the feed message key their upload went with. */
export async function uploadsByKeys(db: Queryable, backendId: number, keys: readonly string[]): Promise<UploadRow[]> {
  if (!keys.length) return [];
  const { rows } = await db.query(
    `select ${COLUMNS} from invoice_request where backend_id = $1 and upload_key = any($2::text[]) order by id`,
    [backendId, [...keys]],
  );
  return rows as UploadRow[];
}

/** Moves uploads on: queued with their message key, uploaded, or in conflict with a code and message. */
export async function setUploads(
  tx: Queryable,
  updates: ReadonlyArray<{ id: number; state: UploadState; key?: string; code?: string | null; message?: string | null }>,
): Promise<void> {
  if (!updates.length) return;
  await tx.query(
    `update invoice_request r set upload_state = u.state, upload_key = coalesce(u.key, r.upload_key), upload_code = u.code,
       upload_message = u.message, updated_at = now()
     from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) as u(id, state, key, code, message)
     where r.id = u.id`,
    [updates.map((u) => u.id), updates.map((u) => u.state), updates.map((u) => u.key ?? null), updates.map((u) => u.code ?? null), updates.map((u) => u.message ?? null)],
  );
}

/**
 * Puts uploads in conflict back to pending (a conflict resolved with "retry"). One that went to Amazon takes the
 * next attempt: its message gets a new key, since the refused one is Amazon's answer on record.
 */
export async function requeueUploads(tx: Queryable, backendId: number, shipmentKeys: readonly string[]): Promise<number> {
  const { rowCount } = await tx.query(
    `update invoice_request set upload_state = 'pending', upload_code = null, upload_message = null,
       upload_attempt = upload_attempt + case when upload_key is null then 0 else 1 end, upload_key = null, updated_at = now()
     where backend_id = $1 and shipment_key = any($2::text[]) and upload_state = 'conflict'`,
    [backendId, [...shipmentKeys]],
  );
  return rowCount ?? 0;
}

/** Backends with pending uploads (the safety net's round). */
export async function backendsUploading(db: Queryable): Promise<number[]> {
  const { rows } = await db.query(`select distinct backend_id as "backendId" from invoice_request where upload_state = 'pending'`);
  return (rows as Array<{ backendId: number }>).map((r) => r.backendId);
}
