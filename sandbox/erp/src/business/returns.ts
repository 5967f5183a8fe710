/**
 * Customer returns (the `stock.return.picking` wizard): one line per done move of the original transfer, then a
 * receipt back into stock whose moves point at the moves they return (`origin_returned_move_id`, `to_refund`),
 * which is how the sales order's delivered quantity goes down.
 */
import { createRecords } from '../orm/create.ts';
import { userError } from '../orm/errors.ts';
import { getModel } from '../orm/read.ts';
import type { Env, Json, Vals } from '../orm/types.ts';
import { assignMoves } from './stock-reserve.ts';
import { confirmPickings } from './picking-validate.ts';

/** Return lines for new wizards: every done move of their picking, quantity 0 until the user says. */
export async function createReturnLines(env: Env, wizardIds: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT w.id AS wizard_id, m.id AS move_id, m.product_id, m.product_uom
     FROM stock_return_picking w JOIN stock_move m ON m.picking_id = w.picking_id AND m.state = 'done'
     WHERE w.id = ANY($1) ORDER BY w.id, m.id`, [wizardIds]);
  if (r.rows.length === 0) return;
  await createRecords(env, getModel(env, 'stock.return.picking.line'), r.rows.map((x) => ({
    wizard_id: x.wizard_id as number, move_id: x.move_id as number, product_id: x.product_id as number,
    uom_id: x.product_uom as number, quantity: 0,
  })));
}

/** `action_create_returns`: the return receipt, confirmed and reserved; answers the action opening it. */
export async function createReturns(env: Env, wizardIds: number[]): Promise<Json> {
  const w = await env.tx.query(
    `SELECT w.id, p.id AS picking_id, p.name, p.partner_id, p.location_id, p.location_dest_id, p.sale_id, p.picking_type_id,
            coalesce(t.return_picking_type_id, t.id) AS return_type
     FROM stock_return_picking w JOIN stock_picking p ON p.id = w.picking_id JOIN stock_picking_type t ON t.id = p.picking_type_id
     WHERE w.id = ANY($1) ORDER BY w.id`, [wizardIds]);
  const wiz = w.rows[0];
  if (!wiz) throw userError('You may only return Done pickings.');
  const lines = await env.tx.query(
    `SELECT l.product_id, l.quantity::float8 AS quantity, l.move_id, m.sale_line_id, m.product_uom
     FROM stock_return_picking_line l JOIN stock_move m ON m.id = l.move_id WHERE l.wizard_id = $1 AND l.quantity > 0 ORDER BY l.id`, [wiz.id]);
  if (lines.rows.length === 0) throw userError('Please specify at least one non-zero quantity.');
  const moves: Json[] = lines.rows.map((l) => [0, 0, {
    product_id: l.product_id as number, product_uom_qty: Number(l.quantity), product_uom: l.product_uom as number,
    origin_returned_move_id: l.move_id as number, to_refund: true, sale_line_id: (l.sale_line_id as number | null) ?? false,
    location_id: wiz.location_dest_id as number, location_dest_id: wiz.location_id as number,
  } satisfies Vals]);
  const [pickId] = await createRecords(env, getModel(env, 'stock.picking'), [{
    picking_type_id: wiz.return_type as number, partner_id: (wiz.partner_id as number | null) ?? false,
    origin: `Return of ${wiz.name as string}`, location_id: wiz.location_dest_id as number, location_dest_id: wiz.location_id as number,
    return_id: wiz.picking_id as number, sale_id: (wiz.sale_id as number | null) ?? false, move_ids: moves,
  }]);
  await confirmPickings(env, [pickId!]);
  const m = await env.tx.query(`SELECT id FROM stock_move WHERE picking_id = $1`, [pickId]);
  await assignMoves(env, m.rows.map((x) => x.id as number));
  return {
    name: 'Returned Picking', view_mode: 'form', res_model: 'stock.picking', res_id: pickId!,
    type: 'ir.actions.act_window', context: env.context,
  };
}
