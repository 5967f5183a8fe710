/**
 * The change feed's poll job, one per backend (job key `changefeed:poll:<id>`), queued again by itself every
 * `changeFeed.pollSeconds` (at once while a model has more than a page waiting). Each run: the live subscriptions
 * (flows switched on, not waiting for a module), the webhook rules brought in step when something changed, then one
 * `search_read` per subscribed model (core/change-feed `pollChanges`). A backend switched off has its rules
 * removed and is not polled until it is enabled again (its `onBackendEnabled` queues the poll).
 */
import { changeFeedSettings, pollChanges } from '../../../core/change-feed/index.ts';
import { enqueue, type Queryable } from '../../../core/queue/enqueue.ts';
import { withSessionLock } from '../../../core/session-lock.ts';
import { reportFlowHealth } from '../flow-health-report.ts';
import type { FlowJob } from '../flow.ts';
import { isSyncError } from '../../../core/errors.ts';
import { CHANGE_FEED_FLOW, MODULE_MISSING, flowsWaitingForModules, modulesHealthOf } from '../erp-modules.ts';
import type { TaskEnv } from '../task-env.ts';
import { liveSubscriptions, type FeedFlow } from './subscriptions.ts';
import { syncWebhookRules } from './webhook-sync.ts';

export const POLL_TASK = 'poll';
/** Its health entry per backend (failing: the ERP could not be polled). */
export const POLL_HEALTH = 'changefeed.poll';

/** Queues the backend's next poll in `inSeconds` (one pending per backend: a later request replaces it). */
export async function schedulePoll(db: Queryable, backendId: number, inSeconds: number): Promise<void> {
  await enqueue(db, `${CHANGE_FEED_FLOW}:${POLL_TASK}`, { backendId }, {
    jobKey: `${CHANGE_FEED_FLOW}:poll:${backendId}`,
    runAt: new Date(Date.now() + inSeconds * 1000),
    maxAttempts: 3,
  });
}

/** One poll of `backendId` (see the file's comment). */
export async function runPoll(job: Pick<FlowJob, 'env'>, flows: readonly FeedFlow[], backendId: number): Promise<void> {
  const { env } = job;
  const state = await env.core.backends.state(backendId);
  if (state === null || state === undefined) return;
  const backend = await env.core.backends.get(backendId);
  const pollSeconds = changeFeedSettings.of(backend.settings).pollSeconds;
  if (state !== 'active') {
    // Switched off: its rules go (the ERP would post for nothing); no next poll until it is enabled again.
    await withSessionLock(env.db.pool, `changefeed:${backendId}`, () => removeRules(env, backendId)).catch((e: unknown) =>
      env.log.warn('could not remove the webhook rules of a switched-off backend', { backendId, error: e instanceof Error ? e.message : String(e) }),
    );
    return;
  }
  if (backend.setUpAt === null) return; // its first set-up queues the first poll
  let again = pollSeconds;
  try {
    await withSessionLock(env.db.pool, `changefeed:${backendId}`, async () => {
      const waiting = await flowsWaitingForModules(env.core, backendId);
      const subs = liveSubscriptions(flows, backend.settings, waiting);
      // Nothing subscribed and no rule ever installed: no ERP call at all (the subscribers are forgotten only).
      if (subs.length === 0 && !(await hasRules(env, backendId))) {
        await pollChanges(env.db.pool, backendId, { searchRead: async () => [], search: async () => [] }, [], env.core.changeFeed.feed);
        return;
      }
      const rt = await env.runtimes.get(backendId);
      const rules = await syncWebhookRules({ core: env.core, erp: rt.erp, backendId, subs, automationReady: !waiting.has(CHANGE_FEED_FLOW) })
        .catch((e: unknown) => automationMissing(env, backendId, e));
      if (rules && (rules.created.length || rules.changed.length || rules.removed.length)) {
        env.log.info('webhook rules brought in step', { backendId, created: rules.created.length, changed: rules.changed.length, removed: rules.removed.length });
      }
      const results = await pollChanges(env.db.pool, backendId, rt.erp, subs, env.core.changeFeed.feed);
      for (const r of results) {
        const handed = Object.values(r.handedOver).reduce((n, ids) => n + ids.length, 0);
        if (handed || r.echoes) env.log.info('ERP changes handed to the flows', { backendId, model: r.model, handed, echoes: r.echoes, cursor: r.cursor });
        if (r.more) again = 0;
      }
    });
    await reportFlowHealth(env, backendId, POLL_HEALTH, pollSeconds, null);
  } catch (e) {
    await reportFlowHealth(env, backendId, POLL_HEALTH, pollSeconds, e, `polled again in ${pollSeconds} s`);
  } finally {
    await schedulePoll(env.db.pool, backendId, again);
  }
}

/**
 * The webhook rules could not be made because the ERP lacks `base.automation`: a webhook subscriber was switched on
 * (a settings PATCH) and no set-up has checked the module since. Polling must go on without webhooks: the change
 * feed is marked waiting for the module, as a set-up would have done, until a set-up run installs or finds it.
 */
async function automationMissing(env: TaskEnv, backendId: number, e: unknown): Promise<null> {
  if (!isSyncError(e) || e.code !== 'ERP_UNKNOWN_MODEL') throw e;
  await env.core.health.failed(backendId, modulesHealthOf(CHANGE_FEED_FLOW), 86_400, MODULE_MISSING,
    'the ERP module base_automation is not installed (the webhook rules that post ERP changes at once; polling goes on without): ' +
      'install it in Odoo, or let the set-up install it (backend setting erpSetup.installModules = true), then run the set-up again');
  return null;
}

async function hasRules(env: TaskEnv, backendId: number): Promise<boolean> {
  const { rows } = await env.db.pool.query('select 1 from erp_webhook_state where backend_id = $1', [backendId]);
  return rows.length > 0;
}

async function removeRules(env: TaskEnv, backendId: number): Promise<void> {
  if (!(await hasRules(env, backendId))) return;
  const rt = await env.runtimes.get(backendId);
  await syncWebhookRules({ core: env.core, erp: rt.erp, backendId, subs: [], automationReady: true });
}
