/**
 * Pure: the listings searchListingsItems answered, read per SKU asked (a SKU Amazon did not answer has no listing):
 * its fulfillment channels, its DEFAULT quantity, its last update. And the decision the merchant push depends on:
 * whether a SKU is FBA-only (Amazon shows an AMAZON_* channel and no DEFAULT one), merchant-fulfilled, or unknown.
 */
import type { ListingsItem } from '../../../amazon/listings-api.ts';
import type { AmazonReading } from './compare-listing.ts';

/** One reading per SKU asked, in the order asked. */
export function readingsOf(skus: readonly string[], items: readonly ListingsItem[]): AmazonReading[] {
  const bySku = new Map(items.map((i) => [i.sku, i]));
  return skus.map((sku) => {
    const item = bySku.get(sku);
    if (!item) return { sku, found: false, channels: [], merchantQty: null, updatedAt: null };
    const availability = item.fulfillmentAvailability ?? [];
    const channels = [...new Set(availability.map((a) => a.fulfillmentChannelCode))].sort();
    const merchant = availability.find((a) => a.fulfillmentChannelCode === 'DEFAULT');
    const times = (item.summaries ?? []).map((s) => (s.lastUpdatedDate ? Date.parse(s.lastUpdatedDate) : NaN)).filter((t) => Number.isFinite(t));
    return { sku, found: true, channels, merchantQty: merchant?.quantity ?? null, updatedAt: times.length ? new Date(Math.max(...times)) : null };
  });
}

/**
 * True when the listing's channels say FBA only; false when they show a DEFAULT channel (sold merchant-fulfilled,
 * perhaps through FBA too); null when not known (never read, or no channel at all): the caller falls back on its
 * own guess (the last order's fulfilment).
 */
export function fbaOnlyByChannels(channels: readonly string[] | null | undefined): boolean | null {
  if (!channels || channels.length === 0) return null;
  if (channels.includes('DEFAULT')) return false;
  return channels.some((c) => c.startsWith('AMAZON_')) ? true : null;
}
