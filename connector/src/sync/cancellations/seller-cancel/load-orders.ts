/**
 * Reads what a check needs (no writes): the ERP orders (state, units per product), the Amazon order each is bound
 * to by the orders flow (`order` binding) as the sweep stored it, and the ERP products of its SKUs (the SKU table
 * first, then products whose internal reference is the SKU, as the import resolved them). ERP orders that are not
 * Amazon orders are dropped here.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { parseOrder } from '../../../amazon/parse-order.ts';
import type { DocumentKind } from '../../../core/documents/index.ts';
import type { BackendRuntime } from '../../frame/backend-runtime.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { cancelledQuantity, shippedQuantities } from '../../../amazon/order-units.ts';
import { saleCancelGateway, type ErpSaleOrder } from './erp/sale-cancel.gateway.ts';
import type { AmazonItem } from './mapping/cancel-units.ts';

/**
 * The orders flow's stored Amazon orders (document kind `order`), read without their PII (none is needed here):
 * a read-only view, since the orders flow depends on this folder's flow and may not be imported back. Never written
 * through it (`split` refuses).
 */
const STORED_ORDER: DocumentKind<Order> = {
  name: 'order',
  piiParts: [],
  sealContext: 'amazon_order',
  split: () => { throw new Error('seller cancellations never write Amazon orders'); },
  join: (payload) => payload,
  summary: () => ({}),
};

/** The stored orders of `ids` that still parse (PII left out). */
async function storedOrders(env: Pick<TaskEnv, 'core'>, backendId: number, ids: readonly string[]): Promise<Map<string, Order>> {
  const out = new Map<string, Order>();
  for (const [key, d] of await env.core.documents.of(STORED_ORDER).getMany(backendId, ids)) {
    const parsed = parseOrder(d.document);
    if (parsed.ok) out.set(key, parsed.order);
  }
  return out;
}

/** One ERP order bound to an Amazon order. */
export interface BoundOrder {
  erp: ErpSaleOrder;
  amazonOrderId: string;
  /** The stored Amazon order; null when retention pruned it (nothing is decided without it). */
  order: Order | null;
}

/** The ERP orders among `saleOrderIds` that are Amazon orders, with their stored Amazon order. */
export async function loadBoundOrders(env: Pick<TaskEnv, 'core'>, rt: BackendRuntime, saleOrderIds: readonly number[]): Promise<BoundOrder[]> {
  const backendId = rt.backend.id;
  const bound = new Map<number, string>();
  for (const id of new Set(saleOrderIds)) {
    const b = await env.core.binder.toAmazon(backendId, 'order', 'sale.order', id);
    if (b) bound.set(id, b.amazonKey);
  }
  if (!bound.size) return [];
  const erp = await saleCancelGateway(rt.erp).orders([...bound.keys()]);
  const stored = await storedOrders(env, backendId, [...new Set(bound.values())]);
  return erp.map((o) => ({ erp: o, amazonOrderId: bound.get(o.id)!, order: stored.get(bound.get(o.id)!) ?? null }));
}

/** ERP products per SKU of `orders`: the backend's SKU table wins, else products whose internal reference is the SKU. */
export async function productsBySku(env: Pick<TaskEnv, 'core'>, rt: BackendRuntime, orders: readonly Order[]): Promise<Map<string, number[]>> {
  const skus = [...new Set(orders.flatMap((o) => o.orderItems.flatMap((i) => (i.product.sellerSku ? [i.product.sellerSku] : []))))];
  const out = new Map<string, number[]>();
  if (!skus.length) return out;
  const mapped = await env.core.lookups.getMany<{ productId: number }>(rt.backend.id, 'sku_map', skus);
  for (const [sku, v] of mapped) out.set(sku, [v.productId]);
  const rest = skus.filter((s) => !mapped.has(s));
  if (rest.length) {
    const rows = await rt.erp.searchRead('product.product', [['default_code', 'in', rest]], ['default_code'], { order: 'id asc' });
    for (const p of rows) if (typeof p.default_code === 'string') out.set(p.default_code, [...(out.get(p.default_code) ?? []), p.id]);
  }
  return out;
}

/** The order's items as the plan reads them, with the units the connector already asked for. */
export function amazonItems(order: Order, products: Map<string, number[]>, requested: Map<string, number>): AmazonItem[] {
  const shipped = shippedQuantities(order);
  return order.orderItems.map((i) => ({
    orderItemId: i.orderItemId,
    productIds: i.product.sellerSku ? (products.get(i.product.sellerSku) ?? []) : [],
    quantityOrdered: i.quantityOrdered,
    cancelledAtAmazon: cancelledQuantity(i),
    shipped: shipped[i.orderItemId] ?? 0,
    requested: requested.get(i.orderItemId) ?? 0,
  }));
}

/** The buyer asked Amazon to cancel (a request not executed yet): the ERP's cancellation answers it, BuyerCanceled. */
export const buyerRequested = (order: Order): boolean =>
  order.orderItems.some((i) => i.cancellation?.cancellationRequest && !i.cancellation.cancellationExecution);
