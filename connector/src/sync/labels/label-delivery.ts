/**
 * Which deliveries get a label (reads only): ready (`assigned`) outgoing deliveries without a tracking number whose
 * sale order is bound to a merchant-fulfilled Amazon order; with what the rate request needs of that order (its
 * marketplace, service level, ship-by and deliver-by, value) and of the ERP products (the package).
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { orderDocuments } from '../orders/index.ts';
import type { OrderWindows } from './choose-rate.ts';
import { labelPickingGateway, type LabelPicking } from './erp/label-picking.gateway.ts';
import type { LabelsSettings } from './labels.settings.ts';
import { packagesOf, type PackageSpec } from './package-of.ts';

export interface LabelDelivery {
  picking: LabelPicking;
  amazonOrderId: string;
  windows: OrderWindows;
  /** The order's total (insured value), as Amazon gave it. */
  value: { amount: number; currency: string };
  /** Its packages (at least one), numbered from 1. */
  packages: PackageSpec[];
}

export type Eligibility = { ok: true; delivery: LabelDelivery } | { ok: false; why: string };

const when = (s: string | undefined) => (s ? new Date(s) : null);

/** Each of `ids` with its delivery, or why it gets no label. */
export async function loadLabelDeliveries(env: Pick<TaskEnv, 'core'>, rt: BackendRuntime, ids: readonly number[], s: LabelsSettings): Promise<Map<number, Eligibility>> {
  const backendId = rt.backend.id;
  const gw = labelPickingGateway(rt.erp);
  const pickings = await gw.pickings([...new Set(ids)], { withPacking: true });
  const out = new Map<number, Eligibility>(ids.map((id) => [id, { ok: false, why: 'no such delivery in the ERP' }]));
  const orderOf = new Map<number, string>();
  for (const p of pickings) {
    if (!p.outgoing) out.set(p.id, { ok: false, why: 'not an outgoing delivery' });
    else if (p.state !== 'assigned') out.set(p.id, { ok: false, why: `delivery is ${p.state}, not ready` });
    else if (p.saleId === null) out.set(p.id, { ok: false, why: 'delivery of no sale order' });
    else {
      const b = await env.core.binder.toAmazon(backendId, 'order', 'sale.order', p.saleId);
      if (b) orderOf.set(p.id, b.amazonKey);
      else out.set(p.id, { ok: false, why: 'the sale order is not an Amazon order of this backend' });
    }
  }
  const orders = (await orderDocuments(env.core.documents).getMany(backendId, [...new Set(orderOf.values())])).found;
  const products = await gw.productShipping(pickings.flatMap((p) => p.lines.map((l) => l.productId)));
  for (const p of pickings) {
    const orderId = orderOf.get(p.id);
    if (!orderId) continue;
    const order = orders.get(orderId)?.order;
    if (!order) out.set(p.id, { ok: false, why: `Amazon order ${orderId} is not stored` });
    else if (order.fulfillment?.fulfilledBy !== 'MERCHANT') out.set(p.id, { ok: false, why: 'fulfilled by Amazon' });
    else if (p.trackingRef && !(await env.core.binder.toAmazon(backendId, 'shipping_label', 'stock.picking', p.id))) {
      // Tracking written by a person (or another tool): the delivery is shipped some other way.
      out.set(p.id, { ok: false, why: 'the delivery already has a tracking number' });
    }
    else out.set(p.id, { ok: true, delivery: { picking: p, amazonOrderId: orderId, windows: windowsOf(order), value: valueOf(order), packages: packagesOf(p, products, s) } });
  }
  return out;
}

function windowsOf(o: Order): OrderWindows {
  const f = o.fulfillment;
  return { marketplaceId: o.salesChannel.marketplaceId ?? '', serviceLevel: f?.fulfillmentServiceLevel ?? null,
    shipBy: when(f?.shipByWindow?.latestDateTime), deliverBy: when(f?.deliverByWindow?.latestDateTime) };
}

function valueOf(o: Order): { amount: number; currency: string } {
  const t = o.proceeds?.grandTotal;
  return t ? { amount: Number(t.amount), currency: t.currencyCode } : { amount: 0, currency: 'EUR' };
}
