/**
 * What a transfer's carrier changes (module `stock_delivery`): a sales order's carrier goes to its deliveries, a
 * backorder keeps the carrier (not the tracking number), and validation "sends to the shipper" when no tracking
 * number was given: a fixed-price carrier answers its price as `carrier_price` and no tracking number. Also the
 * `write_date` bump of the sales orders whose stored figures (delivered quantities, delivery status, invoice
 * status) a transfer or an invoice just moved, as Odoo's recomputation of stored fields writes them.
 */
import type { Env } from '../orm/types.ts';

const hasDelivery = (env: Env): boolean => env.registry.modules.has('stock_delivery');

/** The orders' carriers copied to their new deliveries (Odoo's `_prepare_procurement_values` carrier_id). */
export async function carrierFromOrders(env: Env, pickingIds: number[]): Promise<void> {
  if (!hasDelivery(env) || pickingIds.length === 0) return;
  await env.tx.query(
    `UPDATE stock_picking p SET carrier_id = o.carrier_id FROM sale_order o
     WHERE o.id = p.sale_id AND p.id = ANY($1) AND o.carrier_id IS NOT NULL`, [pickingIds]);
}

/** Backorders take their origin's carrier; the tracking number stays with the shipment it belongs to. */
export async function carrierToBackorders(env: Env, backorderIds: number[]): Promise<void> {
  if (!hasDelivery(env) || backorderIds.length === 0) return;
  await env.tx.query(
    `UPDATE stock_picking b SET carrier_id = o.carrier_id FROM stock_picking o
     WHERE o.id = b.backorder_id AND b.id = ANY($1)`, [backorderIds]);
}

/**
 * `send_to_shipper` of outgoing transfers just done with a "rate and ship" carrier and no tracking number: a fixed
 * carrier's price becomes `carrier_price` (its tracking number stays empty). Rule-based prices are not emulated (0).
 */
export async function sendToShipper(env: Env, pickingIds: number[]): Promise<void> {
  if (!hasDelivery(env) || pickingIds.length === 0) return;
  await env.tx.query(
    `UPDATE stock_picking p SET carrier_price = CASE WHEN c.delivery_type = 'fixed' THEN c.fixed_price ELSE 0 END
     FROM delivery_carrier c, stock_picking_type t
     WHERE c.id = p.carrier_id AND t.id = p.picking_type_id AND t.code = 'outgoing' AND p.id = ANY($1)
       AND c.integration_level = 'rate_and_ship' AND coalesce(p.carrier_tracking_ref, '') = ''`, [pickingIds]);
}

/** The sales orders of these transfers get a new `write_date` (their delivered quantities or status moved). */
export async function touchOrdersOfPickings(env: Env, pickingIds: number[]): Promise<void> {
  if (pickingIds.length === 0) return;
  await env.tx.query(
    `UPDATE sale_order o SET write_date = sandbox_now(), write_uid = $2
     WHERE o.id IN (SELECT sale_id FROM stock_picking WHERE id = ANY($1) AND sale_id IS NOT NULL)`, [pickingIds, env.uid]);
}

/** These sales orders get a new `write_date` (invoiced quantities or invoice status moved). */
export async function touchOrders(env: Env, orderIds: number[]): Promise<void> {
  if (orderIds.length === 0) return;
  await env.tx.query(`UPDATE sale_order SET write_date = sandbox_now(), write_uid = $2 WHERE id = ANY($1)`, [orderIds, env.uid]);
}
