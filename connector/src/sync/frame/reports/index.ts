/**
 * The Reports core as flows use it (flows import only this): declare `reports: [{ reportType, onRows }]` in
 * `defineFlow`, call `requestReport(tx, {...})` per window (`splitReportWindows` first) in the transaction of the
 * state it follows from; the rows come to `onRows(backendId, rows, ctx)` in batches, once per report, inside the
 * transaction that marks it delivered (`ctx.tx`). `reportsFlow` is for sync/flows.ts.
 */
export { splitReportWindows } from '../../../amazon/report-windows.ts';
export type { FlatFileRow } from '../../../amazon/report-flat-file.ts';
export { requestReport, type ReportWindowRequest } from './request-report.ts';
export type { FlowReportType, ReportRowsContext } from './types.ts';
export type { JsonReportItem } from '../../../amazon/report-json.ts';
export { reportsFlow } from './reports.flow.ts';
