import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../../db/testing.ts';
import { backendOverview, hourSlots } from './overview-queries.ts';

const NOW = new Date('2026-12-02T10:30:00.000Z');
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

describe('backend overview', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let a: number;
  let b: number;
  beforeAll(async () => {
    db = await openTestDatabase('overview');
    a = await insertTestBackend(db, 'a', 'SELLER-A');
    b = await insertTestBackend(db, 'b', 'SELLER-B');
    const run = (backend: number, flow: string, at: string, status: string, counts: object = {}, errorCode: string | null = null) =>
      db.pool.query(`insert into sync_run (backend_id, flow, trigger, started_at, finished_at, status, counts, error_code) values ($1, $2, 'test', $3, $3, $4, $5, $6)`, [backend, flow, at, status, counts, errorCode]);
    await run(a, 'orders.import', ago(0.2), 'succeeded', { ok: 3, conflict: 1 }); // this hour, today
    await run(a, 'orders.import', ago(2), 'succeeded', { ok: 2 }); // today (08:30)
    await run(a, 'orders.import', ago(12), 'partial', { ok: 4, failed: 1 }); // yesterday 22:30: in the 24 h, not today
    await run(a, 'orders.import', ago(30), 'succeeded', { ok: 50 }); // outside the 24 h
    await run(a, 'orders.sweep', ago(1), 'failed', {}, 'AMAZON_THROTTLED');
    await run(a, 'orders.sweep', ago(0.1), 'succeeded');
    await run(b, 'orders.import', ago(0.2), 'succeeded', { ok: 99 });
    const conflict = (backend: number, code: string, at: string, status = 'open') =>
      db.pool.query(`insert into sync_conflict (backend_id, kind, amazon_key, code, message, status, created_at) values ($1, 'order', $2, $3, 'x', $4, $5)`, [backend, `K-${Math.random()}`, code, status, at]);
    await conflict(a, 'SKU_UNMAPPED', ago(0.5));
    await conflict(a, 'SKU_UNMAPPED', ago(3));
    await conflict(a, 'TAX_MISMATCH', ago(3), 'resolved');
    await conflict(a, 'PRICE_MISMATCH', ago(40));
    await conflict(b, 'SKU_UNMAPPED', ago(0.5));
    const bucket = (key: string, op: string, tokens: number, at: string) =>
      db.pool.query(`insert into rate_bucket (seller_key, operation, tokens, updated_at) values ($1, $2, $3, $4)`, [key, op, tokens, at]);
    await bucket('eu:app:APP1:seller:SELLER-A', 'getOrder', 10, ago(0));
    await bucket('eu:app:APP1:seller:SELLER-A', 'searchOrders', -2, ago(0));
    await bucket('na:app:APP1:seller:SELLER-A', 'getOrder', 0, ago(0)); // another region: not this backend's
    await bucket('eu:app:APP1:seller:SELLER-B', 'getOrder', 1, ago(0));
  });
  afterAll(async () => db?.drop());

  it("gives each flow's last run and failures, imports today, open conflicts by code, and the 24 h series", async () => {
    const o = await backendOverview(db.pool, { id: a, region: 'eu', sellerId: 'SELLER-A' }, NOW);
    expect(o.flows).toEqual([
      { flow: 'orders.import', lastRun: expect.objectContaining({ status: 'succeeded', startedAt: ago(0.2) }), runs24h: 3, failedRuns24h: 1 },
      { flow: 'orders.sweep', lastRun: expect.objectContaining({ status: 'succeeded', errorCode: null }), runs24h: 2, failedRuns24h: 1 },
    ]);
    expect(o.ordersImportedToday).toBe(5);
    expect(o.openConflicts).toEqual([{ code: 'PRICE_MISMATCH', count: 1 }, { code: 'SKU_UNMAPPED', count: 2 }].sort((x, y) => y.count - x.count));
    expect(o.importsPerHour).toHaveLength(24);
    expect(o.importsPerHour.at(-1)).toEqual({ hour: '2026-12-02T10:00:00.000Z', count: 3 });
    expect(o.importsPerHour.reduce((n, h) => n + h.count, 0)).toBe(9);
    expect(o.conflictsPerHour.reduce((n, h) => n + h.count, 0)).toBe(3);
    expect(o.conflictsPerHour.find((h) => h.hour === '2026-12-02T07:00:00.000Z')?.count).toBe(2);
  });

  it("reads the quota left from the seller's buckets in the backend's region, refilled and capped at the burst", async () => {
    const o = await backendOverview(db.pool, { id: a, region: 'eu', sellerId: 'SELLER-A' }, NOW);
    expect(o.quota.map((q) => q.operation)).toEqual(['getOrder', 'searchOrders']);
    expect(o.quota[0]).toMatchObject({ operation: 'getOrder', tokensLeft: 10, burst: 30 });
    expect(o.quota[1]!.tokensLeft).toBe(-2);
    const later = await backendOverview(db.pool, { id: a, region: 'eu', sellerId: 'SELLER-A' }, new Date(NOW.getTime() + 3_600_000));
    expect(later.quota[0]!.tokensLeft).toBe(30);
  });

  it('is empty, not failing, for a backend without runs', async () => {
    const id = await insertTestBackend(db, 'c', 'SELLER-C');
    const o = await backendOverview(db.pool, { id, region: 'eu', sellerId: 'SELLER-C' }, NOW);
    expect(o).toMatchObject({ flows: [], ordersImportedToday: 0, openConflicts: [], quota: [] });
    expect(o.importsPerHour.every((h) => h.count === 0)).toBe(true);
    expect(hourSlots(NOW)[0]).toBe('2026-12-01T11:00:00.000Z');
  });
});
