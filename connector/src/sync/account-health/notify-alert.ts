/**
 * One alert's ERP activity for the named user (`accountHealth.activityUser`), exactly once: a lock per alert (two
 * copies of the job never work together), the alert's tag looked up in the ERP before any create (a crash after the
 * create, before the connector wrote it down, finds it), then `create` on mail.activity and the id recorded. No user
 * set: the alert stays in the connector (`off`). A login the ERP does not know: `no_user`, with the record state
 * HEALTH_ACTIVITY_USER_UNKNOWN (the alert is still listed and in /metrics). The same task closes: once the latest
 * rate read for the alert's marketplace and metric is back under the warning level, a made activity is marked done
 * (`action_feedback`; state `done`) and a pending one is never made (state `recovered`).
 */
import { createLocker } from '../../core/lock.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { ACCOUNT_HEALTH_FLOW } from './account-health.payloads.ts';
import { accountHealthSettings } from './account-health.settings.ts';
import { healthActivityGateway } from './erp/health-activity.gateway.ts';
import { alertOf, latestRate, setActivity, type AlertRow } from './health-store.ts';
import { levelOf, THRESHOLDS } from './thresholds.ts';

export const alertTag = (backendId: number, alertId: number) => `[health alert ${backendId}/${alertId}]`;
const pct = (r: number) => `${(Math.round(r * 10_000) / 100).toFixed(2)} %`;

function wording(a: AlertRow): { summary: string; note: string } {
  const t = THRESHOLDS[a.metric];
  const what = t?.label ?? a.metric;
  const verb = a.level === 'breach' ? 'has crossed its threshold' : 'is nearing its threshold';
  return {
    summary: `Amazon ${a.marketplaceId}: ${a.metric} ${pct(a.rate)} ${verb}`,
    note: `<p>Amazon's ${what}: ${pct(a.rate)} for ${a.periodFrom.toISOString().slice(0, 10)} to ${a.periodTo.toISOString().slice(0, 10)} ` +
      `(threshold ${pct(a.threshold)}). See the connector's health screen for the orders behind it and what to do next.</p>`,
  };
}

/** Whether the latest rate read for the alert's marketplace and metric is back under the warning level. */
async function hasRecovered(env: Pick<TaskEnv, 'db'>, backendId: number, a: AlertRow, warnMargin: number): Promise<boolean> {
  const t = THRESHOLDS[a.metric];
  const rate = await latestRate(env.db.pool, backendId, a.marketplaceId, a.metric);
  return !!t && rate !== null && levelOf(t, rate, warnMargin) === 'ok';
}

/** The alert's activity marked done in the ERP (once: done or gone already, nothing is sent), then recorded. */
async function closeActivity(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, backendId: number, a: AlertRow): Promise<string> {
  if (a.erpActivityId !== null) {
    const gw = healthActivityGateway((await env.runtimes.get(backendId)).erp);
    await gw.markDone(a.erpActivityId, `Recovered: Amazon's ${a.metric} is back under its warning level (closed by the connector).`);
  }
  await setActivity(env.db.pool, a.id, 'done', a.erpActivityId);
  await env.core.states.set(backendId, ACCOUNT_HEALTH_FLOW, [{ key: `alert:${a.id}`, state: 'done', code: null, detail: { erpActivityId: a.erpActivityId } }]);
  return 'done';
}

export async function notifyAlert(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, backendId: number, alertId: number): Promise<string> {
  const session = await createLocker(env.db.pool).session();
  try {
    const { busy } = await session.tryLock([`account-health:alert:${alertId}`]);
    if (busy.length) return 'busy';
    const alert = await alertOf(env.db.pool, backendId, alertId);
    if (!alert || (alert.activityState !== 'pending' && alert.activityState !== 'created')) return alert?.activityState ?? 'gone';
    const backend = await env.core.backends.get(backendId);
    const settings = accountHealthSettings.of(backend.settings);
    const recovered = await hasRecovered(env, backendId, alert, settings.warnMargin);
    if (alert.activityState === 'created') return recovered ? closeActivity(env, backendId, alert) : 'created';
    if (recovered) {
      // Back under the warning level before anyone was told: nothing to tell.
      await setActivity(env.db.pool, alertId, 'recovered', null);
      return 'recovered';
    }
    const login = settings.activityUser.trim();
    if (!login) {
      await setActivity(env.db.pool, alertId, 'off', null);
      return 'off';
    }
    const gw = healthActivityGateway((await env.runtimes.get(backendId)).erp);
    const tag = alertTag(backendId, alertId);
    let id = await gw.findByTag(tag);
    if (id === null) {
      const target = await gw.targetOf(login);
      if (!target) {
        await setActivity(env.db.pool, alertId, 'no_user', null);
        await env.core.states.set(backendId, ACCOUNT_HEALTH_FLOW, [{ key: `alert:${alertId}`, state: 'no_user', code: 'HEALTH_ACTIVITY_USER_UNKNOWN', detail: { login } }]);
        return 'no_user';
      }
      const w = wording(alert);
      await session.ensureHeld();
      id = await gw.create({ target, summary: `${w.summary} ${tag}`, note: w.note, deadline: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) });
    }
    await setActivity(env.db.pool, alertId, 'created', id);
    await env.core.states.set(backendId, ACCOUNT_HEALTH_FLOW, [{ key: `alert:${alertId}`, state: 'created', code: null, detail: { erpActivityId: id } }]);
    return 'created';
  } finally {
    await session.close();
  }
}
