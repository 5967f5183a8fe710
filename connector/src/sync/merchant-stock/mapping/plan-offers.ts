/**
 * Pure: the desired quantity of each SKU from the ERP's free quantities and the open Amazon orders, per the
 * backend's `merchantStock` settings. Excluded SKUs and FBA-only listings (Amazon shows an AMAZON_* channel and no
 * DEFAULT one; never read yet: their last order was Amazon-fulfilled) are left out: patching `DEFAULT` availability
 * onto them would turn them merchant-fulfilled. A SKU sold both ways is sent (its DEFAULT channel only).
 * The unreserved units are summed per product over all its SKUs (a sale of one SKU lowers them all).
 */
import type { MerchantStockSettings } from '../merchant-stock.settings.ts';
import type { DesiredOffer } from '../store/offer-store.ts';
import { fbaOnlyByChannels } from '../reconcile/listing-reading.ts';
import { bufferOf, offerQuantity } from './offer-quantity.ts';

export interface SkuOfProduct {
  sku: string;
  productId: number;
  lastOrderFba: boolean;
  /** The fulfillment channels Amazon last showed for the listing (reconcile/), absent when never read. */
  channels?: readonly string[] | null;
}

/**
 * FBA-only: the listing's channels decide when known (an AMAZON_* channel and no DEFAULT one; a DEFAULT channel
 * means sold merchant-fulfilled, perhaps through FBA too); else the last order's fulfilment is the guess.
 */
export function isFbaOnly(s: SkuOfProduct): boolean {
  return fbaOnlyByChannels(s.channels) ?? s.lastOrderFba;
}

/** The SKUs whose quantity the flow sends (not excluded, not FBA-only). */
export function sendableSkus(skus: readonly SkuOfProduct[], settings: Pick<MerchantStockSettings, 'excludedSkus'>): SkuOfProduct[] {
  const excluded = new Set(settings.excludedSkus);
  return skus.filter((s) => !excluded.has(s.sku) && !isFbaOnly(s));
}

/**
 * One desired offer per sendable SKU. `skus`: every SKU of the products concerned (FBA and excluded ones too, whose
 * merchant orders still count); `free`: product -> free quantity (absent: 0); `unreserved`: SKU -> units.
 */
export function planOffers(
  skus: readonly SkuOfProduct[],
  free: ReadonlyMap<number, number>,
  unreserved: ReadonlyMap<string, number>,
  settings: MerchantStockSettings,
): DesiredOffer[] {
  const perProduct = new Map<number, number>();
  for (const s of skus) perProduct.set(s.productId, (perProduct.get(s.productId) ?? 0) + (unreserved.get(s.sku) ?? 0));
  return sendableSkus(skus, settings).map((s) => {
    const buffer = bufferOf(settings.buffer, settings.skuBuffers[s.sku]);
    const freeQty = free.get(s.productId) ?? 0;
    const unreservedUnits = perProduct.get(s.productId) ?? 0;
    const q = offerQuantity({ freeQty, allocationPercent: settings.allocationPercent, unreservedUnits, buffer });
    return {
      sku: s.sku,
      productId: s.productId,
      quantity: q.quantity,
      inputs: { freeQty, allocationPercent: settings.allocationPercent, unreservedUnits, buffer, available: q.available, held: q.held, underBuffer: q.underBuffer },
    };
  });
}
