/**
 * The reads behind the settlements API: a page of settlements with their totals, the lines' sum and the payout
 * matched to each, its posting to the ERP; a page of one settlement's lines; a page of payouts (event groups) with the settlement each pays.
 */
import type { Queryable } from '../../core/sql.ts';
import { formatMinor } from '../../core/money.ts';
import { postingStateOf, UNFINISHED_SQL, type PostingState } from './posting/posting-state.ts';

export interface SettlementRow {
  settlementId: string; amazonReportId: string; marketplaceId: string; marketplaceName: string | null; currency: string; startDate: string;
  endDate: string; depositDate: string | null; total: string; lineCount: number; totalsByAmountType: { amountType: string; amount: string }[];
  unknownOrderLines: number; state: 'new' | 'changed'; conflictCode: string | null;
  linesTotal: string; balanced: boolean; payoutState: 'matched' | 'unmatched' | 'ambiguous'; payout: PayoutOut | null;
  posting: PostingSummary;
}

/** The settlement's posting in short (the entries themselves: GET .../posting). */
export interface PostingSummary { state: PostingState; entries: number; postedAt: string | null }

export interface PayoutOut {
  groupId: string; processingStatus: string | null; fundTransferStatus: string | null; fundTransferDate: string | null;
  originalTotal: { amount: string; currency: string } | null; convertedTotal: { amount: string; currency: string } | null;
  traceId: string | null; accountTail: string | null; groupStart: string | null; groupEnd: string | null;
}

type Row = Record<string, unknown>;
const total = (minor: unknown, currency: unknown) => (minor === null || currency === null ? null : { amount: formatMinor(BigInt(minor as string), currency as string), currency: currency as string });

/** A payout as the API shows it, from a `settlement_payout` row (columns prefixed with `p_` when joined). */
function payoutOf(r: Row, prefix = ''): PayoutOut {
  const c = (name: string) => r[`${prefix}${name}`] as never;
  return { groupId: c('group_id'), processingStatus: c('processing_status'), fundTransferStatus: c('fund_transfer_status'), fundTransferDate: iso(c('fund_transfer_date')),
    originalTotal: total(c('original_minor'), c('original_currency')), convertedTotal: total(c('converted_minor'), c('converted_currency')),
    traceId: c('trace_id'), accountTail: c('account_tail'), groupStart: iso(c('group_start')), groupEnd: iso(c('group_end')) };
}
const PAYOUT_COLUMNS = ['group_id', 'processing_status', 'fund_transfer_status', 'fund_transfer_date', 'original_minor', 'original_currency', 'converted_minor',
  'converted_currency', 'trace_id', 'account_tail', 'group_start', 'group_end'];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Latest period first (end date, then id, both descending); `after` = the last row of the previous page. */
