/**
 * `requestReport`: what a flow calls (in the transaction of the state it follows from) to have a report window
 * read. One row per backend, report type, marketplace and window (the unique key: asking twice, or from two
 * workers at once, returns the same request), and its create job queued in the same transaction.
 */
import { FLAT_FILE_SPECS, JSON_REPORT_SPECS } from '../../../amazon/report-specs.ts';
import { PermanentError } from '../../../core/errors.ts';
import type { Queryable } from '../../../core/sql.ts';
import { scheduleCreate } from './report-jobs.ts';
import { insertRequest } from './report-store.ts';

export interface ReportWindowRequest {
  backendId: number;
  /** The flow whose `reports` declaration gets the rows. */
  flow: string;
  reportType: string;
  marketplaceId: string;
  /** A window within the type's limit (amazon/report-windows.ts `splitReportWindows`). */
  dataStartTime: string | Date;
  dataEndTime: string | Date;
}

/** The request of the window (`created` false when it existed: nothing new is queued). */
export async function requestReport(tx: Queryable, r: ReportWindowRequest): Promise<{ requestId: number; created: boolean; state: string }> {
  if (!FLAT_FILE_SPECS[r.reportType] && !JSON_REPORT_SPECS[r.reportType]) throw new PermanentError('REPORT_TYPE_UNKNOWN', `no reader for report type ${r.reportType}`, { reportType: r.reportType });
  const windowStart = new Date(r.dataStartTime);
  const windowEnd = new Date(r.dataEndTime);
  if (!(windowStart.getTime() < windowEnd.getTime())) throw new PermanentError('AMAZON_INVALID_REQUEST', 'a report window must start before it ends', { reportType: r.reportType });
  const { row, created } = await insertRequest(tx, { backendId: r.backendId, flow: r.flow, reportType: r.reportType, marketplaceId: r.marketplaceId, windowStart, windowEnd });
  if (created) await scheduleCreate(tx, r.backendId, row.id);
  return { requestId: row.id, created, state: row.state };
}
