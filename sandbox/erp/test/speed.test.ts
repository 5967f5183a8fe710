/** A speed figure (printed, not asserted): 100 orders of 1-4 lines created in one call and confirmed in one call. */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_speed');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0 });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

it('creates and confirms 100 orders in two calls, with deliveries reserved', async () => {
  const products: number[] = (await json2(sb, 'product.product/search', { domain: [['is_storable', '=', true]], limit: 12 })).body;
  const [partner] = (await json2(sb, 'res.partner/create', { vals_list: [{ name: 'Speed buyer', email: 'speed@example.com' }] })).body;
  const refs = Array.from({ length: 100 }, (_, i) => `SPEED-${i}`);
  const vals = refs.map((ref, i) => ({
    partner_id: partner, client_order_ref: ref,
    order_line: Array.from({ length: 1 + (i % 4) }, (_, k) => [0, 0, { product_id: products[(i + k) % products.length], product_uom_qty: 1 + k, price_unit: 9.99, tax_ids: [[6, 0, [3]]] }]),
  }));
  sb.resetStats();
  const t0 = performance.now();
  const ids: number[] = (await json2(sb, 'sale.order/create', { vals_list: vals })).body;
  const t1 = performance.now();
  expect((await json2(sb, 'sale.order/action_confirm', { ids })).body).toBe(true);
  const t2 = performance.now();
  const found: number[] = (await json2(sb, 'sale.order/search', { domain: [['client_order_ref', 'in', refs]] })).body;
  const busy = sb.stats().busyMs;
  console.log(`[erp-sandbox speed] 100 orders (250 lines): create ${(t1 - t0).toFixed(0)} ms, confirm ${(t2 - t1).toFixed(0)} ms, server busy ${busy.toFixed(0)} ms for ${sb.stats().total} calls`);
  expect(found.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  const orders = (await json2(sb, 'sale.order/read', { ids, fields: ['state', 'picking_ids'] })).body;
  expect(orders.every((o: { state: string; picking_ids: number[] }) => o.state === 'sale' && o.picking_ids.length === 1)).toBe(true);
  const picks = (await json2(sb, 'stock.picking/search_count', { domain: [['sale_id', 'in', ids], ['state', '=', 'assigned']] })).body;
  expect(picks).toBeGreaterThan(0);
});
