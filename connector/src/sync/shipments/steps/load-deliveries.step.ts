/**
 * Step 1 of a confirmation batch (reads only, no compensation needed): re-reads the changed pickings from the
 * ERP, keeps the done outgoing ones whose sale order is bound to a merchant-fulfilled Amazon order (FBA orders'
 * deliveries and the ERP's other deliveries are ignored), and gathers what each package needs: the stored Amazon
 * order (fetched again when retention pruned it), the products of its SKUs, and the units earlier deliveries of
 * the same order took (deliveries in id order, so every worker computes the same split).
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { parseOrder } from '../../../amazon/parse-order.ts';
import type { BackendRuntime } from '../../frame/backend-runtime.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { orderDocuments, type SkuMapValue } from '../../orders/index.ts';
import { pickingGateway, type Picking } from '../erp/picking.gateway.ts';
import { packageItems, type ItemToShip } from '../mapping/package-items.mapper.ts';

/** One done delivery of a merchant-fulfilled Amazon order, with what its package needs. */
export interface Delivery {
  picking: Picking;
  amazonOrderId: string;
  order: Order;
  items: ItemToShip[];
  productsBySku: Map<string, number[]>;
  /** Units per order item taken by the order's earlier deliveries. */
  alreadyShipped: Record<string, number>;
}

/** The deliveries among `ids` the flow confirms. */
export async function loadDeliveries(env: Pick<TaskEnv, 'core'>, rt: BackendRuntime, ids: readonly number[]): Promise<Delivery[]> {
  const backendId = rt.backend.id;
  const gw = pickingGateway(rt.erp);
  const done = (await gw.pickings([...new Set(ids)])).filter((p) => p.state === 'done' && p.outgoing && p.saleId !== null && p.dateDone !== null);
  if (!done.length) return [];
  const orderIdBySale = new Map<number, string>();
  for (const saleId of new Set(done.map((p) => p.saleId!))) {
    const b = await env.core.binder.toAmazon(backendId, 'order', 'sale.order', saleId);
    if (b) orderIdBySale.set(saleId, b.amazonKey);
  }
  const orders = await amazonOrders(env, rt, [...new Set(orderIdBySale.values())]);
  const merchant = done.filter((p) => orders.get(orderIdBySale.get(p.saleId!) ?? '')?.fulfillment?.fulfilledBy === 'MERCHANT');
  if (!merchant.length) return [];
  const saleIds = [...new Set(merchant.map((p) => p.saleId!))];
  const siblings = await gw.doneDeliveriesOf(saleIds);
  const skus = [...new Set(merchant.flatMap((p) => orders.get(orderIdBySale.get(p.saleId!)!)!.orderItems.flatMap((i) => (i.product.sellerSku ? [i.product.sellerSku] : []))))];
  const productsBySku = await productsOf(env, rt, skus);
  return merchant.map((picking) => {
    const amazonOrderId = orderIdBySale.get(picking.saleId!)!;
    const order = orders.get(amazonOrderId)!;
    const items = order.orderItems.map((i) => ({ orderItemId: i.orderItemId, sku: i.product.sellerSku ?? null, quantityOrdered: i.quantityOrdered }));
    const earlier = siblings.filter((s) => s.saleId === picking.saleId && s.id < picking.id);
    return { picking, amazonOrderId, order, items, productsBySku, alreadyShipped: shippedBefore(earlier, items, productsBySku) };
  });
}

/** Units per item of earlier deliveries, each split as its own package was (one that cannot be mapped takes none). */
function shippedBefore(earlier: readonly Picking[], items: ItemToShip[], productsBySku: Map<string, number[]>): Record<string, number> {
  const shipped: Record<string, number> = {};
  for (const p of earlier) {
    const r = packageItems({ moves: p.moves, items, productsBySku, alreadyShipped: shipped });
    if (!r.ok) continue;
    for (const i of r.items) shipped[i.orderItemId] = (shipped[i.orderItemId] ?? 0) + i.quantity;
  }
  return shipped;
}

/** The stored orders; one retention pruned (or never stored) is fetched again with getOrder. */
async function amazonOrders(env: Pick<TaskEnv, 'core'>, rt: BackendRuntime, ids: string[]): Promise<Map<string, Order>> {
  const out = new Map<string, Order>();
  if (!ids.length) return out;
  const stored = await orderDocuments(env.core.documents).getMany(rt.backend.id, ids);
  for (const [id, s] of stored.found) out.set(id, s.order);
  for (const id of ids.filter((x) => !out.has(x))) {
    const { order } = await rt.amazon.orders.getOrder(id, ['FULFILLMENT']);
    const parsed = parseOrder(order);
    if (parsed.ok) out.set(id, parsed.order);
  }
  return out;
}

/** ERP products per SKU: the backend's SKU table wins, else products whose internal reference is the SKU. */
async function productsOf(env: Pick<TaskEnv, 'core'>, rt: BackendRuntime, skus: string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  const mapped = await env.core.lookups.getMany<SkuMapValue>(rt.backend.id, 'sku_map', skus);
  for (const [sku, v] of mapped) out.set(sku, [v.productId]);
  const rest = skus.filter((s) => !mapped.has(s));
  for (const [code, ids] of await pickingGateway(rt.erp).productsByCode(rest)) out.set(code, ids);
  return out;
}
