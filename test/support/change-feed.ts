/**
 * A test subscriber of the ERP change feed and helpers: a flow named `orders` (so the real go-live switch
 * `goLive.orders.enabled` turns it on and off) with two subscriptions of its own tasks, the change feed over it,
 * the jobs the feed queued, and one poll run as the worker runs it.
 */
import { defineFlow, defineTask, type FlowDefinition } from '../../connector/src/sync/frame/flow.ts';
import { ChangedRecords as Changed, changeFeedFlow } from '../../connector/src/sync/frame/change-feed/index.ts';
import { runPoll } from '../../connector/src/sync/frame/change-feed/poll.task.ts';
import { apiFlows } from '../../connector/src/app/api-parts.ts';
import { flows as assembled } from '../../connector/src/app/flow-list.ts';
import type { TaskEnv } from '../../connector/src/sync/frame/task-env.ts';

export const PARTNER_TASK = 'orders:cf-partner-changed';
export const PICKING_TASK = 'orders:cf-picking-done';

/** The subscriber (never registered with a worker: the tests read the jobs the feed queued). */
export function testSubscriber(extra: Partial<FlowDefinition> = {}): FlowDefinition {
  return defineFlow({
    name: 'orders',
    description: 'a test subscriber of the ERP change feed',
    tasks: [
      defineTask({ name: 'cf-partner-changed', payload: Changed, run: async () => {} }),
      defineTask({ name: 'cf-picking-done', payload: Changed, run: async () => {} }),
    ],
    goLive: { enabledByDefault: true },
    erpSubscriptions: [
      { model: 'res.partner', fields: ['name'], task: 'cf-partner-changed' },
      { model: 'stock.picking', fields: ['state', 'carrier_tracking_ref'], task: 'cf-picking-done', webhook: { field: 'state', value: 'done' } },
    ],
    ...extra,
  });
}

/** The API's flows with the change feed serving `subscriber` instead of the real flows. */
export function apiFlowsWith(env: TaskEnv, subscriber: FlowDefinition) {
  const feed = changeFeedFlow(() => [subscriber]);
  return apiFlows(env, [...assembled.filter((f) => f.name !== feed.name), feed]);
}

/** One poll of the backend for `subscriber`, as the worker's job runs it. */
export async function pollOnce(env: TaskEnv, subscriber: FlowDefinition, backendId: number): Promise<void> {
  await runPoll({ env }, [subscriber], backendId);
}

/** The ids queued for `task` (every job's payload), and the jobs are removed so the next look starts afresh. */
export async function takeQueued(env: TaskEnv, task: string, backendId: number): Promise<number[]> {
  const { rows } = await env.db.pool.query<{ id: string; payload: { backendId: number; ids: number[] } }>(
    `select j.id, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = $1`,
    [task],
  );
  await env.db.pool.query('delete from graphile_worker._private_jobs where id = any($1::bigint[])', [rows.map((r) => r.id)]);
  return rows.filter((r) => r.payload.backendId === backendId).flatMap((r) => r.payload.ids).sort((a, b) => a - b);
}
