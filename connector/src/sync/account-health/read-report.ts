/**
 * One backend's read: in one transaction, the Reports core asked for the seller performance report of each
 * marketplace. Amazon ignores the data window of this type (each metric has its own reporting period), so the window
 * only makes each read a request of its own: the last `readEveryMinutes` up to a minute ago; a read repeated within
 * the same minute is the same request (the Reports core's unique window).
 */
import type { BackendRecord } from '../../core/backend/backend-record.ts';
import type { Queryable } from '../../core/sql.ts';
import { withTransaction } from '../../core/tx.ts';
import { requestReport } from '../frame/reports/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { ACCOUNT_HEALTH_FLOW, SELLER_PERFORMANCE_REPORT } from './account-health.payloads.ts';
import { accountHealthSettings } from './account-health.settings.ts';

const MINUTE = 60_000;

export async function readAccountHealth(env: Pick<TaskEnv, 'db' | 'core'>, backendId: number, now = new Date()): Promise<{ requests: number; created: number }> {
  const backend = await env.core.backends.get(backendId);
  const every = accountHealthSettings.of(backend.settings).readEveryMinutes;
  const end = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE - MINUTE);
  const start = new Date(end.getTime() - every * MINUTE);
  return withTransaction(env.db.pool, async (tx) => {
    let created = 0;
    for (const marketplaceId of backend.marketplaceIds) {
      const r = await requestReport(tx, { backendId, flow: ACCOUNT_HEALTH_FLOW, reportType: SELLER_PERFORMANCE_REPORT, marketplaceId, dataStartTime: start, dataEndTime: end });
      if (r.created) created++;
    }
    return { requests: backend.marketplaceIds.length, created };
  });
}

/** Whether the backend's last request is older than its `readEveryMinutes` (the crontab's `due`). */
export async function readDue(db: Queryable, b: BackendRecord, now = new Date()): Promise<boolean> {
  const { rows } = await db.query<{ last: Date | null }>(
    `select max(requested_at) as last from report_request where backend_id = $1 and flow = $2 and report_type = $3`,
    [b.id, ACCOUNT_HEALTH_FLOW, SELLER_PERFORMANCE_REPORT],
  );
  const last = rows[0]?.last;
  return !last || now.getTime() - last.getTime() >= accountHealthSettings.of(b.settings).readEveryMinutes * MINUTE;
}
