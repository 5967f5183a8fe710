/**
 * What the reconciliation reads, all from the connector's database (no ERP call): the settlements' lines, the
 * orders flow's record of each order (Amazon's total less withheld tax, the ERP order's total as read back), the
 * invoices flow's requests (a posted invoice per shipment), the refunds flow's documents and states, and the
 * refund-adjustments flow's credit notes sent to Amazon.
 *
 * The ERP amounts: the invoice is posted only once its totals equal Amazon's to the minor unit (invoices flow,
 * invoice-totals.ts), so the ERP side of an invoiced order is the ERP order's total the orders flow read back; a
 * credit note is posted only once its total equals the refund's credit (refunds flow, credit-refund.ts), so a
 * `credited` refund's ERP side is that credit. The bindings hold the ERP ids, not the amounts.
 */
import { toMinor } from '../../../core/money.ts';
import type { Queryable } from '../../../core/sql.ts';
import { createBinder } from '../../../core/binding/binder.ts';
import { ORDERS_FLOW } from '../../orders/index.ts';
import { REFUNDS_FLOW } from '../../refunds/index.ts';
import type { CreditNoteIn, LineIn, OrderIn, RefundIn, SettlementIn } from './reconcile.ts';

const lineOf = (r: Record<string, unknown>): LineIn => ({
  settlementId: r.settlement_id as string, lineNo: r.line_no as number, transactionType: r.transaction_type as string, orderId: r.order_id as string | null,
  adjustmentId: (r.adjustment_id as string | null) || null, amountType: r.amount_type as string, amountDescription: r.amount_description as string,
  amountMinor: BigInt(r.amount_minor as string), orderKnown: r.order_known as boolean | null,
});

const LINE_COLUMNS = 'settlement_id, line_no, transaction_type, order_id, adjustment_id, amount_type, amount_description, amount_minor::text, order_known';

export async function loadSettlement(db: Queryable, backendId: number, settlementId: string): Promise<SettlementIn | null> {
  const s = await db.query(
    `select s.settlement_id, s.currency, s.total_minor::text, s.payout_state, coalesce(s.deposit_date, s.end_date) as deposit, p.group_id,
            p.original_minor::text, p.original_currency, p.converted_minor::text, p.converted_currency
       from settlement s left join settlement_payout p on s.payout_state = 'matched' and p.backend_id = s.backend_id and p.group_id = s.payout_group_id
      where s.backend_id = $1 and s.settlement_id = $2`, [backendId, settlementId]);
  const row = s.rows[0];
  if (!row) return null;
  const { rows } = await db.query(`select ${LINE_COLUMNS} from settlement_line where backend_id = $1 and settlement_id = $2 order by line_no`, [backendId, settlementId]);
  const group = row.group_id === null ? null : { groupId: row.group_id as string, originalMinor: BigInt(row.original_minor), originalCurrency: row.original_currency as string,
    convertedMinor: row.converted_minor === null ? null : BigInt(row.converted_minor), convertedCurrency: row.converted_currency as string | null };
  return { settlementId, currency: row.currency, totalMinor: BigInt(row.total_minor), lines: rows.map(lineOf),
    payout: { state: row.payout_state, depositMs: (row.deposit as Date).getTime(), group } };
}

/** Every stored settlement of the backend (the variances list across settlements), latest period first. */
export async function settlementIds(db: Queryable, backendId: number): Promise<string[]> {
  const { rows } = await db.query<{ settlement_id: string }>(`select settlement_id from settlement where backend_id = $1 order by end_date desc, settlement_id desc`, [backendId]);
  return rows.map((r) => r.settlement_id);
}

