/**
 * The API's list queries on a real PostgreSQL: the backends list costs the same number of statements whatever the
 * number of backends (one, plus one per flow's counts), with the right numbers; the order list reads its pages off an index (no sort of every
 * matching order), with and without a state filter; conflicts are listed without their snapshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../core/sql.ts';
import { insertTestBackend, openTestDatabase } from '../db/testing.ts';
import { backendSyncRows } from './backend-sync-rows.ts';
import { listConflictSummaries } from './conflict-queries.ts';
import { urgencyCursor } from '../api/cursors.ts';
import { listOrders } from '../sync/orders/api/order-queries.ts';
import { flows } from './flow-list.ts';
import { legacyOrderCounts } from './views.ts';
import { createRunLog } from '../core/workflow/run-log.ts';

/** Counts the statements sent through `db`, keeping the last one. */
function counting(db: Queryable): Queryable & { count: number; last: { sql: string; params: unknown[] } | null } {
  const wrapper = {
    count: 0,
    last: null as { sql: string; params: unknown[] } | null,
    query: ((sql: string, params?: unknown[]) => {
      wrapper.count++;
      wrapper.last = { sql, params: params ?? [] };
      return db.query(sql, params);
    }) as Queryable['query'],
  };
  return wrapper;
}

/** The plan's node types, depth first. */
function nodeTypes(plan: { 'Node Type': string; Plans?: unknown[] }): string[] {
  return [plan['Node Type'], ...((plan.Plans ?? []) as Array<typeof plan>).flatMap(nodeTypes)];
}

