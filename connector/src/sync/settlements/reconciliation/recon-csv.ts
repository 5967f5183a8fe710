/** The reconciliation's views as CSV (csv-stringify): one header row, money as the API's decimal strings. */
import { stringify } from 'csv-stringify/sync';
import type { MoneyTrail, SettlementReconciliation, VarianceOut } from './reconciliation.ts';

const VARIANCE_COLUMNS = ['key', 'reason', 'orderId', 'settlementId', 'refundId', 'currency', 'amazon', 'erp', 'settled', 'difference', 'until', 'message', 'acceptedBy', 'acceptedAt', 'acceptedNote',
  'convertedAmount', 'convertedCurrency', 'rate'] as const;

const varianceRow = (v: VarianceOut) => [v.key, v.reason, v.orderId, v.settlementId, v.refundId, v.currency, v.amazon, v.erp, v.settled, v.difference, v.until, v.message,
  v.accepted?.by ?? null, v.accepted?.at ?? null, v.accepted?.note ?? null, v.converted?.amount ?? null, v.converted?.currency ?? null, v.converted?.rate ?? null];

export const variancesCsv = (vs: readonly VarianceOut[]): string => stringify([[...VARIANCE_COLUMNS], ...vs.map(varianceRow)]);

/** The groups, the payout, then the variances, each under its own header, in one file (a `section` column tells them apart). */
export function reconciliationCsv(r: SettlementReconciliation): string {
  return stringify([
    ['section', 'transactionType', 'amountType', 'lines', 'matched', 'unmatched', 'total', 'unmatchedTotal', 'currency'],
    ...r.groups.map((g) => ['group', g.transactionType, g.amountType, g.lines, g.matched, g.unmatched, g.total, g.unmatchedTotal, r.currency]),
  ]) + stringify([['section', 'state', 'deposit', 'currency', 'groupId', 'original', 'originalCurrency', 'converted', 'convertedCurrency'],
    ['payout', r.payout.state, r.payout.deposit, r.currency, r.payout.groupId, r.payout.original, r.payout.originalCurrency, r.payout.converted, r.payout.convertedCurrency]])
    + stringify([['section', ...VARIANCE_COLUMNS], ...r.variances.map((v) => ['variance', ...varianceRow(v)])]);
}

/** An order's trail: one row per figure, then one per settlement line. */
export function moneyTrailCsv(t: MoneyTrail): string {
  const rows: (string | number | null)[][] = [['part', 'what', 'settlementId', 'lineNo', 'amount', 'currency']];
  rows.push(['amazon', 'order total', null, null, t.amazon.total, t.currency]);
  for (const r of t.amazon.refunds) rows.push(['amazon', `refund ${r.refundId} (${r.state ?? 'not handled'})`, null, null, r.amount, t.currency]);
  rows.push(['erp', 'invoiced', null, null, t.erp.invoiced, t.currency], ['erp', 'credited', null, null, t.erp.credited, t.currency]);
  for (const l of t.settled.lines) rows.push(['settlement line', `${l.transactionType} ${l.amountType} ${l.amountDescription}`, l.settlementId, l.lineNo, l.amount, t.currency]);
  rows.push(['settled', 'sales', null, null, t.settled.sales, t.currency], ['settled', 'refunds', null, null, t.settled.refunds, t.currency],
    ['settled', 'fees', null, null, t.settled.fees, t.currency], ['settled', 'net', null, null, t.settled.net, t.currency]);
  for (const v of t.variances) rows.push(['variance', `${v.reason}: ${v.message}`, v.settlementId, null, v.difference, t.currency]);
  return stringify(rows);
}
