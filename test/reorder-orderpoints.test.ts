/**
 * The reorder flow's ERP gateway against the ERP sandbox over real HTTP: reordering rules created, left alone when
 * unchanged, updated, revived when archived, and a create refused because a rule appeared meanwhile (Odoo's 422)
 * turned into an update; two workers at once leave one rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErpPort } from '../connector/src/erp/erp-port.ts';
import type { OdooClient } from '../connector/src/erp/odoo/odoo-client.ts';
import { ORDERPOINT_MODEL, orderpointGateway } from '../connector/src/sync/reorder/erp/orderpoint.gateway.ts';
import { connectErp, startErp, type ErpHandle } from './support/erp.ts';

let erp: ErpHandle;
let client: OdooClient;
let stock: number;
const products: number[] = [];

beforeAll(async () => {
  erp = await startErp({ version: 19, label: 'it_reorder_orderpoints', seed: 'fresh' });
  client = await connectErp(erp, { transport: 'json2' });
  products.push(...(await client.create('product.product', [1, 2, 3, 4].map((i) => ({ name: `Reorder ${i}`, default_code: `RO-${i}`, type: 'consu', is_storable: true })))));
  stock = (await orderpointGateway(client).stockLocations([1])).get(1)!;
});
afterAll(async () => {
  await client?.close();
  await erp?.close();
});

const rulesOf = (productId: number) =>
  client.searchRead(ORDERPOINT_MODEL, [['product_id', '=', productId]], ['product_min_qty', 'product_max_qty', 'location_id', 'warehouse_id', 'active'], { context: { active_test: false } });

describe('reordering rules in the ERP', () => {
  it('creates the rule, leaves it when unchanged, updates it, and revives an archived one', async () => {
    const gw = orderpointGateway(client);
    const target = { productId: products[0]!, locationId: stock, warehouseId: 1, min: 10, max: 40 };
    const created = await gw.upsert(target);
    expect(created.action).toBe('created');
    expect(await gw.upsert(target)).toEqual({ id: created.id, action: 'unchanged' });
    expect(await gw.upsert({ ...target, min: 50, max: 90 })).toEqual({ id: created.id, action: 'updated' });
    expect(await rulesOf(products[0]!)).toEqual([{ id: created.id, product_min_qty: 50, product_max_qty: 90, location_id: [stock, 'WH/Stock'], warehouse_id: [1, expect.any(String)], active: true }]);
    // lowering both at once passes Odoo's min <= max check (one write)
    expect(await gw.upsert({ ...target, min: 2, max: 5 })).toEqual({ id: created.id, action: 'updated' });

    await client.write(ORDERPOINT_MODEL, [created.id], { active: false });
    expect(await gw.upsert({ ...target, min: 2, max: 5 })).toEqual({ id: created.id, action: 'updated' });
    expect((await rulesOf(products[0]!)).map((r) => r.active)).toEqual([true]);
  });

  it('turns the 422 of a rule created meanwhile into an update', async () => {
    // a rule another worker made after this one looked: the first look-up answers nothing
    const [other] = await client.create(ORDERPOINT_MODEL, [{ product_id: products[1], location_id: stock, warehouse_id: 1, product_min_qty: 1, product_max_qty: 2 }]);
    let looks = 0;
    const stale = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop === 'searchRead') return (...args: Parameters<ErpPort['searchRead']>) => (looks++ === 0 ? Promise.resolve([]) : target.searchRead(...args));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as ErpPort;
    expect(await orderpointGateway(stale).upsert({ productId: products[1]!, locationId: stock, warehouseId: 1, min: 6, max: 12 })).toEqual({ id: other, action: 'updated' });
    expect(looks).toBe(2);
    expect(await rulesOf(products[1]!)).toMatchObject([{ id: other, product_min_qty: 6, product_max_qty: 12 }]);
  });

  it('leaves one rule when two workers write the same product at once', async () => {
    const gw = orderpointGateway(client);
    const t = { productId: products[2]!, locationId: stock, warehouseId: 1, min: 3, max: 9 };
    const outcomes = await Promise.all([gw.upsert(t), gw.upsert(t), gw.upsert(t)]);
    expect(new Set(outcomes.map((o) => o.id)).size).toBe(1);
    expect(outcomes.filter((o) => o.action === 'created')).toHaveLength(1);
    expect(await rulesOf(products[2]!)).toHaveLength(1);
  });

  it('refuses min above max before calling the ERP, and passes on the ERP\'s other refusals', async () => {
    const gw = orderpointGateway(client);
    await expect(gw.upsert({ productId: products[3]!, locationId: stock, warehouseId: 1, min: 9, max: 3 })).rejects.toThrow(/min <= max/);
    await expect(gw.upsert({ productId: 999_999, locationId: stock, warehouseId: 1, min: 1, max: 3 })).rejects.toMatchObject({ code: expect.stringMatching(/^ERP_/) });
    expect(await rulesOf(products[3]!)).toEqual([]);
  });
});
