/**
 * Finances 2024-06-19 `listTransactions` for one seller account: protocol only. The answer's text is parsed with
 * lossless-json (the caller's JSON.parse would hold amounts as floats) and each transaction is read on its own
 * (finances-transaction.ts): one that cannot be read is reported in `failures` and its page goes on.
 *
 * The window rule: Amazon answers an EMPTY page, not an error, when postedAfter and postedBefore are more than
 * 180 days apart, which would look like "no refunds". So one page (`listTransactions`) refuses a wider window
 * before any quota is spent, and `iterateTransactions` splits a wider one into consecutive windows of at most
 * 180 days. A nextToken must be sent "with the same arguments as the call that produced it": the iteration fixes
 * postedBefore itself, because Amazon's default (two minutes before each request) would move between pages.
 */
import { parse } from 'lossless-json';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation, SpApiResult } from './call.ts';
import { readTransaction, TRANSACTION_STATUSES, type FinanceTransaction, type TransactionFailure, type TransactionStatus } from './finances-transaction.ts';

export const LIST_TRANSACTIONS: SpApiOperation = {
  name: 'listTransactions',
  clientOperation: 'finances.listTransactions',
  version: '2024-06-19',
  idempotent: true,
};

const MINUTE = 60_000;
/** The widest window Amazon answers (wider: an empty page). */
export const MAX_WINDOW_MS = 180 * 24 * 60 * MINUTE;
/** Both dates must be "more than two minutes before the time of the request". */
const NEWEST_ALLOWED_MS = 2 * MINUTE;
/** The iteration's default end: one more minute against clock skew and the time its pages take. */
const DEFAULT_END_MS = 3 * MINUTE;

export interface ListTransactionsParams {
  /** ISO 8601; financial events posted on or after it. */
  postedAfter: string;
  /** ISO 8601, exclusive; absent: Amazon's default for one page, three minutes ago for the iteration. */
  postedBefore?: string;
  /** Absent: every marketplace (Amazon: leave it out for MFN orders of the US store). */
  marketplaceId?: string;
  transactionStatus?: TransactionStatus;
  nextToken?: string;
}

export interface TransactionsPage {
  transactions: FinanceTransaction[];
  failures: TransactionFailure[];
  nextToken?: string;
  requestId?: string;
}

const Envelope = Compile(
  Type.Object({ payload: Type.Object({ nextToken: Type.Optional(Type.String()), transactions: Type.Optional(Type.Array(Type.Unknown())) }) }),
);

/** The Finances 2024-06-19 transactions of one seller account. */
export class FinancesApi {
  readonly #caller: Pick<SpApiCaller, 'call'> & Partial<Pick<SpApiCaller, 'tokensLeft'>>;
  readonly #now: () => number;

  constructor(caller: Pick<SpApiCaller, 'call'> & Partial<Pick<SpApiCaller, 'tokensLeft'>>, now: () => number = Date.now) {
    this.#caller = caller;
    this.#now = now;
  }

  /** One page. A window over 180 days, bad dates or an unknown status reject with AMAZON_INVALID_REQUEST before any quota. */
  async listTransactions(params: ListTransactionsParams, options: CallOptions = {}): Promise<TransactionsPage> {
    const window = this.#window(params);
    if (window.end - window.start > MAX_WINDOW_MS) invalid([`postedAfter and postedBefore are more than 180 days apart (Amazon would answer an empty page)`]);
    const query: Record<string, string> = { postedAfter: new Date(window.start).toISOString() };
    if (params.postedBefore !== undefined) query.postedBefore = new Date(window.end).toISOString();
    if (params.marketplaceId !== undefined) query.marketplaceId = params.marketplaceId;
    if (params.transactionStatus !== undefined) query.transactionStatus = params.transactionStatus;
    if (params.nextToken) query.nextToken = params.nextToken;
    const res = await this.#caller.call(LIST_TRANSACTIONS, { query }, options);
    return readPage(res);
  }

