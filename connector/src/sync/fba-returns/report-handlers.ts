/**
 * The flow's two report handlers (the Reports core's `onRows`), idempotent and local: they run inside the
 * transaction that marks the report delivered, so they only stage rows in the flow's tables (keyed, `on conflict`)
 * and queue the rows' tasks with `ctx.tx`; the ERP is written by the tasks, never here.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import { createRecordStateStore } from '../../core/record-state/index.ts';
import type { Queryable } from '../../core/sql.ts';
import type { FlatFileRow, FlowReportType, ReportRowsContext } from '../frame/reports/index.ts';
import { returnRowKey } from './dispositions.ts';
import { FBA_REIMBURSEMENTS_REPORT, FBA_RETURNS_FLOW, FBA_RETURNS_REPORT, Tasks } from './fba-returns.payloads.ts';
import { stageReturnRows, type StagedRow } from './return-rows.ts';

type OkRow = Extract<FlatFileRow, { ok: true }>;
const text = (r: OkRow, name: string): string | null => r.cells[name]?.trim() || null;
const dateOf = (s: string | null): Date | null => {
  const d = s ? new Date(s) : null;
  return d && Number.isFinite(d.getTime()) ? d : null;
};

/** Queues the task of one returned unit row (one queued job per row: a burst of revisions makes one run). */
export const enqueueApply = (db: Queryable, backendId: number, rowKey: string) =>
  enqueue(db, Tasks.apply, { backendId, rowKey }, { jobKey: `${Tasks.apply}:${backendId}:${rowKey}` });

/** A report line as a staged row; null when it lacks what identifies a returned unit (order, SKU, date, disposition). */
export function stagedRowOf(r: OkRow, marketplaceId: string): StagedRow | null {
  const orderId = text(r, 'order-id');
  const sku = text(r, 'sku');
  const disposition = text(r, 'detailed-disposition')?.toUpperCase() ?? null;
  const returnDate = dateOf(text(r, 'return-date'));
  const quantity = r.integers['quantity'] ?? null;
  if (!orderId || !sku || !disposition || !returnDate || quantity === null || quantity < 1) return null;
  const licensePlate = text(r, 'license-plate-number');
  return {
    rowKey: returnRowKey(orderId, sku, licensePlate ?? '', returnDate.toISOString()),
    orderId, sku, fnsku: text(r, 'fnsku'), licensePlate, marketplaceId, returnDate, quantity, disposition,
    status: text(r, 'status'), reason: text(r, 'reason'), fulfillmentCenterId: text(r, 'fulfillment-center-id'),
  };
}

async function onReturnRows(backendId: number, rows: readonly FlatFileRow[], ctx: ReportRowsContext): Promise<void> {
  const staged = rows.flatMap((r) => (r.ok ? [stagedRowOf(r, ctx.marketplaceId)] : [])).filter((r): r is StagedRow => r !== null);
  const due = await stageReturnRows(ctx.tx, backendId, staged);
  if (!due.length) return;
  await createRecordStateStore(ctx.tx).set(backendId, FBA_RETURNS_FLOW, due.map((d) => ({ key: d.rowKey, state: 'queued', code: null, detail: { revision: d.revision } })), { stamp: false });
  for (const d of due) await enqueueApply(ctx.tx, backendId, d.rowKey);
}

async function onReimbursementRows(backendId: number, rows: readonly FlatFileRow[], ctx: ReportRowsContext): Promise<void> {
  const ok = rows.filter((r): r is OkRow => r.ok).flatMap((r) => {
    const id = text(r, 'reimbursement-id');
    const sku = text(r, 'sku');
    const approval = dateOf(text(r, 'approval-date'));
    if (!id || !sku || !approval) return [];
    const total = r.amounts['amount-total'];
    return [{ id, sku, orderId: text(r, 'amazon-order-id'), caseId: text(r, 'case-id'), reason: text(r, 'reason') ?? '', currency: text(r, 'currency-unit'),
      total: total === null || total === undefined ? null : String(total), cash: r.integers['quantity-reimbursed-cash'] ?? 0,
      inventory: r.integers['quantity-reimbursed-inventory'] ?? 0, approval }];
  });
  if (!ok.length) return;
  const col = <K extends keyof (typeof ok)[number]>(k: K) => ok.map((x) => x[k]);
  // Approved reimbursements do not change: a report read again (or its window re-read) adds nothing.
  await ctx.tx.query(
    `insert into fba_reimbursement (backend_id, reimbursement_id, sku, order_id, case_id, reason, currency, amount_total_minor, quantity_cash, quantity_inventory, approval_date)
     select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::int[], $10::int[], $11::timestamptz[])
     on conflict do nothing`,
    [backendId, col('id'), col('sku'), col('orderId'), col('caseId'), col('reason'), col('currency'), col('total'), col('cash'), col('inventory'), col('approval')],
  );
}

export const fbaReturnReports: readonly FlowReportType[] = [
  { reportType: FBA_RETURNS_REPORT, onRows: onReturnRows },
  { reportType: FBA_REIMBURSEMENTS_REPORT, onRows: onReimbursementRows },
];
