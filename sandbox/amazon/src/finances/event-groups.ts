/**
 * Finances v0 `listFinancialEventGroups` (financesV0.json) over the settlements the world made: one Closed group per
 * settlement (its summary total as OriginalTotal, the deposit paid into the seller's bank account as ConvertedTotal:
 * in the same currency, or converted into the account's when the seller has one in another (`depositCurrencies`,
 * deposit-fx.ts), FundTransferDate a day (Amazon time) after the period's end, a trace id and the bank
 * account's last three digits), and one Open group per currency for the period not closed yet (its balance so far).
 * Amazon documents no key between a group and a settlement: the group's id is not the settlement id, only its
 * period and amount match. Amounts are JSON numbers (BigDecimal), as Amazon sends them.
 */
import { createHash } from 'node:crypto';
import { parseIsoTime, scalarParam, type RawQuery } from '../http/query-values.ts';
import type { SandboxState } from '../state.ts';
import { convertPayout, depositCurrencyOf } from './deposit-fx.ts';
import { toAmount } from './transaction-notification.ts';

const DAY = 86_400_000;
const TWO_MINUTES = 120_000;
const MAX_WINDOW_MS = 180 * DAY;
const digest = (s: string) => createHash('sha256').update(s).digest();

/** Amazon's group ids: 43 url-safe characters, here stable for a seller, currency and period index. */
export const eventGroupIdOf = (sellerId: string, currency: string, index: number) => digest(`group|${sellerId}|${currency}|${index}`).toString('base64url').slice(0, 43);
const traceIdOf = (groupId: string) => digest(`trace|${groupId}`).toString('hex').slice(0, 16).toUpperCase();
/** Three digits per seller and bank account (its currency). */
const accountTailOf = (sellerId: string, currency: string) => String(digest(`account|${sellerId}|${currency}`).readUInt16BE(0) % 1000).padStart(3, '0');

export interface EventGroup { id: string; startMs: number; view: Record<string, unknown> }

/** Every event group of a seller, oldest first: the closed ones of its settlements, then the open ones. */
export function eventGroupsOf(state: SandboxState, sellerId: string): EventGroup[] {
  const maker = state.reportProcessor.settlements;
  // The bank account each currency is paid into (its own unless the seller converts it: deposit-fx.ts).
  const seller = state.opts.sellers.find((x) => x.sellerId === sellerId);
  const deposit = (currency: string) => depositCurrencyOf(seller, currency);
  maker.makeDue();
  const now = state.now();
  const money = (minor: number, currency: string) => ({ CurrencyCode: currency, CurrencyAmount: toAmount(minor, currency) });
  // Whole seconds, as Amazon writes them (and as the settlement report's dates are).
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const closed = maker.made.filter((s) => s.sellerId === sellerId).map((s) => {
    const id = eventGroupIdOf(sellerId, s.currency, s.index);
    const transferMs = s.endMs + DAY / state.opts.timeScale;
    return { id, startMs: s.startMs, view: { FinancialEventGroupId: id, ProcessingStatus: 'Closed', FundTransferStatus: transferMs <= now ? 'Succeeded' : 'Processing',
      OriginalTotal: money(s.totalMinor, s.currency), ConvertedTotal: money(convertPayout(s.totalMinor, s.currency, deposit(s.currency)), deposit(s.currency)),
      FundTransferDate: iso(transferMs), TraceId: traceIdOf(id),
      AccountTail: accountTailOf(sellerId, deposit(s.currency)), BeginningBalance: money(s.previousReserve, s.currency),
      FinancialEventGroupStart: iso(s.startMs), FinancialEventGroupEnd: iso(s.endMs) } };
  });
  const period = maker.openPeriod(sellerId);
  const open = maker.openBalances(sellerId).map((b) => {
    const id = eventGroupIdOf(sellerId, b.currency, period.index);
    const carried = maker.made.filter((s) => s.sellerId === sellerId && s.currency === b.currency).at(-1)?.reserve ?? 0;
    return { id, startMs: period.startMs, view: { FinancialEventGroupId: id, ProcessingStatus: 'Open', FundTransferStatus: 'Unknown',
      OriginalTotal: money(b.minor + carried, b.currency), BeginningBalance: money(carried, b.currency), FinancialEventGroupStart: iso(period.startMs) } };
  });
  return [...closed, ...open].sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
}

