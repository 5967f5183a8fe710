/**
 * Reordering rules (stock.warehouse.orderpoint) as Odoo 19 answers them (inventory-json2.jsonl): one rule per
 * product and location (422, Odoo's words), minimum <= maximum (422), names OP/00001 from one sequence, the
 * location defaulting to the warehouse's stock and the warehouse to the location's; the quantity to order is the
 * top-up to the maximum once the location's forecast falls under the minimum.
 */
import { validationError } from '../orm/errors.ts';
import type { Env, Vals } from '../orm/types.ts';
import { stockFigureSql } from './stock-figures.ts';

const UNIQUE = 'The operation cannot be completed: A replenishment rule already exists for this product on this location.';
const MIN_MAX = 'The minimum quantity must be less than or equal to the maximum quantity.';

/** Fills name, warehouse and location, then checks the rows (serialised, like Odoo's SQL constraint). */
export async function prepareOrderpoints(env: Env, rows: Vals[]): Promise<void> {
  await env.tx.query(`CREATE SEQUENCE IF NOT EXISTS stock_orderpoint_name_seq`);
  for (const r of rows) {
    if (typeof r.location_id !== 'number') {
      const w = await env.tx.query(
        `SELECT lot_stock_id FROM stock_warehouse WHERE ($1::int IS NULL OR id = $1) AND active ORDER BY sequence, id LIMIT 1`,
        [typeof r.warehouse_id === 'number' ? r.warehouse_id : null]);
      r.location_id = (w.rows[0]?.lot_stock_id as number | undefined) ?? false;
    }
    if (typeof r.warehouse_id !== 'number' && typeof r.location_id === 'number') {
      const l = await env.tx.query(`SELECT warehouse_id FROM stock_location WHERE id = $1`, [r.location_id]);
      r.warehouse_id = (l.rows[0]?.warehouse_id as number | null) ?? false;
    }
    if (!r.name) {
      const n = await env.tx.query(`SELECT lpad(nextval('stock_orderpoint_name_seq')::text, 5, '0') AS n`);
      r.name = `OP/${n.rows[0].n as string}`;
    }
  }
  await checkOrderpoints(env, rows.map((r) => ({ ...r, id: 0 })));
}

/** Refuses a second rule for a (product, location, company) and a minimum above the maximum. */
export async function checkOrderpoints(env: Env, rows: Vals[]): Promise<void> {
  await env.tx.query(`SELECT pg_advisory_xact_lock(hashtext('stock.warehouse.orderpoint unique'))`);
  const seen = new Set<string>();
  for (const r of rows) {
    if (Number(r.product_min_qty ?? 0) > Number(r.product_max_qty ?? 0)) throw validationError(MIN_MAX);
    const key = `${String(r.product_id)}:${String(r.location_id)}:${String(r.company_id ?? 1)}`;
    const hit = await env.tx.query(
      `SELECT 1 FROM stock_warehouse_orderpoint WHERE product_id = $1 AND location_id = $2 AND coalesce(company_id, 1) = $3 AND id <> $4`,
      [r.product_id, r.location_id, r.company_id ?? 1, r.id ?? 0]);
    if (hit.rows.length || seen.has(key)) throw validationError(UNIQUE);
    seen.add(key);
  }
}

/** Checks the records as a write leaves them (before it is applied). */
export async function checkOrderpointWrite(env: Env, ids: number[], vals: Vals): Promise<void> {
  const keys = ['product_id', 'location_id', 'company_id', 'product_min_qty', 'product_max_qty'];
  if (!keys.some((k) => vals[k] !== undefined)) return;
  const r = await env.tx.query(
    `SELECT id, product_id, location_id, company_id, product_min_qty, product_max_qty FROM stock_warehouse_orderpoint WHERE id = ANY($1)`, [ids]);
  await checkOrderpoints(env, r.rows.map((row) => ({ ...row, ...Object.fromEntries(keys.filter((k) => vals[k] !== undefined).map((k) => [k, vals[k]!])) }) as Vals));
}

export type OrderpointFigure = 'qty_on_hand' | 'qty_forecast' | 'qty_to_order';

/** On hand and forecast at the rule's location (and below it), and what to order to get back to the maximum. */
export async function orderpointFigures(env: Env, ids: number[], key: OrderpointFigure): Promise<Map<number, number>> {
  const r = await env.tx.query(`SELECT id, product_id, location_id, product_min_qty::float8 AS mn, product_max_qty::float8 AS mx
    FROM stock_warehouse_orderpoint WHERE id = ANY($1)`, [ids]);
  const out = new Map<number, number>();
  for (const op of r.rows) {
    const ctx = { ...env.context, location: op.location_id as number };
    const f = await env.tx.query(`SELECT ${stockFigureSql('qty_available', 'p', ctx)} AS onhand, ${stockFigureSql('virtual_available', 'p', ctx)} AS fc
      FROM product_product p WHERE p.id = $1`, [op.product_id]);
    const onHand = Number(f.rows[0]?.onhand ?? 0);
    const forecast = Number(f.rows[0]?.fc ?? 0);
    const toOrder = forecast < Number(op.mn) ? Math.max(Number(op.mx) - forecast, 0) : 0;
    out.set(op.id as number, key === 'qty_on_hand' ? onHand : key === 'qty_forecast' ? forecast : toOrder);
  }
  return out;
}
