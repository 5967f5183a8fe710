/**
 * A hand-written `quantity` / `picked` on move lines (a partial delivery by `stock.move.line`): the move takes the
 * sum of its lines and is picked when all of them are, the reservation follows the difference, and the move and
 * transfer states follow the new figures.
 */
import type { Env } from '../orm/types.ts';
import { recomputePickingStates } from './stock-reserve.ts';

/** Brings the moves of the written lines in line with them. */
export async function followMoveLineWrite(env: Env, lineIds: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT m.id, m.picking_id, m.product_id, m.location_id, m.quantity AS old, coalesce(sum(ml.quantity), 0)::float8 AS q,
            coalesce(bool_and(ml.picked), false) AS picked, m.product_uom_qty AS demand
     FROM stock_move m LEFT JOIN stock_move_line ml ON ml.move_id = m.id
     WHERE m.id IN (SELECT move_id FROM stock_move_line WHERE id = ANY($1)) AND m.state NOT IN ('done', 'cancel', 'draft')
     GROUP BY m.id ORDER BY m.id`, [lineIds]);
  if (r.rows.length === 0) return;
  const rows = JSON.stringify(r.rows.map((x) => ({ id: x.id, delta: Number(x.q) - Number(x.old), q: Number(x.q), picked: x.picked })));
  // the quants of internal, storable sources hold the difference as reserved quantity
  await env.tx.query(
    `UPDATE stock_quant sq SET reserved_quantity = greatest(0, sq.reserved_quantity + d.delta), write_date = sandbox_now() FROM (
       SELECT m.product_id, m.location_id, sum(v.delta) AS delta
       FROM jsonb_to_recordset($1::jsonb) AS v(id int, delta float8, q float8, picked boolean)
         JOIN stock_move m ON m.id = v.id JOIN product_product p ON p.id = m.product_id AND p.is_storable
         JOIN stock_location l ON l.id = m.location_id AND l.usage = 'internal'
       GROUP BY m.product_id, m.location_id) d
     WHERE sq.product_id = d.product_id AND sq.location_id = d.location_id`, [rows]);
  await env.tx.query(
    `UPDATE stock_move m SET quantity = v.q, picked = v.picked, write_date = sandbox_now(),
       state = CASE WHEN v.q >= m.product_uom_qty - 1e-9 THEN 'assigned' WHEN v.q > 0 THEN 'partially_available' ELSE 'confirmed' END
     FROM jsonb_to_recordset($1::jsonb) AS v(id int, delta float8, q float8, picked boolean) WHERE m.id = v.id`, [rows]);
  await recomputePickingStates(env, [...new Set(r.rows.map((x) => x.picking_id as number | null).filter((x): x is number => x !== null))]);
}
