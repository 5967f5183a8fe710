import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { createMappingRuleStore } from '../mapper/index.ts';
import { canonicalRate, createLookupStore, taxMapKey } from './index.ts';

describe('lookup tables and mapping rows in the database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('lookup');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  it('sku_map: several SKUs share a product; a batch is read in one query', async () => {
    const lookups = createLookupStore(db.pool);
    await lookups.put(backendId, 'sku_map', [
      { key: 'MUG-RED-L', value: { productId: 12 } },
      { key: 'MUG-RED-L-DE', value: { productId: 12 } },
      { key: 'CUP-BLUE', value: { productId: 15 } },
    ]);
    await lookups.put(backendId, 'sku_map', [{ key: 'CUP-BLUE', value: { productId: 16 } }]);
    const found = await lookups.getFixed(backendId, 'sku_map', ['MUG-RED-L', 'MUG-RED-L-DE', 'CUP-BLUE', 'UNKNOWN']);
    expect(Object.fromEntries(found)).toEqual({
      'MUG-RED-L': { productId: 12 },
      'MUG-RED-L-DE': { productId: 12 },
      'CUP-BLUE': { productId: 16 },
    });
    await expect(lookups.put(backendId, 'sku_map', [{ key: 'X', value: { productId: 'twelve' } }])).rejects.toMatchObject({
      code: 'MAPPING_RULE_INVALID',
      details: { keys: ['X'] },
    });
  });

  it('tax_map keys are canonical decimal rates; tables load whole for rules', async () => {
    expect(canonicalRate('0.190')).toBe('0.19');
    expect(canonicalRate('00.0')).toBe('0');
    expect(taxMapKey('A1PA6795UKMFR9', 'de', '19.00')).toBe('A1PA6795UKMFR9|DE|19');
    expect(taxMapKey('A13V1IB3VIYZZH', 'FR', '5.50')).toBe('A13V1IB3VIYZZH|FR|5.5');
    const lookups = createLookupStore(db.pool);
    await lookups.put(backendId, 'tax_map', [{ key: taxMapKey('A1PA6795UKMFR9', 'DE', '19'), value: { taxId: 3, priceIncluded: true } }]);
    const got = await lookups.getFixed(backendId, 'tax_map', [taxMapKey('A1PA6795UKMFR9', 'DE', '19.0')]);
    expect([...got.values()]).toEqual([{ taxId: 3, priceIncluded: true }]);
    const tables = await lookups.loadTables(backendId, ['tax_map', 'nope']);
    expect(tables.get('tax_map')!.size).toBe(1);
    expect(tables.get('nope')!.size).toBe(0);
    expect(await lookups.listTables(backendId)).toEqual([
      { name: 'sku_map', entries: 3 },
      { name: 'tax_map', entries: 1 },
    ]);
    expect(await lookups.remove(backendId, 'sku_map', ['CUP-BLUE'])).toBe(1);
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
