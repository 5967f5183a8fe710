/**
 * Confirming sales orders (`action_confirm` on many ids at once): state `sale`, then one delivery per order with a
 * move per goods line, created with multi-row inserts and reserved together (services make no move).
 */
import { insertRows, nextIds } from '../db/bulk.ts';
import { userError } from '../orm/errors.ts';
import { getModel } from '../orm/read.ts';
import type { Env } from '../orm/types.ts';
import { ensureExist } from '../orm/write.ts';
import { carrierFromOrders } from './picking-carrier.ts';
import { pickingNames } from './picking-names.ts';
import { storeOrderCurrencyRates } from './sale-fiscal.ts';
import { assignMoves } from './stock-reserve.ts';

/** Confirms the orders and launches their deliveries. */
export async function confirmOrders(env: Env, ids: number[]): Promise<void> {
  // row locks: two workers confirming the same order serialise here, the second one then sees state `sale`
  const o = await env.tx.query(
    `SELECT o.id, o.name, o.state, o.partner_shipping_id, coalesce(o.warehouse_id, 1) AS warehouse_id
     FROM sale_order o WHERE o.id = ANY($1) ORDER BY o.id FOR UPDATE`, [ids]);
  // Odoo reads each order's state first: an id that does not exist is a MissingError, nothing is confirmed
  if (o.rows.length !== new Set(ids).size) await ensureExist(env, getModel(env, 'sale.order'), ids);
  const bad = o.rows.filter((r) => !['draft', 'sent'].includes(r.state as string));
  if (bad.length) {
    throw userError(`The following orders are not in a state requiring confirmation: ${bad.map((r) => r.name as string).join(', ')}`);
  }
  await env.tx.query(
    `UPDATE sale_order SET state = 'sale', date_order = sandbox_now(), write_date = sandbox_now() WHERE id = ANY($1)`, [ids]);
  // Odoo overwrites the order date with the confirmation time, and the order's rate follows its date
  await storeOrderCurrencyRates(env, ids);
  const lines = await env.tx.query(
    `SELECT l.id, l.order_id, l.product_id, l.product_uom_qty::float8 AS qty, l.product_uom_id, l.name
     FROM sale_order_line l JOIN product_product p ON p.id = l.product_id
     WHERE l.order_id = ANY($1) AND p.type = 'consu' AND l.display_type IS NULL AND l.product_uom_qty > 0
     ORDER BY l.order_id, l.sequence, l.id`, [ids]);
  if (lines.rows.length === 0) return;
  const wh = await env.tx.query(
    `SELECT w.id, w.out_type_id, t.default_location_src_id AS src, t.default_location_dest_id AS dst
     FROM stock_warehouse w JOIN stock_picking_type t ON t.id = w.out_type_id`);
  const whById = new Map(wh.rows.map((w) => [w.id as number, w]));
  const orders = o.rows.filter((r) => lines.rows.some((l) => l.order_id === r.id));
  const pickIds = await nextIds(env.tx, 'stock_picking', orders.length);
  const names = await pickingNames(env, orders.map((r) => whById.get(r.warehouse_id as number)!.out_type_id as number));
  const now = env.now.toISOString();
  const pickOf = new Map<number, { id: number; name: string; w: Record<string, unknown> }>();
  orders.forEach((r, i) => pickOf.set(r.id as number, { id: pickIds[i]!, name: names[i]!, w: whById.get(r.warehouse_id as number)! }));
  await insertRows(env.tx, 'stock_picking',
    ['id', 'name', 'origin', 'partner_id', 'picking_type_id', 'location_id', 'location_dest_id', 'sale_id', 'state', 'move_type', 'scheduled_date', 'company_id', 'user_id', 'create_uid', 'write_uid'],
    orders.map((r) => {
      const p = pickOf.get(r.id as number)!;
      return [p.id, p.name, r.name, r.partner_shipping_id, p.w.out_type_id, p.w.src, p.w.dst, r.id, 'confirmed', 'direct', now, 1, env.uid, env.uid, env.uid];
    }));
  const moveIds = await nextIds(env.tx, 'stock_move', lines.rows.length);
  const orderName = new Map(o.rows.map((r) => [r.id as number, r.name as string]));
  await insertRows(env.tx, 'stock_move',
    ['id', 'name', 'reference', 'product_id', 'product_uom_qty', 'quantity', 'product_uom', 'picked', 'state', 'location_id', 'location_dest_id', 'picking_id', 'picking_type_id', 'sale_line_id', 'origin', 'date', 'company_id', 'sequence', 'create_uid', 'write_uid'],
    lines.rows.map((l, i) => {
      const p = pickOf.get(l.order_id as number)!;
      return [moveIds[i], l.name, p.name, l.product_id, l.qty, 0, l.product_uom_id, false, 'confirmed', p.w.src, p.w.dst, p.id, p.w.out_type_id, l.id, orderName.get(l.order_id as number), now, 1, 10, env.uid, env.uid];
    }));
  await carrierFromOrders(env, pickIds);
  await assignMoves(env, moveIds);
}

/** Cancels orders: open deliveries are cancelled (their reservations released), draft invoices too. */
export async function cancelOrders(env: Env, ids: number[]): Promise<void> {
  const picks = await env.tx.query(`SELECT id FROM stock_picking WHERE sale_id = ANY($1) AND state NOT IN ('done', 'cancel')`, [ids]);
  const pickIds = picks.rows.map((r) => r.id as number);
  if (pickIds.length) {
    await env.tx.query(
      `UPDATE stock_quant q SET reserved_quantity = greatest(0, q.reserved_quantity - s.qty), write_date = sandbox_now() FROM (
         SELECT m.product_id, m.location_id, sum(m.quantity) AS qty FROM stock_move m JOIN product_product p ON p.id = m.product_id AND p.is_storable
         WHERE m.picking_id = ANY($1) AND m.state NOT IN ('done', 'cancel') GROUP BY m.product_id, m.location_id) s
       WHERE q.product_id = s.product_id AND q.location_id = s.location_id`, [pickIds]);
    await env.tx.query(`DELETE FROM stock_move_line WHERE picking_id = ANY($1)`, [pickIds]);
    await env.tx.query(`UPDATE stock_move SET state = 'cancel', quantity = 0, write_date = sandbox_now() WHERE picking_id = ANY($1) AND state NOT IN ('done', 'cancel')`, [pickIds]);
    await env.tx.query(`UPDATE stock_picking SET state = 'cancel', write_date = sandbox_now() WHERE id = ANY($1)`, [pickIds]);
  }
  await env.tx.query(
    `UPDATE account_move SET state = 'cancel', write_date = sandbox_now() WHERE state = 'draft' AND id IN (
       SELECT al.move_id FROM account_move_line al JOIN sale_order_line l ON l.id = ANY(al.sale_line_ids) WHERE l.order_id = ANY($1))`, [ids]);
  await env.tx.query(`UPDATE sale_order SET state = 'cancel', write_date = sandbox_now() WHERE id = ANY($1)`, [ids]);
}
