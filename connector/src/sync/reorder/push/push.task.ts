/**
 * The reordering-rule push as jobs: `reorder:push` (payload `{ backendId }`) for one backend, queued by the daily
 * `reorder:push-all` for every active, set-up backend with `reorder.enabled` and `pushOrderpoints`, and by
 * `POST /api/backends/:id/reorder-advice/push`. One job pending per backend (job key); the push itself locks per
 * backend. Not gated by a go-live switch: `reorder.enabled` + `pushOrderpoints` are the flow's switches, checked
 * by the job on the fresh settings.
 */
import { Type } from 'typebox';
import { enqueue } from '../../../core/queue/enqueue.ts';
import type { Queryable } from '../../../core/sql.ts';
import { defineTask } from '../../frame/flow.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { REORDER_FLOW } from '../reorder.payloads.ts';
import { reorderSettings } from '../reorder.settings.ts';
import { pushOrderpoints } from './push-orderpoints.ts';

export const PUSH_TASK = `${REORDER_FLOW}:push`;

/** Queues a push of `backendId` (inside the caller's transaction when it has one). */
export async function schedulePush(db: Queryable, backendId: number): Promise<void> {
  await enqueue(db, PUSH_TASK, { backendId }, { jobKey: `reorder:push:${backendId}`, queueName: `reorder:${backendId}`, maxAttempts: 5 });
}

/** Queues a push of every backend that wants one; returns their ids. */
export async function schedulePushAll(env: Pick<TaskEnv, 'db' | 'core'>): Promise<number[]> {
  const ids: number[] = [];
  for (const b of await env.core.backends.list()) {
    const r = reorderSettings.of(b.settings);
    if (!(b.enabled && b.setUpAt && r.enabled && r.pushOrderpoints)) continue;
    await schedulePush(env.db.pool, b.id);
    ids.push(b.id);
  }
  return ids;
}

export const pushTasks = [
  defineTask({
    name: 'push',
    payload: Type.Object({ backendId: Type.Integer({ minimum: 1 }), correlationId: Type.Optional(Type.String()) }),
    // checks its own switches (above); a disabled or deleted backend is skipped
    perBackend: false,
    run: async ({ env }, p) => {
      if ((await env.core.backends.state(p.backendId)) !== 'active') return;
      const backend = await env.core.backends.get(p.backendId);
      if (!backend.setUpAt) return;
      const r = await pushOrderpoints(env, backend);
      env.log.info('reorder: reordering rules pushed', { backendId: p.backendId, ...r });
    },
  }),
  defineTask({
    name: 'push-all',
    payload: Type.Object({ correlationId: Type.Optional(Type.String()) }),
    perBackend: false,
    run: async ({ env }) => void (await schedulePushAll(env)),
  }),
];
