/**
 * Reads the open rows' activities back from the ERP: done there (archived in Odoo 18/19, deleted in 17 or by
 * hand) -> done here, with the ERP's done date when it has one. One search per batch of ids, archived included.
 */
import type { TaskEnv } from '../frame/task-env.ts';
import { rowsInState, updateCare } from './care-store.ts';
import { activityGateway } from './erp/activity.gateway.ts';

const READ_BATCH = 500;

export async function readBack(env: Pick<TaskEnv, 'runtimes' | 'db'>, backendId: number, now: Date = new Date()): Promise<{ checked: number; done: number }> {
  const gw = activityGateway((await env.runtimes.get(backendId)).erp);
  const open = (await rowsInState(env.db.pool, backendId, 'open', READ_BATCH)).filter((r) => r.erpActivityId !== null);
  const states = await gw.states(open.map((r) => r.erpActivityId!));
  let done = 0;
  for (const r of open) {
    const s = states.get(r.erpActivityId!);
    if (s && !s.done) continue;
    const doneAt = s?.doneOn ? new Date(`${s.doneOn}T00:00:00Z`) : now;
    await updateCare(env.db.pool, backendId, r.amazonOrderId, r.reason, { state: 'done', doneAt });
    done++;
  }
  return { checked: open.length, done };
}