export async function settlementPage(db: Queryable, backendId: number, limit: number, after?: { at: string; id: string }): Promise<SettlementRow[]> {
  const { rows } = await db.query(
    `select s.*, coalesce((select json_agg(json_build_object('amountType', t.amount_type, 'minor', t.minor::text) order by t.amount_type)
               from (select amount_type, sum(amount_minor) as minor from settlement_line l where l.backend_id = s.backend_id and l.settlement_id = s.settlement_id group by amount_type) t), '[]') as totals,
            (select count(*)::int from settlement_line l where l.backend_id = s.backend_id and l.settlement_id = s.settlement_id and l.order_known = false) as unknown_orders,
            ${PAYOUT_COLUMNS.map((c) => `p.${c} as p_${c}`).join(', ')},
            sp.ledger_rows, sp.unfinished, sp.last_hash, sp.entries, sp.posted_at
       from settlement s
       left join settlement_payout p on p.backend_id = s.backend_id and p.group_id = s.payout_group_id
       -- the posting ledger in short: the same facts posting-state.ts reads (a page is at most 201 settlements)
       left join lateral (
         select count(*)::int as ledger_rows, coalesce(bool_or(${UNFINISHED_SQL}), false) as unfinished,
                (array_agg(content_hash order by version desc, chunk_no desc))[1] as last_hash,
                (count(*) filter (where chunk_no > 0))::int as entries, max(updated_at) as posted_at
           from settlement_posting l where l.backend_id = s.backend_id and l.settlement_id = s.settlement_id) sp on true
      where s.backend_id = $1 and ($2::timestamptz is null or (s.end_date, s.settlement_id) < ($2::timestamptz, $3::text))
      order by s.end_date desc, s.settlement_id desc limit $4`,
    [backendId, after?.at ?? null, after?.id ?? '', limit],
  );
  return rows.map((r) => ({
    settlementId: r.settlement_id, amazonReportId: r.amazon_report_id, marketplaceId: r.marketplace_id, marketplaceName: r.marketplace_name,
    currency: r.currency, startDate: iso(r.start_date)!, endDate: iso(r.end_date)!, depositDate: iso(r.deposit_date),
    total: formatMinor(BigInt(r.total_minor), r.currency), lineCount: r.line_count,
    totalsByAmountType: (r.totals as { amountType: string; minor: string }[]).map((t) => ({ amountType: t.amountType, amount: formatMinor(BigInt(t.minor), r.currency) })),
    unknownOrderLines: r.unknown_orders, state: r.state, conflictCode: r.conflict_code,
    linesTotal: formatMinor(BigInt(r.lines_total_minor), r.currency), balanced: BigInt(r.lines_total_minor) === BigInt(r.total_minor),
    payoutState: r.payout_state, payout: r.p_group_id ? payoutOf(r, 'p_') : null,
    posting: { state: postingStateOf({ rows: r.ledger_rows, unfinished: r.unfinished, lastHash: r.last_hash }, r.content_hash), entries: r.entries, postedAt: iso(r.posted_at) },
  }));
}

export interface PayoutRow extends PayoutOut { settlementId: string | null }

/** Latest group first (start, then id, both descending); `after` = the last row of the previous page. */
export async function payoutPage(db: Queryable, backendId: number, limit: number, after?: { at: string; key: string }): Promise<PayoutRow[]> {
  const { rows } = await db.query(
    `select p.*, s.settlement_id from settlement_payout p
       left join settlement s on s.backend_id = p.backend_id and s.payout_group_id = p.group_id
      where p.backend_id = $1 and ($2::timestamptz is null or (coalesce(p.group_start, 'epoch'), p.group_id) < ($2::timestamptz, $3::text))
      order by coalesce(p.group_start, 'epoch') desc, p.group_id desc limit $4`,
    [backendId, after?.at ?? null, after?.key ?? '', limit],
  );
  return rows.map((r) => ({ ...payoutOf(r), settlementId: r.settlement_id ?? null }));
}

export interface SettlementLineOut {
  lineNo: number; transactionType: string; orderId: string | null; orderKnown: boolean | null; shipmentId: string | null; adjustmentId: string | null;
  marketplaceName: string | null; amountType: string; amountDescription: string; amount: string; postedAt: string | null; sku: string | null; quantity: number | null;
}

/** A page of one settlement's lines (null: no such settlement). */
export async function settlementLines(db: Queryable, backendId: number, settlementId: string, limit: number, afterLine?: number): Promise<SettlementLineOut[] | null> {
  const s = await db.query<{ currency: string }>(`select currency from settlement where backend_id = $1 and settlement_id = $2`, [backendId, settlementId]);
  const currency = s.rows[0]?.currency;
  if (!currency) return null;
  const { rows } = await db.query(
    `select * from settlement_line where backend_id = $1 and settlement_id = $2 and line_no > $3 order by line_no limit $4`,
    [backendId, settlementId, afterLine ?? 0, limit],
  );
  return rows.map((r) => ({
    lineNo: r.line_no, transactionType: r.transaction_type, orderId: r.order_id, orderKnown: r.order_known, shipmentId: r.shipment_id,
    adjustmentId: r.adjustment_id, marketplaceName: r.marketplace_name, amountType: r.amount_type, amountDescription: r.amount_description,
    amount: formatMinor(BigInt(r.amount_minor), currency), postedAt: iso(r.posted_at), sku: r.sku, quantity: r.quantity,
  }));
}
