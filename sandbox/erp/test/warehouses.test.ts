/**
 * Warehouses as inventory-json2.jsonl shows them: unique name and code (Odoo's 422 answers, word for word), a new
 * warehouse's Stock location and Delivery Orders type, a sale order of that warehouse delivered from its Stock,
 * and an inventory count applied there.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;
const ok = async (path: string, body: unknown) => {
  const r = await json2(sb, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_warehouses');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

describe('stock.warehouse create', () => {
  it('makes the locations and operation types, refuses a second name or code, and delivers from its Stock', async () => {
    const [wh] = await ok('stock.warehouse/create', { vals_list: [{ name: 'Amazon FBA', code: 'AFBA' }] });
    const [w] = await ok('stock.warehouse/read', { ids: [wh], fields: ['lot_stock_id', 'view_location_id', 'out_type_id'] });
    expect(w.lot_stock_id).toEqual([expect.any(Number), 'AFBA/Stock']);
    expect(w.view_location_id).toEqual([expect.any(Number), 'AFBA']);
    const locs = await ok('stock.location/search_read', { domain: [['warehouse_id', '=', wh]], fields: ['complete_name', 'active'], context: { active_test: false } });
    expect(locs.map((l: { complete_name: string; active: boolean }) => [l.complete_name, l.active]).sort()).toEqual(
      [['AFBA', true], ['AFBA/Input', false], ['AFBA/Output', false], ['AFBA/Packing Zone', false], ['AFBA/Quality Control', false], ['AFBA/Stock', true]]);

    const dupCode = await json2(sb, 'stock.warehouse/create', { vals_list: [{ name: 'Amazon FBA 2', code: 'AFBA' }] });
    expect([dupCode.status, dupCode.body.name, dupCode.body.message]).toEqual([422, 'odoo.exceptions.ValidationError',
      'The operation cannot be completed: The short name of the warehouse must be unique per company!']);
    const dupName = await json2(sb, 'stock.warehouse/create', { vals_list: [{ name: 'Amazon FBA', code: 'AFB2' }] });
    expect([dupName.status, dupName.body.message]).toEqual([422, 'The operation cannot be completed: The name of the warehouse must be unique per company!']);

    const [product] = await ok('product.product/create', { vals_list: [{ name: 'FBA Gadget', default_code: 'FBA-1', type: 'consu', is_storable: true, list_price: 20 }] });
    const quants = await ok('stock.quant/create', { vals_list: [{ product_id: product, location_id: w.lot_stock_id[0], inventory_quantity: 40 }], context: { inventory_mode: true } });
    await ok('stock.quant/action_apply_inventory', { ids: quants, context: { inventory_mode: true } });
    const [partner] = await ok('res.partner/create', { vals_list: [{ name: 'FBA Customer' }] });
    const [so] = await ok('sale.order/create', { vals_list: [{ partner_id: partner, warehouse_id: wh, order_line: [[0, 0, { product_id: product, product_uom_qty: 4 }]] }] });
    await ok('sale.order/action_confirm', { ids: [so] });
    const [order] = await ok('sale.order/read', { ids: [so], fields: ['warehouse_id', 'picking_ids'] });
    const [picking] = await ok('stock.picking/read', { ids: order.picking_ids, fields: ['name', 'location_id'] });
    expect(order.warehouse_id).toEqual([wh, 'Amazon FBA']);
    expect(picking).toMatchObject({ name: 'AFBA/OUT/00001', location_id: w.lot_stock_id });
    const [fig] = await ok('product.product/read', { ids: [product], fields: ['qty_available', 'free_qty'], context: { warehouse_id: wh } });
    expect(fig).toMatchObject({ qty_available: 40, free_qty: 36 });
  });
});