  /**
   * Every page of the window, split into consecutive windows of at most 180 days, each followed to its last page
   * (pages may be empty and still carry a nextToken). A repeated nextToken is refused (AMAZON_BAD_PAYLOAD).
   */
  async *iterateTransactions(params: Omit<ListTransactionsParams, 'nextToken'>, options: CallOptions = {}): AsyncGenerator<TransactionsPage> {
    const fixed = { ...params, postedBefore: params.postedBefore ?? new Date(this.#now() - DEFAULT_END_MS).toISOString() };
    const { start, end } = this.#window(fixed);
    for (let from = start; from < end; from += MAX_WINDOW_MS) {
      const slice = { ...fixed, postedAfter: new Date(from).toISOString(), postedBefore: new Date(Math.min(from + MAX_WINDOW_MS, end)).toISOString() };
      let token: string | undefined;
      do {
        const page = await this.listTransactions({ ...slice, ...(token ? { nextToken: token } : {}) }, options);
        yield page;
        if (page.nextToken && page.nextToken === token) {
          throw new PermanentError('AMAZON_BAD_PAYLOAD', 'listTransactions: the same nextToken was returned twice', { operation: 'listTransactions', requestId: page.requestId });
        }
        token = page.nextToken;
      } while (token);
    }
  }

  /**
   * Every transaction of one order (`relatedIdentifierName=ORDER_ID`, no dates: Amazon then reads the order's whole
   * life, up to two minutes ago), followed to its last page. What a TRANSACTION_UPDATE's order id lets a flow read
   * instead of a sweep of every transaction of the last 48 hours.
   */
  async *iterateOrderTransactions(orderId: string, options: CallOptions = {}): AsyncGenerator<TransactionsPage> {
    if (!orderId.trim()) invalid(['the order id must not be empty']);
    const fixed = { relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: orderId };
    let token: string | undefined;
    do {
      const res = await this.#caller.call(LIST_TRANSACTIONS, { query: { ...fixed, ...(token ? { nextToken: token } : {}) } }, options);
      const page = readPage(res);
      yield page;
      if (page.nextToken && page.nextToken === token) {
        throw new PermanentError('AMAZON_BAD_PAYLOAD', 'listTransactions: the same nextToken was returned twice', { operation: 'listTransactions', requestId: page.requestId });
      }
      token = page.nextToken;
    } while (token);
  }

  /**
   * The `listTransactions` requests the seller's shared bucket can send now, taking none (Infinity when the gate
   * cannot tell): what lets a bulk read leave room for a notified one.
   */
  async tokensLeft(): Promise<number> {
    return this.#caller.tokensLeft ? this.#caller.tokensLeft(LIST_TRANSACTIONS) : Number.POSITIVE_INFINITY;
  }

  /** The window in ms, checked: both dates readable, in order, and old enough for Amazon. */
  #window(params: ListTransactionsParams): { start: number; end: number } {
    const problems: string[] = [];
    const newest = this.#now() - NEWEST_ALLOWED_MS;
    const start = Date.parse(params.postedAfter ?? '');
    const end = params.postedBefore === undefined ? newest : Date.parse(params.postedBefore);
    if (Number.isNaN(start)) problems.push('postedAfter must be an ISO 8601 date-time');
    if (Number.isNaN(end)) problems.push('postedBefore must be an ISO 8601 date-time');
    if (start >= end) problems.push('postedAfter must be before postedBefore');
    if (end > newest) problems.push('postedBefore must be more than two minutes ago');
    if (params.transactionStatus !== undefined && !TRANSACTION_STATUSES.includes(params.transactionStatus)) problems.push(`transactionStatus must be one of ${TRANSACTION_STATUSES.join(', ')}`);
    if (params.marketplaceId === '') problems.push('marketplaceId must not be empty when given');
    if (problems.length) invalid(problems);
    return { start, end };
  }
}

/** The page read from the answer's text; each transaction read on its own. */
function readPage(res: SpApiResult): TransactionsPage {
  let body: unknown;
  try {
    body = parse(res.text);
  } catch {
    // No cause: the parser's message may quote the answer.
    throw badPayload(res, ['the answer is not JSON']);
  }
  if (!Envelope.Check(body)) throw badPayload(res, [...Envelope.Errors(body)].slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`));
  const transactions: FinanceTransaction[] = [];
  const failures: TransactionFailure[] = [];
  (body.payload.transactions ?? []).forEach((raw, index) => {
    const read = readTransaction(raw);
    if (read.ok) transactions.push(read.transaction);
    else failures.push({ index, ...read.failure });
  });
  const nextToken = body.payload.nextToken || undefined;
  return { transactions, failures, ...(nextToken ? { nextToken } : {}), ...(res.requestId ? { requestId: res.requestId } : {}) };
}

function badPayload(res: SpApiResult, problems: string[]): PermanentError {
  return new PermanentError('AMAZON_BAD_PAYLOAD', 'listTransactions: unexpected answer shape', { operation: 'listTransactions', requestId: res.requestId, problems });
}

function invalid(problems: string[]): never {
  throw new PermanentError('AMAZON_INVALID_REQUEST', `listTransactions: ${problems.join('; ')}`, { operation: 'listTransactions', problems });
}
