/**
 * Validating transfers (stock.picking `button_validate`) as Odoo 19 does: nothing picked means "take what is
 * reserved"; nothing at all is a UserError; less than the demand asks the backorder wizard unless told how to
 * handle the rest; then quants move, moves and pickings are done, and the rest goes to a backorder or is cancelled.
 */
import { insertRows, nextIds, updateRows } from '../db/bulk.ts';
import { userError } from '../orm/errors.ts';
import type { Env, Json } from '../orm/types.ts';
import { carrierToBackorders, sendToShipper, touchOrdersOfPickings } from './picking-carrier.ts';
import { pickingNames } from './picking-names.ts';
import { assignMoves, lockQuants, syncMoveLines } from './stock-reserve.ts';

const ZERO_QTY = "Transfer trouble alert! Validating a zero quantity transfer? You're not moving invisible goods around are you?\nSet some quantities and let's get moving!";

interface M {
  id: number; picking_id: number; product_id: number; product_uom_qty: number; quantity: number; picked: boolean;
  state: string; location_id: number; location_dest_id: number; storable: boolean; src_internal: boolean; dest_internal: boolean;
}

async function openMoves(env: Env, pickingIds: number[]): Promise<M[]> {
  const r = await env.tx.query<M>(
    `SELECT m.id, m.picking_id, m.product_id, m.product_uom_qty, m.quantity, m.picked, m.state, m.location_id, m.location_dest_id,
            p.is_storable AS storable, ls.usage = 'internal' AS src_internal, ld.usage = 'internal' AS dest_internal
     FROM stock_move m JOIN product_product p ON p.id = m.product_id
       JOIN stock_location ls ON ls.id = m.location_id JOIN stock_location ld ON ld.id = m.location_dest_id
     WHERE m.picking_id = ANY($1) AND m.state NOT IN ('done', 'cancel') ORDER BY m.id`, [pickingIds]);
  return r.rows;
}

/** `button_validate`: true when done, else the backorder wizard's action. */
export async function buttonValidate(env: Env, pickingIds: number[]): Promise<Json> {
  const draft = await env.tx.query(`SELECT id FROM stock_picking WHERE id = ANY($1) AND state = 'draft'`, [pickingIds]);
  if (draft.rows.length) await confirmPickings(env, draft.rows.map((r) => r.id as number));
  const moves = await openMoves(env, pickingIds);
  const done = donePlan(moves);
  const doneAlready = await env.tx.query(`SELECT id FROM stock_picking WHERE id = ANY($1) AND state = 'done'`, [pickingIds]);
  const isDone = new Set(doneAlready.rows.map((r) => r.id as number));
  for (const pid of pickingIds) {
    // nothing to move (a cancelled transfer included) is Odoo's zero-quantity UserError
    const mine = moves.filter((m) => m.picking_id === pid);
    if (!isDone.has(pid) && mine.every((m) => (done.get(m.id) ?? 0) <= 0)) throw userError(ZERO_QTY);
  }
  const cancelBackorder = env.context.cancel_backorder === true;
  const skip = new Set(Array.isArray(env.context.picking_ids_not_to_backorder) ? env.context.picking_ids_not_to_backorder as number[] : []);
  const short = [...new Set(moves.filter((m) => (done.get(m.id) ?? 0) < m.product_uom_qty - 1e-9).map((m) => m.picking_id))];
  if (short.length && !cancelBackorder && env.context.skip_backorder !== true && short.some((p) => !skip.has(p))) {
    return {
      name: 'Create Backorder?', type: 'ir.actions.act_window', view_mode: 'form',
      res_model: 'stock.backorder.confirmation', views: [[933, 'form']], view_id: 933, target: 'new',
      context: {
        button_validate_picking_ids: pickingIds, default_show_transfers: pickingIds.length > 1,
        default_pick_ids: pickingIds.map((id) => [4, id]),
      },
    };
  }
  await processPickings(env, pickingIds, cancelBackorder ? new Set(pickingIds) : skip);
  return true;
}

/** Done quantity per move: the picked ones, or everything reserved when nothing in the picking is picked. */
function donePlan(moves: M[]): Map<number, number> {
  const out = new Map<number, number>();
  const anyPicked = new Set(moves.filter((m) => m.picked).map((m) => m.picking_id));
  for (const m of moves) out.set(m.id, anyPicked.has(m.picking_id) ? (m.picked ? m.quantity : 0) : m.quantity);
  return out;
}

