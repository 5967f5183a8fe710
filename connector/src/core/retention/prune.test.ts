import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { runWorkerMigrations } from '../../db/worker-migrations.ts';
import { createBinder } from '../binding/binder.ts';
import { pruneAll, pruneInBatches } from './index.ts';

/** Rows older and newer than the retention; the prune removes exactly the old finished ones. */
describe('retention prune', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let a: number;
  let b: number;
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
  const keys = async (sql: string) => (await db.pool.query<{ k: string }>(sql)).rows.map((r) => r.k).sort();

  const order = (backendId: number, key: string, state: string, syncedDaysAgo: number) =>
    db.pool.query(
      `with d as (insert into fetched_document (backend_id, kind, key, source_updated_at, content_hash, payload) values ($1, 'order', $2, $4, 'h', '{}'))
       insert into record_state (backend_id, flow, key, state, source_updated_at, synced_at) values ($1, 'orders', $2, $3, $4, $4)`,
      [backendId, key, state, ago(syncedDaysAgo)],
    );
  const run = async (backendId: number, subject: string, startedDaysAgo: number, finished: boolean, steps: number) => {
    const { rows } = await db.pool.query<{ id: number }>(
      `insert into sync_run (backend_id, flow, trigger, started_at, finished_at, status, subject)
       values ($1, 'orders.import', 'job', $2, $3, $4, $5) returning id::int as id`,
      [backendId, ago(startedDaysAgo), finished ? ago(startedDaysAgo) : null, finished ? 'succeeded' : 'running', subject],
    );
    await db.pool.query(
      `insert into sync_step (run_id, record_key, step, status, ms) select $1, 'k' || i, 'create', 'ok', 1 from generate_series(1, $2) i`,
      [rows[0]!.id, steps],
    );
  };
  const conflict = (backendId: number, key: string, status: string, daysAgo: number) =>
    db.pool.query(
      `insert into sync_conflict (backend_id, kind, amazon_key, code, message, status, updated_at, resolved_at)
       values ($1, 'order', $2, 'SKU_UNMAPPED', 'm', $3, $4, case when $3 = 'open' then null else $4::timestamptz end)`,
      [backendId, key, status, ago(daysAgo)],
    );
  const audit = (backendId: number | null, target: string, daysAgo: number) =>
    db.pool.query(`insert into audit_log (actor, action, backend_id, target, at) values ('t', 'x', $1, $2, $3)`, [backendId, target, ago(daysAgo)]);

  beforeAll(async () => {
    db = await openTestDatabase('retention');
    await runWorkerMigrations(db.url);
    a = await insertTestBackend(db, 'a', 'A2SELLERA');
    b = await insertTestBackend(db, 'b', 'A2SELLERB');
    // Backend a: short retention; b: the defaults (documents 90 days, runs 30, conflicts 180, audit 365).
    for (const [key, state, days] of [
      ['a-old-imported', 'imported', 40], ['a-old-ignored', 'ignored', 40], ['a-old-not-imported', 'not_imported', 40],
      ['a-old-queued', 'queued', 40], ['a-old-waiting', 'waiting', 40], ['a-old-conflict', 'conflict', 40], ['a-old-failed', 'failed', 40],
      ['a-new-imported', 'imported', 5],
    ] as const) await order(a, key, state, days);
    await order(b, 'b-40-imported', 'imported', 40);
    await order(b, 'b-100-imported', 'imported', 100);
    await createBinder(db.pool).bind(a, { kind: 'order', amazonKey: 'a-old-imported', erpModel: 'sale.order', erpId: 1 });
    await run(a, 'a-old-finished', 20, true, 5);
    await run(a, 'a-old-running', 20, false, 2);
    await run(a, 'a-new-finished', 2, true, 3);
    await run(b, 'b-20-finished', 20, true, 1);
    await conflict(a, 'a-old-resolved', 'resolved', 40);
    await conflict(a, 'a-old-dismissed', 'dismissed', 40);
    await conflict(a, 'a-old-open', 'open', 40);
    await conflict(a, 'a-new-resolved', 'resolved', 5);
    await audit(a, 'a-old', 100);
    await audit(a, 'a-new', 10);
    await audit(b, 'b-100', 100);
    await audit(null, 'none-old', 400);
    await audit(null, 'none-new', 100);
    await audit(987654, 'gone-old', 400);
    // Amazon notifications: kept 14 days after they were received, whatever the backends' settings.
    for (const [id, days] of [['n-old', 15], ['n-new', 13]] as const) {
      await db.pool.query(
        `insert into amazon_notification (notification_id, notification_type, seller_id, event_time, subject, payload, backend_ids, received_at)
         values ($1, 'ORDER_CHANGE', 'A2SELLERA', $2, 'o', '{}', array[$3::int], $2)`,
        [id, ago(days), a],
      );
    }
    // Jobs: one failed for good long ago, one failed for good recently, one still retrying.
    for (const [name, attempts, days] of [['old-failed', 3, 40], ['new-failed', 3, 1], ['old-retrying', 1, 40]] as const) {
      const { rows } = await db.pool.query<{ id: string }>(`select (graphile_worker.add_job('probe', json_build_object('name', $1::text), max_attempts => 3)).id`, [name]);
      // A separate statement: an update in the same statement would not see the job add_job inserted.
      await db.pool.query('update graphile_worker._private_jobs set attempts = $2, updated_at = $3 where id = $1', [rows[0]!.id, attempts, ago(days)]);
    }
  });
  afterAll(async () => db.drop());

  // What the order flow declares (its documents and the record states that mean done).
  const documents = [{ flow: 'orders', kind: 'order', finishedStates: ['imported', 'ignored', 'not_imported'] }];

  it('removes exactly the old finished rows, in small batches, and never a binding', async () => {
    const settingsA = { retention: { documentsDays: 30, runsDays: 10, conflictsDays: 30, failedJobsDays: 7, auditDays: 60 } };
    const counts = await pruneAll(db.pool, [{ id: a, settings: settingsA }, { id: b, settings: {} }], { batchSize: 2, documents });
    expect(counts).toEqual({ documents: 4, runSteps: 5, runs: 1, conflicts: 2, audit: 3, failedJobs: 1, notifications: 1, flowRows: 0 });

    expect(await keys('select key as k from fetched_document')).toEqual(
      ['a-new-imported', 'a-old-conflict', 'a-old-failed', 'a-old-queued', 'a-old-waiting', 'b-40-imported'].sort(),
    );
    expect(await keys('select key as k from record_state')).toEqual(await keys('select key as k from fetched_document'));
    expect(await createBinder(db.pool).toErp(a, 'order', 'a-old-imported')).toMatchObject({ erpId: 1 });
    expect(await keys('select subject as k from sync_run')).toEqual(['a-new-finished', 'a-old-running', 'b-20-finished']);
    expect(await keys(`select r.subject || ':' || count(*) as k from sync_step s join sync_run r on r.id = s.run_id group by r.subject`)).toEqual(
      ['a-new-finished:3', 'a-old-running:2', 'b-20-finished:1'],
    );
    expect(await keys('select amazon_key as k from sync_conflict')).toEqual(['a-new-resolved', 'a-old-open']);
    expect(await keys('select target as k from audit_log')).toEqual(['a-new', 'b-100', 'none-new']);
    expect(await keys(`select payload->>'name' as k from graphile_worker._private_jobs`)).toEqual(['new-failed', 'old-retrying']);
    expect(await keys('select notification_id as k from amazon_notification')).toEqual(['n-new']);

    // A second run finds nothing left to do.
    const again = await pruneAll(db.pool, [{ id: a, settings: settingsA }, { id: b, settings: {} }], { documents });
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
  });

  it('pruneInBatches stops at the first short batch and at maxBatches', async () => {
    await db.pool.query('create table probe (id int primary key)');
    await db.pool.query('insert into probe select generate_series(1, 25)');
    const sql = 'delete from probe where id in (select id from probe order by id limit $1)';
    expect(await pruneInBatches(db.pool, sql, [], { batchSize: 10, maxBatches: 2 })).toBe(20);
    expect(await pruneInBatches(db.pool, sql, [], { batchSize: 10 })).toBe(5);
  });
});
