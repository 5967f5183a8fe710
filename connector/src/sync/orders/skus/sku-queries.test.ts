/**
 * The SKU list's pages against PostgreSQL: unmatched first then by SKU, every SKU once across pages whatever the
 * filter, search and page size (the page query walks one branch per matched state: sku-queries.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../../db/testing.ts';
import { allSkus, listSkus } from './sku-queries.ts';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let backendId: number;
const noHeld = async () => new Map<string, number>();

beforeAll(async () => {
  db = await openTestDatabase('sku-queries');
  backendId = await insertTestBackend(db);
  // 23 SKUs: every third bound in sku_map, every fifth matched implicitly, the rest unmatched; interleaved by name.
  for (let i = 0; i < 23; i++) {
    const sku = `SKU-${String(i).padStart(2, '0')}${i % 2 ? '-mug' : ''}`;
    await db.pool.query(`insert into amazon_sku (backend_id, sku, title, implicit_product_id, implicit_by) values ($1, $2, $3, $4, $5)`,
      [backendId, sku, `Title ${i}`, i % 5 === 0 ? 500 + i : null, i % 5 === 0 ? 'barcode' : null]);
    if (i % 3 === 0) await db.pool.query(`insert into binding (backend_id, kind, amazon_key, erp_model, erp_id) values ($1, 'product', $2, 'product.product', $3)`, [backendId, sku, 100 + i]);
  }
});
afterAll(() => db.drop());

async function pages(q: { q?: string; filter?: 'matched' | 'unmatched' }, limit: number) {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 50; n++) {
    const page = await listSkus(db.pool, backendId, { ...q, limit, ...(cursor ? { cursor } : {}) }, noHeld);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items.map((s) => s.sku));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('SKU list pages', () => {
  it('pages unmatched first then by SKU, every SKU once, with filters, search and any page size', async () => {
    const all = await allSkus(db.pool, backendId);
    const matched = (s: (typeof all)[number]) => s.product !== null;
    const order = [...all].sort((a, b) => Number(matched(a)) - Number(matched(b)) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)).map((s) => s.sku);
    expect(all.map((s) => s.sku)).toEqual(order);
    expect(all.filter(matched).length).toBe(11);
    for (const limit of [1, 4, 11, 12, 23, 50]) {
      expect(await pages({}, limit)).toEqual(order);
      expect(await pages({ filter: 'unmatched' }, limit)).toEqual(all.filter((s) => !matched(s)).map((s) => s.sku));
      expect(await pages({ filter: 'matched' }, limit)).toEqual(all.filter(matched).map((s) => s.sku));
      expect(await pages({ q: 'MUG' }, limit)).toEqual(order.filter((s) => s.endsWith('-mug')));
    }
    const first = await listSkus(db.pool, backendId, { limit: 3 }, noHeld);
    expect(first.items.map((s) => [s.sku, s.product?.id ?? null, s.matchedBy])).toEqual([['SKU-01-mug', null, null], ['SKU-02', null, null], ['SKU-04', null, null]]);
    const bound = await listSkus(db.pool, backendId, { limit: 2, filter: 'matched' }, noHeld);
    expect(bound.items.map((s) => [s.sku, s.product?.id, s.matchedBy])).toEqual([['SKU-00', 100, 'table'], ['SKU-03-mug', 103, 'table']]);
  });

  it('answers no rows for a deleted backend', async () => {
    const other = await insertTestBackend(db, 'gone', 'A2GONESELLER');
    await db.pool.query(`insert into amazon_sku (backend_id, sku) values ($1, 'X')`, [other]);
    expect((await listSkus(db.pool, other, { limit: 5 }, noHeld)).items).toHaveLength(1);
    await db.pool.query('update backend set deleted_at = now() where id = $1', [other]);
    expect(await listSkus(db.pool, other, { limit: 5 }, noHeld)).toEqual({ items: [], nextCursor: null });
  });
});
