/**
 * The latency run: the notification channel set (the sandbox's SQS queue) and TRANSACTION_UPDATE subscribed, a
 * worker (which reads the queue) against the ERP sandbox with its cost model on; refunds made on Amazon one after
 * the other, `gap` seconds apart, each timed from the admin call that made it (in this process: the start is exact)
 * to its record state `credited` in the connector's database (written after `action_post` answered), polled every
 * 50 ms. The connector reacts to the notification by its sweep, queued for when Amazon lists the posting (posted +
 * three minutes + 5 s: Amazon hides the last two minutes of transactions). Two clocks:
 * - `aged`: the refund is posted ten minutes back (the sandbox's `postedMinutesAgo`; Amazon's clock and usage plans
 *   run on): the connector's own part, notification -> read -> credit note;
 * - `real`: posted now: what a seller sees today, bounded below by Amazon's listing delay.
 */
import { enqueue } from '../../connector/src/core/queue/enqueue.ts';
import { flows } from '../../connector/src/sync/flows.ts';
import { RefundTasks } from '../../connector/src/sync/refunds/index.ts';
import { putChannel } from '../../connector/src/sync/frame/notifications/channel-store.ts';
import { setUpNotifications } from '../../connector/src/sync/frame/notifications/index.ts';
import { figures, type LatencyFigures } from '../notifications/latency.ts';
import { refundOrders } from './credit-run.ts';
import type { RefundsStack } from './refunds-stack.ts';

