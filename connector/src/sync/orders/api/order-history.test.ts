import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../../db/testing.ts';
import { orderHistory } from './order-history.ts';

describe('order history', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let a: number;
  beforeAll(async () => {
    db = await openTestDatabase('order_history');
    a = await insertTestBackend(db, 'a');
    const run = async (flow: string, status: string, minutesAgo: number, steps: Array<[string, string, string, string | null]>) => {
      const { rows } = await db.pool.query<{ id: string }>(
        `insert into sync_run (backend_id, flow, trigger, started_at, status) values ($1, $2, 'cron', now() - make_interval(mins => $3), $4) returning id`,
        [a, flow, minutesAgo, status],
      );
      for (const [key, step, st, code] of steps)
        await db.pool.query(`insert into sync_step (run_id, record_key, step, status, error_code, ms) values ($1, $2, $3, $4, $5, 1)`, [rows[0]!.id, key, step, st, code]);
    };
    await run('orders.import', 'partial', 30, [['111-0000000-0000001', 'map', 'ok', null], ['111-0000000-0000001', 'write', 'conflict', 'SKU_UNMAPPED'], ['OTHER', 'map', 'ok', null]]);
    await run('orders.resync', 'succeeded', 5, [['111-0000000-0000001', 'map', 'ok', null], ['111-0000000-0000001', 'write', 'ok', null]]);
    await run('orders.import', 'succeeded', 1, [['OTHER', 'write', 'ok', null]]);
    await run('orders.import', 'succeeded', 60 * 24 * 20, [['111-0000000-0000001', 'write', 'ok', null]]); // older than 14 days
    await db.pool.query(`insert into sync_conflict (backend_id, kind, amazon_key, code, message) values ($1, 'order', '111-0000000-0000001', 'SKU_UNMAPPED', 'SKU X is not mapped')`, [a]);
    await db.pool.query(`insert into sync_conflict (backend_id, kind, amazon_key, code, message, status) values ($1, 'order', '111-0000000-0000001', 'TAX_MISMATCH', 'old', 'resolved')`, [a]);
  });
  afterAll(async () => db?.drop());

  it("lists the recent runs that touched the order, newest first, with its own outcome, and its open conflicts", async () => {
    const h = await orderHistory(db.pool, a, '111-0000000-0000001');
    expect(h.runs.map((r) => [r.flow, r.status, r.outcome, r.errorCode])).toEqual([
      ['orders.resync', 'succeeded', 'ok', null],
      ['orders.import', 'partial', 'conflict', 'SKU_UNMAPPED'],
    ]);
    expect(h.openConflicts).toEqual([expect.objectContaining({ code: 'SKU_UNMAPPED', message: 'SKU X is not mapped' })]);
    expect(await orderHistory(db.pool, a, '999-0000000-0000000')).toEqual({ runs: [], openConflicts: [] });
  });
});
