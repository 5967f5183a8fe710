/**
 * listTransactions' query (finances_2024-06-19.json): postedAfter (required unless a related identifier is given),
 * postedBefore (default now - 2 min), both more than two minutes before now, before later than after;
 * marketplaceId (one of the seller's), transactionStatus, relatedIdentifierName/Value (ORDER_ID or
 * FINANCIAL_EVENT_GROUP_ID), nextToken. Pages of up to 500, ordered by (postedDate, transactionId); the token
 * carries the position and the query it belongs to (the same arguments must come with it).
 */
import { parseIsoTime, scalarParam, type RawQuery } from '../http/query-values.ts';

export const PAGE_SIZE = 500;
/** "If PostedAfter and PostedBefore are more than 180 days apart, the response is empty" (the model). */
export const MAX_WINDOW_MS = 180 * 86_400_000;
const TWO_MINUTES = 120_000;
const STATUSES = ['DEFERRED', 'RELEASED', 'DEFERRED_RELEASED'];
const IDENTIFIERS = ['ORDER_ID', 'FINANCIAL_EVENT_GROUP_ID'];
const PARAMS = ['postedAfter', 'postedBefore', 'marketplaceId', 'transactionStatus', 'relatedIdentifierName', 'relatedIdentifierValue', 'nextToken'];

export interface TransactionQuery {
  afterMs: number | undefined;
  beforeMs: number;
  marketplaceId?: string;
  status?: string;
  identifier?: { name: string; value: string };
  /** Resume strictly after this (postedMs, transactionId). */
  position?: { postedMs: number; id: string };
  /** The arguments as a string a token is bound to. */
  key: string;
}

type Parsed = { ok: true; query: TransactionQuery } | { ok: false; message: string };
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** The model's examples give bare dates ("2023-01-12"): taken as midnight UTC. */
const time = (v: string) => (DATE_ONLY.test(v) ? Date.parse(`${v}T00:00:00Z`) : parseIsoTime(v));

export function parseTransactionQuery(q: RawQuery, sellerId: string, marketplaceIds: string[], nowMs: number): Parsed {
  const v: Record<string, string | undefined> = {};
  for (const name of PARAMS) {
    const value = scalarParam(q, name);
    if (typeof value === 'object') return { ok: false, message: `${name} may be given once.` };
    v[name] = value;
  }
  const latest = nowMs - TWO_MINUTES;
  const afterMs = v.postedAfter === undefined ? undefined : time(v.postedAfter);
  if (v.postedAfter !== undefined && afterMs === undefined) return { ok: false, message: 'postedAfter must be an ISO 8601 date-time.' };
  const identified = v.relatedIdentifierName !== undefined || v.relatedIdentifierValue !== undefined;
  if (identified && (!v.relatedIdentifierName || !v.relatedIdentifierValue)) {
    return { ok: false, message: 'relatedIdentifierName and relatedIdentifierValue must be given together.' };
  }
  if (v.relatedIdentifierName && !IDENTIFIERS.includes(v.relatedIdentifierName)) {
    return { ok: false, message: `relatedIdentifierName must be one of ${IDENTIFIERS.join(', ')}.` };
  }
  if (afterMs === undefined && !identified) return { ok: false, message: 'postedAfter is required when no related identifier is given.' };
  if (afterMs !== undefined && afterMs >= latest) return { ok: false, message: 'postedAfter must be more than two minutes before the time of the request.' };
  const beforeMs = v.postedBefore === undefined ? latest : time(v.postedBefore);
  if (beforeMs === undefined) return { ok: false, message: 'postedBefore must be an ISO 8601 date-time.' };
  if (beforeMs > latest) return { ok: false, message: 'postedBefore must be more than two minutes before the time of the request.' };
  if (afterMs !== undefined && beforeMs <= afterMs) return { ok: false, message: 'postedBefore must be later than postedAfter.' };
  if (v.marketplaceId !== undefined && !marketplaceIds.includes(v.marketplaceId)) {
    return { ok: false, message: `Invalid marketplaceId: ${v.marketplaceId}.` };
  }
  if (v.transactionStatus !== undefined && !STATUSES.includes(v.transactionStatus)) {
    return { ok: false, message: `transactionStatus must be one of ${STATUSES.join(', ')}.` };
  }
  // A default postedBefore moves with the clock: the token keeps the first page's bound instead of the argument.
  const key = JSON.stringify([sellerId, v.postedAfter, v.postedBefore, v.marketplaceId, v.transactionStatus, v.relatedIdentifierName,
    v.relatedIdentifierValue]);
  const query: TransactionQuery = { afterMs, beforeMs, key, ...(v.marketplaceId ? { marketplaceId: v.marketplaceId } : {}),
    ...(v.transactionStatus ? { status: v.transactionStatus } : {}),
    ...(identified ? { identifier: { name: v.relatedIdentifierName!, value: v.relatedIdentifierValue! } } : {}) };
  if (v.nextToken === undefined) return { ok: true, query };
  const token = decodeToken(v.nextToken);
  if (!token) return { ok: false, message: 'Invalid nextToken.' };
  if (token.key !== key) return { ok: false, message: 'The nextToken does not match the request parameters. Repeat the arguments of the first call.' };
  return { ok: true, query: { ...query, beforeMs: token.beforeMs, position: { postedMs: token.postedMs, id: token.id } } };
}

interface Token { key: string; beforeMs: number; postedMs: number; id: string }

export function encodeToken(q: TransactionQuery, last: { postedMs: number; transactionId: string }): string {
  const t: Token = { key: q.key, beforeMs: q.beforeMs, postedMs: last.postedMs, id: last.transactionId };
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeToken(s: string): Token | undefined {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Partial<Token>;
    return typeof t.key === 'string' && typeof t.beforeMs === 'number' && typeof t.postedMs === 'number' && typeof t.id === 'string'
      ? (t as Token) : undefined;
  } catch {
    return undefined;
  }
}
