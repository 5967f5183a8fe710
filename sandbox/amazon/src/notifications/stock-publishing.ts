/**
 * Connects the stock to the publisher: a listing's merchant quantity that changes (patch, feed, order,
 * cancellation, admin) sends LISTINGS_ITEM_MFN_QUANTITY_CHANGE; a pool's record of a SKU that changes (FBA orders,
 * admin) sends FBA_INVENTORY_AVAILABILITY_CHANGES, naming the seller's marketplaces that pool serves.
 */
import type { Catalogue } from '../catalogue.ts';
import type { SellerConfig } from '../config.ts';
import type { FbaStock } from '../fba/fba-stock.ts';
import { poolOfMarketplace } from '../fba/pools.ts';
import type { ListingStore } from '../listings/listing-store.ts';
import { fbaAvailabilityNotification, mfnQuantityNotification } from './inventory-notifications.ts';
import type { OrderChangePublisher } from './publisher.ts';

export const MFN_QUANTITY_CHANGE = 'LISTINGS_ITEM_MFN_QUANTITY_CHANGE';
export const FBA_AVAILABILITY_CHANGES = 'FBA_INVENTORY_AVAILABILITY_CHANGES';

/** Sets the listeners of the listings and of the FBA stock. */
export function wireStockNotifications(deps: { catalogue: Catalogue; sellers: readonly SellerConfig[]; listings: ListingStore;
  fbaStock: FbaStock; publisher: OrderChangePublisher; now: () => number }): void {
  const { publisher, now } = deps;
  deps.listings.onQuantityChange = (rec) => {
    const quantity = rec.quantity!;
    const eventMs = now();
    publisher.publish(rec.sellerId, MFN_QUANTITY_CHANGE, (sub, publishedAtMs) => mfnQuantityNotification(
      { sellerId: rec.sellerId, sku: rec.sku, quantity },
      { eventMs, publishedAtMs, applicationId: sub.clientId, subscriptionId: sub.subscriptionId }), { sku: rec.sku });
  };
  const sellers = new Map(deps.sellers.map((s) => [s.sellerId, s]));
  deps.fbaStock.onChange = (sellerId, pool, record) => {
    const marketplaceIds = (sellers.get(sellerId)?.marketplaceIds ?? []).filter((m) => poolOfMarketplace(deps.catalogue, m) === pool);
    const snapshot = structuredClone(record);
    const eventMs = now();
    publisher.publish(sellerId, FBA_AVAILABILITY_CHANGES, (sub, publishedAtMs) => fbaAvailabilityNotification(
      { sellerId, record: snapshot, marketplaceIds },
      { eventMs, publishedAtMs, applicationId: sub.clientId, subscriptionId: sub.subscriptionId }), { sku: record.sellerSku, pool });
  };
}
