/**
 * A listing as the Listings Items 2021-08-01 model's `Item`, with the parts `includedData` asks for: summaries per
 * marketplace, attributes (`fulfillment_availability` with the DEFAULT quantity), issues, offers (the catalogue's
 * price), fulfillmentAvailability (DEFAULT, and the FBA channel of the first marketplace's pool), relationships
 * (none) and productTypes.
 */
import type { Catalogue } from '../catalogue.ts';
import type { FbaStock } from '../fba/fba-stock.ts';
import { poolOfMarketplace } from '../fba/pools.ts';
import { isoSeconds } from '../http/query-values.ts';
import type { ListingRecord } from './listing-store.ts';

export const ITEM_DATA = ['summaries', 'attributes', 'issues', 'offers', 'fulfillmentAvailability', 'procurement',
  'relationships', 'productTypes'] as const;

export interface ViewContext {
  catalogue: Catalogue;
  fba: FbaStock;
  marketplaceIds: readonly string[];
  included: ReadonlySet<string>;
}

/** The FBA channel code of a pool (Amazon's fulfillment networks: NA, EU with the UK, JP). */
export function fbaChannelOf(pool: string): string {
  if (pool === 'US' || pool === 'CA' || pool === 'MX') return 'AMAZON_NA';
  if (pool === 'EU' || pool === 'UK') return 'AMAZON_EU';
  return `AMAZON_${pool}`;
}

/** Issues Amazon keeps on a listing: an offer created without the product facts lacks them. */
export function listingIssues(rec: ListingRecord, marketplaceIds: readonly string[]): Record<string, unknown>[] {
  if (rec.asin !== undefined || rec.attributes.item_name) return [];
  return [{ code: '90220', message: "'item_name' is required but not supplied.", severity: 'ERROR', attributeNames: ['item_name'],
    categories: ['MISSING_ATTRIBUTE'], marketplaceIds: [...marketplaceIds] }];
}

/** FBA fulfillable units of the SKU in the pool of a marketplace, or undefined when the pool has no record. */
function fbaUnits(rec: ListingRecord, ctx: ViewContext, marketplaceId: string | undefined):
  { pool: string; units: number; fnSku: string } | undefined {
  const pool = marketplaceId ? poolOfMarketplace(ctx.catalogue, marketplaceId) : undefined;
  const r = pool ? ctx.fba.list(rec.sellerId, pool).find((x) => x.sellerSku === rec.sku) : undefined;
  return pool && r ? { pool, units: r.fulfillable, fnSku: r.fnSku } : undefined;
}

/** BUYABLE when some channel has units and the listing has its facts; DISCOVERABLE when the catalogue has it. */
export function statusOf(rec: ListingRecord, ctx: ViewContext, marketplaceId: string): string[] {
  const complete = listingIssues(rec, [marketplaceId]).length === 0;
  const units = (rec.quantity ?? 0) + (fbaUnits(rec, ctx, marketplaceId)?.units ?? 0);
  return [...(complete && units > 0 ? ['BUYABLE'] : []), ...(rec.asin ? ['DISCOVERABLE'] : [])];
}

function price(ctx: ViewContext, sku: string, marketplaceId: string): { currencyCode: string; amount: string } | undefined {
  const mp = ctx.catalogue.marketplaces.find((m) => m.marketplaceId === marketplaceId);
  const amount = mp ? ctx.catalogue.products.find((p) => p.sellerSku === sku)?.prices[mp.currency] : undefined;
  return mp && amount ? { currencyCode: mp.currency, amount } : undefined;
}

/** The `Item` of a listing. */
export function itemView(rec: ListingRecord, ctx: ViewContext): Record<string, unknown> {
  const item: Record<string, unknown> = { sku: rec.sku };
  const has = (part: string) => ctx.included.has(part);
  if (has('summaries')) {
    item.summaries = ctx.marketplaceIds.map((m) => {
      const fnSku = fbaUnits(rec, ctx, m)?.fnSku;
      return { marketplaceId: m, ...(rec.asin ? { asin: rec.asin } : {}),
      productType: rec.productType, conditionType: 'new_new', status: statusOf(rec, ctx, m), ...(fnSku ? { fnSku } : {}),
      ...(rec.itemName ? { itemName: rec.itemName } : {}),
      createdDate: isoSeconds(rec.createdMs), lastUpdatedDate: isoSeconds(rec.updatedMs) };
    });
  }
  if (has('attributes')) {
    const attributes: Record<string, unknown> = {
      ...(rec.itemName ? { item_name: ctx.marketplaceIds.map((m) => ({ value: rec.itemName, language_tag: 'en_GB', marketplace_id: m })) } : {}),
      ...rec.attributes,
    };
    if (rec.quantity !== undefined) attributes.fulfillment_availability = [{ fulfillment_channel_code: 'DEFAULT', quantity: rec.quantity }];
    item.attributes = attributes;
  }
  if (has('issues')) item.issues = listingIssues(rec, ctx.marketplaceIds);
  if (has('offers')) {
    item.offers = ctx.marketplaceIds.flatMap((m) => {
      const p = price(ctx, rec.sku, m);
      return p ? [{ marketplaceId: m, offerType: 'B2C', price: p, audience: { value: 'ALL', displayName: 'Sell on Amazon' } }] : [];
    });
  }
  if (has('fulfillmentAvailability')) {
    const fba = fbaUnits(rec, ctx, ctx.marketplaceIds[0]);
    item.fulfillmentAvailability = [
      ...(rec.quantity !== undefined ? [{ fulfillmentChannelCode: 'DEFAULT', quantity: rec.quantity }] : []),
      ...(fba ? [{ fulfillmentChannelCode: fbaChannelOf(fba.pool), quantity: fba.units }] : []),
    ];
  }
  if (has('procurement')) item.procurement = []; // vendor cost prices: a seller has none
  if (has('relationships')) item.relationships = ctx.marketplaceIds.map((m) => ({ marketplaceId: m, relationships: [] }));
  if (has('productTypes')) item.productTypes = ctx.marketplaceIds.map((m) => ({ marketplaceId: m, productType: rec.productType }));
  return item;
}
