/**
 * The Reports core as the frame runs it, declared like a flow so the worker, the API and the error catalogue
 * assemble it from the one list: the per-request create and poll tasks, the REPORT_PROCESSING_FINISHED task, a
 * crontab safety net, the `report` conflict kind and its codes. On by default (it asks only for what flows
 * requested); it works on the flows' `reports` declarations (handed over as `flows()`, lazily: the list holds this
 * flow too).
 */
import { Type } from 'typebox';
import { defineFlow, defineTask, goLiveOfFlow, type FlowDefinition } from '../flow.ts';
import { NotificationPayload } from '../notifications/index.ts';
import { createReportFor } from './create-report.ts';
import { pollReport } from './poll-report.ts';
import { reportConflictKind } from './report-conflicts.ts';
import { onReportFinished, REPORT_FINISHED } from './report-finished.ts';
import { CREATE_TASK, POLL_TASK, REPORTS_FLOW, scheduleCreate, schedulePoll } from './report-jobs.ts';
import { reportsApiRoutes, reportsApiSchemas } from './reports.api.ts';
import { reportsContextOf, reportTypesOf } from './reports-context.ts';
import { reportsErrorList } from './reports.errors.ts';

const RequestPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), requestId: Type.Integer({ minimum: 1 }) });
type ReportFlows = () => readonly Pick<FlowDefinition, 'name' | 'reports'>[];

/** The Reports core over the flows `flows()` returns. */
export function reportsFlow(flows: ReportFlows): FlowDefinition {
  const context = (env: Parameters<typeof reportsContextOf>[0], backendId: number) => reportsContextOf(env, backendId, reportTypesOf(flows()));
  return defineFlow({
    name: REPORTS_FLOW,
    description: "The Reports core: the flows' report windows asked for once, polled (or heard of) until done, their rows handed to the flow",
    goLive: { enabledByDefault: true },
    tasks: [
      defineTask({
        name: CREATE_TASK,
        payload: RequestPayload,
        perBackend: false,
        async run(job, p) {
          if ((await job.env.core.backends.state(p.backendId)) !== 'active') return;
          const ctx = await context(job.env, p.backendId);
          // Another attempt owns the request for its lease: looked at again once it ran out.
          if ((await createReportFor(ctx, p.requestId)) === 'busy') await scheduleCreate(job.env.db.pool, p.backendId, p.requestId, ctx.timing.leaseSeconds);
        },
      }),
      defineTask({
        name: POLL_TASK,
        payload: RequestPayload,
        perBackend: false,
        async run(job, p) {
          if ((await job.env.core.backends.state(p.backendId)) !== 'active') return;
          await pollReport(await context(job.env, p.backendId), p.requestId);
        },
      }),
      defineTask({
        name: 'finished',
        payload: NotificationPayload,
        perBackend: false,
        async run(job, p) {
          if ((await job.env.core.backends.state(p.backendId)) !== 'active') return;
          await onReportFinished(await context(job.env, p.backendId), p.notificationId);
        },
      }),
      defineTask({
        name: 'ensure',
        payload: Type.Object({}, { additionalProperties: true }),
        perBackend: false,
        // A create or poll job lost (deleted by hand, out of attempts) is queued again.
        async run({ env }) {
          const { rows } = await env.db.pool.query<{ id: number; backend_id: number; state: string }>(
            `select r.id::int, r.backend_id, r.state from report_request r join backend b on b.id = r.backend_id
              where r.state in ('requested', 'processing') and b.enabled and b.deleted_at is null`,
          );
          const jobs = await env.db.pool.query<{ key: string }>(`select key from graphile_worker._private_jobs where key like 'reports:%'`);
          const pending = new Set(jobs.rows.map((r) => r.key));
          for (const r of rows) {
            if (r.state === 'requested' && !pending.has(`reports:create:${r.id}`)) await scheduleCreate(env.db.pool, r.backend_id, r.id);
            if (r.state === 'processing' && !pending.has(`reports:poll:${r.id}`)) await schedulePoll(env.db.pool, r.backend_id, r.id, 0);
          }
        },
      }),
    ],
    crontab: [{ pattern: '*/10 * * * *', task: 'ensure', options: '?max=1' }],
    // Subscribed only for a backend where some flow that reads reports is switched on: the others are not sent them.
    amazonNotifications: [{ type: REPORT_FINISHED, task: 'finished', wanted: (settings) => flows().some((f) => f.reports?.length && goLiveOfFlow(f, settings).enabled) }],
    conflictKinds: [reportConflictKind],
    errorCodes: reportsErrorList,
    apiRoutes: (env) => reportsApiRoutes(env),
    apiSchemas: reportsApiSchemas,
    demo: { describe: 'reports: the flows’ report windows asked for once, polled or notified until done, rows handed over' },
  });
}
