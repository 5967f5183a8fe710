/**
 * The task that subscribes one backend (`notifications:subscribe`), queued when a channel is set; the backend's
 * set-up runs the same code. Its problems are recorded in the backend's health (`notifications`), cleared once
 * a run went through.
 */
import { enqueue } from '../../../core/queue/enqueue.ts';
import type { Queryable } from '../../../core/sql.ts';
import { taskName } from '../flow.ts';
import type { TaskEnv } from '../task-env.ts';
import type { NotifiedFlow } from './route-notification.ts';
import { setUpNotifications } from './subscribe.ts';

export const NOTIFICATIONS_FLOW = 'notifications';
export const SUBSCRIBE_TASK = 'subscribe';

export async function enqueueSubscribe(tx: Queryable, backendId: number): Promise<void> {
  await enqueue(tx, taskName(NOTIFICATIONS_FLOW, SUBSCRIBE_TASK), { backendId }, { jobKey: `notifications:subscribe:${backendId}`, maxAttempts: 5 });
}

/** Subscribes `backendId`; a problem is logged with its code (and the job is not failed: the next set-up retries). */
export async function runSubscribe(env: TaskEnv, flows: readonly NotifiedFlow[], backendId: number): Promise<void> {
  const result = await setUpNotifications(env, flows, backendId);
  for (const p of result.problems) env.log.warn('notifications set-up problem', { backendId, code: p.code, message: p.message });
  if (result.subscribed.length) env.log.info('notifications subscribed', { backendId, types: result.subscribed, destinationId: result.destinationId });
}
