/**
 * What the Reports core's steps work with for one backend: the pool, its Reports API, the timing, the report types
 * the flows declared (with the flow that owns each). Built from a job's env (`reportsContextOf`) or by a test.
 */
import type pg from 'pg';
import type { ReportsApi } from '../../../amazon/reports-api.ts';
import type { ConflictService } from '../../../core/conflict/index.ts';
import type { FlowDefinition } from '../flow.ts';
import type { TaskEnv } from '../task-env.ts';
import type { OwnedReportType } from './types.ts';

export interface ReportsTiming {
  /** The first wait between getReport polls, doubled each time up to x16. */
  pollSeconds: number;
  /** Polls before a report still running is given up (REPORT_TIMED_OUT). */
  maxPolls: number;
  /** How long one createReport attempt owns a request: another worker waits that long before looking it up. */
  leaseSeconds: number;
  /** getReports searches from the previous attempt's start minus this (clocks differ). */
  lookupMarginSeconds: number;
  /** Rows handed to a flow's handler at once. */
  batchRows: number;
}

/** Amazon takes minutes to hours per report: 30 s doubling to 8 min, about 6 hours in all. */
export const DEFAULT_TIMING: ReportsTiming = { pollSeconds: 30, maxPolls: 50, leaseSeconds: 120, lookupMarginSeconds: 120, batchRows: 500 };

export interface ReportsContext {
  pool: pg.Pool;
  backendId: number;
  reports: Pick<ReportsApi, 'createReport' | 'getReport' | 'getReports' | 'getReportDocument' | 'downloadText' | 'rows' | 'jsonItems'>;
  timing: ReportsTiming;
  types: ReadonlyMap<string, OwnedReportType>;
  conflicts: Pick<ConflictService, 'raise'>;
  log: { info(msg: string, details?: Record<string, unknown>): void; warn(msg: string, details?: Record<string, unknown>): void };
}

/** The report types every flow declares (two flows declaring one type: the first wins). */
export function reportTypesOf(flows: readonly Pick<FlowDefinition, 'name' | 'reports'>[]): Map<string, OwnedReportType> {
  const types = new Map<string, OwnedReportType>();
  for (const flow of flows) for (const t of flow.reports ?? []) if (!types.has(t.reportType)) types.set(t.reportType, { ...t, flow: flow.name });
  return types;
}

export async function reportsContextOf(env: TaskEnv, backendId: number, types: ReadonlyMap<string, OwnedReportType>): Promise<ReportsContext> {
  const rt = await env.runtimes.get(backendId);
  return {
    pool: env.db.pool,
    backendId,
    reports: rt.amazon.reports,
    timing: DEFAULT_TIMING,
    types,
    conflicts: env.core.conflicts,
    log: { info: (m, d) => env.log.info(m, { backendId, ...d }), warn: (m, d) => env.log.warn(m, { backendId, ...d }) },
  };
}
