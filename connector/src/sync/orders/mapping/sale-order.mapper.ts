/**
 * The sale.order header vals: the Amazon order id as the customer reference (what the workflow searches the ERP
 * by before any create), origin, order date, and pricelist / sales team / warehouse from the marketplace map.
 * partner_id and partner_shipping_id are ERP ids the workflow fills in from the partner keys.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import type { MarketplaceSettings, ProblemList } from './order-map-context.ts';
import { cancelledQuantity } from '../../../amazon/order-units.ts';

/** An ISO-8601 instant as Odoo's UTC datetime text ("2026-01-05 14:20:00"), or null when it is not one. */
export function odooDatetime(iso: string): string | null {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The earlier order this one replaces or exchanges (Amazon's `associatedOrders`), if any. */
export function originalOrder(order: Order): { orderId: string; kind: 'replacement' | 'exchange' } | undefined {
  for (const a of order.associatedOrders ?? []) {
    if (!a.orderId) continue;
    if (a.associationType === 'REPLACEMENT_ORIGINAL_ID') return { orderId: a.orderId, kind: 'replacement' };
    if (a.associationType === 'EXCHANGE_ORIGINAL_ID') return { orderId: a.orderId, kind: 'exchange' };
  }
  return undefined;
}

/** Characters of a gift message the ERP order keeps: a card holds a few hundred; Amazon sent 1 MiB once. */
export const GIFT_MESSAGE_MAX = 1000;

/** The message, or its first GIFT_MESSAGE_MAX characters (never a split surrogate pair) and a truncation mark. */
export function boundedGiftMessage(msg: string): string {
  const chars = [...msg];
  if (chars.length <= GIFT_MESSAGE_MAX) return msg;
  return `${chars.slice(0, GIFT_MESSAGE_MAX).join('')} […truncated by the connector: ${chars.length - GIFT_MESSAGE_MAX} of ${chars.length} characters left out]`;
}

/**
 * What the people handling the ERP order must know that its lines do not say, first what changes their work: a
 * buyer's request to cancel (not executed: the connector does not cancel, the seller decides), units the seller
 * cancelled, the order this one replaces; then the buyer's PO number and gift messages.
 */
function noteParts(order: Order): string[] {
  const parts: string[] = [];
  for (const item of order.orderItems) {
    const c = item.cancellation;
    const what = item.product.sellerSku ?? item.orderItemId;
    if (c?.cancellationRequest && !c.cancellationExecution) {
      const why = c.cancellationRequest.cancelReason?.trim();
      parts.push(`Buyer requested cancellation (${what})${why ? `: ${why}` : ''}`);
    }
    const cancelled = cancelledQuantity(item);
    if (cancelled > 0) parts.push(`${cancelled} of ${item.quantityOrdered} cancelled at Amazon (${what}); the line has the rest`);
  }
  const original = originalOrder(order);
  if (original) parts.push(`Free ${original.kind} of Amazon order ${original.orderId}: the revenue is on that order`);
  const po = order.buyer?.buyerPurchaseOrderNumber?.trim();
  if (po) parts.push(`Buyer PO: ${po}`);
  for (const item of order.orderItems) {
    const msg = item.fulfillment?.packing?.giftOption?.giftMessage?.trim();
    if (msg) parts.push(`Gift message (${item.product.sellerSku ?? item.orderItemId}): ${boundedGiftMessage(msg)}`);
  }
  return parts;
}

/** The order note (Odoo's note is HTML): what noteParts says, then `extra` paragraphs, escaped. */
export function orderNote(order: Order, extra: readonly string[] = []): string | undefined {
  const parts = [...noteParts(order), ...extra];
  return parts.length ? parts.map((p) => `<p>${escapeHtml(p)}</p>`).join('') : undefined;
}

/** The header vals of the ERP order (without partner ids). */
export function saleOrderVals(order: Order, mkt: MarketplaceSettings | undefined, problems: ProblemList): Record<string, unknown> {
  const channel = order.salesChannel.marketplaceName ?? order.salesChannel.marketplaceId ?? order.salesChannel.channelName;
  const original = originalOrder(order);
  const vals: Record<string, unknown> = {
    // The reference stays Amazon's id of THIS order (the ERP is searched by it); the original is named in origin.
    client_order_ref: order.orderId,
    origin: `${channel} ${order.orderId}${original ? ` (${original.kind} of ${original.orderId})` : ''}`,
  };
  const date = odooDatetime(order.createdTime);
  if (date === null) problems.add('ORDER_MALFORMED', `createdTime "${order.createdTime}" is not a date-time`, { field: 'createdTime' });
  else vals.date_order = date;
  if (mkt?.pricelistId !== undefined) vals.pricelist_id = mkt.pricelistId;
  if (mkt?.teamId !== undefined) vals.team_id = mkt.teamId;
  if (mkt?.warehouseId !== undefined) vals.warehouse_id = mkt.warehouseId;
  const note = orderNote(order);
  if (note) vals.note = note;
  return vals;
}
