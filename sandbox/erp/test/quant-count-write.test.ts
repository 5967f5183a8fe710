/**
 * A count written on an existing quant (`stock.quant/write` of `inventory_quantity` in inventory mode, as the
 * Physical Inventory list does) marks it set, so the difference shows and `action_apply_inventory` applies it, as
 * inventory-json2.jsonl records Odoo 19 doing it; a count of the quant's own quantity is still a count.
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
const FIELDS = ['quantity', 'inventory_quantity', 'inventory_diff_quantity', 'inventory_quantity_set'];
const INVENTORY = { inventory_mode: true };

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_quant_count_write');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

describe('stock.quant: a count written on an existing quant', () => {
  it('sets inventory_quantity_set, shows the difference, and the apply counts it', async () => {
    const [product] = await ok('product.product/create', { vals_list: [{ name: 'Count Mug', default_code: 'CNT-1', type: 'consu', is_storable: true }] });
    const [quant] = await ok('stock.quant/create', { vals_list: [{ product_id: product, location_id: 5, inventory_quantity: 40 }], context: INVENTORY });
    await ok('stock.quant/action_apply_inventory', { ids: [quant], context: INVENTORY });
    expect((await ok('stock.quant/read', { ids: [quant], fields: FIELDS }))[0]).toMatchObject({ quantity: 40, inventory_quantity: 0, inventory_diff_quantity: 0, inventory_quantity_set: false });

    expect(await ok('stock.quant/write', { ids: [quant], vals: { inventory_quantity: 35 }, context: INVENTORY })).toBe(true);
    expect((await ok('stock.quant/read', { ids: [quant], fields: FIELDS }))[0]).toMatchObject({ quantity: 40, inventory_quantity: 35, inventory_diff_quantity: -5, inventory_quantity_set: true });
    await ok('stock.quant/action_apply_inventory', { ids: [quant], context: INVENTORY });
    expect((await ok('stock.quant/read', { ids: [quant], fields: FIELDS }))[0]).toMatchObject({ quantity: 35, inventory_quantity: 0, inventory_quantity_set: false });
  });

  it('a count equal to the quantity is set too (zero difference, applied as no change)', async () => {
    const [product] = await ok('product.product/create', { vals_list: [{ name: 'Count Cup', default_code: 'CNT-2', type: 'consu', is_storable: true }] });
    const [quant] = await ok('stock.quant/create', { vals_list: [{ product_id: product, location_id: 5, inventory_quantity: 12 }], context: INVENTORY });
    await ok('stock.quant/action_apply_inventory', { ids: [quant], context: INVENTORY });
    await ok('stock.quant/write', { ids: [quant], vals: { inventory_quantity: 12 }, context: INVENTORY });
    expect((await ok('stock.quant/read', { ids: [quant], fields: FIELDS }))[0]).toMatchObject({ quantity: 12, inventory_quantity: 12, inventory_diff_quantity: 0, inventory_quantity_set: true });
  });
});
