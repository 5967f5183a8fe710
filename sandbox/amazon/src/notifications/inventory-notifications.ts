/**
 * The two stock notifications, in the official schemas' shapes: LISTINGS_ITEM_MFN_QUANTITY_CHANGE
 * (`ListingsItemMfnQuantityChange.json`: a listing's merchant quantity, channel DEFAULT) and
 * FBA_INVENTORY_AVAILABILITY_CHANGES (`FBAInventoryAvailabilityChangeNotification.json`: a SKU's stock in a pool,
 * repeated for each of the seller's marketplaces the pool serves).
 */
import { randomUUID } from 'node:crypto';
import type { StockRecord } from '../fba/fba-stock.ts';

type Obj = Record<string, unknown>;

export interface Envelope {
  eventMs: number;
  publishedAtMs: number;
  applicationId: string;
  subscriptionId: string;
}

function wrap(type: string, payload: Obj, e: Envelope): Obj {
  const publishTime = new Date(e.publishedAtMs).toISOString();
  return {
    NotificationVersion: '1.0',
    NotificationType: type,
    PayloadVersion: '1.0',
    EventTime: new Date(e.eventMs).toISOString(),
    Payload: payload,
    NotificationMetadata: { ApplicationId: e.applicationId, SubscriptionId: e.subscriptionId, PublishTime: publishTime,
      NotificationId: randomUUID() },
  };
}

/** A listing's new merchant quantity. */
export function mfnQuantityNotification(args: { sellerId: string; sku: string; quantity: number }, e: Envelope): Obj {
  return wrap('LISTINGS_ITEM_MFN_QUANTITY_CHANGE',
    { SellerId: args.sellerId, FulfillmentChannelCode: 'DEFAULT', Sku: args.sku, Quantity: args.quantity }, e);
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** A SKU's stock in one pool, for each marketplace of the seller that the pool serves. */
export function fbaAvailabilityNotification(args: { sellerId: string; record: StockRecord; marketplaceIds: readonly string[] },
  e: Envelope): Obj {
  const r = args.record;
  const inventory = {
    InboundQuantityBreakdown: { Working: r.inboundWorking, Shipped: r.inboundShipped, Receiving: r.inboundReceiving },
    Fulfillable: r.fulfillable,
    Unfulfillable: sum(r.unfulfillable),
    Researching: sum(r.researching),
    ReservedQuantityBreakdown: { WarehouseProcessing: r.reserved.fcProcessing, WarehouseTransfer: r.reserved.pendingTransshipment,
      PendingCustomerOrder: r.reserved.pendingCustomerOrder },
    // In-Stock Head Start is not simulated: nothing is buyable before it arrives.
    FutureSupplyBuyable: 0,
    PendingCustomerOrderInTransit: 0,
  };
  return wrap('FBA_INVENTORY_AVAILABILITY_CHANGES', {
    SellerId: args.sellerId, FNSKU: r.fnSku, ASIN: r.asin, SKU: r.sellerSku,
    FulfillmentInventoryByMarketplace: args.marketplaceIds.map((m) => ({ MarketplaceId: m, ItemName: r.productName,
      FulfillmentInventory: inventory })),
  }, e);
}
