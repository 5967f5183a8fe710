/**
 * searchListingsItems: a seller's listings filtered (identifiers of one type, up to 20; created / last updated
 * bounds; statuses; issue severities), sorted (`sortBy` lastUpdatedDate DESC by default) and paged (`pageSize` up to
 * 20, default 10; at most 1,000 listings can be paged through, as the model says). Page tokens are signed, carry
 * an offset and the other parameters' fingerprint (repeat them); a page reads the listings as they are then.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { listParam, parseIsoTime, scalarParam, type RawQuery } from '../http/query-values.ts';
import type { ListingRecord } from './listing-store.ts';
import { listingIssues, statusOf, type ViewContext } from './listing-views.ts';

const IDENTIFIER_TYPES = ['ASIN', 'EAN', 'FNSKU', 'GTIN', 'ISBN', 'JAN', 'MINSAN', 'SKU', 'UPC'];
const STATUSES = ['BUYABLE', 'DISCOVERABLE'];
export const MAX_PAGED = 1000;

/** Signs page tokens with a key that lives as long as the sandbox. */
export class ListingPageTokens {
  readonly #key = randomBytes(32);
  encode(sellerId: string, fingerprint: string, offset: number): string {
    const body = Buffer.from(JSON.stringify([sellerId, fingerprint, offset])).toString('base64url');
    return `${body}.${createHmac('sha256', this.#key).update(body).digest().subarray(0, 16).toString('base64url')}`;
  }
  decode(token: string): { sellerId: string; fingerprint: string; offset: number } | undefined {
    const [body, mac] = token.split('.');
    if (!body || !mac) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = createHmac('sha256', this.#key).update(body).digest().subarray(0, 16);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const [sellerId, fingerprint, offset] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string, number];
    return { sellerId, fingerprint, offset };
  }
}

export interface SearchQuery {
  pageSize: number;
  offset: number;
  fingerprint: string;
  match: (rec: ListingRecord) => boolean;
  compare: (a: ListingRecord, b: ListingRecord) => number;
}

type Parsed = { ok: true; query: SearchQuery } | { ok: false; message: string };
const one = (q: RawQuery, name: string): string | undefined | false => {
  const v = scalarParam(q, name);
  return typeof v === 'object' ? false : v;
};

/** Reads the search parameters (marketplaceIds and includedData are the caller's). */
export function parseSearch(q: RawQuery, ctx: ViewContext, fba: (rec: ListingRecord) => string | undefined, sellerId: string,
  tokens: ListingPageTokens): Parsed {
  const identifiers = listParam(q, 'identifiers');
  const type = one(q, 'identifiersType');
  if (type === false) return { ok: false, message: 'identifiersType takes one value' };
  if (identifiers && identifiers.length > 20) return { ok: false, message: 'identifiers takes at most 20 values' };
  if ((identifiers?.length ?? 0) > 0 !== (type !== undefined)) return { ok: false, message: 'identifiers and identifiersType must be given together' };
  if (type !== undefined && !IDENTIFIER_TYPES.includes(type)) return { ok: false, message: `Invalid identifiersType: ${type}` };
  const variation = one(q, 'variationParentSku');
  const hierarchy = one(q, 'packageHierarchySku');
  if (variation === false || hierarchy === false) return { ok: false, message: 'variationParentSku and packageHierarchySku take one value' };
  if ([identifiers?.length ? 1 : 0, variation ? 1 : 0, hierarchy ? 1 : 0].reduce((a, b) => a + b, 0) > 1) {
    return { ok: false, message: 'identifiers, variationParentSku and packageHierarchySku cannot be combined' };
  }
  const bounds: Record<string, number | undefined> = {};
  for (const name of ['createdAfter', 'createdBefore', 'lastUpdatedAfter', 'lastUpdatedBefore']) {
    const v = one(q, name);
    if (v === false) return { ok: false, message: `${name} takes one value` };
    if (v === undefined) continue;
    bounds[name] = parseIsoTime(v);
    if (bounds[name] === undefined) return { ok: false, message: `${name} must be an ISO 8601 date-time` };
  }
  const severities = listParam(q, 'withIssueSeverity');
  if (severities?.some((s) => s !== 'WARNING' && s !== 'ERROR')) return { ok: false, message: 'withIssueSeverity takes WARNING, ERROR' };
  const withStatus = listParam(q, 'withStatus');
  const withoutStatus = listParam(q, 'withoutStatus');
  if ([...(withStatus ?? []), ...(withoutStatus ?? [])].some((s) => !STATUSES.includes(s))) {
    return { ok: false, message: 'withStatus and withoutStatus take BUYABLE, DISCOVERABLE' };
  }
  const sortBy = one(q, 'sortBy') ?? 'lastUpdatedDate';
  const sortOrder = one(q, 'sortOrder') ?? 'DESC';
  if (sortBy === false || !['sku', 'createdDate', 'lastUpdatedDate'].includes(sortBy)) return { ok: false, message: 'Invalid sortBy' };
  if (sortOrder === false || !['ASC', 'DESC'].includes(sortOrder)) return { ok: false, message: 'Invalid sortOrder' };
  const sizeRaw = one(q, 'pageSize');
  const pageSize = sizeRaw === undefined ? 10 : sizeRaw === false ? NaN : Number(sizeRaw);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 20) return { ok: false, message: 'pageSize must be an integer from 1 to 20' };

