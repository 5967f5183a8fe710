/**
 * The safety net for packages left `sending` with no job to settle them. A dead worker's job needs none of this
 * (the live processes' heartbeat hands it back, see README.md); but a job can end without settling its delivery:
 * skipped as done while the flow or the backend was switched off, or out of attempts while Amazon stayed down.
 * Every five minutes, each live backend's deliveries `sending` for longer than RECOVER_AFTER_SECONDS get one
 * confirm job (one pending per backend, so this never piles up): it reads Amazon back before anything is sent.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import { goLiveOfFlow, type FlowDefinition } from '../frame/flow.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { pickingIdOf, SHIPMENTS_FLOW, Tasks } from './shipments.payloads.ts';

/** Older than this, a `sending` delivery has surely lost its job (a live one retries within minutes). */
export const RECOVER_AFTER_SECONDS = 600;
/** Deliveries per recovery job (the confirm payload's own limit is 1,000). */
const PER_JOB = 500;

/**
 * Enqueues a confirm job per enabled backend with `flow` switched on, for its deliveries `sending` since before
 * `olderThanSeconds`; returns how many deliveries were handed over.
 */
export async function recoverSending(
  env: Pick<TaskEnv, 'db' | 'core'>,
  flow: Pick<FlowDefinition, 'name' | 'goLive'>,
  olderThanSeconds = RECOVER_AFTER_SECONDS,
): Promise<number> {
  let handed = 0;
  for (const b of await env.core.backends.list()) {
    if (!b.enabled || !goLiveOfFlow(flow, b.settings).enabled) continue;
    const { rows } = await env.db.pool.query<{ key: string }>(
      `select key from record_state where backend_id = $1 and flow = $2 and state = 'sending'
          and updated_at < now() - make_interval(secs => $3) order by updated_at limit $4`,
      [b.id, SHIPMENTS_FLOW, olderThanSeconds, PER_JOB],
    );
    const ids = rows.map((r) => pickingIdOf(r.key)).filter((id): id is number => id !== null);
    if (!ids.length) continue;
    await enqueue(env.db.pool, Tasks.confirmDeliveries, { backendId: b.id, ids }, { jobKey: `shipments:recover-sending:${b.id}` });
    handed += ids.length;
  }
  return handed;
}
