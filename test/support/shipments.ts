/**
 * Driving the shipments flow in an in-process stack: a warehouse worker's validation of a delivery in the ERP
 * (quantities, carrier, tracking number, the backorder wizard), the flow's task run as the change feed would
 * enqueue it, and what Amazon received.
 */
import { taskList } from '../../connector/src/jobs/worker.ts';
import { Tasks } from '../../connector/src/sync/shipments/index.ts';
import type { Stack } from './connector-stack.ts';

/** A carrier of the ERP (stock_delivery), on the module's own "Standard delivery" product. */
export async function erpCarrier(stack: Stack, name: string): Promise<number> {
  const [found] = await stack.erpClient.search('delivery.carrier', [['name', '=', name]]);
  if (found) return found;
  const [standard] = await stack.erpClient.searchRead('delivery.carrier', [], ['product_id'], { limit: 1 });
  const productId = (standard!.product_id as [number, string])[0];
  return (await stack.erpClient.create('delivery.carrier', [{ name, product_id: productId, delivery_type: 'fixed' }]))[0]!;
}

/** The open delivery of the ERP order of `amazonOrderId`. */
export async function openDelivery(stack: Stack, amazonOrderId: string): Promise<number> {
  const [so] = await stack.erpClient.searchRead('sale.order', [['client_order_ref', '=', amazonOrderId]], ['picking_ids']);
  const pickings = await stack.erpClient.read('stock.picking', so!.picking_ids as number[], ['state']);
  const open = pickings.find((p) => p.state !== 'done' && p.state !== 'cancel');
  if (!open) throw new Error(`${amazonOrderId}: no open delivery`);
  return open.id;
}

/**
 * Validates a delivery as a warehouse worker does: picked quantities (all, or `units(demand, index)`), carrier
 * and tracking number, then `button_validate`; a short delivery goes through the backorder wizard (`process`).
 */
export async function validateDelivery(
  stack: Stack,
  pickingId: number,
  o: { carrierId: number; tracking: string; units?: (demand: number, index: number) => number },
): Promise<void> {
  const erp = stack.erpClient;
  const [p] = await erp.read('stock.picking', [pickingId], ['move_ids']);
  const moves = await erp.read('stock.move', p!.move_ids as number[], ['product_uom_qty']);
  for (const [i, m] of moves.entries()) {
    await erp.write('stock.move', [m.id], { quantity: o.units ? o.units(m.product_uom_qty as number, i) : m.product_uom_qty, picked: true });
  }
  await erp.write('stock.picking', [pickingId], { carrier_id: o.carrierId, carrier_tracking_ref: o.tracking });
  const r = await erp.call('stock.picking', 'button_validate', [pickingId]);
  if (r === true) return;
  const context = (r as { context: Record<string, unknown> }).context;
  const [wizard] = await erp.create('stock.backorder.confirmation', [{}], { context });
  await erp.call('stock.backorder.confirmation', 'process', [wizard!], { context });
}

/** Runs the flow's task on `ids` as the change feed's job would (the worker's own wrapper: go-live, payload check). */
export async function confirmDeliveries(stack: Stack, ids: number[]): Promise<void> {
  await taskList(stack.env)[Tasks.confirmDeliveries]!({ backendId: stack.backendId, ids }, undefined as never);
}

/** The confirmShipment calls Amazon received for an order, accepted or refused. */
export function amazonShipments(stack: Stack, amazonOrderId: string) {
  return stack.amazon.shipments(amazonOrderId).shipments;
}

/** confirmShipment calls Amazon served in all (every status). */
export function confirmShipmentCalls(stack: Stack): number {
  return stack.amazon.calls().operations.filter((o) => o.operation === 'confirmShipment').reduce((n, o) => n + o.calls, 0);
}
