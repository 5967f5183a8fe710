/**
 * `order_cancellation`: one row per Amazon order the flow handles, the one place saying why (Amazon cancelled it,
 * or the buyer asked), what was decided and by whom, whether the ERP order was cancelled, and what the ERP ->
 * Amazon part must send: `sellerCancelReason` (BuyerCanceled once the seller accepted a buyer's request) and
 * `amazonCancelled` (Amazon cancelled the order itself: nothing is ever sent back). See README.md.
 */
import type { Queryable } from '../../core/sql.ts';

export type CancellationSource = 'amazon' | 'buyer_request';
/** pending: to cancel in the ERP; requested: a buyer request to note; asked: noted, a person decides; kept: ship it. */
export type CancellationState = 'pending' | 'requested' | 'asked' | 'cancelled' | 'conflict' | 'kept';

/** What the flow keeps of Amazon's order (no buyer data): its status and its items' cancellation facts. */
export interface AmazonCancelFacts {
  amazonOrderId: string;
  fulfillmentStatus: string;
  items: Array<{ orderItemId: string; quantityOrdered: number; requester?: string | null; cancelledBy?: string | null; reason?: string | null }>;
}

export interface CancellationRow {
  backendId: number;
  amazonOrderId: string;
  source: CancellationSource;
  state: CancellationState;
  decision: 'auto' | 'cancel_in_erp' | 'keep' | null;
  decidedBy: string | null;
  amazonCancelled: boolean;
  sellerCancelReason: string | null;
  requestReason: string | null;
  erpOrderId: number | null;
  erpCancelledAt: Date | null;
  noteStartedAt: Date | null;
  notedAt: Date | null;
  amazon: AmazonCancelFacts | Record<string, never>;
}

const COLUMNS = `backend_id as "backendId", amazon_order_id as "amazonOrderId", source, state, decision, decided_by as "decidedBy",
  amazon_cancelled as "amazonCancelled", seller_cancel_reason as "sellerCancelReason", request_reason as "requestReason",
  erp_order_id as "erpOrderId", erp_cancelled_at as "erpCancelledAt", note_started_at as "noteStartedAt", noted_at as "notedAt", amazon`;

/** The row of one order, or null. */
export async function cancellationOf(db: Queryable, backendId: number, amazonOrderId: string): Promise<CancellationRow | null> {
  const { rows } = await db.query<CancellationRow>(`select ${COLUMNS} from order_cancellation where backend_id = $1 and amazon_order_id = $2`, [backendId, amazonOrderId]);
  return rows[0] ?? null;
}

/**
 * Amazon cancelled these imported orders: a row each, pending (the cancel task cancels the ERP order when `decision`
 * is 'auto', or asks a person when null: the setting `ask`); a buyer's request not decided yet becomes Amazon's
 * cancellation; an order already handled (cancelled in the ERP, a decision taken) only learns that Amazon cancelled
 * it. Returns the orders whose row is new or pending (the caller enqueues their cancel jobs).
 */
export async function noteAmazonCancelled(db: Queryable, backendId: number, facts: readonly AmazonCancelFacts[], decision: 'auto' | null): Promise<string[]> {
  if (!facts.length) return [];
  const { rows } = await db.query<{ id: string; fresh: boolean }>(
    `insert into order_cancellation as c (backend_id, amazon_order_id, source, state, decision, amazon_cancelled, amazon)
       select $1, f.id, 'amazon', 'pending', $3::text, true, f.amazon from unnest($2::text[], $4::jsonb[]) as f(id, amazon)
     on conflict (backend_id, amazon_order_id) do update set
       amazon_cancelled = true, amazon = excluded.amazon, updated_at = now(),
       source = case when c.state in ('requested', 'asked') then 'amazon' else c.source end,
       decision = case when c.state in ('requested', 'asked') then excluded.decision else c.decision end,
       state = case when c.state in ('requested', 'asked') then 'pending' else c.state end
     returning amazon_order_id as id, state = 'pending' as fresh`,
    [backendId, facts.map((f) => f.amazonOrderId), decision, facts.map((f) => JSON.stringify(f))],
  );
  return rows.filter((r) => r.fresh).map((r) => r.id);
}

/**
 * The buyer asked to cancel these imported orders: a row each the first time (one note per request). Returns the
 * orders whose request is still to note (new, or left by a dry run): the task notes each once.
 */
export async function noteBuyerRequests(db: Queryable, backendId: number, facts: readonly (AmazonCancelFacts & { reason: string | null })[]): Promise<string[]> {
  if (!facts.length) return [];
  const { rows } = await db.query<{ id: string }>(
    `insert into order_cancellation as c (backend_id, amazon_order_id, source, state, request_reason, amazon)
       select $1, f.id, 'buyer_request', 'requested', f.reason, f.amazon from unnest($2::text[], $3::text[], $4::jsonb[]) as f(id, reason, amazon)
     on conflict (backend_id, amazon_order_id) do update set updated_at = now() where c.state = 'requested'
     returning amazon_order_id as id`,
    [backendId, facts.map((f) => f.amazonOrderId), facts.map((f) => f.reason), facts.map((f) => JSON.stringify(f))],
  );
  return rows.map((r) => r.id);
}

/** A person's decision on the order (a conflict action): to cancel in the ERP (with the reason Amazon is told) or keep it. */
export async function decide(
  db: Queryable,
  backendId: number,
  amazonOrderId: string,
  d: { decision: 'cancel_in_erp' | 'keep'; by: string; source: CancellationSource; sellerCancelReason: string | null; amazonCancelled: boolean },
): Promise<void> {
  await db.query(
    `insert into order_cancellation as c (backend_id, amazon_order_id, source, state, decision, decided_by, seller_cancel_reason, amazon_cancelled)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (backend_id, amazon_order_id) do update set
       state = excluded.state, decision = excluded.decision, decided_by = excluded.decided_by,
       seller_cancel_reason = excluded.seller_cancel_reason, amazon_cancelled = c.amazon_cancelled or excluded.amazon_cancelled, updated_at = now()`,
    [backendId, amazonOrderId, d.source, d.decision === 'keep' ? 'kept' : 'pending', d.decision, d.by, d.sellerCancelReason, d.amazonCancelled],
  );
}

/** Moves the row on (after the ERP work), with the facts that came with it. */
export async function updateCancellation(
  db: Queryable,
  backendId: number,
  amazonOrderId: string,
  set: Partial<Pick<CancellationRow, 'state' | 'erpOrderId' | 'erpCancelledAt' | 'noteStartedAt' | 'notedAt'>>,
): Promise<void> {
  const cols: Record<string, string> = { state: 'state', erpOrderId: 'erp_order_id', erpCancelledAt: 'erp_cancelled_at', noteStartedAt: 'note_started_at', notedAt: 'noted_at' };
  const entries = Object.entries(set).filter(([, v]) => v !== undefined);
  if (!entries.length) return;
  await db.query(
    `update order_cancellation set ${entries.map(([k], i) => `${cols[k]} = $${i + 3}`).join(', ')}, updated_at = now() where backend_id = $1 and amazon_order_id = $2`,
    [backendId, amazonOrderId, ...entries.map(([, v]) => v)],
  );
}
