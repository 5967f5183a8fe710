/**
 * Makes the ERP activity of each pending care row, exactly once: the row's key is unique (one per order and
 * reason); `create_started_at` is written before the create, so a run that died between the create and recording
 * its id is told to look the activity up first (the order's activities, archived included, by the summary's
 * marker) and adopt it. Under the backend's care lock: two sweeps never create side by side.
 */
import type { TaskEnv } from '../frame/task-env.ts';
import { activityNote, activitySummary } from './activity-text.ts';
import { careMarker } from './care.payloads.ts';
import { careRule, careSettings } from './care.settings.ts';
import { rowsInState, updateCare, type CareRow } from './care-store.ts';
import { activityGateway } from './erp/activity.gateway.ts';

/** At most this many activities made per sweep (the rest wait for the next). */
export const CREATE_BATCH = 200;

export interface CreateOutcome { created: number; adopted: number; waiting: number }

export async function createActivities(env: Pick<TaskEnv, 'core' | 'runtimes' | 'db'>, backendId: number, ensureHeld: () => Promise<void>, now: Date = new Date()): Promise<CreateOutcome> {
  const rt = await env.runtimes.get(backendId);
  const settings = careSettings.of(rt.backend.settings);
  const gw = activityGateway(rt.erp);
  const out: CreateOutcome = { created: 0, adopted: 0, waiting: 0 };
  const pending = await rowsInState(env.db.pool, backendId, 'pending', CREATE_BATCH);
  if (!pending.length) return out;
  const wait = async (r: CareRow, code: string, erpOrderId: number | null = null) => {
    out.waiting++;
    if (r.code !== code) await updateCare(env.db.pool, backendId, r.amazonOrderId, r.reason, { code, erpOrderId });
  };
  const typeId = await gw.typeOf(settings.activityType);
  if (typeId === null) {
    for (const r of pending) await wait(r, 'CARE_ACTIVITY_TYPE_UNKNOWN');
    return out;
  }
  const modelId = await gw.saleOrderModelId();
  const users = new Map<string, number | null>();
  for (const r of pending) {
    const bound = await env.core.binder.toErp(backendId, 'order', r.amazonOrderId);
    if (!bound) { await wait(r, 'CARE_ORDER_NOT_IMPORTED'); continue; }
    const rule = careRule(settings, r.reason);
    if (rule.user && !users.has(rule.user)) users.set(rule.user, await gw.userOf(rule.user));
    const userId = rule.user ? users.get(rule.user)! : null;
    if (rule.user && userId === null) { await wait(r, 'CARE_ASSIGNEE_UNKNOWN', bound.erpId); continue; }
    const marker = careMarker(r.amazonOrderId, r.reason);
    // A run that started creating may have created it: the ERP is asked first.
    let activityId = r.createStartedAt ? await gw.findByMarker(bound.erpId, marker) : null;
    const at = typeof r.detail.at === 'string' ? new Date(r.detail.at) : now;
    const dueAt = new Date(at.getTime() + rule.dueHours * 3_600_000);
    if (activityId !== null) {
      out.adopted++;
    } else {
      await updateCare(env.db.pool, backendId, r.amazonOrderId, r.reason, { createStartedAt: now, erpOrderId: bound.erpId });
      await ensureHeld();
      try {
        activityId = await gw.create({
          orderId: bound.erpId, modelId, typeId, userId, deadline: dueAt.toISOString().slice(0, 10),
          summary: activitySummary(r.amazonOrderId, r.reason), note: activityNote(r.reason, r.detail),
        });
      } catch (e) {
        // An unknown outcome is retried with the job (looked up first, create_started_at is set); a refusal of this
        // one (the order deleted meanwhile...) leaves it waiting with the code and the others go on.
        if ((e as { kind?: string }).kind === 'retryable') throw e;
        await wait(r, 'CARE_ACTIVITY_REFUSED', bound.erpId);
        continue;
      }
      out.created++;
    }
    await updateCare(env.db.pool, backendId, r.amazonOrderId, r.reason, { state: 'open', code: null, erpActivityId: activityId, erpOrderId: bound.erpId, erpUserId: userId, dueAt });
  }
  return out;
}
