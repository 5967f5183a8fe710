/**
 * On-hand, forecast and free quantities of products, as product.product computes them: quants in internal
 * locations (or the locations under the context's `location` / `warehouse_id`), plus or minus the pending moves.
 * Odoo searches these non-stored fields through search methods (`_search_qty_available`, ...); here each is one
 * SQL expression over the product alias, used alike to read them and to filter on them.
 */
import type { Json } from '../orm/types.ts';

export type StockFigure = 'qty_available' | 'virtual_available' | 'free_qty' | 'incoming_qty' | 'outgoing_qty';

/**
 * The internal locations a figure looks at, honouring the context (ids only, inlined into the SQL): a warehouse
 * code or a location name given instead names no location, so the figures are 0, as Odoo 19 answers.
 */
function scopeSql(ctx: Record<string, Json>): string {
  const given = (v: Json | undefined) => v !== undefined && v !== null && v !== false;
  const root = typeof ctx.location === 'number' ? String(Math.trunc(ctx.location))
    : given(ctx.location) ? 'NULL'
      : typeof ctx.warehouse_id === 'number' ? `(SELECT w.view_location_id FROM stock_warehouse w WHERE w.id = ${Math.trunc(ctx.warehouse_id)})`
        : given(ctx.warehouse_id) ? 'NULL' : null;
  if (root === null) return `SELECT sl.id FROM stock_location sl WHERE sl.usage = 'internal'`;
  return `WITH RECURSIVE sub(id) AS (SELECT ${root}::int UNION ALL SELECT l.id FROM stock_location l JOIN sub ON l.location_id = sub.id)
    SELECT sl.id FROM stock_location sl JOIN sub ON sub.id = sl.id WHERE sl.usage = 'internal'`;
}

/** One figure of product alias `p` as SQL (0 for products whose inventory is not tracked). */
export function stockFigureSql(key: StockFigure, p: string, ctx: Record<string, Json>): string {
  const scope = scopeSql(ctx);
  const quants = (what: string) => `coalesce((SELECT sum(${what}) FROM stock_quant q WHERE q.product_id = ${p}.id AND q.location_id IN (${scope})), 0)`;
  const moves = (dir: 'in' | 'out') => `coalesce((SELECT sum(m.product_uom_qty) FROM stock_move m WHERE m.product_id = ${p}.id
    AND m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')
    AND m.${dir === 'in' ? 'location_dest_id' : 'location_id'} IN (${scope}) AND m.${dir === 'in' ? 'location_id' : 'location_dest_id'} NOT IN (${scope})), 0)`;
  const value = {
    qty_available: quants('q.quantity'),
    free_qty: quants('q.quantity - q.reserved_quantity'),
    incoming_qty: moves('in'),
    outgoing_qty: moves('out'),
    virtual_available: `${quants('q.quantity')} + ${moves('in')} - ${moves('out')}`,
  }[key];
  return `(CASE WHEN ${p}.is_storable THEN (${value})::float8 ELSE 0::float8 END)`;
}
