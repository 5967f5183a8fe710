/**
 * A new warehouse as Odoo 19 makes it (inventory-json2.jsonl): name and short code unique per company (422
 * ValidationError, Odoo's words), its view location `CODE`, `CODE/Stock`, inactive locations (Input, Quality Control, Output, Packing Zone, with Odoo's barcodes), its own Receipts, Delivery Orders,
 * Pick, Pack and Internal Transfers operation types, so a sale order of that warehouse is delivered from `CODE/Stock`
 * as `CODE/OUT/00001`, and its one-step reception and delivery routes with a rule each.
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

/** Gives each new warehouse without locations its locations, operation types, routes and rules. */
export async function buildWarehouses(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query(`SELECT w.id, w.name, w.code, coalesce(w.company_id, 1) AS company_id, w.partner_id, c.partner_id AS company_partner
    FROM stock_warehouse w LEFT JOIN res_company c ON c.id = coalesce(w.company_id, 1) WHERE w.id = ANY($1) AND w.view_location_id IS NULL ORDER BY w.id`, [ids]);
  const customers = (await env.tx.query(`SELECT id FROM stock_location WHERE usage = 'customer' ORDER BY id LIMIT 1`)).rows[0]?.id ?? null;
  const suppliers = (await env.tx.query(`SELECT id FROM stock_location WHERE usage = 'supplier' ORDER BY id LIMIT 1`)).rows[0]?.id ?? null;
  for (const w of r.rows as Array<{ id: number; name: string; code: string; company_id: number; partner_id: number | null; company_partner: number | null }>) {
    const [view, stock, input, qc, output, pack] = await nextIds(env.tx, 'stock_location', 6);
    // Odoo's barcodes: the code and the location's role, upper case (AFBASTOCK, AFBAINPUT...)
    const loc = (id: number | undefined, name: string, usage: string, parentId: number | null, active: boolean, complete: string, barcode: string | null) =>
      [id, name, complete, usage, parentId, w.id, w.company_id, active, barcode];
    await insertRows(env.tx, 'stock_location', ['id', 'name', 'complete_name', 'usage', 'location_id', 'warehouse_id', 'company_id', 'active', 'barcode'], [
      // Odoo 19's warehouse view location has no parent
      loc(view, w.code, 'view', null, true, w.code, null),
      loc(stock, 'Stock', 'internal', view!, true, `${w.code}/Stock`, `${w.code}STOCK`),
      loc(input, 'Input', 'internal', view!, false, `${w.code}/Input`, `${w.code}INPUT`),
      loc(qc, 'Quality Control', 'internal', view!, false, `${w.code}/Quality Control`, `${w.code}QUALITY`),
      loc(output, 'Output', 'internal', view!, false, `${w.code}/Output`, `${w.code}OUTPUT`),
      loc(pack, 'Packing Zone', 'internal', view!, false, `${w.code}/Packing Zone`, `${w.code}PACKING`),
    ]);
    const [inType, outType, pickType, packType, intType] = await nextIds(env.tx, 'stock_picking_type', 5);
    // one-step reception and delivery: Pick and Pack exist but stay archived until the warehouse uses more steps
    await insertRows(env.tx, 'stock_picking_type',
      ['id', 'name', 'code', 'sequence_code', 'sequence', 'warehouse_id', 'default_location_src_id', 'default_location_dest_id', 'return_picking_type_id', 'company_id', 'active'], [
        [inType, 'Receipts', 'incoming', 'IN', 1, w.id, suppliers, stock, outType, w.company_id, true],
        [outType, 'Delivery Orders', 'outgoing', 'OUT', 2, w.id, stock, customers, inType, w.company_id, true],
        [pickType, 'Pick', 'internal', 'PICK', 3, w.id, stock, output, null, w.company_id, false],
        [packType, 'Pack', 'internal', 'PACK', 4, w.id, pack, output, null, w.company_id, false],
        [intType, 'Internal Transfers', 'internal', 'INT', 5, w.id, stock, stock, null, w.company_id, false],
      ]);
    for (const t of [inType!, outType!, pickType!, packType!, intType!]) await ensurePickingTypeSequence(env, t);
    const [receive, deliver] = await nextIds(env.tx, 'stock_route', 2);
    await insertRows(env.tx, 'stock_route', ['id', 'name', 'sequence', 'warehouse_selectable', 'product_selectable', 'company_id', 'active'], [
      [receive, `${w.name}: Receive in 1 step (stock)`, 9, true, false, w.company_id, true],
      [deliver, `${w.name}: Deliver in 1 step (ship)`, 10, true, false, w.company_id, true],
    ]);
    const [inRule, outRule] = await nextIds(env.tx, 'stock_rule', 2);
    await insertRows(env.tx, 'stock_rule', ['id', 'name', 'action', 'sequence', 'route_id', 'location_src_id', 'location_dest_id', 'picking_type_id', 'warehouse_id', 'company_id', 'active'], [
      [inRule, `${w.code}: Vendors → Stock`, 'pull', 20, receive, suppliers, stock, inType, w.id, w.company_id, true],
      [outRule, `${w.code}: Stock → Customers`, 'pull', 20, deliver, stock, customers, outType, w.id, w.company_id, true],
    ]);
    await env.tx.query(`UPDATE stock_warehouse SET view_location_id = $2, lot_stock_id = $3, in_type_id = $4, out_type_id = $5,
      wh_input_stock_loc_id = $6, wh_output_stock_loc_id = $7, wh_pack_stock_loc_id = $8, wh_qc_stock_loc_id = $9,
      pick_type_id = $10, pack_type_id = $11, int_type_id = $12, route_ids = $13, partner_id = coalesce(partner_id, $14) WHERE id = $1`,
    [w.id, view, stock, inType, outType, input, output, pack, qc, pickType, packType, intType, [receive, deliver], w.company_partner]);
  }
}
