/**
 * The `invoice_request` rows: one per (backend, shipment key), written by `requestInvoice` in the caller's
 * transaction, moved along by the invoice task. The only code that reads and writes the table.
 */
import type { Queryable } from '../../core/sql.ts';

/** waiting: to do; invoiced: its invoice is posted; covered: nothing new was left to invoice (an earlier invoice
 * covers it); ignored: shipped before the flow's cut-over; conflict: a person must look (its code); failed: the ERP kept failing (retry from the API). */
export type InvoiceRequestState = 'waiting' | 'invoiced' | 'covered' | 'ignored' | 'conflict' | 'failed';

export interface InvoiceRequestRow {
  id: number;
  backendId: number;
  shipmentKey: string;
  amazonOrderId: string;
  shipDate: Date;
  state: InvoiceRequestState;
  code: string | null;
  message: string | null;
  moveId: number | null;
  invoiceName: string | null;
  /** The PDF's upload to Amazon (invoice-uploads.ts): null when not asked. */
  uploadState: string | null;
  uploadCode: string | null;
  uploadMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id::int as "id", backend_id as "backendId", shipment_key as "shipmentKey", amazon_order_id as "amazonOrderId",
  ship_date as "shipDate", state, code, message, move_id as "moveId", invoice_name as "invoiceName",
  upload_state as "uploadState", upload_code as "uploadCode", upload_message as "uploadMessage", created_at as "createdAt", updated_at as "updatedAt"`;

/** Stores a request once; true when it is new (a repeat of the same shipment key changes nothing). */
export async function insertRequest(db: Queryable, r: { backendId: number; shipmentKey: string; amazonOrderId: string; shipDate: Date }): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into invoice_request (backend_id, shipment_key, amazon_order_id, ship_date) values ($1, $2, $3, $4)
     on conflict (backend_id, shipment_key) do nothing`,
    [r.backendId, r.shipmentKey, r.amazonOrderId, r.shipDate.toISOString()],
  );
  return (rowCount ?? 0) > 0;
}

/** The oldest waiting requests of a backend (at most `limit`). */
export async function waitingRequests(db: Queryable, backendId: number, limit: number): Promise<InvoiceRequestRow[]> {
  const { rows } = await db.query(
    `select ${COLUMNS} from invoice_request where backend_id = $1 and state = 'waiting' order by id limit $2`,
    [backendId, limit],
  );
  return rows as InvoiceRequestRow[];
}

/** Requests by id, fresh (after their orders were locked: another worker may have finished them meanwhile). */
export async function requestsById(db: Queryable, ids: readonly number[]): Promise<InvoiceRequestRow[]> {
  if (!ids.length) return [];
  const { rows } = await db.query(`select ${COLUMNS} from invoice_request where id = any($1::bigint[]) order by id`, [[...ids]]);
  return rows as InvoiceRequestRow[];
}

/** Every request of some orders of a backend (the API's per-order view, and which invoices are bound already). */
export async function requestsOfOrders(db: Queryable, backendId: number, amazonOrderIds: readonly string[]): Promise<InvoiceRequestRow[]> {
  if (!amazonOrderIds.length) return [];
  const { rows } = await db.query(
    `select ${COLUMNS} from invoice_request where backend_id = $1 and amazon_order_id = any($2::text[]) order by id`,
    [backendId, [...amazonOrderIds]],
  );
  return rows as InvoiceRequestRow[];
}

/** A request's shipment key by ERP invoice (the invoices already bound among `moveIds`). */
export async function boundMoves(db: Queryable, backendId: number, moveIds: readonly number[]): Promise<Map<number, string>> {
  if (!moveIds.length) return new Map();
  const { rows } = await db.query(
    `select move_id as "moveId", shipment_key as "shipmentKey" from invoice_request where backend_id = $1 and move_id = any($2::int[])`,
    [backendId, [...moveIds]],
  );
  return new Map((rows as Array<{ moveId: number; shipmentKey: string }>).map((r) => [r.moveId, r.shipmentKey]));
}

export interface RequestUpdate {
  id: number;
  state: InvoiceRequestState;
  code?: string | null;
  message?: string | null;
  /** Kept when omitted. */
  moveId?: number | null;
  invoiceName?: string | null;
}

/** Writes the outcome of many requests in one statement. */
export async function updateRequests(db: Queryable, updates: readonly RequestUpdate[]): Promise<void> {
  if (!updates.length) return;
  await db.query(
    `update invoice_request r set state = u.state, code = u.code, message = u.message,
       move_id = case when u.keep_move then r.move_id else u.move_id end,
       invoice_name = coalesce(u.invoice_name, case when u.keep_move then r.invoice_name end),
       updated_at = now()
     from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bool[], $7::text[])
       as u(id, state, code, message, move_id, keep_move, invoice_name)
     where r.id = u.id`,
    [
      updates.map((u) => u.id),
      updates.map((u) => u.state),
      updates.map((u) => u.code ?? null),
      updates.map((u) => u.message ?? null),
      updates.map((u) => u.moveId ?? null),
      updates.map((u) => u.moveId === undefined),
      updates.map((u) => u.invoiceName ?? null),
    ],
  );
}

/** Puts requests back in the queue (a conflict resolved with "retry", a failed one retried). */
export async function requeueRequests(db: Queryable, backendId: number, shipmentKeys: readonly string[]): Promise<number> {
  const { rowCount } = await db.query(
    `update invoice_request set state = 'waiting', code = null, message = null, updated_at = now()
     where backend_id = $1 and shipment_key = any($2::text[]) and state in ('conflict', 'failed')`,
    [backendId, [...shipmentKeys]],
  );
  return rowCount ?? 0;
}

/** Requests per state for each backend (the flow's status counts). */
export async function requestCounts(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>();
  if (!backendIds.length) return out;
  const { rows } = await db.query(
    `select backend_id as "backendId", state, count(*)::int as n from invoice_request where backend_id = any($1::int[]) group by 1, 2`,
    [[...backendIds]],
  );
  for (const r of rows as Array<{ backendId: number; state: string; n: number }>) {
    const counts = out.get(r.backendId) ?? {};
    counts[r.state] = r.n;
    out.set(r.backendId, counts);
  }
  return out;
}

/** Requests of a backend, newest first, optionally of one order or in one state (the API's list). */
export async function listRequests(db: Queryable, backendId: number, q: { amazonOrderId?: string | undefined; state?: string | undefined; limit: number }): Promise<InvoiceRequestRow[]> {
  const { rows } = await db.query(
    `select ${COLUMNS} from invoice_request where backend_id = $1 and ($2::text is null or amazon_order_id = $2)
       and ($3::text is null or state = $3) order by id desc limit $4`,
    [backendId, q.amazonOrderId ?? null, q.state ?? null, q.limit],
  );
  return rows as InvoiceRequestRow[];
}

/** Backends with waiting requests (the safety net's round). */
export async function backendsWaiting(db: Queryable): Promise<number[]> {
  const { rows } = await db.query(`select distinct backend_id as "backendId" from invoice_request where state = 'waiting'`);
  return (rows as Array<{ backendId: number }>).map((r) => r.backendId);
}
