/**
 * getFeeds' query as the model describes it: `feedTypes` (1-10) or `nextToken` is required; with `feedTypes`,
 * `processingStatuses`, `marketplaceIds` (1-10), `createdSince` (default 90 days ago), `createdUntil` (default now)
 * and `pageSize` (1-100, default 10) may be given; `nextToken` must be the only parameter. The token carries the
 * filters and the position (the last feed of the page, newest first), base64url JSON with a MAC of this sandbox.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { listParam, parseIsoTime, scalarParam, type RawQuery } from '../http/query-values.ts';
import type { FeedRecord, ProcessingStatus } from './feed-store.ts';

const STATUSES: readonly ProcessingStatus[] = ['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE'];
const DAY = 86_400_000;
const SECRET = randomBytes(16);

export interface FeedsFilter {
  /** The types asked for (`feedTypes`, or getReports' `reportTypes`: the same rules serve both APIs). */
  feedTypes: string[];
  /** The list the token belongs to: a getFeeds token is no getReports token. */
  typesParam?: TypesParam;
  statuses?: string[];
  marketplaceIds?: string[];
  sinceMs: number;
  untilMs: number;
  pageSize: number;
  /** Position: feeds strictly after it (newest first) come next. */
  after?: { createdMs: number; feedId: string };
}

type TypesParam = 'feedTypes' | 'reportTypes';
type Parsed = { ok: true; value: FeedsFilter } | { ok: false; message: string };

const mac = (s: string) => createHmac('sha256', SECRET).update(s).digest('base64url').slice(0, 16);

export function encodeToken(f: FeedsFilter, last: Pick<FeedRecord, 'createdMs' | 'feedId'>): string {
  const body = Buffer.from(JSON.stringify({ ...f, after: { createdMs: last.createdMs, feedId: last.feedId } })).toString('base64url');
  return `${body}.${mac(body)}`;
}

function list(q: RawQuery, name: string, max: number): { ok: true; value?: string[] } | { ok: false; message: string } {
  const v = listParam(q, name);
  if (v === undefined) return { ok: true };
  if (v.length < 1 || v.length > max) return { ok: false, message: `${name} must have between 1 and ${max} values.` };
  return { ok: true, value: v };
}

/** Reads the query (now = the time of the call); getReports passes `reportTypes`. */
export function parseGetFeeds(q: RawQuery, nowMs: number, typesParam: TypesParam = 'feedTypes'): Parsed {
  const token = scalarParam(q, 'nextToken');
  if (typeof token === 'object') return { ok: false, message: 'nextToken may be given once.' };
  if (token !== undefined) {
    if (Object.keys(q).length > 1) return { ok: false, message: 'When nextToken is specified, it must be the only parameter.' };
    const [body, sig] = token.split('.');
    if (!body || !sig || mac(body) !== sig) return { ok: false, message: 'Invalid nextToken.' };
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as FeedsFilter;
    if ((value.typesParam ?? 'feedTypes') !== typesParam) return { ok: false, message: 'Invalid nextToken.' };
    return { ok: true, value };
  }
  const types = list(q, typesParam, 10);
  if (!types.ok) return types;
  if (!types.value) return { ok: false, message: `Either ${typesParam} or nextToken is required.` };
  const statuses = list(q, 'processingStatuses', STATUSES.length);
  if (!statuses.ok) return statuses;
  const bad = statuses.value?.find((s) => !STATUSES.includes(s as ProcessingStatus));
  if (bad) return { ok: false, message: `Invalid processingStatuses value: ${bad}` };
  const markets = list(q, 'marketplaceIds', 10);
  if (!markets.ok) return markets;
  const time = (name: string, fallback: number): number | string => {
    const v = scalarParam(q, name);
    if (v === undefined) return fallback;
    if (typeof v === 'object') return `${name} may be given once.`;
    return parseIsoTime(v) ?? `${name} is not an ISO 8601 date-time: ${v}`;
  };
  const since = time('createdSince', nowMs - 90 * DAY);
  const until = time('createdUntil', nowMs);
  if (typeof since === 'string') return { ok: false, message: since };
  if (typeof until === 'string') return { ok: false, message: until };
  if (since > until) return { ok: false, message: 'createdSince must be before createdUntil.' };
  if (since < nowMs - 90 * DAY) {
    const what = typesParam === 'feedTypes' ? 'feeds' : 'reports';
    return { ok: false, message: `createdSince must be within the last 90 days: ${what} are kept 90 days.` };
  }
  const sizeRaw = scalarParam(q, 'pageSize');
  const pageSize = sizeRaw === undefined ? 10 : typeof sizeRaw === 'string' && /^\d+$/.test(sizeRaw) ? Number(sizeRaw) : NaN;
  if (!(pageSize >= 1 && pageSize <= 100)) return { ok: false, message: 'pageSize must be an integer between 1 and 100.' };
  return { ok: true, value: { feedTypes: types.value, ...(typesParam === 'feedTypes' ? {} : { typesParam }), ...(statuses.value ? { statuses: statuses.value } : {}),
    ...(markets.value ? { marketplaceIds: markets.value } : {}), sinceMs: since, untilMs: until, pageSize } };
}

/** One page of a seller's feeds (newest first) and the filter of the next page, if any. */
export function pageOfFeeds(all: FeedRecord[], f: FeedsFilter): { feeds: FeedRecord[]; next?: FeedRecord } {
  const match = all.filter((x) => f.feedTypes.includes(x.feedType) && (!f.statuses || f.statuses.includes(x.status))
    && (!f.marketplaceIds || x.marketplaceIds.some((m) => f.marketplaceIds!.includes(m)))
    && x.createdMs >= f.sinceMs && x.createdMs <= f.untilMs
    && (!f.after || x.createdMs < f.after.createdMs || (x.createdMs === f.after.createdMs && Number(x.feedId) < Number(f.after.feedId))));
  const feeds = match.slice(0, f.pageSize);
  return match.length > f.pageSize ? { feeds, next: feeds[feeds.length - 1] } : { feeds };
}