/** The orders the reconciliation looks at: every order in a settlement line or in a stored refund. */
export async function reconciledOrderIds(db: Queryable, backendId: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select order_id as id from settlement_line where backend_id = $1 and order_id is not null
     union select payload->>'orderId' from fetched_document where backend_id = $1 and kind = 'refund' and payload->>'orderId' is not null`,
    [backendId],
  );
  return rows.map((r) => r.id).sort();
}

/** The currency of the settlements each order's lines are in (the first one's). */
export async function settlementCurrencies(db: Queryable, backendId: number, orderIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ order_id: string; currency: string }>(
    `select distinct on (l.order_id) l.order_id, s.currency from settlement_line l join settlement s using (backend_id, settlement_id)
      where l.backend_id = $1 and l.order_id = any($2) order by l.order_id, s.end_date`,
    [backendId, orderIds],
  );
  return new Map(rows.map((r) => [r.order_id, r.currency]));
}

const minorOf = (amount: unknown, currency: string | null): bigint | null =>
  typeof amount === 'string' && currency ? toMinor(amount, currency) : null;

/** Everything the reconciliation knows of each order. */
export async function loadOrders(db: Queryable, backendId: number, orderIds: readonly string[]): Promise<Map<string, OrderIn>> {
  const ids = [...new Set(orderIds)];
  const out = new Map<string, OrderIn>();
  if (!ids.length) return out;
  const [lines, states, invoices, refundDocs, bindings, adjustments] = await Promise.all([
    db.query(`select ${LINE_COLUMNS} from settlement_line where backend_id = $1 and order_id = any($2) order by settlement_id, line_no`, [backendId, ids]),
    db.query(`select key, state, detail from record_state where backend_id = $1 and flow = $2 and key = any($3)`, [backendId, ORDERS_FLOW, ids]),
    db.query<{ amazon_order_id: string }>(`select distinct amazon_order_id from invoice_request where backend_id = $1 and amazon_order_id = any($2) and state in ('invoiced', 'covered')`, [backendId, ids]),
    db.query(`select d.key, d.payload, s.state from fetched_document d left join record_state s on s.backend_id = d.backend_id and s.flow = $3 and s.key = d.key
               where d.backend_id = $1 and d.kind = 'refund' and d.payload->>'orderId' = any($2) order by d.key`, [backendId, ids, REFUNDS_FLOW]),
    createBinder(db).toErpMany(backendId, 'order', ids),
    // Credit notes a person marked for Amazon: few (one per marked credit note), read whole.
    createBinder(db).listKind(backendId, 'refund_adjustment'),
  ]);
  const state = new Map(states.rows.map((r) => [r.key as string, r]));
  const invoiced = new Set(invoices.rows.map((r) => r.amazon_order_id));
  for (const id of ids) {
    const s = state.get(id);
    const detail = (s?.detail ?? {}) as { total?: unknown; erpTotal?: unknown; currency?: unknown };
    const currency = typeof detail.currency === 'string' ? detail.currency : null;
    const inErp = bindings.has(id);
    out.set(id, { orderId: id, inErp, currency, amazonTotal: minorOf(detail.total, currency), erpTotal: minorOf(detail.erpTotal, currency),
      invoiced: invoiced.has(id), refunds: [], creditNotes: [], lines: [] });
  }
  for (const r of lines.rows) out.get(r.order_id as string)?.lines.push(lineOf(r));
  for (const r of refundDocs.rows) {
    const p = r.payload as { refundId: string; orderId: string; currency: string; creditMinor: string; deferral: { released: boolean; maturityDate: string | null } | null };
    const deferred = p.deferral !== null && p.deferral !== undefined && !p.deferral.released;
    const refund: RefundIn = { refundId: p.refundId ?? (r.key as string), currency: p.currency, creditMinor: BigInt(p.creditMinor), state: (r.state as string | null) ?? null,
      deferred, deferredUntil: deferred ? p.deferral!.maturityDate : null };
    out.get(p.orderId)?.refunds.push(refund);
  }
  for (const b of adjustments) {
    const st = b.state as { status?: string; amazonOrderId?: string; currency?: string; totalMinor?: string; refundId?: string } | null;
    // Matched: Amazon's refund is bound to the credit note (it is the refund's own credit note then).
    if (!st?.amazonOrderId || st.status === 'matched' || st.refundId || st.status === 'rejected') continue;
    const cn: CreditNoteIn = { moveId: b.erpId, currency: st.currency ?? 'EUR', totalMinor: BigInt(st.totalMinor ?? '0') };
    out.get(st.amazonOrderId)?.creditNotes.push(cn);
  }
  return out;
}
