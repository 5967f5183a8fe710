/**
 * Stock levels as the connector's stock flows read them: a validated receipt raises `qty_available`, a delivery
 * lowers it, both moves and transfers get a new `write_date` when they reach done (the change feed polls it), and
 * reordering rules (stock.warehouse.orderpoint) keep one rule per product and location with min <= max and compute
 * what to order from the location's forecast.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;
let tick = 0;
const ok = async (path: string, body: unknown) => {
  const r = await json2(sb, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
const figures = async (product: number, context: Record<string, unknown> = {}) =>
  (await ok('product.product/read', { ids: [product], fields: ['qty_available', 'free_qty', 'virtual_available', 'incoming_qty', 'outgoing_qty'], context }))[0];

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_stock_levels');
  // one second per call, so that every write has its own write_date
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' }, { now: () => new Date(Date.UTC(2026, 11, 2, 9, 0, 0) + ++tick * 1000) });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

describe('receipts and deliveries', () => {
  it('a receipt raises the on-hand quantity, a delivery lowers it, and both move write_date when done', async () => {
    const [product] = await ok('product.product/create', { vals_list: [{ name: 'Kettle', default_code: 'KET-1', type: 'consu', is_storable: true }] });
    const [wh] = await ok('stock.warehouse/read', { ids: [1], fields: ['in_type_id', 'out_type_id', 'lot_stock_id'] });
    const transfer = async (typeId: number, qty: number) => {
      const [picking] = await ok('stock.picking/create', { vals_list: [{ picking_type_id: typeId, move_ids: [[0, 0, { product_id: product, product_uom_qty: qty }]] }] });
      await ok('stock.picking/action_confirm', { ids: [picking] });
      await ok('stock.picking/action_assign', { ids: [picking] });
      const [before] = await ok('stock.picking/read', { ids: [picking], fields: ['write_date', 'move_ids'] });
      const [moveBefore] = await ok('stock.move/read', { ids: before.move_ids, fields: ['write_date'] });
      await ok('stock.picking/button_validate', { ids: [picking] });
      const [after] = await ok('stock.picking/read', { ids: [picking], fields: ['state', 'write_date'] });
      const [moveAfter] = await ok('stock.move/read', { ids: before.move_ids, fields: ['state', 'write_date'] });
      expect([after.state, moveAfter.state]).toEqual(['done', 'done']);
      expect(after.write_date > before.write_date).toBe(true);
      expect(moveAfter.write_date > moveBefore.write_date).toBe(true);
      const changed = await ok('stock.move/search_read', { domain: [['write_date', '>', moveBefore.write_date]], fields: ['id'] });
      expect(changed.map((m: { id: number }) => m.id)).toContain(before.move_ids[0]);
    };
    await transfer(wh.in_type_id[0], 10);
    expect(await figures(product)).toMatchObject({ qty_available: 10, free_qty: 10, virtual_available: 10 });
    expect(await figures(product, { location: wh.lot_stock_id[0] })).toMatchObject({ qty_available: 10 });
    await transfer(wh.out_type_id[0], 4);
    expect(await figures(product, { warehouse_id: 1 })).toMatchObject({ qty_available: 6, free_qty: 6, virtual_available: 6, outgoing_qty: 0 });
  });
});

describe('stock.warehouse.orderpoint', () => {
  it('names, defaults, refuses a second rule and min > max, and computes what to order', async () => {
    const [product] = await ok('product.product/create', { vals_list: [{ name: 'Teapot', default_code: 'POT-1', type: 'consu', is_storable: true }] });
    const [quant] = await ok('stock.quant/create', { vals_list: [{ product_id: product, location_id: 5, inventory_quantity: 8 }], context: { inventory_mode: true } });
    await ok('stock.quant/action_apply_inventory', { ids: [quant], context: { inventory_mode: true } });
    // the warehouse alone: the location is its stock
    const [op] = await ok('stock.warehouse.orderpoint/create', { vals_list: [{ product_id: product, warehouse_id: 1, product_min_qty: 10, product_max_qty: 25 }] });
    const [read] = await ok('stock.warehouse.orderpoint/read', { ids: [op], fields: ['name', 'location_id', 'trigger', 'qty_on_hand', 'qty_forecast', 'qty_to_order', 'rule_ids'] });
    expect(read).toMatchObject({ name: expect.stringMatching(/^OP\/\d{5}$/), location_id: [5, 'WH/Stock'], trigger: 'auto', qty_on_hand: 8, qty_forecast: 8, qty_to_order: 17 });
    expect(read.rule_ids).toHaveLength(1);

    const again = await json2(sb, 'stock.warehouse.orderpoint/create', { vals_list: [{ product_id: product, location_id: 5, product_min_qty: 1, product_max_qty: 2 }] });
    expect([again.status, again.body.message]).toEqual([422, 'The operation cannot be completed: A replenishment rule already exists for this product on this location.']);
    const minMax = await json2(sb, 'stock.warehouse.orderpoint/write', { ids: [op], vals: { product_min_qty: 30 } });
    expect([minMax.status, minMax.body.message]).toEqual([422, 'The minimum quantity must be less than or equal to the maximum quantity.']);

    await ok('stock.warehouse.orderpoint/write', { ids: [op], vals: { product_min_qty: 5, product_max_qty: 20 } });
    const [now] = await ok('stock.warehouse.orderpoint/search_read', { domain: [['product_id', '=', product]], fields: ['product_min_qty', 'product_max_qty', 'qty_to_order'] });
    expect(now).toMatchObject({ product_min_qty: 5, product_max_qty: 20, qty_to_order: 0 });
  });
});
