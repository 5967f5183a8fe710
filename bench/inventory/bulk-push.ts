/**
 * Part 1: `n` changed SKUs pushed. The ERP's stock of every bench product changes (one statement in its database,
 * not timed), then one recompute of every SKU is queued for a freshly started worker, and the bench waits until
 * every message is in a feed Amazon accepted with createFeed. Connector time = the recompute queued -> the last
 * feed submitted (PostgreSQL's clock for both ends); peak memory = the worker process's VmHWM (RSS high-water mark).
 */
import { enqueue } from '../../connector/src/core/queue/enqueue.ts';
import type { Stack } from '../../test/support/connector-stack.ts';
import { procStats } from '../proc-stats.ts';
import { changeErpStock } from './seed-catalogue.ts';

export interface BulkFigures {
  skus: number;
  feeds: number;
  messagesPerFeed: number[];
  connectorSeconds: number;
  /** Queued -> every offer saved (the recompute's end), -> every send recorded (the push's end). */
  recomputeSeconds: number;
  pushSeconds: number;
  /** When each 5,000 sends were recorded, s after the recompute was queued (where the push's time goes). */
  sendsRecordedAt: number[];
  /** Per feed, its createFeed attempt's start and end, s after the recompute was queued. */
  feedAttempts: Array<[number, number]>;
  peakRssMb: number;
  workerCpuSeconds: number;
  /** The modelled Odoo over the window (cost model): its calls, their modelled time x scale, busy time, overrun. */
  erp: { calls: number; modelledSeconds: number; busySeconds: number; overrunSeconds: number } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function bulkPush(stack: Stack, n: number, workerEnv: Record<string, string>, say: (s: string) => void): Promise<BulkFigures> {
  const db = stack.env.db.pool;
  const changed = await changeErpStock(stack.erp.databaseUrl, 3);
  if (changed < n) throw new Error(`only ${changed} of ${n} quants changed`);
  const worker = stack.startWorker('worker-bulk', workerEnv);
  // The worker is up once it has taken the crontab's first look (its job table lock); give it time to boot.
  await sleep(5_000);
  stack.erp.sandbox.resetCost();
  const { rows: [t0] } = await db.query<{ now: Date }>('select clock_timestamp() as now');
  await enqueue(db, 'merchant-stock:recompute', { backendId: stack.backendId }, { queueName: `merchant-stock:${stack.backendId}`, maxAttempts: 10 });
  say(`bulk: recompute of ${n} SKUs queued`);
  const until = Date.now() + 15 * 60_000;
  let last = -1;
  for (;;) {
    const { rows: [s] } = await db.query<{ submitted: number; queued: number }>(
      `select count(*) filter (where f.amazon_feed_id is not null)::int as submitted, count(*) filter (where m.state = 'queued')::int as queued
         from feed_message m left join feed f on f.id = m.feed_id
        where m.backend_id = $1 and m.feed_type = 'JSON_LISTINGS_FEED' and m.created_at >= $2`,
      [stack.backendId, t0!.now],
    );
    if (s!.submitted >= n) break;
    if (s!.submitted !== last) { say(`bulk: ${s!.submitted} messages in submitted feeds, ${s!.queued} queued`); last = s!.submitted; }
    if (worker.proc.exitCode !== null) throw new Error(`worker exited ${worker.proc.exitCode}:\n${worker.tail()}`);
    if (Date.now() > until) throw new Error(`bulk: ${s!.submitted} of ${n} messages submitted after 15 minutes`);
    procStats(worker.proc.pid!);
    await sleep(200);
  }
  const stats = procStats(worker.proc.pid!);
  const cost = stack.erp.sandbox.cost();
  const { rows: feeds } = await db.query<{ id: number; messages: number; started: Date; ended: Date }>(
    `select f.id::int, count(m.id)::int as messages, f.attempt_started_at as started, f.attempt_ended_at as ended from feed f join feed_message m on m.feed_id = f.id
      where f.backend_id = $1 and f.feed_type = 'JSON_LISTINGS_FEED' and f.created_at >= $2 and f.amazon_feed_id is not null group by f.id order by f.id`,
    [stack.backendId, t0!.now],
  );
  const { rows: [o] } = await db.query<{ computed: Date; sent: Date }>(
    `select max(computed_at) as computed, max(sent_at) as sent from merchant_stock_offer where backend_id = $1`, [stack.backendId],
  );
  const { rows: sends } = await db.query<{ at: Date }>(
    `select max(sent_at) as at from (select sent_at, ntile(${Math.max(1, Math.round(n / 5000))}) over (order by sent_at) as k from merchant_stock_offer where backend_id = $1) x group by k order by k`,
    [stack.backendId],
  );
  const secs = (d: Date) => Math.round((d.getTime() - t0!.now.getTime()) / 10) / 100;
  const end = new Date(Math.max(...feeds.map((f) => f.ended.getTime())));
  await worker.stop();
  return {
    skus: n,
    feeds: feeds.length,
    messagesPerFeed: feeds.map((f) => f.messages),
    connectorSeconds: secs(end),
    recomputeSeconds: secs(o!.computed),
    pushSeconds: secs(o!.sent),
    sendsRecordedAt: sends.map((r) => secs(r.at)),
    feedAttempts: feeds.map((f) => [secs(f.started), secs(f.ended)]),
    peakRssMb: Math.round(stats.peakRssKb / 1024),
    workerCpuSeconds: Math.round(stats.cpuMs / 100) / 10,
    erp: 'modelledMs' in cost
      ? {
          calls: cost.calls,
          modelledSeconds: Math.round(cost.modelledMs * cost.scale / 100) / 10,
          busySeconds: Math.round(cost.busyMs / 100) / 10,
          overrunSeconds: Math.round(cost.overrunMs / 100) / 10,
        }
      : null,
  };
}
