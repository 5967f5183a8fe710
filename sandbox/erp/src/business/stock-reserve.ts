/**
 * Reservation of stock moves against quants, set-based: the quants of every product involved are locked once
 * (FOR UPDATE, so concurrent confirmations never reserve the same units twice), the moves are served in id order,
 * and quants, moves and move lines are written back with one statement each.
 */
import { insertRows, nextIds, updateRows } from '../db/bulk.ts';
import type { Env } from '../orm/types.ts';

interface MoveRow {
  id: number; product_id: number; product_uom_qty: number; quantity: number; state: string;
  location_id: number; location_dest_id: number; picking_id: number | null; storable: boolean; internal_src: boolean;
  product_uom: number | null;
}

async function loadMoves(env: Env, moveIds: number[]): Promise<MoveRow[]> {
  const r = await env.tx.query<MoveRow>(
    `SELECT m.id, m.product_id, m.product_uom_qty, m.quantity, m.state, m.location_id, m.location_dest_id, m.picking_id,
            m.product_uom, p.is_storable AS storable, (l.usage = 'internal') AS internal_src
     FROM stock_move m JOIN product_product p ON p.id = m.product_id JOIN stock_location l ON l.id = m.location_id
     WHERE m.id = ANY($1) ORDER BY m.id`, [moveIds]);
  return r.rows;
}

/** Locks and returns the quants of (product, location) pairs, keyed "product:location". */
export async function lockQuants(env: Env, productIds: number[], locationIds: number[]) {
  const r = await env.tx.query(
    `SELECT id, product_id, location_id, quantity::float8 AS quantity, reserved_quantity::float8 AS reserved_quantity
     FROM stock_quant WHERE product_id = ANY($1) AND location_id = ANY($2) ORDER BY id FOR UPDATE`,
    [productIds, locationIds]);
  return new Map(r.rows.map((q) => [`${q.product_id}:${q.location_id}`, q as { id: number; quantity: number; reserved_quantity: number }]));
}

function moveState(quantity: number, demand: number): string {
  if (quantity >= demand - 1e-9) return 'assigned';
  return quantity > 0 ? 'partially_available' : 'confirmed';
}

/** Reserves what is available for confirmed moves (Odoo's `_action_assign`); other moves are left as they are. */
export async function assignMoves(env: Env, moveIds: number[]): Promise<void> {
  const moves = (await loadMoves(env, moveIds)).filter((m) => ['confirmed', 'partially_available', 'waiting'].includes(m.state));
  if (moves.length === 0) return;
  const tracked = moves.filter((m) => m.storable && m.internal_src);
  const quants = await lockQuants(env, [...new Set(tracked.map((m) => m.product_id))], [...new Set(tracked.map((m) => m.location_id))]);
  const moveUpdates: Array<Record<string, unknown>> = [];
  for (const m of moves) {
    let qty = m.quantity;
    if (m.storable && m.internal_src) {
      const q = quants.get(`${m.product_id}:${m.location_id}`);
      const free = q ? Math.max(0, q.quantity - q.reserved_quantity) : 0;
      const take = Math.min(free, m.product_uom_qty - m.quantity);
      if (q && take > 0) q.reserved_quantity += take;
      qty += Math.max(0, take);
    } else qty = m.product_uom_qty; // untracked goods and goods coming from outside are always available
    moveUpdates.push({ id: m.id, quantity: qty, state: moveState(qty, m.product_uom_qty) });
  }
  await updateRows(env.tx, 'stock_quant', { reserved_quantity: 'float8' },
    [...quants.values()].map((q) => ({ id: q.id, reserved_quantity: q.reserved_quantity })));
  await updateRows(env.tx, 'stock_move', { quantity: 'float8', state: 'text' }, moveUpdates);
  await syncMoveLines(env, moves.map((m) => m.id));
  await recomputePickingStates(env, [...new Set(moves.map((m) => m.picking_id).filter((x): x is number => x !== null))]);
}

/**
 * After a hand-written `quantity` on moves: the reservation follows (quants' reserved quantity by the difference
 * with the move lines, which hold the previous figure), the move lines and the move and picking states too.
 */