/** Moves the goods and closes the pickings; the rest goes to a backorder unless its picking is in `noBackorder`. */
export async function processPickings(env: Env, pickingIds: number[], noBackorder: Set<number>): Promise<void> {
  const moves = await openMoves(env, pickingIds);
  const done = donePlan(moves);
  const tracked = moves.filter((m) => m.storable);
  const quants = await lockQuants(env, tracked.map((m) => m.product_id), [...tracked.map((m) => m.location_id), ...tracked.map((m) => m.location_dest_id)]);
  const newQuants: Array<{ product_id: number; location_id: number; quantity: number }> = [];
  const moveUpdates: Array<Record<string, unknown>> = [];
  const rest: Array<{ move: M; qty: number }> = [];
  for (const m of moves) {
    const q = done.get(m.id) ?? 0;
    if (m.storable && m.src_internal) {
      const src = quants.get(`${m.product_id}:${m.location_id}`);
      if (src) {
        src.quantity -= q;
        src.reserved_quantity = Math.max(0, src.reserved_quantity - m.quantity);
      } else newQuants.push({ product_id: m.product_id, location_id: m.location_id, quantity: -q });
    }
    if (m.storable && m.dest_internal && q > 0) {
      const dst = quants.get(`${m.product_id}:${m.location_dest_id}`);
      if (dst) dst.quantity += q;
      else newQuants.push({ product_id: m.product_id, location_id: m.location_dest_id, quantity: q });
    }
    const remaining = m.product_uom_qty - q;
    if (q <= 0) moveUpdates.push({ id: m.id, quantity: 0, product_uom_qty: m.product_uom_qty, state: 'cancel', picked: false });
    else moveUpdates.push({ id: m.id, quantity: q, product_uom_qty: remaining > 1e-9 ? q : m.product_uom_qty, state: 'done', picked: true });
    if (remaining > 1e-9 && q > 0) rest.push({ move: m, qty: remaining });
    if (q <= 0 && !noBackorder.has(m.picking_id)) rest.push({ move: m, qty: m.product_uom_qty });
  }
  await updateRows(env.tx, 'stock_quant', { quantity: 'float8', reserved_quantity: 'float8' },
    [...quants.values()].map((x) => ({ id: x.id, quantity: x.quantity, reserved_quantity: x.reserved_quantity })));
  if (newQuants.length) {
    const ids = await nextIds(env.tx, 'stock_quant', newQuants.length);
    await insertRows(env.tx, 'stock_quant', ['id', 'product_id', 'location_id', 'quantity', 'reserved_quantity', 'company_id'],
      newQuants.map((n, i) => [ids[i], n.product_id, n.location_id, n.quantity, 0, 1]));
  }
  // a move with nothing done that goes to a backorder is moved there whole, not cancelled
  const movedWhole = new Set(rest.filter((r) => (done.get(r.move.id) ?? 0) <= 0).map((r) => r.move.id));
  await updateRows(env.tx, 'stock_move', { quantity: 'float8', product_uom_qty: 'float8', state: 'text', picked: 'boolean' },
    moveUpdates.filter((u) => !movedWhole.has(u.id as number)), `date = sandbox_now(), write_date = sandbox_now()`);
  await syncMoveLines(env, moves.map((m) => m.id));
  const backorderRest = rest.filter((r) => !noBackorder.has(r.move.picking_id));
  const cancelledRest = rest.filter((r) => noBackorder.has(r.move.picking_id) && (done.get(r.move.id) ?? 0) > 0);
  await dropCancelledRest(env, cancelledRest);
  await env.tx.query(
    `UPDATE stock_picking SET state = 'done', date_done = date_trunc('second', sandbox_now()), write_date = sandbox_now(), write_uid = $2
     WHERE id = ANY($1)`, [pickingIds, env.uid]);
  await sendToShipper(env, pickingIds);
  await createBackorders(env, backorderRest, movedWhole);
  await touchOrdersOfPickings(env, pickingIds);
}

/**
 * The undelivered rest of a move whose backorder is refused: Odoo 19 splits it off as a new move, cancels it and
 * merges it back, so the done move keeps its whole demand (4 asked, 1 done) and only the split's id is used up.
 */
