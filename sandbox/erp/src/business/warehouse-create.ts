/**
 * A new warehouse as Odoo 19 makes it (inventory-json2.jsonl): name and short code unique per company (422
 * ValidationError, Odoo's words), its view location `CODE`, `CODE/Stock`, inactive Input / Output / Packing Zone
 * locations, and its own Receipts and Delivery Orders operation types, so a sale order of that warehouse is
 * delivered from `CODE/Stock` as `CODE/OUT/00001`.
 */
import { insertRows, nextIds } from '../db/bulk.ts';
import { validationError } from '../orm/errors.ts';
import type { Env, Vals } from '../orm/types.ts';
import { ensurePickingTypeSequence } from './picking-names.ts';

const UNIQUE_CODE = 'The operation cannot be completed: The short name of the warehouse must be unique per company!';
const UNIQUE_NAME = 'The operation cannot be completed: The name of the warehouse must be unique per company!';

/** Refuses a name or code the company already has (serialised, like Odoo's SQL constraints). */
export async function checkWarehouseUnique(env: Env, rows: Vals[]): Promise<void> {
  await env.tx.query(`SELECT pg_advisory_xact_lock(hashtext('stock.warehouse unique'))`);
  const seen = { names: new Set<string>(), codes: new Set<string>() };
  for (const r of rows) {
    const company = typeof r.company_id === 'number' ? r.company_id : 1;
    const hit = await env.tx.query(
      `SELECT bool_or(code = $2) AS code, bool_or(name = $3) AS name FROM stock_warehouse WHERE coalesce(company_id, 1) = $1`,
      [company, String(r.code ?? ''), String(r.name ?? '')]);
    if (hit.rows[0]?.code || seen.codes.has(`${company}:${String(r.code)}`)) throw validationError(UNIQUE_CODE);
    if (hit.rows[0]?.name || seen.names.has(`${company}:${String(r.name)}`)) throw validationError(UNIQUE_NAME);
    seen.codes.add(`${company}:${String(r.code)}`);
    seen.names.add(`${company}:${String(r.name)}`);
  }
}

/** Gives each new warehouse without locations its locations and operation types. */
export async function buildWarehouses(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query(`SELECT id, name, code, coalesce(company_id, 1) AS company_id FROM stock_warehouse WHERE id = ANY($1) AND view_location_id IS NULL ORDER BY id`, [ids]);
  const parent = await env.tx.query(`SELECT id FROM stock_location WHERE usage = 'view' AND location_id IS NULL AND name = 'Physical Locations' LIMIT 1`);
  const physical = (parent.rows[0]?.id as number | undefined) ?? null;
  const customers = (await env.tx.query(`SELECT id FROM stock_location WHERE usage = 'customer' ORDER BY id LIMIT 1`)).rows[0]?.id ?? null;
  const suppliers = (await env.tx.query(`SELECT id FROM stock_location WHERE usage = 'supplier' ORDER BY id LIMIT 1`)).rows[0]?.id ?? null;
  for (const w of r.rows as Array<{ id: number; name: string; code: string; company_id: number }>) {
    const [view, stock, input, output, pack] = await nextIds(env.tx, 'stock_location', 5);
    const loc = (id: number | undefined, name: string, usage: string, parentId: number | null, active: boolean, complete: string) =>
      [id, name, complete, usage, parentId, w.id, w.company_id, active];
    await insertRows(env.tx, 'stock_location', ['id', 'name', 'complete_name', 'usage', 'location_id', 'warehouse_id', 'company_id', 'active'], [
      loc(view, w.code, 'view', physical, true, w.code),
      loc(stock, 'Stock', 'internal', view!, true, `${w.code}/Stock`),
      loc(input, 'Input', 'internal', view!, false, `${w.code}/Input`),
      loc(output, 'Output', 'internal', view!, false, `${w.code}/Output`),
      loc(pack, 'Packing Zone', 'internal', view!, false, `${w.code}/Packing Zone`),
    ]);
    const [inType, outType] = await nextIds(env.tx, 'stock_picking_type', 2);
    await insertRows(env.tx, 'stock_picking_type',
      ['id', 'name', 'code', 'sequence_code', 'sequence', 'warehouse_id', 'default_location_src_id', 'default_location_dest_id', 'return_picking_type_id', 'company_id', 'active'], [
        [inType, 'Receipts', 'incoming', 'IN', 1, w.id, suppliers, stock, outType, w.company_id, true],
        [outType, 'Delivery Orders', 'outgoing', 'OUT', 2, w.id, stock, customers, inType, w.company_id, true],
      ]);
    for (const t of [inType!, outType!]) await ensurePickingTypeSequence(env, t);
    await env.tx.query(`UPDATE stock_warehouse SET view_location_id = $2, lot_stock_id = $3, in_type_id = $4, out_type_id = $5 WHERE id = $1`,
      [w.id, view, stock, inType, outType]);
  }
}
