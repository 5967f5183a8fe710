/**
 * What a flow declares to read reports through the Reports core (`reports: [{ reportType, onRows }]` in its
 * defineFlow) and what its row handler is given. The handler runs inside the transaction that marks the report
 * delivered: it writes its own rows (and enqueues its own tasks) with `ctx.tx`, so either the whole report counts
 * as delivered with what the handler wrote, or nothing does and the report is delivered again. It must therefore be
 * idempotent (a crash mid-way delivers the same rows once more), and do no slow remote work: queue that.
 */
import type { FlatFileRow } from '../../../amazon/report-flat-file.ts';
import type { JsonReportItem } from '../../../amazon/report-json.ts';
import type { Queryable } from '../../../core/sql.ts';

/** The report a batch of rows comes from. */
export interface ReportRowsContext {
  tx: Queryable;
  requestId: number;
  reportType: string;
  marketplaceId: string;
  windowStart: Date;
  windowEnd: Date;
  /** 0 for the first batch of the report. */
  batch: number;
}

export interface FlatFileReportType {
  reportType: string;
  format?: 'flat-file';
  /** Called with the report's rows in batches (a malformed row comes as `{ ok: false, code, line }`). */
  onRows(backendId: number, rows: readonly FlatFileRow[], ctx: ReportRowsContext): Promise<void>;
}

/** A JSON report (amazon/report-specs.ts `JSON_REPORT_SPECS`): its records, the elements of its top-level arrays. */
export interface JsonReportType {
  reportType: string;
  format: 'json';
  /** Called with the records in batches (a malformed one comes as `{ ok: false, code, array, index }`). */
  onItems(backendId: number, items: readonly JsonReportItem[], ctx: ReportRowsContext): Promise<void>;
}

export type FlowReportType = FlatFileReportType | JsonReportType;

/** A declared report type and its owning flow. */
export type OwnedReportType = FlowReportType & { flow: string };
