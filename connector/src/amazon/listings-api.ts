/**
 * Listings Items 2021-08-01 for one seller account: `getListingsItem`, `patchListingsItem` (the merchant quantity
 * by merging its DEFAULT entry into `/attributes/fulfillment_availability`) and `searchListingsItems` (by SKU, 20 identifiers a call,
 * pages followed). Protocol only: requests are checked before any quota is spent, answers before they are
 * believed. A submission Amazon answers `INVALID` is a PermanentError AMAZON_LISTING_INVALID carrying the issue
 * codes, so the flow can raise a conflict with them; `ACCEPTED` with warnings only is a success (the issues are handed back).
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';

const op = (name: SpApiOperation['name'], idempotent: boolean): SpApiOperation => ({
  name,
  clientOperation: `listingsItems.${name}`,
  version: '2021-08-01',
  idempotent,
});
const GET_LISTINGS_ITEM = op('getListingsItem', true);
// A replace of an absolute quantity: sending it twice leaves the same listing, so a repeat after a timeout is safe.
const PATCH_LISTINGS_ITEM = op('patchListingsItem', true);
const SEARCH_LISTINGS_ITEMS = op('searchListingsItems', true);

/** The model's `identifiers` maxItems for searchListingsItems. */
export const MAX_IDENTIFIERS_PER_SEARCH = 20;
/** The product type sent when the listing's summaries name none (Amazon accepts it for an offer-only patch). */
export const FALLBACK_PRODUCT_TYPE = 'PRODUCT';

const Issue = Type.Object({
  code: Type.String(),
  message: Type.String(),
  severity: Type.Union([Type.Literal('ERROR'), Type.Literal('WARNING'), Type.Literal('INFO')]),
  attributeNames: Type.Optional(Type.Array(Type.String())),
});
export type ListingsIssue = Static<typeof Issue>;

const Summary = Type.Object({ marketplaceId: Type.String(), asin: Type.Optional(Type.String()), productType: Type.Optional(Type.String()), lastUpdatedDate: Type.Optional(Type.String()) });
const Availability = Type.Object({ fulfillmentChannelCode: Type.String(), quantity: Type.Optional(Type.Integer({ minimum: 0 })) });
const Item = Type.Object({
  sku: Type.String(),
  summaries: Type.Optional(Type.Array(Summary)),
  fulfillmentAvailability: Type.Optional(Type.Array(Availability)),
  issues: Type.Optional(Type.Array(Issue)),
});
/** One listing as the connector reads it (the fields it uses; Amazon sends more). */
export type ListingsItem = Static<typeof Item>;

const Submission = Type.Object({
  sku: Type.String(),
  status: Type.Union([Type.Literal('ACCEPTED'), Type.Literal('INVALID'), Type.Literal('VALID')]),
  submissionId: Type.String(),
  issues: Type.Optional(Type.Array(Issue)),
});
export type ListingsSubmission = Static<typeof Submission>;

const SearchResults = Type.Object({
  numberOfResults: Type.Integer({ minimum: 0 }),
  items: Type.Array(Item),
  pagination: Type.Optional(Type.Object({ nextToken: Type.Optional(Type.String()) })),
});

const checkers = { item: Compile(Item), submission: Compile(Submission), search: Compile(SearchResults) };

function believe<T>(check: { Check(v: unknown): boolean; Errors(v: unknown): Iterable<{ instancePath: string; message: string }> }, body: unknown, operation: string, requestId?: string): T {
  if (check.Check(body)) return body as T;
  const problems = [...check.Errors(body)].slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  throw new PermanentError('AMAZON_BAD_PAYLOAD', `${operation}: unexpected answer shape`, { operation, requestId, problems });
}

function invalid(operation: string, problems: string[]): never {
  throw new PermanentError('AMAZON_INVALID_REQUEST', `${operation}: ${problems.join('; ')}`, { operation, problems });
}

export interface MerchantQuantityPatch {
  sellerId: string;
  sku: string;
  marketplaceIds: readonly string[];
  quantity: number;
  /** From getListingsItem's summaries; FALLBACK_PRODUCT_TYPE when not known. */
  productType?: string;
}

/** The Listings Items operations for one seller account. */
export class ListingsApi {
  readonly #caller: Pick<SpApiCaller, 'call'>;

  constructor(caller: Pick<SpApiCaller, 'call'>) {
    this.#caller = caller;
  }

