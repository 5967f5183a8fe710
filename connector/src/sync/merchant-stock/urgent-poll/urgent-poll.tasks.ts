/**
 * The urgent poll: while a backend's ERP webhook is not live (no public URL, or the ERP without base_automation), the
 * flow polls the done stock moves itself every `merchantStock.urgentPollSeconds` (default 3; 0: off), so an urgent
 * zero reaches Amazon in seconds instead of waiting for the change feed's poll (`changeFeed.pollSeconds`, 30).
 *
 * Why the flow's own job, with its own cursor (merchant_stock_move_poll), and not a faster change feed: the change
 * feed's poll job, cadence, cursors and `{ backendId, ids }` hand-overs are what every subscribing flow and the
 * shipments' exactly-once tests lean on (a per-model poll plan inside it broke two of them); this job touches none of
 * it. The change feed still polls stock.move at its own pace and remains the guarantee (its overlap catches what a
 * long ERP transaction dates late); this job, like the webhook it stands in for, only makes most changes sooner.
 *
 * One job per backend (job key `merchant-stock-urgent-poll:<id>`), queued again by itself N s after each run (at once
 * after a full page) while the backend is on, the flow on, N > 0 and the webhook not live; otherwise it stops, and
 * the minute's `urgent-poll-all` queues it again when that changes (database reads only, no ERP call).
 *
 * ERP cost (the sandbox's cost model: a search_read is 15 ms + 0.2 ms per row): N = 3 is 1,200 search_read calls an
 * hour per backend (the change feed: 120 per subscribed model), ~18 s of a real Odoo's time an hour (0.5 %) while
 * nothing moves; a poll that finds moves queues one moves task, which costs what a webhook's does (one read of the
 * moves, then the recompute's free_qty reads), and the change feed's later hand-over of the same moves costs it
 * again (a recompute to the same figure, nothing sent).
 */
import { enqueue } from '../../../core/queue/enqueue.ts';
import type { Queryable } from '../../../core/sql.ts';
import { webhookLive } from '../../frame/change-feed/index.ts';
import { defineTask, goLiveOfFlow, type FlowCron } from '../../frame/flow.ts';
import { BackendPayload, CronPayload, MERCHANT_STOCK_FLOW, TaskNames, Tasks } from '../merchant-stock.payloads.ts';
import { merchantStockSettings } from '../merchant-stock.settings.ts';
import { merchantStockGoLive } from '../merchant-stock.tasks.ts';
import { pollDoneMoves } from './move-poll.ts';

/** After a failed poll (the ERP down: the change feed's health reports it), the next one waits this long at least. */
const AFTER_FAILURE_SECONDS = 30;

const JOB_KEY_PREFIX = `${MERCHANT_STOCK_FLOW}-urgent-poll:`;

/** Queues the backend's next urgent poll in `inSeconds` (one pending per backend: a later request replaces it). */
export async function scheduleUrgentPoll(db: Queryable, backendId: number, inSeconds: number): Promise<void> {
  await enqueue(db, Tasks.urgentPoll, { backendId } satisfies BackendPayload, {
    jobKey: `${JOB_KEY_PREFIX}${backendId}`,
    runAt: new Date(Date.now() + inSeconds * 1000),
    maxAttempts: 3,
  });
}

const urgentPoll = defineTask({
  name: TaskNames.urgentPoll,
  payload: BackendPayload,
  async run({ env }, p) {
    const backend = await env.core.backends.get(p.backendId);
    const seconds = merchantStockSettings.of(backend.settings).urgentPollSeconds;
    // Off, or the webhook brings done moves at once: no poll and no next one (urgent-poll-all looks every minute).
    if (seconds === 0 || (await webhookLive(env.core, p.backendId))) return;
    let next = seconds;
    try {
      const r = await pollDoneMoves(env, p.backendId);
      if (r.handed) env.log.info('done stock moves handed over by the urgent poll', { backendId: p.backendId, moves: r.handed });
      if (r.more) next = 0;
    } catch (e) {
      env.log.warn('urgent poll of done stock moves failed (the change feed still polls)', { backendId: p.backendId, error: e instanceof Error ? e.message : String(e) });
      next = Math.max(seconds, AFTER_FAILURE_SECONDS);
    } finally {
      await scheduleUrgentPoll(env.db.pool, p.backendId, next);
    }
  },
});

const urgentPollAll = defineTask({
  name: TaskNames.urgentPollAll,
  payload: CronPayload,
  perBackend: false,
  // A backend whose urgent poll stopped (the webhook was live, the setting 0, the flow or backend off) or was lost.
  async run({ env }) {
    const { rows } = await env.db.pool.query(
      `select b.id from backend b where b.enabled and b.deleted_at is null and b.set_up_at is not null and not exists
         (select 1 from graphile_worker._private_jobs j where j.key = $1 || b.id::text)`,
      [JOB_KEY_PREFIX],
    );
    for (const { id } of rows as Array<{ id: number }>) {
      const backend = await env.core.backends.get(id);
      if (!goLiveOfFlow(merchantStockGoLive, backend.settings).enabled) continue;
      if (merchantStockSettings.of(backend.settings).urgentPollSeconds === 0 || (await webhookLive(env.core, id))) continue;
      await scheduleUrgentPoll(env.db.pool, id, 0);
    }
  },
});

export const urgentPollTasks = [urgentPoll, urgentPollAll];
export const urgentPollCrontab: readonly FlowCron[] = [{ pattern: '* * * * *', task: TaskNames.urgentPollAll, options: '?max=1' }];