export async function followQuantityWrite(env: Env, moveIds: number[]): Promise<void> {
  const moves = (await loadMoves(env, moveIds)).filter((m) => !['done', 'cancel'].includes(m.state));
  if (moves.length === 0) return;
  const prev = await env.tx.query(
    `SELECT move_id, sum(quantity)::float8 AS q FROM stock_move_line WHERE move_id = ANY($1) GROUP BY move_id`, [moves.map((m) => m.id)]);
  const before = new Map(prev.rows.map((r) => [r.move_id as number, Number(r.q)]));
  const tracked = moves.filter((m) => m.storable && m.internal_src);
  const quants = await lockQuants(env, tracked.map((m) => m.product_id), tracked.map((m) => m.location_id));
  for (const m of tracked) {
    const q = quants.get(`${m.product_id}:${m.location_id}`);
    if (q) q.reserved_quantity += m.quantity - (before.get(m.id) ?? 0);
  }
  await updateRows(env.tx, 'stock_quant', { reserved_quantity: 'float8' },
    [...quants.values()].map((q) => ({ id: q.id, reserved_quantity: Math.max(0, q.reserved_quantity) })));
  await updateRows(env.tx, 'stock_move', { state: 'text' },
    moves.filter((m) => m.state !== 'draft').map((m) => ({ id: m.id, state: moveState(m.quantity, m.product_uom_qty) })));
  await syncMoveLines(env, moves.map((m) => m.id));
  await recomputePickingStates(env, [...new Set(moves.map((m) => m.picking_id).filter((x): x is number => x !== null))]);
}

/** One move line per move carrying its quantity (created, updated, or removed when the quantity is 0). */
export async function syncMoveLines(env: Env, moveIds: number[]): Promise<void> {
  await env.tx.query(
    `DELETE FROM stock_move_line ml USING stock_move m WHERE ml.move_id = m.id AND m.id = ANY($1) AND m.quantity = 0`, [moveIds]);
  await env.tx.query(
    `UPDATE stock_move_line ml SET quantity = m.quantity, picked = m.picked, write_date = sandbox_now()
     FROM stock_move m WHERE ml.move_id = m.id AND m.id = ANY($1)`, [moveIds]);
  const missing = await env.tx.query(
    `SELECT m.id, m.picking_id, m.product_id, m.quantity, m.product_uom, m.location_id, m.location_dest_id, m.picked
     FROM stock_move m WHERE m.id = ANY($1) AND m.quantity <> 0
       AND NOT EXISTS (SELECT 1 FROM stock_move_line ml WHERE ml.move_id = m.id) ORDER BY m.id`, [moveIds]);
  if (missing.rows.length === 0) return;
  const ids = await nextIds(env.tx, 'stock_move_line', missing.rows.length);
  await insertRows(env.tx, 'stock_move_line',
    ['id', 'move_id', 'picking_id', 'product_id', 'quantity', 'product_uom_id', 'location_id', 'location_dest_id', 'picked', 'create_uid', 'write_uid'],
    missing.rows.map((m, i) => [ids[i], m.id, m.picking_id, m.product_id, m.quantity, m.product_uom, m.location_id, m.location_dest_id, m.picked, env.uid, env.uid]));
}

/**
 * Picking state from its moves (delivery "as soon as possible"): draft while a move is draft, done/cancel when
 * all are, `assigned` as soon as something is reserved, else `confirmed`.
 */
export async function recomputePickingStates(env: Env, pickingIds: number[]): Promise<void> {
  if (pickingIds.length === 0) return;
  await env.tx.query(
    `UPDATE stock_picking p SET state = s.state, write_date = sandbox_now() FROM (
       SELECT picking_id AS id, CASE
         WHEN bool_or(state = 'draft') THEN 'draft'
         WHEN bool_and(state = 'cancel') THEN 'cancel'
         WHEN bool_and(state IN ('done', 'cancel')) THEN 'done'
         WHEN bool_or(state IN ('assigned', 'partially_available')) THEN 'assigned'
         WHEN bool_or(state = 'confirmed') THEN 'confirmed'
         ELSE 'waiting' END AS state
       FROM stock_move WHERE picking_id = ANY($1) GROUP BY picking_id) s
     WHERE p.id = s.id AND p.state IS DISTINCT FROM s.state`, [pickingIds]);
}
