/**
 * Where the units of a return come back from: the order's done deliveries, the units of each product each one
 * delivered less what its return pickings (not cancelled, whoever made them) already take back. A SKU's product is
 * the product bound to the SKU, else the delivered product whose internal reference is the SKU. The units of one
 * SKU come from the oldest delivery that has them all left (one picking); when none has, from each delivery in
 * turn, oldest first, what it has left (a partial delivery and its backorder: one picking per delivery). Nothing
 * fitting is a conflict with its stable code; `take` consumes the units, so two SKUs of one plan never count the
 * same units twice.
 */
import type { ErrorCode } from '../../core/errors.ts';
import type { MoveView, PickingView, ReturnPickingGateway } from './erp/return-picking.gateway.ts';

export interface OrderDeliveries {
  saleOrderId: number;
  deliveries: PickingView[];
  /** Return pickings (not cancelled) of those deliveries, and their moves. */
  returns: PickingView[];
  returnMoves: MoveView[];
  /** Units left to return per `<deliveryId>:<productId>` (delivered less taken back). */
  left: Map<string, number>;
  codes: Map<number, string | null>;
}

export type Take =
  | { ok: true; parts: Array<{ deliveryId: number; units: number }> }
  | { ok: false; code: ErrorCode; message: string; diff: Record<string, unknown> };

const slot = (deliveryId: number, productId: number) => `${deliveryId}:${productId}`;

export async function readDeliveries(gw: ReturnPickingGateway, saleOrderId: number): Promise<OrderDeliveries> {
  const deliveries = await gw.doneDeliveriesOf(saleOrderId);
  const moves = (await gw.movesOf(deliveries.map((d) => d.id))).filter((m) => m.state === 'done');
  const codes = await gw.codesOf(moves.map((m) => m.productId));
  const returns = await gw.returnsOf(deliveries.map((d) => d.id));
  const returnMoves = await gw.movesOf(returns.map((r) => r.id));
  const returnOf = new Map(returns.map((r) => [r.id, r.returnOf]));
  const left = new Map<string, number>();
  for (const m of moves) left.set(slot(m.pickingId, m.productId), (left.get(slot(m.pickingId, m.productId)) ?? 0) + m.units);
  for (const m of returnMoves) {
    const d = returnOf.get(m.pickingId);
    if (d != null && left.has(slot(d, m.productId))) left.set(slot(d, m.productId), left.get(slot(d, m.productId))! - m.units);
  }
  return { saleOrderId, deliveries, returns, returnMoves, left, codes };
}

/** The delivered product of a SKU (the bound product, else by internal reference); null when no delivery carried it. */
export function deliveredProduct(o: OrderDeliveries, sku: string, boundProductId: number | null): number | null {
  const delivered = new Set([...o.left.keys()].map((k) => Number(k.split(':')[1])));
  if (boundProductId !== null) return delivered.has(boundProductId) ? boundProductId : null;
  return [...delivered].find((p) => o.codes.get(p) === sku) ?? null;
}

/** Takes `units` of `productId` from the deliveries (see the header); nothing taken when they do not all fit. */
export function take(o: OrderDeliveries, sku: string, productId: number, units: number): Take {
  const leftOf = (d: PickingView) => Math.max(0, o.left.get(slot(d.id, productId)) ?? 0);
  const whole = o.deliveries.find((d) => leftOf(d) >= units);
  const parts: Array<{ deliveryId: number; units: number }> = [];
  if (whole) parts.push({ deliveryId: whole.id, units });
  else {
    let rest = units;
    for (const d of o.deliveries) {
      const n = Math.min(rest, leftOf(d));
      if (n > 0) parts.push({ deliveryId: d.id, units: n });
      rest -= n;
    }
    if (rest > 0) {
      const left = o.deliveries.reduce((s, d) => s + leftOf(d), 0);
      return { ok: false, code: 'RETURN_QUANTITY_EXCEEDS', message: `${units} unit(s) of ${sku} returned, ${left} delivered and not yet returned`, diff: { units, left, saleOrderId: o.saleOrderId } };
    }
  }
  for (const p of parts) o.left.set(slot(p.deliveryId, productId), o.left.get(slot(p.deliveryId, productId))! - p.units);
  return { ok: true, parts };
}