export interface GroupQuery { afterMs: number; beforeMs: number; pageSize: number; key: string; position?: { startMs: number; id: string } }

/**
 * The query: FinancialEventGroupStartedAfter (default 180 days ago) and ...Before (default two minutes ago), both more
 * than two minutes before now, before later than after; MaxResultsPerPage 1-100 (10); NextToken with the same
 * arguments. A window over 180 days answers no groups, as the model says (`empty`).
 */
export function parseGroupQuery(q: RawQuery, sellerId: string, nowMs: number): { ok: true; query: GroupQuery; empty: boolean } | { ok: false; message: string } {
  const v: Record<string, string | undefined> = {};
  for (const name of ['FinancialEventGroupStartedAfter', 'FinancialEventGroupStartedBefore', 'MaxResultsPerPage', 'NextToken']) {
    const value = scalarParam(q, name);
    if (typeof value === 'object') return { ok: false, message: `${name} may be given once.` };
    v[name] = value;
  }
  const latest = nowMs - TWO_MINUTES;
  const afterMs = v.FinancialEventGroupStartedAfter === undefined ? nowMs - MAX_WINDOW_MS : parseIsoTime(v.FinancialEventGroupStartedAfter);
  if (afterMs === undefined) return { ok: false, message: 'FinancialEventGroupStartedAfter must be an ISO 8601 date-time.' };
  if (afterMs >= latest) return { ok: false, message: 'FinancialEventGroupStartedAfter must be more than two minutes before the time of the request.' };
  const beforeMs = v.FinancialEventGroupStartedBefore === undefined ? latest : parseIsoTime(v.FinancialEventGroupStartedBefore);
  if (beforeMs === undefined) return { ok: false, message: 'FinancialEventGroupStartedBefore must be an ISO 8601 date-time.' };
  if (beforeMs > latest) return { ok: false, message: 'FinancialEventGroupStartedBefore must be more than two minutes before the time of the request.' };
  if (beforeMs <= afterMs) return { ok: false, message: 'FinancialEventGroupStartedBefore must be after FinancialEventGroupStartedAfter.' };
  const size = v.MaxResultsPerPage === undefined ? 10 : Number(v.MaxResultsPerPage);
  if (!Number.isInteger(size) || size < 1 || size > 100) return { ok: false, message: 'MaxResultsPerPage must be an integer from 1 to 100.' };
  const key = JSON.stringify([sellerId, v.FinancialEventGroupStartedAfter, v.FinancialEventGroupStartedBefore, size]);
  const query: GroupQuery = { afterMs, beforeMs, pageSize: size, key };
  const empty = beforeMs - afterMs > MAX_WINDOW_MS;
  if (v.NextToken === undefined) return { ok: true, query, empty };
  const token = decode(v.NextToken);
  if (!token) return { ok: false, message: 'Invalid NextToken.' };
  if (token.key !== key) return { ok: false, message: 'The NextToken does not match the request parameters. Repeat the arguments of the first call.' };
  return { ok: true, query: { ...query, beforeMs: token.beforeMs, position: { startMs: token.startMs, id: token.id } }, empty };
}

/** One page of the seller's groups for the query, and the token of the next (the position after its last group). */
export function groupPage(groups: readonly EventGroup[], q: GroupQuery): { page: EventGroup[]; nextToken?: string } {
  const pos = q.position;
  const match = groups.filter((g) => g.startMs >= q.afterMs && g.startMs < q.beforeMs
    && (!pos || g.startMs > pos.startMs || (g.startMs === pos.startMs && g.id > pos.id)));
  const page = match.slice(0, q.pageSize);
  const last = page[page.length - 1];
  if (match.length <= q.pageSize || !last) return { page };
  return { page, nextToken: Buffer.from(JSON.stringify({ key: q.key, beforeMs: q.beforeMs, startMs: last.startMs, id: last.id })).toString('base64url') };
}

function decode(s: string): { key: string; beforeMs: number; startMs: number; id: string } | undefined {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof t.key === 'string' && typeof t.beforeMs === 'number' && typeof t.startMs === 'number' && typeof t.id === 'string'
      ? { key: t.key, beforeMs: t.beforeMs, startMs: t.startMs, id: t.id } : undefined;
  } catch {
    return undefined;
  }
}
