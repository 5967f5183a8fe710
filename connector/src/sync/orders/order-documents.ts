/**
 * The order flow's fetched documents: Amazon orders in core's document store (kind `order`), typed both ways.
 * What goes in is a parsed `Order`; what comes back is parsed again with the adapter's own parser, so a stored
 * order that no longer matches the model (edited by hand, or a model change) is reported, never cast.
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { parseOrder } from '../../amazon/parse-order.ts';
import type { DocumentKind, DocumentStore } from '../../core/documents/index.ts';
import { joinPii, PII_PARTS, splitPii } from '../../db/order-pii.ts';
import { orderContentHash } from './order-content-hash.ts';

/** Orders as fetched documents: buyer, recipient, the buyer's tax registrations and gift messages are sealed (db/order-pii.ts). */
export const ORDER_DOCUMENT: DocumentKind<Order> = {
  name: 'order',
  piiParts: [...PII_PARTS, 'tax.taxRegistrations (the buyer’s)', 'orderItems[].fulfillment.packing.giftOption.giftMessage'],
  // The context orders were sealed under in `amazon_order`: the rows moved as they were (see the migration).
  sealContext: 'amazon_order',
  split: (order) => splitPii(order),
  join: joinPii,
  summary: (o) => ({
    marketplaceId: o.salesChannel.marketplaceId ?? '',
    status: o.fulfillment?.fulfillmentStatus ?? 'UNKNOWN',
    fulfilledBy: o.fulfillment?.fulfilledBy ?? null,
    // A buyer's cancel request not executed yet: the connector does not act on it (issue 11), it keeps the fact.
    ...(o.orderItems.some((i) => i.cancellation?.cancellationRequest && !i.cancellation.cancellationExecution) ? { buyerCancelRequest: true } : {}),
  }),
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An order as a conflict may keep it (raw or parsed): through the kind's one split (`splitPii` accepts what does
 * not parse too), never with buyer data.
 */
export const orderSnapshot = (order: unknown): Record<string, unknown> => (isObject(order) ? splitPii(order).payload : {});

/** One stored order, re-validated. */
export interface StoredOrder {
  amazonOrderId: string;
  lastUpdatedAt: Date;
  /** Hash of the Amazon-owned content when stored. */
  contentHash: string;
  /** With its PII when asked for and not yet redacted. */
  order: Order;
  piiRedactedAt: Date | null;
}

export interface ReadOrders {
  found: Map<string, StoredOrder>;
  /** Stored orders that no longer parse, with the parser's problems (paths, never values). */
  malformed: Map<string, string[]>;
}

export interface OrderDocuments {
  /** Stores parsed orders; returns the ids whose Amazon-owned content is new or changed. */
  upsertMany(backendId: number, orders: readonly Order[]): Promise<string[]>;
  getMany(backendId: number, amazonOrderIds: readonly string[], options?: { withPii?: boolean }): Promise<ReadOrders>;
}

/** The typed order store over `documents` (core's store, or one built on a transaction's client). */
export function orderDocuments(documents: DocumentStore): OrderDocuments {
  const store = documents.of(ORDER_DOCUMENT);
  return {
    upsertMany: (backendId, orders) =>
      store.upsertMany(
        backendId,
        orders.map((o) => ({ key: o.orderId, sourceUpdatedAt: o.lastUpdatedTime, contentHash: orderContentHash(o), document: o })),
      ),
    async getMany(backendId, ids, options = {}) {
      const stored = await store.getMany(backendId, ids, options);
      const out: ReadOrders = { found: new Map(), malformed: new Map() };
      for (const s of stored.values()) {
        const parsed = parseOrder(s.document);
        if (!parsed.ok) {
          out.malformed.set(s.key, parsed.error.problems);
          continue;
        }
        out.found.set(s.key, { amazonOrderId: s.key, lastUpdatedAt: s.sourceUpdatedAt, contentHash: s.contentHash, order: parsed.order, piiRedactedAt: s.piiRedactedAt });
      }
      return out;
    },
  };
}
