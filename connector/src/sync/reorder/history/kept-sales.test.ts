import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../../db/testing.ts';
import { completeFrom, keepWeeklySales, salesHistory } from './kept-sales.ts';
import { weeklySales } from './weekly-sales.query.ts';

type Db = Awaited<ReturnType<typeof openTestDatabase>>;

describe('weekly sales kept past the retention', () => {
  let db: Db;
  let b: number;
  let n = 0;
  /** Stores an order document as the order flow does (payload readable, summary with marketplace and status). */
  const order = async (createdTime: string, items: Array<[string, number]>, status = 'SHIPPED', marketplaceId = 'A1PA6795UKMFR9') => {
    const key = `303-0000000-${String(++n).padStart(7, '0')}`;
    const payload = { orderId: key, createdTime, lastUpdatedTime: createdTime, orderItems: items.map(([sku, q], i) => ({ orderItemId: String(i), quantityOrdered: q, product: { sellerSku: sku } })) };
    await db.pool.query(
      `insert into fetched_document (backend_id, kind, key, source_updated_at, content_hash, payload, summary) values ($1, 'order', $2, $3, 'h', $4, $5)`,
      [b, key, createdTime, JSON.stringify(payload), JSON.stringify({ marketplaceId, status })],
    );
    return key;
  };

  beforeAll(async () => {
    db = await openTestDatabase('reorder_kept_sales');
    b = await insertTestBackend(db, 'reorder');
    await order('2026-11-03T10:00:00Z', [['MUG', 2], ['TEA', 1]]);
    await order('2026-11-05T23:59:59Z', [['MUG', 3]]);
    await order('2026-11-04T10:00:00Z', [['MUG', 5]], 'CANCELLED');
    await order('2026-11-04T10:00:00Z', [['MUG', 4]], 'SHIPPED', 'A13V1IB3VIYZZH');
    await order('2026-11-10T10:00:00Z', [['MUG', 1]]);
    await order('2026-11-17T10:00:00Z', [['TEA', 6]]);
  });
  afterAll(async () => db?.drop());

  it('sums units per SKU, marketplace and Monday-week, cancelled orders left out', async () => {
    expect(await weeklySales(db.pool, b, '2026-11-02', '2026-11-23')).toEqual([
      { sku: 'MUG', marketplaceId: 'A13V1IB3VIYZZH', week: '2026-11-02', units: 4 },
      { sku: 'MUG', marketplaceId: 'A1PA6795UKMFR9', week: '2026-11-02', units: 5 },
      { sku: 'MUG', marketplaceId: 'A1PA6795UKMFR9', week: '2026-11-09', units: 1 },
      { sku: 'TEA', marketplaceId: 'A1PA6795UKMFR9', week: '2026-11-02', units: 1 },
      { sku: 'TEA', marketplaceId: 'A1PA6795UKMFR9', week: '2026-11-16', units: 6 },
    ]);
    expect(await weeklySales(db.pool, b, '2026-11-09', '2026-11-16', ['MUG'])).toEqual([{ sku: 'MUG', marketplaceId: 'A1PA6795UKMFR9', week: '2026-11-09', units: 1 }]);
  });

  it('keeps only complete weeks, as absolute sums, and reads them once the orders are pruned', async () => {
    // retention 20 days on 2026-11-25: orders created from 2026-11-05 are all stored -> weeks from Monday 2026-11-09
    expect(completeFrom(new Date('2026-11-25T08:00:00Z'), 20)).toBe('2026-11-09');
    expect(await keepWeeklySales(db.pool, b, '2026-11-02', '2026-11-23')).toBe(5);
    expect(await keepWeeklySales(db.pool, b, '2026-11-02', '2026-11-23')).toBe(5);
    // a later cancellation: the next keeping replaces the week's sums
    await db.pool.query(`update fetched_document set summary = summary || '{"status":"CANCELLED"}' where backend_id = $1 and payload ->> 'createdTime' = '2026-11-17T10:00:00Z'`, [b]);
    await keepWeeklySales(db.pool, b, '2026-11-16', '2026-11-23');
    const kept = await db.pool.query(`select sku, to_char(week, 'YYYY-MM-DD') as week, units from reorder_weekly_sales where backend_id = $1 order by 1, 2, marketplace_id`, [b]);
    expect(kept.rows.map((r) => `${r.sku} ${r.week} ${r.units}`)).toEqual(['MUG 2026-11-02 4', 'MUG 2026-11-02 5', 'MUG 2026-11-09 1', 'TEA 2026-11-02 1']);

    // the prune takes the orders of the first week away: the kept sums stand for them
    await db.pool.query(`delete from fetched_document where backend_id = $1 and payload ->> 'createdTime' < '2026-11-09'`, [b]);
    const history = await salesHistory(db.pool, b, { from: '2026-10-26', until: '2026-11-23', complete: '2026-11-09' });
    expect(history.map((r) => `${r.sku} ${r.marketplaceId} ${r.week} ${r.units}`).sort()).toEqual([
      'MUG A13V1IB3VIYZZH 2026-11-02 4', 'MUG A1PA6795UKMFR9 2026-11-02 5', 'MUG A1PA6795UKMFR9 2026-11-09 1', 'TEA A1PA6795UKMFR9 2026-11-02 1',
    ]);
  });

  it('reads the orders of a week never kept', async () => {
    await order('2026-10-20T10:00:00Z', [['CUP', 2]]);
    const history = await salesHistory(db.pool, b, { from: '2026-10-19', until: '2026-11-09', complete: '2026-11-09' }, ['CUP', 'MUG']);
    expect(history.map((r) => `${r.sku} ${r.week} ${r.units}`).sort()).toEqual(['CUP 2026-10-19 2', 'MUG 2026-11-02 4', 'MUG 2026-11-02 5']);
  });
});
