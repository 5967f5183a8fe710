/** Reads and checks the searchOrders query as the model describes it; every rule broken is a 400 InvalidInput. */
import { INCLUDED_DATA } from './included-data.ts';
import { listParam, parseIsoTime, scalarParam, type RawQuery } from './query-values.ts';

export const FULFILLMENT_STATUSES = ['PENDING_AVAILABILITY', 'PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED',
  'CANCELLED', 'UNFULFILLABLE'];
const FULFILLED_BY = ['MERCHANT', 'AMAZON'];
/** "before" must be at least this long before the time of the request. */
export const MIN_LAG_MS = 2 * 60_000;

export interface SearchRequest {
  /** Which time the window is on. */
  by: 'created' | 'lastUpdated';
  afterMs: number;
  /** Upper bound as given, or undefined (then: two minutes before now). */
  beforeMs: number | undefined;
  statuses: Set<string> | undefined;
  fulfilledBy: Set<string> | undefined;
  marketplaceIds: Set<string>;
  /** True when the caller named marketplaces (an order without one then does not match). */
  marketplaceFilter: boolean;
  includedData: Set<string>;
  maxResults: number;
  paginationToken: string | undefined;
  /** Identifies the filters: later pages must repeat them. */
  fingerprint: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function enumList(q: RawQuery, name: string, allowed: readonly string[]): Parsed<Set<string> | undefined> {
  const list = listParam(q, name);
  if (list === undefined) return { ok: true, value: undefined };
  const bad = list.find((v) => !allowed.includes(v));
  if (bad !== undefined) return { ok: false, message: `Invalid value for ${name}: ${bad}` };
  return { ok: true, value: new Set(list) };
}

function time(q: RawQuery, name: string): Parsed<number | undefined> {
  const v = scalarParam(q, name);
  if (v === undefined) return { ok: true, value: undefined };
  if (typeof v !== 'string') return { ok: false, message: `${name} may be given once` };
  const t = parseIsoTime(v);
  return t === undefined ? { ok: false, message: `Invalid ${name}: ${v} is not an ISO 8601 date-time` } : { ok: true, value: t };
}

/** Parses the query of searchOrders for a seller selling on `sellerMarketplaces`. */
export function parseSearchRequest(q: RawQuery, sellerMarketplaces: readonly string[], nowMs: number):
  Parsed<SearchRequest> {
  const ca = time(q, 'createdAfter');
  const cb = time(q, 'createdBefore');
  const ua = time(q, 'lastUpdatedAfter');
  const ub = time(q, 'lastUpdatedBefore');
  for (const p of [ca, cb, ua, ub]) if (!p.ok) return p;
  const [createdAfter, createdBefore, updatedAfter, updatedBefore] = [ca, cb, ua, ub].map((p) => (p.ok ? p.value : undefined));
  if ((createdAfter === undefined) === (updatedAfter === undefined)) {
    return { ok: false, message: 'Exactly one of createdAfter and lastUpdatedAfter must be provided' };
  }
  const by = createdAfter !== undefined ? 'created' : 'lastUpdated';
  if (by === 'created' && (updatedAfter !== undefined || updatedBefore !== undefined)) {
    return { ok: false, message: 'lastUpdatedAfter and lastUpdatedBefore cannot be provided with createdAfter' };
  }
  if (by === 'lastUpdated' && createdBefore !== undefined) {
    return { ok: false, message: 'createdBefore cannot be provided with lastUpdatedAfter' };
  }
  const afterMs = (createdAfter ?? updatedAfter)!;
  const beforeMs = by === 'created' ? createdBefore : updatedBefore;
  const beforeName = by === 'created' ? 'createdBefore' : 'lastUpdatedBefore';
  const afterName = by === 'created' ? 'createdAfter' : 'lastUpdatedAfter';
  if (beforeMs !== undefined && beforeMs > nowMs - MIN_LAG_MS) {
    return { ok: false, message: `${beforeName} must be at least two minutes before the time of the request` };
  }
  if (afterMs > (beforeMs ?? nowMs - MIN_LAG_MS)) {
    return { ok: false, message: `${afterName} must be on or before ${beforeMs === undefined
      ? 'two minutes before the time of the request' : beforeName}` };
  }
  const statuses = enumList(q, 'fulfillmentStatuses', FULFILLMENT_STATUSES);
  if (!statuses.ok) return statuses;
  const fulfilledBy = enumList(q, 'fulfilledBy', FULFILLED_BY);
  if (!fulfilledBy.ok) return fulfilledBy;
  const included = enumList(q, 'includedData', INCLUDED_DATA);
  if (!included.ok) return included;
  const mps = listParam(q, 'marketplaceIds');
  if (mps && mps.length > 50) return { ok: false, message: 'marketplaceIds accepts at most 50 values' };
  const foreign = mps?.find((m) => !sellerMarketplaces.includes(m));
  if (foreign !== undefined) return { ok: false, message: `Invalid marketplaceId: ${foreign}` };
  const max = scalarParam(q, 'maxResultsPerPage');
  if (max !== undefined && (typeof max !== 'string' || !/^\d+$/.test(max) || +max < 1 || +max > 100)) {
    return { ok: false, message: 'maxResultsPerPage must be an integer between 1 and 100' };
  }
  const token = scalarParam(q, 'paginationToken');
  if (token !== undefined && typeof token !== 'string') return { ok: false, message: 'paginationToken may be given once' };
  const marketplaceIds = new Set(mps ?? sellerMarketplaces);
  const sorted = (s: Set<string> | undefined): string[] | null => (s ? [...s].sort() : null);
  const fingerprint = JSON.stringify([by, afterMs, beforeMs ?? null, sorted(statuses.value), sorted(fulfilledBy.value),
    sorted(marketplaceIds)]);
  return {
    ok: true,
    value: {
      by, afterMs, beforeMs, statuses: statuses.value, fulfilledBy: fulfilledBy.value, marketplaceIds,
      marketplaceFilter: mps !== undefined,
      includedData: included.value ?? new Set(), maxResults: max === undefined ? 100 : Number(max),
      paginationToken: token || undefined, fingerprint,
    },
  };
}
