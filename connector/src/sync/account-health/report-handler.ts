/**
 * The flow's report handler (the Reports core's `onItems`), idempotent and local: inside the transaction that marks
 * the report delivered it stores each marketplace's rates as history (a period read again updates its row), raises
 * the alerts the rates call for (once per period and level) and queues each new alert's ERP activity with `ctx.tx`,
 * and the closing of the open alerts of a rate back under its warning level;
 * the ERP is written by that task, never here. The account statuses record (AT_RISK...) is not kept: the rates say why.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import type { Queryable } from '../../core/sql.ts';
import type { FlowReportType, JsonReportItem, ReportRowsContext } from '../frame/reports/index.ts';
import { SELLER_PERFORMANCE_REPORT, Tasks } from './account-health.payloads.ts';
import { accountHealthSettings } from './account-health.settings.ts';
import { raiseAlerts, recoveredAlerts, upsertRates } from './health-store.ts';
import { ratesOf } from './rates.ts';

/** Queues the ERP activity of one alert (job key per alert: a report delivered again queues nothing new). */
export const enqueueNotify = (db: Queryable, backendId: number, alertId: number) =>
  enqueue(db, Tasks.notify, { backendId, alertId }, { jobKey: `${Tasks.notify}:${backendId}:${alertId}` });

async function warnMarginOf(db: Queryable, backendId: number): Promise<number> {
  const { rows } = await db.query<{ settings: unknown }>('select settings from backend where id = $1', [backendId]);
  return accountHealthSettings.of((rows[0]?.settings ?? {}) as never).warnMargin;
}

async function onItems(backendId: number, items: readonly JsonReportItem[], ctx: ReportRowsContext): Promise<void> {
  const rows = items.flatMap((i) => (i.ok && i.array === 'performanceMetrics' ? ratesOf(i.item).rows : []));
  if (!rows.length) return;
  await upsertRates(ctx.tx, backendId, rows);
  const margin = await warnMarginOf(ctx.tx, backendId);
  for (const id of await raiseAlerts(ctx.tx, backendId, rows, margin)) await enqueueNotify(ctx.tx, backendId, id);
  // A rate back under the warning level: its open alerts' activities are closed by the same task.
  for (const id of await recoveredAlerts(ctx.tx, backendId, rows, margin)) await enqueueNotify(ctx.tx, backendId, id);
}

export const accountHealthReports: readonly FlowReportType[] = [{ reportType: SELLER_PERFORMANCE_REPORT, format: 'json', onItems }];
