import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, insertTestBackend } from '../../../db/testing.ts';
import { listOffers, offerCursor } from './offer-list.ts';
import { markRecheck, recordRefused, recordSent, saveDesired } from './offer-store.ts';

describe('merchant offers as the panel lists them', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('merchant_offer_list');
    backendId = await insertTestBackend(db);
    const inputs = { freeQty: 12, allocationPercent: 100, unreservedUnits: 2, buffer: { fixed: 1, percent: 0, cap: null }, available: 12, held: 1, underBuffer: false };
    await saveDesired(db.pool, backendId, ['MUG-A', 'MUG-B', 'MUG_C', 'TEA-D'].map((sku) => ({ sku, productId: 7, quantity: 9, inputs })));
    await recordSent(db.pool, backendId, { sku: 'MUG-A', quantity: 9, seq: 1, lane: 'patch' });
    await recordSent(db.pool, backendId, { sku: 'TEA-D', quantity: 9, seq: 1, lane: 'feed' });
    await markRecheck(db.pool, backendId, ['TEA-D']);
    await recordRefused(db.pool, backendId, 'MUG_C', 1, 'MERCHANT_STOCK_REFUSED', 'Amazon: 8541');
    await db.pool.query(`insert into merchant_stock_listing (backend_id, sku, found, channels, merchant_qty, seen_at) values ($1, 'MUG-A', true, '{DEFAULT}', 8, now())`, [backendId]);
  });
  afterAll(async () => db.drop());

  it('gives each SKU its inputs, last send, what Amazon showed and its state', async () => {
    const { items, nextCursor } = await listOffers(db.pool, backendId, { limit: 10 });
    expect(nextCursor).toBeNull();
    expect(items.map((o) => [o.sku, o.state])).toEqual([['MUG-A', 'in_sync'], ['MUG-B', 'pending'], ['MUG_C', 'refused'], ['TEA-D', 'pending']]);
    expect(items[0]).toMatchObject({
      freeQty: 12, allocationPercent: 100, unreservedUnits: 2, held: 1, buffer: { fixed: 1, percent: 0, cap: null },
      quantity: 9, sentQty: 9, sentLane: 'patch', amazonQty: 8, code: null,
    });
    expect(items[1]).toMatchObject({ sentQty: null, amazonQty: null, amazonReadAt: null });
    expect(items[2]).toMatchObject({ code: 'MERCHANT_STOCK_REFUSED', message: 'Amazon: 8541' });
  });

  it('filters by part of the SKU (literally: _ is no wildcard) and by state, and pages by SKU', async () => {
    expect((await listOffers(db.pool, backendId, { q: 'mug', limit: 10 })).items.map((o) => o.sku)).toEqual(['MUG-A', 'MUG-B', 'MUG_C']);
    expect((await listOffers(db.pool, backendId, { q: 'G_', limit: 10 })).items.map((o) => o.sku)).toEqual(['MUG_C']);
    expect((await listOffers(db.pool, backendId, { state: 'pending', limit: 10 })).items.map((o) => o.sku)).toEqual(['MUG-B', 'TEA-D']);
    const first = await listOffers(db.pool, backendId, { limit: 3 });
    expect(first.nextCursor).toBe(offerCursor.encode('MUG_C'));
    const second = await listOffers(db.pool, backendId, { limit: 3, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ sku: 'TEA-D' }], nextCursor: null });
  });

  it('refuses a cursor it did not give out', async () => {
    for (const bad of ['', '++', 'TVVHLUE=', Buffer.from('\u0000').toString('base64url')]) {
      await expect(listOffers(db.pool, backendId, { limit: 3, cursor: bad })).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    }
  });
});