  const fingerprint = JSON.stringify([ctx.marketplaceIds, [...ctx.included].sort(), identifiers ?? null, type ?? null, variation ?? null,
    hierarchy ?? null, bounds, severities ?? null, withStatus ?? null, withoutStatus ?? null, sortBy, sortOrder, pageSize]);
  let offset = 0;
  const token = one(q, 'pageToken');
  if (token === false) return { ok: false, message: 'pageToken takes one value' };
  if (token !== undefined) {
    const page = tokens.decode(token);
    if (!page || page.sellerId !== sellerId) return { ok: false, message: 'Invalid pageToken' };
    if (page.fingerprint !== fingerprint) return { ok: false, message: 'The pageToken does not match the other request parameters' };
    offset = page.offset;
  }

  const wanted = identifiers ? new Set(identifiers) : undefined;
  const idOf = (rec: ListingRecord): string | undefined => (type === 'SKU' ? rec.sku : type === 'ASIN' ? rec.asin : type === 'FNSKU' ? fba(rec) : undefined);
  const statusesOf = (rec: ListingRecord) => new Set(ctx.marketplaceIds.flatMap((m) => statusOf(rec, ctx, m)));
  const inBounds = (t: number, after?: number, before?: number) => (after === undefined || t >= after) && (before === undefined || t <= before);
  const match = (rec: ListingRecord): boolean => {
    if (wanted && !wanted.has(idOf(rec) ?? '')) return false;
    // The sandbox's listings have no variations nor package hierarchies: those filters find nothing.
    if (variation || hierarchy) return false;
    if (!inBounds(rec.createdMs, bounds.createdAfter, bounds.createdBefore)) return false;
    if (!inBounds(rec.updatedMs, bounds.lastUpdatedAfter, bounds.lastUpdatedBefore)) return false;
    if (severities && !listingIssues(rec, ctx.marketplaceIds).some((i) => severities.includes(i.severity as string))) return false;
    const st = withStatus || withoutStatus ? statusesOf(rec) : undefined;
    if (withStatus && !withStatus.some((s) => st!.has(s))) return false;
    if (withoutStatus && withoutStatus.some((s) => st!.has(s))) return false;
    return true;
  };
  const key = (r: ListingRecord) => (sortBy === 'sku' ? 0 : sortBy === 'createdDate' ? r.createdMs : r.updatedMs);
  const bySku = (a: ListingRecord, b: ListingRecord) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);
  const sign = sortOrder === 'ASC' ? 1 : -1;
  const compare = (a: ListingRecord, b: ListingRecord) => sign * (key(a) - key(b) || bySku(a, b));
  return { ok: true, query: { pageSize, offset, fingerprint, match, compare } };
}
