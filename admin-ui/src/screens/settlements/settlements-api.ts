/**
 * The Settlements screen's shapes (generated from the API), what each reason code means to an accountant, and the
 * CSV downloads: the connector writes every reconciliation view as CSV (`format=csv`); the settlements list, which
 * has no CSV form on the server, is written here from the rows on screen.
 */
import type { components } from '@/api/openapi';
import { currentToken } from '@/session/token-store';

export type Settlement = components['schemas']['Settlement'];
export type Reconciliation = components['schemas']['SettlementReconciliation'];
export type Variance = components['schemas']['SettlementVariance'];
export type MoneyTrail = components['schemas']['MoneyTrail'];
export type Payout = components['schemas']['Payout'];
export type PostingState = Settlement['posting']['state'];
export type PayoutLeg = Reconciliation['payout'];
export type SettlementPayout = NonNullable<Settlement['payout']>;
export type Posting = components['schemas']['SettlementPosting'];
export type BankLine = NonNullable<Posting['bankLine']>;

export const POSTING: Record<PostingState, string> = {
  not_posted: 'not posted',
  posting: 'posting…',
  posted: 'posted',
  changed: 'changed: difference to post',
};

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');

/** What reached the bank (the converted total when Amazon converted it), as "12.30 EUR". */
export const payoutAmount = (p: Pick<Payout, 'originalTotal' | 'convertedTotal'>) => {
  const m = p.convertedTotal ?? p.originalTotal;
  return m ? `${m.amount} ${m.currency}` : '';
};

/** The payout in one line: fund transfer date, amount, trace id, account tail; or why there is none. */
export function payoutText(s: Settlement): string {
  if (!s.payout) return s.payoutState === 'ambiguous' ? 'ambiguous: more than one payout fits' : 'unmatched';
  const p = s.payout;
  return [day(p.fundTransferDate) || (p.fundTransferStatus ?? 'no transfer yet'), payoutAmount(p), p.traceId ? `trace ${p.traceId}` : '', p.accountTail ? `acct …${p.accountTail}` : '']
    .filter(Boolean).join(' · ');
}
export type ReasonCode = Variance['reason'];

export const REASONS: Record<ReasonCode, string> = {
  NOT_SETTLED_YET: 'Not settled yet',
  DEFERRED_UNTIL: 'Deferred by Amazon',
  AMOUNT_DIFFERS: 'Amount differs',
  REFUND_NOT_CREDITED: 'Refund not credited in the ERP',
  CREDIT_NOTE_WITHOUT_REFUND: 'ERP credit note, no Amazon refund',
  FEE_WITHOUT_ORDER: 'Fee without an order',
  ORDER_NOT_IN_ERP: 'Order not in the ERP',
  NOT_INVOICED_YET: 'Not invoiced yet',
  CURRENCY_CONVERSION: 'Currency conversion',
  UNEXPLAINED: 'Unexplained',
  PAYOUT_NOT_MATCHED: 'Payout not matched',
};

/** A reason's tag colour: unexplained red, accepted green, a conversion (nothing left open) neutral, else to look at. */
export const reasonTag = (v: Pick<Variance, 'reason' | 'accepted'>): 'error' | 'success' | 'info' | 'warning' =>
  v.reason === 'UNEXPLAINED' ? 'error' : v.accepted ? 'success' : v.reason === 'CURRENCY_CONVERSION' ? 'info' : 'warning';

/** The payout leg's variances: the API keys them `settlement:<id>:<reason>:payout`. */
export const isPayoutVariance = (v: Pick<Variance, 'key'>) => v.key.endsWith(':payout');

/** Amazon's conversion rate as the accountant reads it: "1 GBP = 1.162300 EUR" (converted per original). */
export const rateText = (rate: string, from: string, to: string) => `1 ${from} = ${rate} ${to}`;

/** The bank line's exchange difference entry in words: "gain 3.20 EUR" / "loss 1.10 EUR" (the API signs it: + gain). */
export function exchangeText(x: NonNullable<BankLine['exchange']>): string {
  const loss = x.amount.startsWith('-');
  return `${loss ? 'loss' : 'gain'} ${loss ? x.amount.slice(1) : x.amount} ${x.currency}`;
}

export const BANK_LINE: Record<BankLine['state'], string> = {
  creating: 'being created',
  created: 'created, not cleared yet',
  reconciled: 'reconciled with Amazon transfers',
};

export const reasonOptions = (Object.keys(REASONS) as ReasonCode[]).map((value) => ({ value, label: REASONS[value] }));

/** Hands `text` to the browser as a file download. */
export function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** Downloads one of the connector's CSV views (`path` with its query; the session's token goes with it). */
export async function downloadCsv(path: string, query: Record<string, string | undefined>, name: string): Promise<void> {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const token = currentToken();
  const res = await globalThis.fetch(`${path}?${params}`, { headers: { accept: 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  if (!res.ok) throw new Error(`export refused (${res.status})`);
  saveFile(name, await res.text());
}

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The settlements list as CSV (RFC 4180 quoting): the columns the screen shows, `openVariances` from the variances read. */
export function settlementsCsv(rows: readonly Settlement[], openVariances: ReadonlyMap<string, number> = new Map()): string {
  const head = ['settlementId', 'startDate', 'endDate', 'depositDate', 'currency', 'total', 'linesTotal', 'balanced', 'lineCount', 'unknownOrderLines', 'state', 'conflictCode',
    'postingState', 'postingEntries', 'postedAt', 'payoutState', 'payoutGroupId', 'fundTransferDate', 'payoutAmount', 'traceId', 'accountTail', 'openVariances'];
  return [head, ...rows.map((s) => [s.settlementId, s.startDate, s.endDate, s.depositDate, s.currency, s.total, s.linesTotal, s.balanced, s.lineCount, s.unknownOrderLines,
    s.state, s.conflictCode, s.posting.state, s.posting.entries, s.posting.postedAt, s.payoutState, s.payout?.groupId, s.payout?.fundTransferDate,
    s.payout ? payoutAmount(s.payout) : null, s.payout?.traceId, s.payout?.accountTail, openVariances.get(s.settlementId) ?? 0])]
    .map((r) => r.map(cell).join(','))
    .join('\r\n') + '\r\n';
}

/** Amazon's payouts as CSV, the columns the Payouts table shows. */
export function payoutsCsv(rows: readonly Payout[]): string {
  const head = ['groupId', 'groupStart', 'groupEnd', 'processingStatus', 'fundTransferStatus', 'fundTransferDate', 'amount', 'traceId', 'accountTail', 'settlementId'];
  return [head, ...rows.map((p) => [p.groupId, p.groupStart, p.groupEnd, p.processingStatus, p.fundTransferStatus, p.fundTransferDate, payoutAmount(p), p.traceId, p.accountTail, p.settlementId])]
    .map((r) => r.map(cell).join(','))
    .join('\r\n') + '\r\n';
}