export interface LatencyRunFigures extends LatencyFigures {
  clock: 'aged' | 'real';
  gapSeconds: number;
  /** TRANSACTION_UPDATE notifications stored by the connector during the run. */
  notificationsStored: number;
  /** Finances `listTransactions` calls during the measured refunds (the sweeps' pages) and Amazon's 429s of it. */
  listTransactionsCalls: number;
  listTransactionsThrottled: number;
  /** Whether the backend's full sweep was queued as the measured refunds started. */
  sweepDuring: boolean;
  /**
   * Where the time went, for .artifacts/bench-refunds.json: each refund's start (seconds from the first) and latency
   * (null: missing), and each `listTransactions` call Amazon answered during the run (seconds from the first refund,
   * HTTP status).
   */
  timeline: { refunds: Array<{ at: number; latency: number | null }>; listTransactions: Array<{ at: number; status: number }> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The integrator's step, done in process: the channel stored, the set-up subscribing the flows' notifications. */
export async function setChannel(s: RefundsStack): Promise<void> {
  const { sqs } = s.amazon;
  const { amazon } = await s.booted.core.backends.credentials(s.backendId);
  await putChannel(s.booted.db.pool, s.booted.core.secrets, { applicationId: amazon.lwaClientId, queueUrl: sqs.queueUrl(), queueArn: sqs.queueArn(),
    awsRegion: sqs.region, ...sqs.credentials }, 'bench');
  const setup = await setUpNotifications(s.booted, flows, s.backendId);
  if (!JSON.stringify(setup).includes('TRANSACTION_UPDATE')) throw new Error(`TRANSACTION_UPDATE not subscribed: ${JSON.stringify(setup)}`);
}

export async function runLatency(s: RefundsStack, o: { orderIds: string[]; clock: 'aged' | 'real'; gapSeconds: number; concurrency: number; sweepDuring: boolean; say: (x: string) => void }): Promise<LatencyRunFigures> {
  const worker = s.startWorker(`latency-worker-${o.clock}`, o.concurrency);
  const stored0 = await storedCount(s);
  try {
    // A first refund, not measured: the worker's reader has found the channel and the path is warm.
    const [warm, ...measured] = o.orderIds;
    const warmStart = Date.now();
    const warmId = await refundAt(s, warm!, o.clock);
    await until(async () => (await creditedOf(s, [warmId])).size === 1, (o.clock === 'real' ? 300 : 120) * 1000, worker);
    o.say(`latency (${o.clock}): warm-up refund credited after ${((Date.now() - warmStart) / 1000).toFixed(2)} s; ${measured.length} refunds ${o.gapSeconds} s apart`);

    const calls0 = listCalls(s);
    // The crontab's sweep at its worst moment: its 48 hours of pages read while the refunds are notified.
    if (o.sweepDuring) await enqueue(s.booted.db.pool, RefundTasks.sweep, { backendId: s.backendId }, { jobKey: `bench-sweep:${s.backendId}` });
    const made: Array<{ refundId: string; at: number }> = [];
    const seen = new Map<string, number>();
    let making = true;
    const watching = (async () => {
      const deadline = () => (made.at(-1)?.at ?? Date.now()) + (o.clock === 'real' ? 360 : 120) * 1000;
      while (making || (seen.size < made.length && Date.now() < deadline())) {
        const open = made.filter((m) => !seen.has(m.refundId));
        if (open.length) {
          const done = await creditedOf(s, open.map((m) => m.refundId));
          const now = Date.now();
          for (const m of open) if (done.has(m.refundId)) seen.set(m.refundId, (now - m.at) / 1000);
        }
        await sleep(50);
      }
    })();
    for (const id of measured) {
      const at = Date.now();
      made.push({ refundId: await refundAt(s, id, o.clock), at });
      await sleep(o.gapSeconds * 1000);
    }
    making = false;
    await watching;
    if (worker.proc.exitCode !== null) throw new Error(`the worker exited:\n${worker.tail()}`);
    const calls1 = listCalls(s);
    const t0 = made[0]?.at ?? Date.now();
    const timeline = {
      refunds: made.map((m) => ({ at: (m.at - t0) / 1000, latency: seen.get(m.refundId) ?? null })),
      listTransactions: s.amazon.calls(5000).recent.filter((c) => c.operation === 'listTransactions' && Date.parse(c.at) >= t0 - 5000)
        .map((c) => ({ at: (Date.parse(c.at) - t0) / 1000, status: c.status })),
    };
    return { timeline, clock: o.clock, gapSeconds: o.gapSeconds, ...figures([...seen.values()], made.length - seen.size), notificationsStored: (await storedCount(s)) - stored0,
      listTransactionsCalls: calls1.calls - calls0.calls, listTransactionsThrottled: calls1.throttled - calls0.throttled, sweepDuring: o.sweepDuring };
  } finally {
    await worker.stop();
  }
}

async function refundAt(s: RefundsStack, orderId: string, clock: 'aged' | 'real'): Promise<string> {
  return (await refundOrders(s, [orderId], 1, clock === 'aged' ? 10 : 0))[0]!;
}

function listCalls(s: RefundsStack): { calls: number; throttled: number } {
  const ops = s.amazon.calls().operations.filter((x) => x.operation === 'listTransactions');
  return { calls: ops.reduce((n, x) => n + x.calls, 0), throttled: ops.reduce((n, x) => n + x.throttled, 0) };
}

async function creditedOf(s: RefundsStack, refundIds: string[]): Promise<Set<string>> {
  const { rows } = await s.booted.db.pool.query<{ key: string }>(
    `select key from record_state where backend_id = $1 and flow = 'refunds' and state = 'credited' and key = any($2)`, [s.backendId, refundIds]);
  return new Set(rows.map((r) => r.key));
}

async function storedCount(s: RefundsStack): Promise<number> {
  const { rows } = await s.booted.db.pool.query<{ n: number }>(`select count(*)::int as n from amazon_notification where notification_type = 'TRANSACTION_UPDATE'`);
  return rows[0]!.n;
}

async function until(done: () => Promise<boolean>, timeoutMs: number, worker: { proc: { exitCode: number | null }; tail(): string }): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (worker.proc.exitCode !== null) throw new Error(`the worker exited:\n${worker.tail()}`);
    if (Date.now() > end) throw new Error(`the warm-up refund was not credited within ${timeoutMs / 1000} s:\n${worker.tail()}`);
    await sleep(100);
  }
}
