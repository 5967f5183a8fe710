/**
 * The ERP change feed as the frame runs it, declared like a flow so the worker, the crontab, the set-up and the
 * API assemble it from the one list: its poll task (one job per backend), a crontab line that queues a backend's
 * poll when none is pending, the set-up step that installs the webhook rules, the receiving route under /inbound,
 * and its admin routes. It works on the other flows' `erpSubscriptions` (handed over as `flows()`), names none.
 */
import { Type } from 'typebox';
import { defineFlow, defineTask, type FlowDefinition } from '../flow.ts';
import { CHANGE_FEED_FLOW, flowsWaitingForModules } from '../erp-modules.ts';
import { changeFeedApiRoutes } from './change-feed.api.ts';
import { changeFeedErrorList } from './change-feed.errors.ts';
import { POLL_TASK, runPoll, schedulePoll } from './poll.task.ts';
import { liveSubscriptions, type FeedFlow } from './subscriptions.ts';
import { webhookRoutes } from './webhook.routes.ts';
import { syncWebhookRules } from './webhook-sync.ts';

const BackendPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }) });

/** The change feed over the flows `flows()` returns (lazy: the list holds this flow too). */
export function changeFeedFlow(flows: () => readonly FeedFlow[]): FlowDefinition {
  return defineFlow({
    name: CHANGE_FEED_FLOW,
    description: 'The ERP change feed: write_date polling per model, webhooks with a public URL, echoes of our own writes dropped',
    tasks: [
      defineTask({
        name: POLL_TASK,
        payload: BackendPayload,
        // Not behind a go-live switch of its own: it serves the flows switched on, and removes rules when off.
        perBackend: false,
        run: (job, p) => runPoll(job, flows(), p.backendId),
      }),
      defineTask({
        name: 'ensure',
        payload: Type.Object({}, { additionalProperties: true }),
        perBackend: false,
        // A backend whose poll job was lost (deleted by hand, a failure beyond its attempts) is polled again.
        async run(job) {
          const { rows } = await job.env.db.pool.query(
            `select b.id from backend b where b.enabled and b.deleted_at is null and b.set_up_at is not null and not exists
               (select 1 from graphile_worker._private_jobs j where j.key = $1 || b.id::text)`,
            [`${CHANGE_FEED_FLOW}:poll:`],
          );
          for (const r of rows as Array<{ id: number }>) await schedulePoll(job.env.db.pool, r.id, 0);
        },
      }),
    ],
    crontab: [{ pattern: '* * * * *', task: 'ensure' }],
    setup: [
      {
        name: 'erp webhook rules',
        async run(ctx) {
          const waiting = await flowsWaitingForModules(ctx.core, ctx.backend.id);
          const subs = ctx.backend.enabled ? liveSubscriptions(flows(), ctx.backend.settings, waiting) : [];
          const report = await syncWebhookRules({ core: ctx.core, erp: ctx.erp, backendId: ctx.backend.id, subs, automationReady: !waiting.has(CHANGE_FEED_FLOW), force: true });
          if (!report) return;
          ctx.report.created.push(...report.created);
          ctx.report.found.push(...report.found);
          ctx.report.changed.push(...report.changed, ...report.removed.map((r) => ({ ...r, what: `${r.what} (removed)` })));
        },
      },
    ],
    inboundRoutes: (env) => webhookRoutes(env, flows),
    apiRoutes: (env) => changeFeedApiRoutes(env),
    errorCodes: changeFeedErrorList,
    onBackendEnabled: (backendId, tx) => schedulePoll(tx, backendId, 0),
  });
}
