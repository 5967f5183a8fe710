/**
 * Inventory adjustments (stock.quant in `inventory_mode`): creating a quant for a (product, location) that already
 * has one counts on that one, as Odoo does; applying moves the difference in from (or out to) the inventory-loss
 * location with a done move, so the history explains the on-hand quantity.
 */
import { insertRows, nextIds, updateRows } from '../db/bulk.ts';
import type { Env } from '../orm/types.ts';

/** The virtual location inventory differences come from and go to. */
export async function inventoryLossLocation(env: Env): Promise<number> {
  const r = await env.tx.query(`SELECT id FROM stock_location WHERE usage = 'inventory' ORDER BY id LIMIT 1`);
  return r.rows[0].id as number;
}

/** Applies the counted quantities of the quants (Odoo's `action_apply_inventory`). */
export async function applyInventory(env: Env, quantIds: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT q.id, q.product_id, q.location_id, q.quantity::float8 AS quantity, q.inventory_quantity::float8 AS counted, p.uom_id,
            CASE WHEN p.default_code IS NOT NULL THEN '[' || p.default_code || '] ' || p.name ELSE p.name END AS pname
     FROM stock_quant q JOIN product_product p ON p.id = q.product_id
     WHERE q.id = ANY($1) AND q.inventory_quantity_set ORDER BY q.id FOR UPDATE OF q`, [quantIds]);
  const rows = r.rows.filter((q) => q.counted !== q.quantity);
  if (rows.length) {
    const loss = await inventoryLossLocation(env);
    const moveIds = await nextIds(env.tx, 'stock_move', rows.length);
    const lineIds = await nextIds(env.tx, 'stock_move_line', rows.length);
    const now = env.now.toISOString();
    // Odoo 19 names the adjustment after the user who applied it
    const who = await env.tx.query(`SELECT coalesce(p.name, u.login) AS name FROM res_users u LEFT JOIN res_partner p ON p.id = u.partner_id WHERE u.id = $1`, [env.uid]);
    const ref = `Product Quantity Updated (${(who.rows[0]?.name as string | undefined) ?? 'Administrator'})`;
    const moves = rows.map((q, i) => {
      const diff = Number(q.counted) - Number(q.quantity);
      const [src, dst] = diff > 0 ? [loss, q.location_id] : [q.location_id, loss];
      return { id: moveIds[i]!, line: lineIds[i]!, q, qty: Math.abs(diff), src, dst };
    });
    await insertRows(env.tx, 'stock_move',
      ['id', 'name', 'reference', 'product_id', 'product_uom_qty', 'quantity', 'product_uom', 'picked', 'state', 'is_inventory', 'location_id', 'location_dest_id', 'date', 'company_id', 'create_uid', 'write_uid'],
      moves.map((m) => [m.id, ref, ref, m.q.product_id, m.qty, m.qty, m.q.uom_id, true, 'done', true, m.src, m.dst, now, 1, env.uid, env.uid]));
    await insertRows(env.tx, 'stock_move_line',
      ['id', 'move_id', 'product_id', 'quantity', 'product_uom_id', 'location_id', 'location_dest_id', 'picked', 'company_id', 'create_uid', 'write_uid'],
      moves.map((m) => [m.line, m.id, m.q.product_id, m.qty, m.q.uom_id, m.src, m.dst, true, 1, env.uid, env.uid]));
  }
  await updateRows(env.tx, 'stock_quant', { quantity: 'float8', inventory_quantity: 'float8', inventory_quantity_set: 'boolean' },
    r.rows.map((q) => ({ id: q.id, quantity: q.counted, inventory_quantity: 0, inventory_quantity_set: false })),
    `write_date = sandbox_now()`);
}
