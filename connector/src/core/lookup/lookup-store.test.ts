import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { createBinder } from '../binding/binder.ts';
import { createMappingRuleStore } from '../mapper/index.ts';
import { createLookupStore, type LookupTableSpec } from './index.ts';

/** Tables as a flow declares them (core declares none): one stored as bindings, one as lookup entries. */
const tables: LookupTableSpec[] = [
  {
    name: 'sku_map',
    description: 'seller SKU -> product',
    value: Type.Object({ productId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    binding: { kind: 'product', erpModel: 'product.product', idField: 'productId' },
  },
  { name: 'tax_map', description: 'tax', value: Type.Object({ taxId: Type.Integer({ minimum: 1 }), priceIncluded: Type.Boolean() }, { additionalProperties: false }) },
];

describe('lookup tables and mapping rows in the database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('lookup');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  it('a binding-backed table: several SKUs share a product; a batch is read in one query; versions count changes', async () => {
    const lookups = createLookupStore(db.pool, { tables });
    await lookups.put(backendId, 'sku_map', [
      { key: 'MUG-RED-L', value: { productId: 12 } },
      { key: 'MUG-RED-L-DE', value: { productId: 12 } },
      { key: 'CUP-BLUE', value: { productId: 15 } },
    ]);
    await lookups.put(backendId, 'sku_map', [{ key: 'CUP-BLUE', value: { productId: 16 } }]);
    await lookups.put(backendId, 'sku_map', [{ key: 'CUP-BLUE', value: { productId: 16 } }]);
    const found = await lookups.getMany(backendId, 'sku_map', ['MUG-RED-L', 'MUG-RED-L-DE', 'CUP-BLUE', 'UNKNOWN']);
    expect(Object.fromEntries(found)).toEqual({
      'MUG-RED-L': { productId: 12 },
      'MUG-RED-L-DE': { productId: 12 },
      'CUP-BLUE': { productId: 16 },
    });
    // The rows are product bindings: a re-pointed SKU is version 2, an unchanged write is no new version.
    const binder = createBinder(db.pool);
    expect(await binder.toErp(backendId, 'product', 'CUP-BLUE')).toMatchObject({ erpModel: 'product.product', erpId: 16, version: 2, state: null });
    expect(await binder.toErp(backendId, 'product', 'MUG-RED-L')).toMatchObject({ erpId: 12, version: 1 });
    // What a flow pushes is kept with the binding and survives a write of the SKU table.
    await binder.bind(backendId, { kind: 'product', amazonKey: 'MUG-RED-L', erpModel: 'product.product', erpId: 12, state: { quantity: 7 } });
    await lookups.put(backendId, 'sku_map', [{ key: 'MUG-RED-L', value: { productId: 12 } }]);
    expect(await binder.toErp(backendId, 'product', 'MUG-RED-L')).toMatchObject({ version: 2, state: { quantity: 7 } });
    expect((await lookups.loadTables(backendId, ['sku_map'])).get('sku_map')!.get('MUG-RED-L-DE')).toEqual({ productId: 12 });

    await expect(lookups.put(backendId, 'sku_map', [{ key: 'X', value: { productId: 'twelve' } }])).rejects.toMatchObject({
      code: 'MAPPING_RULE_INVALID',
      details: { keys: ['X'] },
    });
    await expect(lookups.put(backendId, 'Bad Name', [])).rejects.toMatchObject({ code: 'MAPPING_RULE_INVALID' });
  });

  it('a binding-backed table is audited and announced like any other, in the same transaction', async () => {
    const lookups = createLookupStore(db.pool, { tables });
    const listener = await db.pool.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    await listener.query('listen aec_backend_changed');
    try {
      await lookups.put(backendId, 'sku_map', [{ key: 'PLATE', value: { productId: 30 } }, { key: 'CUP-BLUE', value: { productId: 16 } }], { actor: 'admin' });
      expect(await lookups.remove(backendId, 'sku_map', ['PLATE', 'NOPE'], { actor: 'admin' })).toBe(1);
      expect(await lookups.remove(backendId, 'sku_map', ['NOPE'])).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([`${backendId}:mappings`, `${backendId}:mappings`]);
    } finally {
      listener.release();
    }
    const { rows } = await db.pool.query(
      `select actor, action, target, before, after from audit_log where backend_id = $1 and target = 'lookup:sku_map' order by id desc limit 2`,
      [backendId],
    );
    expect(rows).toEqual([
      { actor: 'admin', action: 'mapping.lookup.remove', target: 'lookup:sku_map', before: { PLATE: { productId: 30 } }, after: null },
      { actor: 'admin', action: 'mapping.lookup.put', target: 'lookup:sku_map', before: null, after: { PLATE: { productId: 30 } } },
    ]);
  });

  it('lookup-entry tables validate declared values; tables load whole for rules and list with their counts', async () => {
    const lookups = createLookupStore(db.pool, { tables });
    await lookups.put(backendId, 'tax_map', [{ key: 'A1PA6795UKMFR9|DE|19', value: { taxId: 3, priceIncluded: true } }]);
    await expect(lookups.put(backendId, 'tax_map', [{ key: 'K', value: { taxId: 3 } }])).rejects.toMatchObject({ code: 'MAPPING_RULE_INVALID' });
    await lookups.put(backendId, 'free_form', [{ key: 'anything', value: { any: 'shape' } }]);
    const got = await lookups.getMany(backendId, 'tax_map', ['A1PA6795UKMFR9|DE|19']);
    expect([...got.values()]).toEqual([{ taxId: 3, priceIncluded: true }]);
    const loaded = await lookups.loadTables(backendId, ['tax_map', 'sku_map', 'nope']);
    expect(loaded.get('tax_map')!.size).toBe(1);
    expect(loaded.get('sku_map')!.size).toBe(3);
    expect(loaded.get('nope')!.size).toBe(0);
    expect(await lookups.listTables(backendId)).toEqual([
      { name: 'free_form', entries: 1 },
      { name: 'sku_map', entries: 3 },
      { name: 'tax_map', entries: 1 },
    ]);
    expect(await lookups.remove(backendId, 'sku_map', ['CUP-BLUE'])).toBe(1);
    expect(lookups.tables.map((t) => t.name)).toEqual(['sku_map', 'tax_map']);
  });

  it('mapping rows round-trip in position order and are validated on write', async () => {
    const store = createMappingRuleStore(db.pool);
    const base = { target: 'sale.order', transforms: [], onlyCreate: false, enabled: true };
    const b = await store.create(backendId, 'order', { ...base, position: 2, erpField: 'x_b', source: { kind: 'constant', value: 'B2B' } });
    await store.create(backendId, 'order', { ...base, position: 1, erpField: 'x_a', source: { kind: 'path', path: 'orderId' } });
    const list = await store.list(backendId, 'order');
    expect(list.map((r) => r.erpField)).toEqual(['x_a', 'x_b']);
    expect(list[1]).toMatchObject({ flow: 'order', source: { kind: 'constant', value: 'B2B' }, transforms: [] });
    const updated = await store.update(backendId, b.id, 'order', {
      ...base, position: 0, erpField: 'x_b', source: { kind: 'template', template: '{{orderId}}' }, transforms: ['trim'],
    });
    expect(updated).toMatchObject({ source: { kind: 'template', template: '{{orderId}}' }, transforms: ['trim'], position: 0 });
    await expect(
      store.create(backendId, 'order', { ...base, position: 0, erpField: 'x', source: { kind: 'sql', query: 'drop table' } }),
    ).rejects.toMatchObject({ code: 'MAPPING_RULE_INVALID' });
    expect(await store.list(backendId, 'other')).toEqual([]);
    expect(await store.remove(backendId, b.id)).toBe(true);
  });
});