describe('API list queries', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const ids: number[] = [];
  beforeAll(async () => {
    db = await openTestDatabase('list_queries');
    for (let k = 0; k < 6; k++) ids.push(await insertTestBackend(db, `b${k}`, `A${k}SELLER`));
    // 20,000 orders on the first backend (so the planner's choice is the one a big store gets), 1 % of them failed
    // (a rare state is where a missing index shows: the planner then sorts every match), 3 on the second backend.
    await db.pool.query(
      `with o as (
         select $1::int as b, 'O-' || i as k, now() - make_interval(secs => i) as at,
                case when i % 100 = 0 then 'failed' else (array['imported', 'imported', 'imported', 'waiting', 'queued', 'conflict'])[1 + i % 6] end as state
           from generate_series(1, 20000) i
         union all select $2::int, 'P-' || i, now(), 'imported' from generate_series(1, 3) i
       ), d as (
         insert into fetched_document (backend_id, kind, key, source_updated_at, content_hash, payload, summary)
         select b, 'order', k, at, 'h', '{}'::jsonb, '{"marketplaceId": "A1PA6795UKMFR9", "status": "UNSHIPPED"}'::jsonb from o
       )
       insert into record_state (backend_id, flow, key, state, source_updated_at) select b, 'orders', k, state, at from o`,
      [ids[0], ids[1]],
    );
    await db.pool.query(
      `insert into sync_conflict (backend_id, kind, amazon_key, code, message, amazon_snapshot, diff, status)
       select $1, 'order', 'O-' || i, 'SKU_UNMAPPED', 'no product', jsonb_build_object('orderId', 'O-' || i, 'big', repeat('x', 2000)),
              '{"sku": "X"}', case when i % 3 = 0 then 'dismissed' else 'open' end
         from generate_series(1, 30) i`,
      [ids[0]],
    );
    // A store's worth of older conflicts on another backend, so the planner sees a table worth an index.
    await db.pool.query(
      `insert into sync_conflict (backend_id, kind, amazon_key, code, message, status)
       select $1::int, 'order', 'Q-' || i, 'SKU_UNMAPPED', 'no product', case when i % 4 = 0 then 'open' else 'resolved' end
         from generate_series(1, 20000) i`,
      [ids[2]],
    );
    await db.pool.query(
      `insert into sync_run (backend_id, flow, trigger, status, started_at) select $1::int, 'orders.sweep', 'sweep', 'ok', now() - make_interval(mins => i)
         from generate_series(1, 5000) i`,
      [ids[0]],
    );
    for (const t of ['fetched_document', 'record_state', 'sync_conflict', 'sync_run']) await db.pool.query(`analyze ${t}`);
  });
  afterAll(async () => db?.drop());

  it('counts every backend in one statement, whatever their number, with the numbers of the store', async () => {
    const db1 = counting(db.pool);
    const all = await backendSyncRows(db1);
    // One statement for the backends, one per flow that keeps counts (housekeeping keeps none).
    expect(db1.count).toBe(1 + flows.filter((f) => f.status).length);
    expect([...all.keys()].sort()).toEqual([...ids].sort());
    const { rows } = await db.pool.query<{ imported: number; failed: number; waiting: number }>(
      `select count(*) filter (where sync_state = 'imported')::int as imported, count(*) filter (where sync_state = 'failed')::int as failed,
              count(*) filter (where sync_state in ('waiting', 'queued'))::int as waiting from amazon_order where backend_id = $1`,
      [ids[0]],
    );
    expect(rows[0]!.failed).toBe(200);
    const counts = (id: number) => ({ ...all.get(id)!, ...legacyOrderCounts(all.get(id)!.flows) });
    expect(counts(ids[0]!)).toMatchObject({ ...rows[0], openConflicts: 20 });
    expect(all.get(ids[0]!)!.flows.orders).toMatchObject({ failed: 200 });
    expect(counts(ids[1]!)).toMatchObject({ imported: 3, failed: 0, waiting: 0, openConflicts: 0, cursor: null, lastSweepAt: null });
    expect(all.get(ids[1]!)!.flows).toEqual({ orders: { imported: 3 }, invoices: {}, shipments: {}, feeds: {}, cancellations: {}, 'merchant-stock': {}, refunds: {}, 'refund-adjustments': {}, 'fba-returns': {}, returns: {}, care: {}, labels: {}, 'review-requests': {}, 'buyer-messages': {}, 'account-health': {}, settlements: {} });
    expect(counts(ids[5]!)).toMatchObject({ imported: 0, openConflicts: 0 });
    const db2 = counting(db.pool);
    const one = await backendSyncRows(db2, [ids[1]!]);
    expect(db2.count).toBe(1 + flows.filter((f) => f.status).length);
    expect([...one.keys()]).toEqual([ids[1]]);
  });

  /** The plan of the statement `read` sends, as node types. */
  const planOf = async (read: (q: Queryable) => Promise<unknown>) => {
    const q = counting(db.pool);
    await read(q);
    const { rows } = await db.pool.query(`explain (format json) ${q.last!.sql}`, q.last!.params);
    return nodeTypes(rows[0]['QUERY PLAN'][0].Plan);
  };

  it('reads every list page off an index, never sorting every match: orders (with and without a state), conflicts, runs', async () => {
    const cursor = Buffer.from(`${new Date(Date.now() - 5000_000).toISOString()}|15000`).toString('base64url');
    const reads: Array<[string, (q: Queryable) => Promise<unknown>]> = [
      ['orders', (q) => listOrders(q, ids[0]!, { limit: 50 })],
      ['orders failed', (q) => listOrders(q, ids[0]!, { state: 'failed', limit: 50 })],
      ['orders failed, page after', (q) => listOrders(q, ids[0]!, { state: 'failed', limit: 50, cursor })],
      ['conflicts open, most urgent first', (q) => listConflictSummaries(q, flows, { status: 'open', limit: 50 })],
      ['conflicts of a backend, most urgent first, page after', (q) => listConflictSummaries(q, flows, { backendId: ids[0]!, status: 'open', limit: 50, cursor: urgencyCursor.encode(false, null, 20) })],
      ['conflicts of a backend, newest first', (q) => listConflictSummaries(q, flows, { backendId: ids[0]!, status: 'open', sort: 'newest', limit: 50, cursor: '20' })],
      ['runs', (q) => createRunLog(q).list({ limit: 51 })],
      ['runs of a backend', (q) => createRunLog(q).list({ backendId: ids[0]!, limit: 51, beforeId: 4000 })],
    ];
    for (const [what, read] of reads) {
      const types = await planOf(read);
      expect(types, `${what}: ${types.join(' > ')}`).not.toContain('Sort');
      expect(types.some((t) => t.startsWith('Index')), `${what}: ${types.join(' > ')}`).toBe(true);
    }
  });

  it('finds one order by its Amazon order id, with or without a state, off the (backend, kind, key) index', async () => {
    expect((await listOrders(db.pool, ids[0]!, { q: 'O-1900', limit: 50 })).items.map((o) => o.amazonOrderId)).toEqual(['O-1900']);
    expect((await listOrders(db.pool, ids[0]!, { q: 'O-1900', state: 'failed', limit: 50 })).items.map((o) => o.amazonOrderId)).toEqual(['O-1900']);
    expect((await listOrders(db.pool, ids[0]!, { q: 'O-1900', state: 'imported', limit: 50 })).items).toEqual([]);
    expect((await listOrders(db.pool, ids[1]!, { q: 'O-1900', limit: 50 })).items).toEqual([]);
    const types = await planOf((q) => listOrders(q, ids[0]!, { q: 'O-1900', limit: 50 }));
    expect(types, types.join(' > ')).not.toContain('Seq Scan');
  });

  it('pages the order list with a state filter: the pages join up', async () => {
    const first = await listOrders(db.pool, ids[0]!, { state: 'failed', limit: 50 });
    const second = await listOrders(db.pool, ids[0]!, { state: 'failed', limit: 50, cursor: first.nextCursor! });
    expect(first.items).toHaveLength(50);
    expect(second.items.every((o) => o.state === 'failed')).toBe(true);
    expect(Date.parse(second.items[0]!.amazonUpdatedAt)).toBeLessThanOrEqual(Date.parse(first.items[49]!.amazonUpdatedAt));
    expect(new Set([...first.items, ...second.items].map((o) => o.amazonOrderId)).size).toBe(100);
  });

  it('lists conflicts as summaries without snapshots or diff, paged by id', async () => {
    const page = await listConflictSummaries(db.pool, flows, { backendId: ids[0]!, status: 'open', sort: 'newest', limit: 15 });
    expect(page.items).toHaveLength(15);
    expect(Object.keys(page.items[0]!).sort()).toEqual(
      ['amazonKey', 'backendId', 'code', 'createdAt', 'dueAt', 'flow', 'id', 'kind', 'message', 'money', 'occurrences', 'resolvedAt', 'status', 'updatedAt'].sort(),
    );
    expect(JSON.stringify(page)).not.toContain('xxxx');
    const rest = await listConflictSummaries(db.pool, flows, { backendId: ids[0]!, status: 'open', sort: 'newest', limit: 15, cursor: page.nextCursor! });
    expect(rest.items).toHaveLength(5);
    expect(rest.nextCursor).toBeNull();
    expect(Math.max(...rest.items.map((c) => c.id))).toBeLessThan(Math.min(...page.items.map((c) => c.id)));
  });
});
