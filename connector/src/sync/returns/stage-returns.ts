/**
 * The returns report's row handler (the Reports core calls it inside the transaction that marks the report
 * delivered, `ctx.tx`): each row staged in `merchant_return` by (backend, order, RMA, SKU) with `on conflict`, so a
 * report delivered again (a crash mid-way) or re-read for its overlap changes a row only when Amazon's content
 * changed; each new or changed return gets its record state and one `returns:receive` job, in the same
 * transaction. No ERP call here: the job does that.
 */
import { createRecordStateStore } from '../../core/record-state/index.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import type { Queryable } from '../../core/sql.ts';
import type { FlatFileRow, ReportRowsContext } from '../frame/reports/index.ts';
import { stagedReturnOf, type StagedReturn } from './return-row.ts';
import { RETURNS_FLOW, returnKey, Tasks, type ReturnRef } from './returns.payloads.ts';

/** Queues the return-picking task of a return (one queued job per return). */
export const enqueueReceive = (db: Queryable, backendId: number, r: ReturnRef) =>
  enqueue(db, Tasks.receive, { backendId, orderId: r.orderId, rmaId: r.rmaId, sku: r.sku }, { jobKey: `${Tasks.receive}:${backendId}:${returnKey(r)}` });

/** States the task has settled: a changed row queues the task again (it may validate) without showing `queued`. */
const SETTLED = new Set(['waiting', 'received']);

export async function stageReturns(backendId: number, rows: readonly FlatFileRow[], ctx: Pick<ReportRowsContext, 'tx' | 'marketplaceId' | 'requestId'>): Promise<{ changed: number; retried: number; skipped: number }> {
  // The last copy of a key in the batch wins (a report may list a return twice).
  const byKey = new Map<string, StagedReturn>();
  let skipped = 0;
  for (const row of rows) {
    const r = stagedReturnOf(row, ctx.marketplaceId);
    if (r.ok) byKey.set(returnKey(r.value), r.value);
    else skipped++;
  }
  if (!byKey.size) return { changed: 0, retried: 0, skipped };
  const staged = [...byKey.values()];
  const { rows: changed } = await ctx.tx.query(
    `insert into merchant_return as m (backend_id, order_id, rma_id, sku, marketplace_id, status, quantity, reason, requested_at, delivered_at,
        refunded_minor, currency, content_hash, report_request_id)
     select $1, x.order_id, x.rma_id, x.sku, x.marketplace_id, x.status, x.quantity, x.reason, x.requested_at, x.delivered_at, x.refunded_minor,
        x.currency, x.content_hash, $3
       from jsonb_to_recordset($2::jsonb) as x(order_id text, rma_id text, sku text, marketplace_id text, status text, quantity int, reason text,
        requested_at timestamptz, delivered_at timestamptz, refunded_minor bigint, currency text, content_hash text)
     on conflict (backend_id, order_id, rma_id, sku) do update set marketplace_id = excluded.marketplace_id, status = excluded.status,
        quantity = excluded.quantity, reason = excluded.reason, requested_at = excluded.requested_at, delivered_at = excluded.delivered_at,
        refunded_minor = excluded.refunded_minor, currency = excluded.currency, content_hash = excluded.content_hash,
        report_request_id = excluded.report_request_id, updated_at = now()
      where m.content_hash is distinct from excluded.content_hash
     returning order_id, rma_id, sku`,
    [backendId, JSON.stringify(staged.map((s) => ({
      order_id: s.orderId, rma_id: s.rmaId, sku: s.sku, marketplace_id: s.marketplaceId, status: s.status, quantity: s.quantity, reason: s.reason,
      requested_at: s.requestedAt, delivered_at: s.deliveredAt, refunded_minor: s.refundedMinor, currency: s.currency, content_hash: s.contentHash,
    }))), ctx.requestId],
  );
  const refs = (changed as Array<{ order_id: string; rma_id: string; sku: string }>).map((r) => ({ orderId: r.order_id, rmaId: r.rma_id, sku: r.sku }));
  const states = createRecordStateStore(ctx.tx);
  const now = await states.get(backendId, RETURNS_FLOW, staged.map(returnKey));
  const changedKeys = new Set(refs.map(returnKey));
  // An unchanged return still in conflict is tried again (once per report): an order imported, or a delivery
  // validated since, clears it without a person.
  const retried = staged.filter((s) => !changedKeys.has(returnKey(s)) && now.get(returnKey(s))?.state === 'conflict');
  const queued = refs.filter((r) => !SETTLED.has(now.get(returnKey(r))?.state ?? ''));
  await states.set(backendId, RETURNS_FLOW, queued.map((r) => ({ key: returnKey(r), state: 'queued', code: null, detail: { orderId: r.orderId, rmaId: r.rmaId, sku: r.sku } })), { stamp: false });
  for (const r of [...refs, ...retried]) await enqueueReceive(ctx.tx, backendId, r);
  return { changed: refs.length, retried: retried.length, skipped };
}
