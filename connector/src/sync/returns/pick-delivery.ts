/**
 * Which done delivery of the order takes a return of `units` of a SKU back: the deliveries that carried a product
 * with that SKU (the product bound to the SKU, else the product whose internal reference is the SKU), less what
 * earlier return pickings (not cancelled) of each already took back, the oldest one with enough left. Nothing
 * fitting is a conflict with its stable code. Pure apart from the gateway's reads.
 */
import type { ErrorCode } from '../../core/errors.ts';
import type { PickingView, ReturnPickingGateway } from './erp/return-picking.gateway.ts';

export type DeliveryChoice =
  | { ok: true; delivery: PickingView; productId: number; returns: PickingView[] }
  | { ok: false; code: ErrorCode; message: string; diff: Record<string, unknown> };

export async function pickDelivery(gw: ReturnPickingGateway, saleOrderId: number, sku: string, units: number, boundProductId: number | null): Promise<DeliveryChoice> {
  const deliveries = await gw.doneDeliveriesOf(saleOrderId);
  if (!deliveries.length) return { ok: false, code: 'RETURN_NO_DELIVERY', message: 'the sales order has no done delivery', diff: { saleOrderId } };
  const moves = await gw.movesOf(deliveries.map((d) => d.id));
  const codes = await gw.codesOf(moves.map((m) => m.productId));
  const isSku = (productId: number) => (boundProductId !== null ? productId === boundProductId : codes.get(productId) === sku);
  const mine = moves.filter((m) => m.state === 'done' && isSku(m.productId));
  if (!mine.length) return { ok: false, code: 'RETURN_SKU_NOT_DELIVERED', message: `no done delivery of the sales order carried SKU ${sku}`, diff: { saleOrderId, deliveries: deliveries.map((d) => d.name) } };
  const returns = await gw.returnsOf(deliveries.map((d) => d.id));
  const returnMoves = await gw.movesOf(returns.map((r) => r.id));
  const returnOf = new Map(returns.map((r) => [r.id, r.returnOf]));
  const productId = mine[0]!.productId;
  const lefts = deliveries.map((d) => {
    const delivered = mine.filter((m) => m.pickingId === d.id).reduce((s, m) => s + m.units, 0);
    const back = returnMoves.filter((m) => returnOf.get(m.pickingId) === d.id && m.productId === productId).reduce((s, m) => s + m.units, 0);
    return { delivery: d, delivered, left: delivered - back };
  });
  const fit = lefts.find((l) => l.delivered > 0 && l.left >= units);
  if (!fit) {
    const left = lefts.reduce((s, l) => s + Math.max(0, l.left), 0);
    return { ok: false, code: 'RETURN_QUANTITY_EXCEEDS', message: `${units} unit(s) of ${sku} returned, ${left} delivered and not yet returned`, diff: { units, left, saleOrderId } };
  }
  return { ok: true, delivery: fit.delivery, productId, returns: returns.filter((r) => r.returnOf === fit.delivery.id) };
}
