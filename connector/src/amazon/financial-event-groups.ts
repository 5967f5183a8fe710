/**
 * Finances v0 `listFinancialEventGroups` (financesV0.json): the seller's financial event groups (Amazon's payouts:
 * one per settlement period and currency, Open while it runs, Closed once paid out), read between two start
 * dates, every page. Amounts are JSON numbers (BigDecimal): the answer's text is parsed with lossless-json and each
 * amount read from its digits into minor units (core/money.ts), never through a float. A group that cannot be read
 * (no id, an amount with more decimals than its currency) fails the whole list: the caller matches money with them.
 */
import { isLosslessNumber, parse } from 'lossless-json';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../core/errors.ts';
import { toMinor } from '../core/money.ts';
import type { CallOptions, SpApiCaller, SpApiOperation, SpApiResult } from './call.ts';

export const LIST_FINANCIAL_EVENT_GROUPS: SpApiOperation = {
  name: 'listFinancialEventGroups',
  clientOperation: 'finances.listFinancialEventGroups',
  version: 'v0',
  idempotent: true,
};

export interface GroupMoney { currency: string; minor: bigint }

export interface FinancialEventGroup {
  groupId: string;
  /** `Open` or `Closed` (Amazon's words, kept). */
  processingStatus: string | null;
  fundTransferStatus: string | null;
  original: GroupMoney | null;
  converted: GroupMoney | null;
  beginningBalance: GroupMoney | null;
  fundTransferDate: Date | null;
  traceId: string | null;
  accountTail: string | null;
  start: Date | null;
  end: Date | null;
}

// A LosslessNumber (its digits in `value`); isLosslessNumber() is asked again before its digits are believed.
const Num = Type.Object({ value: Type.String(), isLosslessNumber: Type.Literal(true) });
const Money = Type.Optional(Type.Object({ CurrencyCode: Type.Optional(Type.String()), CurrencyAmount: Type.Optional(Num) }));
const Text = Type.Optional(Type.String());
const Group = Type.Object({
  FinancialEventGroupId: Type.String({ minLength: 1 }), ProcessingStatus: Text, FundTransferStatus: Text,
  OriginalTotal: Money, ConvertedTotal: Money, BeginningBalance: Money, FundTransferDate: Text, TraceId: Text, AccountTail: Text,
  FinancialEventGroupStart: Text, FinancialEventGroupEnd: Text,
});
const Envelope = Compile(Type.Object({ payload: Type.Object({ NextToken: Type.Optional(Type.String()), FinancialEventGroupList: Type.Optional(Type.Array(Group)) }) }));

/** A loop of tokens is a fault: a seller has a group per currency every 14 days (180 days: a few dozen). */
const MAX_PAGES = 50;

const fail = (res: SpApiResult | undefined, message: string, problems: string[] = []) =>
  new PermanentError('AMAZON_BAD_PAYLOAD', `listFinancialEventGroups: ${message}`, { operation: 'listFinancialEventGroups', requestId: res?.requestId, problems });

function money(res: SpApiResult, m: { CurrencyCode?: string; CurrencyAmount?: unknown } | undefined): GroupMoney | null {
  if (!m?.CurrencyCode || m.CurrencyAmount === undefined) return null;
  if (!isLosslessNumber(m.CurrencyAmount)) throw fail(res, 'an amount is not a number');
  try {
    return { currency: m.CurrencyCode, minor: toMinor(m.CurrencyAmount.value, m.CurrencyCode) };
  } catch (e) {
    throw fail(res, `amount ${m.CurrencyAmount.value} ${m.CurrencyCode}: ${(e as Error).message}`);
  }
}

function date(res: SpApiResult, text: string | undefined): Date | null {
  if (!text) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw fail(res, `not a date-time: "${text.slice(0, 40)}"`);
  return new Date(ms);
}

/** Every group that opened in [startedAfter, startedBefore) (Amazon: at most 180 days apart; before: default two minutes ago). */
export async function listFinancialEventGroups(caller: Pick<SpApiCaller, 'call'>, window: { startedAfter: Date; startedBefore?: Date }, options: CallOptions = {}): Promise<FinancialEventGroup[]> {
  const query: Record<string, string | number> = { FinancialEventGroupStartedAfter: window.startedAfter.toISOString(), MaxResultsPerPage: 100 };
  if (window.startedBefore) query.FinancialEventGroupStartedBefore = window.startedBefore.toISOString();
  const out: FinancialEventGroup[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await caller.call(LIST_FINANCIAL_EVENT_GROUPS, { query: { ...query, ...(token ? { NextToken: token } : {}) } }, options);
    let body: unknown;
    try {
      body = parse(res.text);
    } catch {
      throw fail(res, 'the answer is not JSON');
    }
    if (!Envelope.Check(body)) throw fail(res, 'unexpected answer shape', [...Envelope.Errors(body)].slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`));
    for (const g of body.payload.FinancialEventGroupList ?? []) {
      out.push({ groupId: g.FinancialEventGroupId, processingStatus: g.ProcessingStatus ?? null, fundTransferStatus: g.FundTransferStatus ?? null,
        original: money(res, g.OriginalTotal), converted: money(res, g.ConvertedTotal), beginningBalance: money(res, g.BeginningBalance),
        fundTransferDate: date(res, g.FundTransferDate), traceId: g.TraceId ?? null, accountTail: g.AccountTail ?? null,
        start: date(res, g.FinancialEventGroupStart), end: date(res, g.FinancialEventGroupEnd) });
    }
    const next = body.payload.NextToken || undefined;
    if (next && next === token) throw fail(res, 'the same NextToken was returned twice');
    token = next;
    if (!token) return out;
  }
  throw fail(undefined, `more than ${MAX_PAGES} pages`);
}
