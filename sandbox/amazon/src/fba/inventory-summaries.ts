/**
 * FBA Inventory v1 `getInventorySummaries` (granularity Marketplace): the seller's stock of the marketplace's pool
 * (every Pan-EU marketplace answers the same pooled quantities), 50 summaries a page, `nextToken` valid 30 s
 * (sandbox seconds: divided by timeScale) and bound to the other parameters.
 */
import { randomBytes } from 'node:crypto';
import type { Catalogue } from '../catalogue.ts';
import { isoSeconds, listParam, parseIsoTime, scalarParam, type RawQuery } from '../http/query-values.ts';
import type { FbaStock, StockRecord } from './fba-stock.ts';
import { totalQuantity } from './fba-stock.ts';
import { poolOfMarketplace } from './pools.ts';

export const PAGE_SIZE = 50;
export const MAX_SKUS = 50;
export const NEXT_TOKEN_VALIDITY_MS = 30_000;
const MAX_AGE_MS = 548 * 86_400_000; // 18 months

type Result = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

interface PageState { sellerId: string; fingerprint: string; offset: number; issuedMs: number }

/** The tokens handed out (opaque random ids, forgotten once expired or used up). */
export class SummaryTokens {
  readonly #live = new Map<string, PageState>();

  issue(state: PageState): string {
    const token = randomBytes(24).toString('base64url');
    this.#live.set(token, state);
    return token;
  }

  /** The state of a token (expired ones are dropped as they are met). */
  read(token: string, nowMs: number, validityMs: number): PageState | 'expired' | undefined {
    const s = this.#live.get(token);
    if (!s) return undefined;
    if (nowMs - s.issuedMs > validityMs) {
      this.#live.delete(token);
      return 'expired';
    }
    return s;
  }