  /** One listing with its summaries and fulfillment availability; null when Amazon does not know the SKU (404). */
  async getListingsItem(sellerId: string, sku: string, marketplaceIds: readonly string[], options: CallOptions = {}): Promise<ListingsItem | null> {
    if (!sellerId || !sku || marketplaceIds.length === 0) invalid('getListingsItem', ['sellerId, sku and a marketplace are required']);
    try {
      const res = await this.#caller.call(GET_LISTINGS_ITEM, {
        path: { sellerId, sku },
        query: { marketplaceIds: [...marketplaceIds], includedData: ['summaries', 'fulfillmentAvailability', 'issues'] },
      }, options);
      return believe<ListingsItem>(checkers.item, res.body, 'getListingsItem', res.requestId);
    } catch (e) {
      if (e instanceof PermanentError && e.code === 'AMAZON_NOT_FOUND') return null;
      throw e;
    }
  }

  /**
   * Replaces the merchant-fulfilled quantity (an absolute figure) of one SKU. Resolves with the submission when
   * Amazon accepted it; INVALID rejects with PermanentError AMAZON_LISTING_INVALID, the first ERROR issue's code
   * as `details.amazonCode` and the ERROR issues in `details.issues`.
   */
  async patchMerchantQuantity(patch: MerchantQuantityPatch, options: CallOptions = {}): Promise<ListingsSubmission> {
    const problems: string[] = [];
    if (!patch.sellerId || !patch.sku) problems.push('sellerId and sku are required');
    if (patch.marketplaceIds.length === 0) problems.push('at least one marketplace is required');
    if (!Number.isInteger(patch.quantity) || patch.quantity < 0) problems.push('quantity must be a whole number >= 0');
    if (problems.length) invalid('patchListingsItem', problems);
    const body = {
      productType: patch.productType || FALLBACK_PRODUCT_TYPE,
      // merge by the DEFAULT selector: the other channels' entries (FBA) and the entry's other fields are left alone.
      patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: patch.quantity }] }],
    };
    const res = await this.#caller.call(PATCH_LISTINGS_ITEM, {
      path: { sellerId: patch.sellerId, sku: patch.sku },
      query: { marketplaceIds: [...patch.marketplaceIds] },
      body,
    }, options);
    const submission = believe<ListingsSubmission>(checkers.submission, res.body, 'patchListingsItem', res.requestId);
    if (submission.status === 'INVALID') {
      const errors = (submission.issues ?? []).filter((i) => i.severity === 'ERROR');
      const first = errors[0];
      throw new PermanentError('AMAZON_LISTING_INVALID', `patchListingsItem ${patch.sku}: ${first?.message ?? 'refused without an issue'}`.slice(0, 500), {
        operation: 'patchListingsItem',
        sku: patch.sku,
        submissionId: submission.submissionId,
        amazonCode: first?.code ?? null,
        issues: errors.map((i) => ({ code: i.code, message: i.message.slice(0, 300) })),
      });
    }
    return submission;
  }

  /** One page of listings found by SKU (at most 20), with summaries and fulfillment availability. */
  async searchBySkus(sellerId: string, marketplaceIds: readonly string[], skus: readonly string[], pageToken?: string, options: CallOptions = {}): Promise<{ items: ListingsItem[]; nextToken?: string }> {
    if (!sellerId || marketplaceIds.length === 0) invalid('searchListingsItems', ['sellerId and a marketplace are required']);
    if (skus.length === 0 || skus.length > MAX_IDENTIFIERS_PER_SEARCH) invalid('searchListingsItems', [`1 to ${MAX_IDENTIFIERS_PER_SEARCH} SKUs per call`]);
    const query: Record<string, string | readonly string[]> = {
      marketplaceIds: [...marketplaceIds],
      identifiers: [...skus],
      identifiersType: 'SKU',
      includedData: ['summaries', 'fulfillmentAvailability'],
    };
    if (pageToken) query.pageToken = pageToken;
    const res = await this.#caller.call(SEARCH_LISTINGS_ITEMS, { path: { sellerId }, query }, options);
    const page = believe<Static<typeof SearchResults>>(checkers.search, res.body, 'searchListingsItems', res.requestId);
    const nextToken = page.pagination?.nextToken || undefined;
    return { items: page.items, ...(nextToken ? { nextToken } : {}) };
  }

  /** Every listing of the given SKUs, 20 a call, each call's pages followed; a repeated token is refused. */
  async allBySkus(sellerId: string, marketplaceIds: readonly string[], skus: readonly string[], options: CallOptions = {}): Promise<ListingsItem[]> {
    const unique = [...new Set(skus)];
    const out: ListingsItem[] = [];
    for (let i = 0; i < unique.length; i += MAX_IDENTIFIERS_PER_SEARCH) {
      let token: string | undefined;
      do {
        const page = await this.searchBySkus(sellerId, marketplaceIds, unique.slice(i, i + MAX_IDENTIFIERS_PER_SEARCH), token, options);
        out.push(...page.items);
        if (page.nextToken && page.nextToken === token) throw new PermanentError('AMAZON_BAD_PAYLOAD', 'searchListingsItems: the same nextToken was returned twice', { operation: 'searchListingsItems' });
        token = page.nextToken;
      } while (token);
    }
    return out;
  }
}

/** The product type of a listing for a patch: the first summary's, else the fallback. */
export function productTypeOf(item: ListingsItem | null): string {
  return item?.summaries?.find((s) => s.productType)?.productType ?? FALLBACK_PRODUCT_TYPE;
}

/** The merchant (DEFAULT channel) quantity Amazon shows for a listing, or null when it shows none. */
export function merchantQuantityOf(item: ListingsItem): number | null {
  return item.fulfillmentAvailability?.find((a) => a.fulfillmentChannelCode === 'DEFAULT')?.quantity ?? null;
}