async function dropCancelledRest(env: Env, rest: Array<{ move: M; qty: number }>): Promise<void> {
  if (rest.length === 0) return;
  await nextIds(env.tx, 'stock_move', rest.length);
  await updateRows(env.tx, 'stock_move', { product_uom_qty: 'float8' }, rest.map((r) => ({ id: r.move.id, product_uom_qty: r.move.product_uom_qty })));
}

async function createBackorders(env: Env, rest: Array<{ move: M; qty: number }>, movedWhole: Set<number>): Promise<void> {
  if (rest.length === 0) return;
  const origins = [...new Set(rest.map((r) => r.move.picking_id))];
  const src = await env.tx.query(
    `SELECT id, picking_type_id, partner_id, origin, location_id, location_dest_id, sale_id, move_type FROM stock_picking WHERE id = ANY($1) ORDER BY id`, [origins]);
  const pickIds = await nextIds(env.tx, 'stock_picking', src.rows.length);
  const names = await pickingNames(env, src.rows.map((r) => r.picking_type_id as number));
  await insertRows(env.tx, 'stock_picking',
    ['id', 'name', 'picking_type_id', 'partner_id', 'origin', 'location_id', 'location_dest_id', 'sale_id', 'move_type', 'backorder_id', 'state', 'scheduled_date', 'company_id', 'user_id', 'create_uid', 'write_uid'],
    src.rows.map((p, i) => [pickIds[i], names[i], p.picking_type_id, p.partner_id, p.origin, p.location_id, p.location_dest_id, p.sale_id, p.move_type, p.id, 'confirmed', env.now.toISOString(), 1, env.uid, env.uid, env.uid]));
  await carrierToBackorders(env, pickIds);
  const newPick = new Map(src.rows.map((p, i) => [p.id as number, pickIds[i]!]));
  const whole = rest.filter((r) => movedWhole.has(r.move.id));
  await updateRows(env.tx, 'stock_move', { picking_id: 'int', state: 'text' },
    whole.map((r) => ({ id: r.move.id, picking_id: newPick.get(r.move.picking_id), state: 'confirmed' })));
  const split = rest.filter((r) => !movedWhole.has(r.move.id));
  const moveIds = await nextIds(env.tx, 'stock_move', split.length);
  if (split.length) {
    await env.tx.query(
      `INSERT INTO stock_move (id, name, reference, product_id, product_uom_qty, quantity, product_uom, picked, state, location_id,
         location_dest_id, picking_id, picking_type_id, sale_line_id, origin, date, company_id, create_uid, write_uid)
       SELECT v.new_id, m.name, p.name, m.product_id, v.qty, 0, m.product_uom, false, 'confirmed', m.location_id, m.location_dest_id,
         v.picking_id, m.picking_type_id, m.sale_line_id, m.origin, m.date, m.company_id, m.create_uid, m.write_uid
       FROM jsonb_to_recordset($1::jsonb) AS v(new_id int, old_id int, qty float8, picking_id int)
         JOIN stock_move m ON m.id = v.old_id JOIN stock_picking p ON p.id = v.picking_id`,
      [JSON.stringify(split.map((r, i) => ({ new_id: moveIds[i], old_id: r.move.id, qty: r.qty, picking_id: newPick.get(r.move.picking_id) })))]);
  }
  await assignMoves(env, [...moveIds, ...whole.map((r) => r.move.id)]);
}

/** `action_confirm` on pickings: draft moves become confirmed; receipts from outside are reserved at once. */
export async function confirmPickings(env: Env, pickingIds: number[]): Promise<void> {
  await env.tx.query(`UPDATE stock_move SET state = 'confirmed', write_date = sandbox_now() WHERE picking_id = ANY($1) AND state = 'draft'`, [pickingIds]);
  await env.tx.query(`UPDATE stock_picking SET state = 'confirmed', write_date = sandbox_now() WHERE id = ANY($1) AND state = 'draft'`, [pickingIds]);
  const ext = await env.tx.query(
    `SELECT m.id FROM stock_move m JOIN stock_location l ON l.id = m.location_id
     WHERE m.picking_id = ANY($1) AND m.state = 'confirmed' AND l.usage IN ('supplier', 'inventory', 'production', 'customer')`, [pickingIds]);
  if (ext.rows.length) await assignMoves(env, ext.rows.map((r) => r.id as number));
}
