/**
 * A stable hash of the Amazon-owned content of an order: what ends up in the ERP (lines, quantities, prices,
 * breakdowns, taxes, buyer, address, business registration, gift messages) and the import stage. The sweep
 * enqueues an order only when this changes, so lastUpdatedTime, package tracking or a status move that changes
 * nothing in the ERP (UNSHIPPED -> SHIPPED) spend no work. The stage is in because PENDING -> UNSHIPPED does, and
 * an FBA order's shipment does: it waits unimported (FBA_NOT_SHIPPED) until Amazon shipped it, so the move out of
 * its open statuses must queue it again (shipped and other FBA orders keep the `fba` stage they always hashed).
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { stableHash } from '../../core/stable-hash.ts';

/** The FBA statuses order-disposition.ts waits on (the order is imported once Amazon leaves them). */
const FBA_OPEN = new Set(['PENDING', 'PENDING_AVAILABILITY', 'UNSHIPPED', 'PARTIALLY_SHIPPED']);

/** Coarse stage: only a move between these changes what the ERP should hold. */
function stage(order: Order): string {
  const f = order.fulfillment;
  if (!f) return 'unknown';
  if (f.fulfilledBy === 'AMAZON') return FBA_OPEN.has(f.fulfillmentStatus ?? '') ? 'fba-open' : 'fba';
  switch (f.fulfillmentStatus) {
    case 'PENDING':
    case 'PENDING_AVAILABILITY':
      return 'wait';
    case 'CANCELLED':
      return 'cancelled';
    case 'UNFULFILLABLE':
      return 'unfulfillable';
    default:
      return 'import';
  }
}

const byKey = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

const BUYER_FIELDS = ['buyerName', 'buyerEmail', 'buyerCompanyName', 'buyerPurchaseOrderNumber'] as const;
const ADDRESS_FIELDS = ['name', 'companyName', 'addressLine1', 'addressLine2', 'addressLine3', 'city', 'districtOrCounty',
  'stateOrRegion', 'municipality', 'postalCode', 'countryCode', 'phone'] as const;

/** Only the named fields: a field Amazon adds later must not look like a change of content. */
function pick<T extends object>(obj: T | undefined, fields: readonly (keyof T)[]): unknown {
  if (!obj) return null;
  return Object.fromEntries(fields.map((f) => [f, obj[f]]));
}

/** The Amazon-owned projection of an order; item and breakdown order do not matter. */
export function ownedContent(order: Order): unknown {
  return {
    orderId: order.orderId,
    marketplaceId: order.salesChannel.marketplaceId ?? null,
    stage: stage(order),
    buyer: pick(order.buyer, BUYER_FIELDS),
    address: pick(order.recipient?.deliveryAddress, ADDRESS_FIELDS),
    registrations: order.tax?.taxRegistrations?.filter((r) => r.entityType === 'BUYER') ?? [],
    items: [...order.orderItems].sort(byKey((i) => i.orderItemId)).map((i) => ({
      id: i.orderItemId,
      quantity: i.quantityOrdered,
      sku: i.product.sellerSku ?? null,
      unitPrice: i.product.price?.unitPrice ?? null,
      breakdowns: (i.proceeds?.breakdowns ?? [])
        .map((b) => ({
          type: b.type,
          subtotal: b.subtotal,
          detailed: [...(b.detailedBreakdowns ?? [])].sort(byKey((d) => `${d.subtype}|${d.value?.amount}`)),
        }))
        .sort(byKey((b) => `${b.type}|${b.subtotal.amount}`)),
      taxModels: (i.tax?.taxCollections ?? []).map((c) => c.model ?? '').sort(),
      giftMessage: i.fulfillment?.packing?.giftOption?.giftMessage ?? null,
    })),
    // A buyer's cancel request ends up in the ERP too (a note, with the cancellations flow on). Present only when
    // there is one, so the hash of every order without a request stays what it was (no mass re-import).
    ...(hasBuyerCancelRequest(order) ? { buyerCancelRequest: true } : {}),
  };
}

/** An item the buyer asked to cancel, not cancelled yet. */
const hasBuyerCancelRequest = (order: Order): boolean =>
  order.orderItems.some((i) => i.cancellation?.cancellationRequest?.requester === 'BUYER' && !i.cancellation.cancellationExecution);

/**
 * sha256 (hex) of the order's Amazon-owned content. Persisted (amazon_order.content_hash, binding.payload_hash):
 * the text hashed must never change for the same order, or every stored order would look changed and be
 * imported again (the pinned hashes in order-content-hash.test.ts guard it).
 */
export function orderContentHash(order: Order): string {
  return stableHash(ownedContent(order));
}
