/**
 * The Reports core against the Amazon sandbox over real HTTP (the real client through the endpoint override, a
 * report taking 1 s) and a real PostgreSQL, with a test-only flow's row handler: a merchant returns window asked
 * for twice (and by two workers at once) makes one createReport and its rows reach the handler once; a createReport
 * whose answer was lost is found again with getReports, never asked twice; a crash in the handler delivers the
 * report again from the start with nothing kept of the first try; a window without data ends empty; the
 * REPORT_PROCESSING_FINISHED notification (read from the sandbox's SQS queue) delivers without any poll.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAmazonAdapter, type AmazonAdapter } from '../connector/src/amazon/amazon-adapter.ts';
import type { FlatFileRow } from '../connector/src/amazon/report-flat-file.ts';
import { createConflictService } from '../connector/src/core/conflict/index.ts';
import { createPgQuotaGate } from '../connector/src/core/rate-limit/index.ts';
import { withTransaction } from '../connector/src/core/tx.ts';
import { migrateUp } from '../connector/src/db/database.ts';
import { runWorkerMigrations } from '../connector/src/db/worker-migrations.ts';
import { readNotification } from '../connector/src/sync/frame/notifications/notification-message.ts';
import { storeNotification } from '../connector/src/sync/frame/notifications/notification-store.ts';
import { requestReport, splitReportWindows } from '../connector/src/sync/frame/reports/index.ts';
import { createReportFor } from '../connector/src/sync/frame/reports/create-report.ts';
import { pollReport, type PollOutcome } from '../connector/src/sync/frame/reports/poll-report.ts';
import { reportConflictKind } from '../connector/src/sync/frame/reports/report-conflicts.ts';
import { onReportFinished } from '../connector/src/sync/frame/reports/report-finished.ts';
import { getRequest, insertRequest } from '../connector/src/sync/frame/reports/report-store.ts';
import { DEFAULT_TIMING, type ReportsContext } from '../connector/src/sync/frame/reports/reports-context.ts';
import type { OwnedReportType } from '../connector/src/sync/frame/reports/types.ts';
import { createTestDatabase } from '../scripts/lib/test-db.ts';
import type { AmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { startAmazon } from './support/amazon.ts';

const DE = 'A1PA6795UKMFR9';
const GB = 'A1F83G8C2ARO7P';
const BY_DATE = 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE';
const DAY = 86_400_000;
const FAST = { rate: 5, burst: 15 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Reports core against the Amazon sandbox', () => {
  let amazon: AmazonSandbox;
  let db: { url: string; drop(): Promise<void> };
  let pool: pg.Pool;
  let backendId: number;
  const closers: Array<() => void> = [];
  /** Each handler call, as the test flow saw it; `crashNext` makes the next call fail after writing. */
  const calls: Array<{ requestId: number; rows: FlatFileRow[] }> = [];
  let crashNext = false;

  const testFlow: OwnedReportType = {
    flow: 'returns-test',
    reportType: BY_DATE,
    async onRows(_backendId, rows, ctx) {
      calls.push({ requestId: ctx.requestId, rows: [...rows] });
      // What a real flow does: stage the rows in its own table in the delivering transaction (idempotent by key).
      for (const r of rows) if (r.ok) await ctx.tx.query(`insert into seen_return values ($1, $2) on conflict do nothing`, [ctx.requestId, r.cells['Order ID']]);
      if (crashNext) {
        crashNext = false;
        throw new Error('the worker died mid-report');
      }
    },
  };

  /** A context on a quota bucket of its own, with its adapter (the notification test subscribes through it). */
  function context(bucket: string, opts: { retries?: number } = {}): ReportsContext & { adapter: AmazonAdapter } {
    const seller = amazon.sellers[0]!;
    const adapter = createAmazonAdapter({
      region: seller.region,
      credentials: { clientId: seller.clientId, clientSecret: seller.clientSecret, refreshToken: seller.refreshToken },
      endpoint: { host: '127.0.0.1', port: amazon.port },
      gate: createPgQuotaGate(pool),
      sellerKey: bucket,
      rateOverrides: { createReport: FAST, getReport: FAST, getReports: FAST, getReportDocument: FAST },
      retry: { maxAttempts: opts.retries ?? 3, baseDelayMs: 5, maxDelayMs: 20 },
      timeouts: { response: 1500, idle: 1500, deadline: 3000 },
    });
    closers.push(() => adapter.close());
    return {
      pool,
      backendId,
      reports: adapter.reports,
      timing: { ...DEFAULT_TIMING, pollSeconds: 1, leaseSeconds: 60, lookupMarginSeconds: 30 },
      types: new Map([[BY_DATE, testFlow]]),
      conflicts: createConflictService(pool),
      log: { info: () => {}, warn: () => {} },
      adapter,
    };
  }

  const ask = (marketplaceId: string, window: { dataStartTime: string; dataEndTime: string }) =>
    withTransaction(pool, (tx) => requestReport(tx, { backendId, flow: 'returns-test', reportType: BY_DATE, marketplaceId, ...window }));
  /** A merchant-fulfilled DE order returned now, and the last week's window that holds it. */
  async function returnedOrder(): Promise<{ orderId: string; window: { dataStartTime: string; dataEndTime: string } }> {
    const [orderId] = amazon.generateOrders({ sellerId: amazon.sellers[0]!.sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'SHIPPED', marketplaceId: DE });
    amazon.returnOrder(orderId!, { reason: 'DEFECTIVE' });
    await sleep(20);
    const now = new Date();
    return { orderId: orderId!, window: splitReportWindows(BY_DATE, new Date(now.getTime() - 7 * DAY), now, now)[0]! };
  }
  /** pollReport until the report is no longer pending (the sandbox takes 1 s). */
  async function untilFinished(ctx: ReportsContext, requestId: number): Promise<PollOutcome> {
    for (let i = 0; i < 60; i++) {
      const outcome = await pollReport(ctx, requestId);
      if (outcome !== 'pending') return outcome;
      await sleep(250);
    }
    throw new Error(`request ${requestId} still pending`);
  }
  const createReportCalls = () => amazon.calls().operations.find((o) => o.operation === 'createReport')?.calls ?? 0;
  const seen = async (requestId: number) =>
    (await pool.query<{ order_id: string }>('select order_id from seen_return where request_id = $1', [requestId])).rows.map((r) => r.order_id);
  /** The window's rows as the flow staged them: the test's own return among them (earlier tests' returns may be too), each once, as many as the report had. */
  async function expectDelivered(requestId: number, orderId: string): Promise<void> {
    const orders = await seen(requestId);
    expect(orders).toContain(orderId);
    expect(await getRequest(pool, requestId)).toMatchObject({ state: 'done', rowsCount: orders.length });
  }

  beforeAll(async () => {
    amazon = await startAmazon({ seed: 23, seedOrders: 0, returnShare: 0, reportProcessingSeconds: 1 });
    db = await createTestDatabase(inject('pgAdminUrl'), 'reports');
    await migrateUp(db.url);
    await runWorkerMigrations(db.url);
    pool = new pg.Pool({ connectionString: db.url, max: 8 });
    await pool.query('create table seen_return (request_id int, order_id text, primary key (request_id, order_id))');
    const seller = amazon.sellers[0]!;
    backendId = (
      await pool.query<{ id: number }>(
        `insert into backend (name, amazon_region, seller_id, marketplace_ids, erp_url, erp_db) values ('reports', $1, $2, $3, 'http://erp.invalid', 'db') returning id`,
        [seller.region, seller.sellerId, [DE, GB]],
      )
    ).rows[0]!.id;
  }, 60_000);
  afterAll(async () => {
    for (const close of closers) close();
    await pool?.end();
    await amazon?.close();
    await db?.drop();
  });

  it('asks once for a window requested twice and by two workers at once, and hands its rows to the flow once', async () => {
    const { orderId, window } = await returnedOrder();
    const before = createReportCalls();
    const [a, b] = await Promise.all([ask(DE, window), ask(DE, window)]);
    expect(a.requestId).toBe(b.requestId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const [one, two] = [context('two-workers-1'), context('two-workers-2')];
    const outcomes = await Promise.all([createReportFor(one, a.requestId), createReportFor(two, a.requestId)]);
    expect(outcomes.sort()).toEqual(['busy', 'created']);
    expect(createReportCalls() - before).toBe(1);

    expect(await untilFinished(one, a.requestId)).toBe('done');
    const delivered = calls.filter((c) => c.requestId === a.requestId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.rows).toEqual([expect.objectContaining({ ok: true, cells: expect.objectContaining({ 'Order ID': orderId, 'Return Reason': 'DEFECTIVE' }) })]);
    expect(await getRequest(pool, a.requestId)).toMatchObject({ state: 'done', rowsCount: 1, code: null });
    // Looked at again (a late poll, a second copy of the job): nothing more is handed over, nothing asked.
    expect(await pollReport(two, a.requestId)).toBe('gone');
    expect(await createReportFor(two, a.requestId)).toBe('gone');
    expect(calls.filter((c) => c.requestId === a.requestId)).toHaveLength(1);
    expect((await ask(DE, window)).created).toBe(false);
    expect(createReportCalls() - before).toBe(1);
  });

  it('finds a report whose createReport answer was lost with getReports instead of asking again', async () => {
    const { orderId, window } = await returnedOrder();
    const { requestId } = await ask(DE, { ...window, dataStartTime: new Date(Date.parse(window.dataStartTime) - 1000).toISOString() });
    const before = createReportCalls();
    amazon.injectFault({ operation: 'createReport', kind: 'drop_after_accept', count: 1 });
    const lost = context('lost-answer', { retries: 1 });
    await expect(createReportFor(lost, requestId)).rejects.toMatchObject({ code: expect.stringMatching(/^AMAZON_/) });
    expect(await getRequest(pool, requestId)).toMatchObject({ state: 'requested', amazonReportId: null });
    // The next attempt, after the first one's lease (none here), looks the report up first.
    const ctx = { ...context('lost-answer-2'), timing: { ...DEFAULT_TIMING, pollSeconds: 1, leaseSeconds: 0, lookupMarginSeconds: 30 } };
    expect(await createReportFor(ctx, requestId)).toBe('adopted');
    expect(createReportCalls() - before).toBe(1);
    expect(await untilFinished(ctx, requestId)).toBe('done');
    await expectDelivered(requestId, orderId);
  });

  it('delivers a report again from its first row after a crash mid-way, keeping nothing of the first try', async () => {
    const { orderId, window } = await returnedOrder();
    const { requestId } = await ask(DE, { ...window, dataStartTime: new Date(Date.parse(window.dataStartTime) - 2000).toISOString() });
    const ctx = context('crash');
    expect(await createReportFor(ctx, requestId)).toBe('created');
    await sleep(1200);
    crashNext = true;
    await expect(untilFinished(ctx, requestId)).rejects.toThrow('the worker died mid-report');
    expect(await getRequest(pool, requestId)).toMatchObject({ state: 'processing', rowsCount: null });
    expect(await seen(requestId)).toEqual([]);
    expect(await untilFinished(ctx, requestId)).toBe('done');
    await expectDelivered(requestId, orderId);
    expect(calls.filter((c) => c.requestId === requestId)).toHaveLength(2);
  });

  it('ends a window Amazon has no data for as empty: done with no rows, nothing handed over', async () => {
    const now = new Date();
    const { requestId } = await ask(GB, { dataStartTime: new Date(now.getTime() - DAY).toISOString(), dataEndTime: now.toISOString() });
    const ctx = context('empty');
    expect(await createReportFor(ctx, requestId)).toBe('created');
    expect(await untilFinished(ctx, requestId)).toBe('empty');
    expect(await getRequest(pool, requestId)).toMatchObject({ state: 'empty', rowsCount: 0, code: null });
    expect(calls.filter((c) => c.requestId === requestId)).toEqual([]);
    const conflicts = await pool.query('select 1 from sync_conflict where amazon_key = $1', [`report:${requestId}`]);
    expect(conflicts.rowCount).toBe(0);
  });

  it('makes a FATAL report a REPORT_FATAL conflict carrying Amazon\'s explanation, whose retry asks again', async () => {
    // A type Amazon documents but the sandbox cannot make: the connector has no reader for it, so a flow cannot ask
    // for it (REPORT_TYPE_UNKNOWN, nothing stored) and the test puts the request in directly.
    const now = new Date();
    const window = { dataStartTime: new Date(now.getTime() - DAY).toISOString(), dataEndTime: now.toISOString() };
    await expect(withTransaction(pool, (tx) => requestReport(tx, { backendId, flow: 'returns-test', reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA', marketplaceId: DE, ...window })))
      .rejects.toMatchObject({ code: 'REPORT_TYPE_UNKNOWN' });
    const { row } = await insertRequest(pool, { backendId, flow: 'returns-test', reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA', marketplaceId: DE, windowStart: new Date(now.getTime() - DAY), windowEnd: now });
    const ctx = context('fatal');
    expect(await createReportFor(ctx, row.id)).toBe('created');
    expect(await untilFinished(ctx, row.id)).toBe('fatal');
    expect(await getRequest(pool, row.id)).toMatchObject({ state: 'fatal', code: 'REPORT_FATAL' });
    const conflict = await pool.query<{ kind: string; code: string; status: string; message: string }>('select kind, code, status, message from sync_conflict where amazon_key = $1', [`report:${row.id}`]);
    expect(conflict.rows).toEqual([expect.objectContaining({ kind: 'report', code: 'REPORT_FATAL', status: 'open' })]);
    // The report's own document says why (the sandbox's wording).
    expect(conflict.rows[0]!.message).toContain('The report type GET_MERCHANT_LISTINGS_ALL_DATA is not generated by this sandbox.');
    await withTransaction(pool, (tx) => reportConflictKind.rerun({ backendId, kind: 'report', amazonKey: `report:${row.id}` }, tx, {} as never));
    expect(await getRequest(pool, row.id)).toMatchObject({ state: 'requested', amazonReportId: null, code: null });
    const job = await pool.query(`select 1 from graphile_worker._private_jobs where key = $1`, [`reports:create:${row.id}`]);
    expect(job.rowCount).toBe(1);
  });

  it('delivers at once on REPORT_PROCESSING_FINISHED, without waiting for a poll', async () => {
    const ctx = context('notified');
    const { adapter } = ctx;
    const destination = await adapter.notifications.createDestination('aec-reports', amazon.sqs.queueArn());
    await adapter.notifications.createSubscription('REPORT_PROCESSING_FINISHED', destination.destinationId, '2020-09-04');
    const { orderId, window } = await returnedOrder();
    const { requestId } = await ask(DE, { ...window, dataStartTime: new Date(Date.parse(window.dataStartTime) - 3000).toISOString() });
    expect(await createReportFor(ctx, requestId)).toBe('created');
    const reportId = (await getRequest(pool, requestId))!.amazonReportId!;
    let body: string | undefined;
    for (let i = 0; i < 60 && !body; i++) {
      body = amazon.sqsMessages().map((m) => m.body).find((b) => b.includes(`"reportId":"${reportId}"`));
      if (!body) await sleep(100);
    }
    const read = readNotification(body);
    if (!read.ok) throw new Error(`unreadable: ${read.reason}`);
    await withTransaction(pool, (tx) => storeNotification(tx, read.notification, [{ task: 'reports:finished', backendId }]));
    expect(await onReportFinished(ctx, read.notification.notificationId)).toBe('done');
    expect(await getRequest(pool, requestId)).toMatchObject({ state: 'done', polls: 0 });
    await expectDelivered(requestId, orderId);
  });
});