  /** Drops tokens older than the validity (called on each issue, so the map stays small). */
  sweep(nowMs: number, validityMs: number): void {
    for (const [t, s] of this.#live) if (nowMs - s.issuedMs > validityMs) this.#live.delete(t);
  }

  clear(): void {
    this.#live.clear();
  }
}

function single(q: RawQuery, name: string): string | undefined | false {
  const v = scalarParam(q, name);
  return typeof v === 'object' ? false : v;
}

/** One summary as the model's `InventorySummary`; `inventoryDetails` only when asked. */
export function summaryOf(r: StockRecord, details: boolean): Record<string, unknown> {
  return {
    asin: r.asin,
    fnSku: r.fnSku,
    sellerSku: r.sellerSku,
    condition: 'NewItem',
    ...(details ? { inventoryDetails: {
      fulfillableQuantity: r.fulfillable,
      inboundWorkingQuantity: r.inboundWorking,
      inboundShippedQuantity: r.inboundShipped,
      inboundReceivingQuantity: r.inboundReceiving,
      reservedQuantity: {
        totalReservedQuantity: r.reserved.pendingCustomerOrder + r.reserved.pendingTransshipment + r.reserved.fcProcessing,
        pendingCustomerOrderQuantity: r.reserved.pendingCustomerOrder,
        pendingTransshipmentQuantity: r.reserved.pendingTransshipment,
        fcProcessingQuantity: r.reserved.fcProcessing,
      },
      researchingQuantity: {
        totalResearchingQuantity: r.researching.shortTerm + r.researching.midTerm + r.researching.longTerm,
        researchingQuantityBreakdown: [
          { name: 'researchingQuantityInShortTerm', quantity: r.researching.shortTerm },
          { name: 'researchingQuantityInMidTerm', quantity: r.researching.midTerm },
          { name: 'researchingQuantityInLongTerm', quantity: r.researching.longTerm },
        ],
      },
      unfulfillableQuantity: {
        totalUnfulfillableQuantity: Object.values(r.unfulfillable).reduce((a, b) => a + b, 0),
        customerDamagedQuantity: r.unfulfillable.customerDamaged,
        warehouseDamagedQuantity: r.unfulfillable.warehouseDamaged,
        distributorDamagedQuantity: r.unfulfillable.distributorDamaged,
        carrierDamagedQuantity: r.unfulfillable.carrierDamaged,
        defectiveQuantity: r.unfulfillable.defective,
        expiredQuantity: r.unfulfillable.expired,
      },
    } } : {}),
    lastUpdatedTime: isoSeconds(r.lastUpdatedMs),
    productName: r.productName,
    totalQuantity: totalQuantity(r),
  };
}

/** Answers one call: the page, or the message of a 400 InvalidInput. */
export function inventorySummaries(ctx: { catalogue: Catalogue; stock: FbaStock; tokens: SummaryTokens; nowMs: number;
  timeScale: number; sellerId: string; sellerMarketplaces: readonly string[] }, q: RawQuery): Result {
  const granularityType = single(q, 'granularityType');
  const granularityId = single(q, 'granularityId');
  if (granularityType === false || granularityId === false) return { ok: false, message: 'granularityType and granularityId take one value each' };
  if (granularityType === undefined) return { ok: false, message: 'Missing required parameter: granularityType' };
  if (granularityType !== 'Marketplace') return { ok: false, message: `Invalid granularityType: ${granularityType}` };
  if (!granularityId) return { ok: false, message: 'Missing required parameter: granularityId' };
  const marketplaceIds = listParam(q, 'marketplaceIds');
  if (!marketplaceIds?.length) return { ok: false, message: 'Missing required parameter: marketplaceIds' };
  if (marketplaceIds.length > 1) return { ok: false, message: 'marketplaceIds takes one marketplace' };
  const marketplaceId = marketplaceIds[0]!;
  if (!ctx.sellerMarketplaces.includes(marketplaceId)) return { ok: false, message: `Invalid marketplaceId: ${marketplaceId}` };
  if (granularityId !== marketplaceId) return { ok: false, message: 'granularityId must be the marketplace given in marketplaceIds' };
  const detailsRaw = single(q, 'details');
  if (detailsRaw !== undefined && detailsRaw !== 'true' && detailsRaw !== 'false') return { ok: false, message: 'details must be true or false' };
  const details = detailsRaw === 'true';
  const startRaw = single(q, 'startDateTime');
  let startMs: number | undefined;
  if (startRaw !== undefined) {
    startMs = startRaw === false ? undefined : parseIsoTime(startRaw);
    if (startMs === undefined) return { ok: false, message: 'startDateTime must be an ISO 8601 date-time' };
    if (ctx.nowMs - startMs > MAX_AGE_MS) return { ok: false, message: 'startDateTime must be no earlier than 18 months ago' };
  }
  const skus = listParam(q, 'sellerSkus');
  if (skus && skus.length > MAX_SKUS) return { ok: false, message: `sellerSkus takes at most ${MAX_SKUS} SKUs` };
  const one = single(q, 'sellerSku');
  if (one === false) return { ok: false, message: 'sellerSku takes one value' };
  const wanted = skus || one ? new Set([...(skus ?? []), ...(one ? [one] : [])]) : undefined;

  const fingerprint = JSON.stringify([details, granularityId, marketplaceId, startMs ?? null, wanted ? [...wanted].sort() : null]);
  const validityMs = NEXT_TOKEN_VALIDITY_MS / ctx.timeScale;
  let offset = 0;
  const token = single(q, 'nextToken');
  if (token === false) return { ok: false, message: 'nextToken takes one value' };
  if (token !== undefined) {
    const page = ctx.tokens.read(token, ctx.nowMs, validityMs);
    if (page === 'expired') return { ok: false, message: 'The nextToken has expired. Request the first page again.' };
    if (!page || page.sellerId !== ctx.sellerId) return { ok: false, message: 'Invalid nextToken' };
    if (page.fingerprint !== fingerprint) return { ok: false, message: 'The nextToken does not match the other request parameters' };
    offset = page.offset;
  }
  const pool = poolOfMarketplace(ctx.catalogue, marketplaceId)!;
  const all = ctx.stock.list(ctx.sellerId, pool)
    .filter((r) => (!wanted || wanted.has(r.sellerSku)) && (startMs === undefined || r.lastUpdatedMs >= startMs));
  const page = all.slice(offset, offset + PAGE_SIZE);
  const body: Record<string, unknown> = {
    payload: { granularity: { granularityType: 'Marketplace', granularityId }, inventorySummaries: page.map((r) => summaryOf(r, details)) },
  };
  if (offset + PAGE_SIZE < all.length) {
    ctx.tokens.sweep(ctx.nowMs, validityMs);
    body.pagination = { nextToken: ctx.tokens.issue({ sellerId: ctx.sellerId, fingerprint, offset: offset + PAGE_SIZE, issuedMs: ctx.nowMs }) };
  }
  return { ok: true, body };
}
