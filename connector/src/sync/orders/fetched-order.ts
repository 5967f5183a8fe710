/**
 * What the orders flow asks Amazon for and how a parsed order is stored: shared by the sweep and the resync
 * tasks (neither reaches into the other).
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import type { FetchedOrder } from '../../db/amazon-order-store.ts';
import { orderContentHash } from './order-content-hash.ts';

/** The parts of an order the flows need; buyer and recipient are stored sealed. */
export const INCLUDED_DATA = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT', 'PROMOTION', 'TAX'] as const;

/** A parsed order as the store keeps it. */
export function fetchedOrder(o: Order): FetchedOrder {
  return {
    amazonOrderId: o.orderId,
    marketplaceId: o.salesChannel.marketplaceId ?? '',
    status: o.fulfillment?.fulfillmentStatus ?? 'UNKNOWN',
    fulfilledBy: o.fulfillment?.fulfilledBy ?? null,
    lastUpdatedAt: o.lastUpdatedTime,
    contentHash: orderContentHash(o),
    order: o as unknown as Record<string, unknown>,
  };
}
