/**
 * Account health (issue 15): Amazon's seller performance report (GET_V2_SELLER_PERFORMANCE_REPORT, JSON) read
 * through the Reports core every `accountHealth.readEveryMinutes` (a day by default), each rate kept per
 * marketplace and reporting period as history; the connector's own leading indicators beside it (orders at risk of
 * shipping late, shipments confirmed late, tracking numbers refused, seller cancellations); an alert when a watched
 * rate comes within the warn margin of its threshold or crosses it: a gauge per rate, an alert row, and an ERP
 * activity for the named user. Off by default (a go-live switch per backend): it spends createReport quota.
 */
import { recordStateCounts } from '../../core/record-state/index.ts';
import { defineFlow, defineTask } from '../frame/flow.ts';
import { fanOutTask } from '../frame/live-backends.ts';
import { accountHealthApiRoutes } from './account-health.api.ts';
import { accountHealthErrorList } from './account-health.errors.ts';
import { ACCOUNT_HEALTH_FLOW, NotifyPayload, ReadPayload, TaskNames, Tasks } from './account-health.payloads.ts';
import { accountHealthApiSchemas } from './account-health.schemas.ts';
import { accountHealthSettings } from './account-health.settings.ts';
import { latestRates } from './health-store.ts';
import { notifyAlert } from './notify-alert.ts';
import { readAccountHealth, readDue } from './read-report.ts';
import { accountHealthReports } from './report-handler.ts';

const goLive = { name: ACCOUNT_HEALTH_FLOW, goLive: { enabledByDefault: false } };

export const accountHealthFlow = defineFlow({
  ...goLive,
  description: "Amazon's account health rates as history, the connector's leading indicators, alerts (metrics, ERP activity) near the thresholds",
  tasks: [
    defineTask({
      name: TaskNames.read,
      payload: ReadPayload,
      async run(job, p) {
        const r = await readAccountHealth(job.env, p.backendId);
        job.env.log.info('account health report asked', { backendId: p.backendId, ...r });
      },
    }),
    defineTask({
      name: TaskNames.notify,
      payload: NotifyPayload,
      async run(job, p) {
        if (job.goLive?.dryRun) return;
        const state = await notifyAlert(job.env, p.backendId, p.alertId);
        job.env.log.info('account health alert', { backendId: p.backendId, alertId: p.alertId, activity: state });
      },
    }),
    // Every 5 minutes: a read for each live backend whose last one is older than its readEveryMinutes.
    fanOutTask(TaskNames.readAll, goLive, Tasks.read, (env, b) => readDue(env.db.pool, b)),
  ],
  crontab: [{ pattern: '*/5 * * * *', task: TaskNames.readAll, options: '?max=1' }],
  reports: accountHealthReports,
  settings: accountHealthSettings,
  errorCodes: accountHealthErrorList,
  status: { counts: (db, backendIds) => recordStateCounts(db, ACCOUNT_HEALTH_FLOW, backendIds) },
  apiRoutes: (env) => accountHealthApiRoutes(env),
  apiSchemas: accountHealthApiSchemas,
  metrics: [
    {
      name: 'aec_account_health_rate',
      help: "Amazon's latest account health rate per marketplace and metric (a fraction; thresholds: ODR < 0.01, late shipment < 0.04, pre-fulfilment cancellation < 0.025, valid tracking >= 0.95)",
      labels: ['marketplace', 'metric'],
      async collect(db, ids) {
        return (await latestRates(db, ids)).map((r) => ({ backendId: r.backendId, labels: { marketplace: r.marketplaceId, metric: r.metric }, value: r.rate }));
      },
    },
    {
      name: 'aec_account_health_alerts',
      help: 'Account health alerts raised in the last 30 days, per level (warn: within the margin; breach: past the threshold)',
      labels: ['level'],
      async collect(db, ids) {
        const { rows } = await db.query<{ backend_id: number; level: string; n: number }>(
          `select backend_id, level, count(*)::int as n from account_health_alert where backend_id = any($1::int[]) and raised_at > now() - interval '30 days' group by backend_id, level`,
          [[...ids]],
        );
        return rows.map((r) => ({ backendId: r.backend_id, labels: { level: r.level }, value: r.n }));
      },
    },
  ],
  demo: { describe: "Account health: Amazon's rates as history against their thresholds, leading indicators, alerts as ERP activities" },
});
