import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import type { Queryable } from '../sql.ts';
import { createBinder } from './binder.ts';

describe('binder', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  let queries = 0;
  // Counts statements so the batch variants are held to one round trip per batch.
  const counting = (): Queryable => ({ query: ((...a: Parameters<Queryable['query']>) => (queries++, db.pool.query(...a))) as Queryable['query'] });
  beforeAll(async () => {
    db = await openTestDatabase('binder');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  it('binds a batch in one statement and reads it back in one', async () => {
    const binder = createBinder(counting());
    const keys = Array.from({ length: 100 }, (_, i) => `302-0000000-${String(i).padStart(7, '0')}`);
    queries = 0;
    const bound = await binder.bindMany(
      backendId,
      keys.map((k, i) => ({ kind: 'order', amazonKey: k, erpModel: 'sale.order', erpId: 1000 + i, amazonUpdatedAt: '2026-11-20T10:00:00Z', payloadHash: `h${i}` })),
    );
    expect(bound).toHaveLength(100);
    const found = await binder.toErpMany(backendId, 'order', [...keys, 'not-bound']);
    expect(queries).toBe(2);
    expect(found.size).toBe(100);
    expect(found.get(keys[7]!)).toMatchObject({ erpModel: 'sale.order', erpId: 1007, payloadHash: 'h7', erpWriteDate: null });
    expect(found.get(keys[7]!)!.amazonUpdatedAt).toEqual(new Date('2026-11-20T10:00:00Z'));
    expect(found.has('not-bound')).toBe(false);
    expect(await binder.toAmazon(backendId, 'order', 'sale.order', 1007)).toMatchObject({ amazonKey: keys[7] });
  });

  it('re-binding stamps synced_at and keeps versions that were not passed', async () => {
    const binder = createBinder(db.pool);
    const before = (await binder.toErp(backendId, 'order', '302-0000000-0000001'))!;
    const after = await binder.bind(backendId, { kind: 'order', amazonKey: '302-0000000-0000001', erpModel: 'sale.order', erpId: 1001, erpWriteDate: '2026-11-20 10:00:05' });
    expect(after.syncedAt.getTime()).toBeGreaterThan(before.syncedAt.getTime());
    expect(after).toMatchObject({ id: before.id, payloadHash: 'h1', erpWriteDate: '2026-11-20 10:00:05' });
    expect(after.amazonUpdatedAt).toEqual(before.amazonUpdatedAt);
  });

  it('documents are unique on the ERP side; products may share one ERP record', async () => {
    const binder = createBinder(db.pool);
    await expect(
      binder.bind(backendId, { kind: 'order', amazonKey: '999-other', erpModel: 'sale.order', erpId: 1002 }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'BINDING_CONFLICT' });
    expect(await binder.toErp(backendId, 'order', '999-other')).toBeNull();

    await binder.bindMany(backendId, [
      { kind: 'product', amazonKey: 'SKU-RED-S', erpModel: 'product.product', erpId: 42 },
      { kind: 'product', amazonKey: 'SKU-RED-S-BUNDLE', erpModel: 'product.product', erpId: 42 },
    ]);
    const all = await binder.toAmazonAll(backendId, 'product', 'product.product', 42);
    expect(all.map((b) => b.amazonKey)).toEqual(['SKU-RED-S', 'SKU-RED-S-BUNDLE']);
    expect(await binder.unbind(backendId, 'product', 'SKU-RED-S')).toBe(true);
    expect(await binder.unbind(backendId, 'product', 'SKU-RED-S')).toBe(false);
  });

  it('counts changes in a version and keeps what was last pushed in state', async () => {
    const binder = createBinder(counting());
    const sku = { kind: 'product' as const, amazonKey: 'SKU-STOCK', erpModel: 'product.product', erpId: 50 };
    expect(await binder.bind(backendId, sku)).toMatchObject({ version: 1, state: null });
    // A re-stamp (same record, nothing pushed) is no change.
    expect(await binder.bind(backendId, sku)).toMatchObject({ version: 1, state: null });
    // A quantity pushed: a change, kept; omitted on the next bind: kept as is.
    expect(await binder.bind(backendId, { ...sku, state: { quantity: 4 } })).toMatchObject({ version: 2, state: { quantity: 4 } });
    expect(await binder.bind(backendId, sku)).toMatchObject({ version: 2, state: { quantity: 4 } });
    // Re-pointed to another product: a change; null clears the state (a change too).
    expect(await binder.bind(backendId, { ...sku, erpId: 51 })).toMatchObject({ version: 3, erpId: 51, state: { quantity: 4 } });
    expect(await binder.bind(backendId, { ...sku, erpId: 51, state: null })).toMatchObject({ version: 4, state: null });
    const [first, second] = await binder.bindMany(backendId, [
      { ...sku, amazonKey: 'SKU-A', state: { quantity: 1 } },
      { ...sku, amazonKey: 'SKU-B' },
    ]);
    expect([first?.state, second?.state]).toEqual([{ quantity: 1 }, null]);
    expect((await binder.listKind(backendId, 'product')).map((b) => b.amazonKey)).toEqual(expect.arrayContaining(['SKU-A', 'SKU-B', 'SKU-STOCK']));
    const n = await binder.count(backendId, 'product');
    expect((await binder.unbindMany(backendId, 'product', ['SKU-A', 'SKU-B', 'NOPE'])).map((b) => b.amazonKey).sort()).toEqual(['SKU-A', 'SKU-B']);
    expect(await binder.count(backendId, 'product')).toBe(n - 2);
  });
});
