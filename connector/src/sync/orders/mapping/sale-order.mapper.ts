/**
 * The sale.order header vals: the Amazon order id as the customer reference (what the workflow searches the ERP
 * by before any create), origin, order date, and pricelist / sales team / warehouse from the marketplace map.
 * partner_id and partner_shipping_id are ERP ids the workflow fills in from the partner keys.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import type { MarketplaceSettings, ProblemList } from './order-map-context.ts';

/** An ISO-8601 instant as Odoo's UTC datetime text ("2026-01-05 14:20:00"), or null when it is not one. */
export function odooDatetime(iso: string): string | null {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The order note (Odoo's note is HTML): the buyer's PO number, gift messages and `extra` paragraphs, escaped. */
export function orderNote(order: Order, extra: readonly string[] = []): string | undefined {
  const parts: string[] = [];
  const po = order.buyer?.buyerPurchaseOrderNumber?.trim();
  if (po) parts.push(`Buyer PO: ${po}`);
  for (const item of order.orderItems) {
    const msg = item.fulfillment?.packing?.giftOption?.giftMessage?.trim();
    if (msg) parts.push(`Gift message (${item.product.sellerSku ?? item.orderItemId}): ${msg}`);
  }
  parts.push(...extra);
  return parts.length ? parts.map((p) => `<p>${escapeHtml(p)}</p>`).join('') : undefined;
}

/** The header vals of the ERP order (without partner ids). */
export function saleOrderVals(order: Order, mkt: MarketplaceSettings | undefined, problems: ProblemList): Record<string, unknown> {
  const channel = order.salesChannel.marketplaceName ?? order.salesChannel.marketplaceId ?? order.salesChannel.channelName;
  const vals: Record<string, unknown> = {
    client_order_ref: order.orderId,
    origin: `${channel} ${order.orderId}`,
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
