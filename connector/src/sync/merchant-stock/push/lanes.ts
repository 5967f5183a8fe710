/**
 * Pure: which pending SKUs go out at once by patchListingsItem (the urgent lane) and which as JSON_LISTINGS_FEED
 * messages (the bulk lane). Urgent: a SKU dropping to zero (out of stock, or under its buffer: an oversell cannot
 * wait hours behind a queued feed), a SKU marked for a re-check (Amazon may show an older figure), and the whole
 * change set when it is small (`urgentMaxSkus`: a patch at 5/s beats a feed's minutes for a handful of SKUs).
 */
import type { OfferRow } from '../store/offer-store.ts';

export interface Lanes {
  patch: OfferRow[];
  feed: OfferRow[];
}

export function splitLanes(pending: readonly OfferRow[], urgentMaxSkus: number): Lanes {
  if (pending.length <= urgentMaxSkus) return { patch: [...pending], feed: [] };
  const out: Lanes = { patch: [], feed: [] };
  for (const row of pending) {
    const toZero = row.desiredQty === 0 && row.sentQty !== 0;
    (toZero || row.recheck ? out.patch : out.feed).push(row);
  }
  return out;
}

/**
 * The JSON_LISTINGS_FEED message that sets a SKU's merchant quantity (schema v2, PATCH of fulfillment_availability).
 * `merge` with the DEFAULT selector, not `replace`: Amazon documents merge as changing only the entry the selector
 * (`fulfillment_channel_code`) names and only the fields given, so an AMAZON_* entry of a SKU sold both ways and the
 * DEFAULT entry's own lead time stay as they are (see reconcile/README.md, "Sold both ways").
 */
export function quantityMessage(sku: string, quantity: number, productType: string | null) {
  return {
    sku,
    operationType: 'PATCH' as const,
    productType: productType || 'PRODUCT',
    patches: [{ op: 'merge' as const, path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity }] }],
  };
}

/** The feed message key of version `seq` of a SKU: one message per version, so a newer quantity is never swallowed. */
export const messageKey = (sku: string, seq: number): string => `stock:${seq}:${sku}`;

/** The SKU and version of a message key; null for a key of another kind. */
export function parseMessageKey(key: string): { sku: string; seq: number } | null {
  const m = /^stock:(\d+):(.+)$/s.exec(key);
  return m ? { seq: Number(m[1]), sku: m[2]! } : null;
}
