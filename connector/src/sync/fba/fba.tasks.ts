/**
 * The fba flow's tasks: the one-time seed of a backend's pools, the delivery pass (which schedules its next run at
 * the backend's pace, like the order sweep) and the every-minute safety net that keeps one pass pending per backend.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import { defineTask, goLiveOfFlow, type FlowCron } from '../frame/flow.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { deliverFbaOrders } from './deliver/deliver-pass.ts';
import { BackendPayload, CronPayload, FBA_FLOW, TaskNames, Tasks } from './fba.payloads.ts';
import { fbaSettings } from './fba.settings.ts';
import { seedPools } from './setup/seed-pools.ts';

export const fbaGoLive = { name: FBA_FLOW, goLive: { enabledByDefault: false } } as const;

/** Schedules the backend's next delivery pass in `inSeconds` (one pending per backend: the job key keeps the earlier run). */
export async function scheduleDeliveryPass(env: Pick<TaskEnv, 'db'>, backendId: number, inSeconds: number): Promise<void> {
  await enqueue(env.db.pool, Tasks.deliver, { backendId } satisfies BackendPayload, {
    jobKey: `fba-deliver:${backendId}`,
    jobKeyMode: 'preserve_run_at',
    queueName: `fba-deliver:${backendId}`,
    runAt: new Date(Date.now() + inSeconds * 1000),
    maxAttempts: 5,
  });
}

const seed = defineTask({
  name: TaskNames.seed,
  payload: BackendPayload,
  async run({ env }, p) {
    const pools = await seedPools(env, p.backendId);
    // Deliveries waited for the seed: the first pass may go now.
    if (pools.length) await scheduleDeliveryPass(env, p.backendId, 0);
  },
});

const deliver = defineTask({
  name: TaskNames.deliver,
  payload: BackendPayload,
  async run({ env }, p) {
    const interval = fbaSettings.of((await env.core.backends.get(p.backendId)).settings).deliveryIntervalSeconds;
    try {
      const r = await deliverFbaOrders(env, p.backendId);
      if (r.delivered || r.conflicts) env.log.info('fba deliveries', { backendId: p.backendId, ...r });
    } finally {
      // The next pass at the backend's pace, also after a failure (the ERP down): no retry storm, no stop.
      await scheduleDeliveryPass(env, p.backendId, interval);
    }
  },
});

const deliverAll = defineTask({
  name: TaskNames.deliverAll,
  payload: CronPayload,
  perBackend: false,
  async run({ env }) {
    for (const b of await env.core.backends.list()) {
      if (!b.enabled || !goLiveOfFlow(fbaGoLive, b.settings).enabled) continue;
      await scheduleDeliveryPass(env, b.id, 0);
    }
  },
});

export const fbaTasks = [seed, deliver, deliverAll];
export const fbaCrontab: readonly FlowCron[] = [{ pattern: '* * * * *', task: TaskNames.deliverAll, options: '?max=1' }];
