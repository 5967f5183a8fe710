/**
 * On-hand, forecast and free quantities of products, as product.product computes them: quants in internal
 * locations (or the locations of the context's `location` / `warehouse_id`), plus or minus the pending moves.
 */
import type { Env } from '../orm/types.ts';

export interface StockFigures {
  qty_available: number;
  virtual_available: number;
  free_qty: number;
  incoming_qty: number;
  outgoing_qty: number;
}

/** The internal locations a stock figure looks at, honouring the context. */
async function scopeLocations(env: Env): Promise<number[]> {
  let root: number | null = null;
  if (typeof env.context.location === 'number') root = env.context.location;
  else if (typeof env.context.warehouse_id === 'number') {
    const w = await env.tx.query('SELECT view_location_id AS v FROM stock_warehouse WHERE id = $1', [env.context.warehouse_id]);
    root = (w.rows[0]?.v as number | undefined) ?? -1;
  }
  const r = root === null
    ? await env.tx.query(`SELECT id FROM stock_location WHERE usage = 'internal'`)
    : await env.tx.query(
      `WITH RECURSIVE sub(id) AS (SELECT $1::int UNION ALL SELECT l.id FROM stock_location l JOIN sub ON l.location_id = sub.id)
       SELECT l.id FROM stock_location l JOIN sub ON sub.id = l.id WHERE l.usage = 'internal'`, [root]);
  return r.rows.map((x) => x.id as number);
}

/** Stock figures of storable products (others read 0), one query for quants and one for moves. */
export async function stockFigures(env: Env, productIds: number[]): Promise<Map<number, StockFigures>> {
  const out = new Map<number, StockFigures>();
  if (productIds.length === 0) return out;
  const locs = await scopeLocations(env);
  const q = await env.tx.query(
    `SELECT q.product_id AS id, sum(q.quantity)::float8 AS qty, sum(q.quantity - q.reserved_quantity)::float8 AS free
     FROM stock_quant q JOIN product_product p ON p.id = q.product_id AND p.is_storable
     WHERE q.product_id = ANY($1) AND q.location_id = ANY($2) GROUP BY q.product_id`, [productIds, locs]);
  const m = await env.tx.query(
    `SELECT m.product_id AS id,
       sum(CASE WHEN m.location_dest_id = ANY($2) AND NOT m.location_id = ANY($2) THEN m.product_uom_qty ELSE 0 END)::float8 AS inc,
       sum(CASE WHEN m.location_id = ANY($2) AND NOT m.location_dest_id = ANY($2) THEN m.product_uom_qty ELSE 0 END)::float8 AS outg
     FROM stock_move m JOIN product_product p ON p.id = m.product_id AND p.is_storable
     WHERE m.product_id = ANY($1) AND m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')
     GROUP BY m.product_id`, [productIds, locs]);
  const moves = new Map(m.rows.map((r) => [r.id as number, r]));
  const quants = new Map(q.rows.map((r) => [r.id as number, r]));
  for (const id of productIds) {
    const qa = Number(quants.get(id)?.qty ?? 0);
    const inc = Number(moves.get(id)?.inc ?? 0);
    const outg = Number(moves.get(id)?.outg ?? 0);
    out.set(id, {
      qty_available: qa,
      free_qty: Number(quants.get(id)?.free ?? 0),
      incoming_qty: inc,
      outgoing_qty: outg,
      virtual_available: qa + inc - outg,
    });
  }
  return out;
}
