/**
 * The Reports core (sync/frame/reports/): one report a flow asked Amazon for, unique per backend, report type,
 * marketplace and data window (asking twice, or from two workers at once, finds the one row). It keeps Amazon's
 * report and document ids, where the report stands and when the flow's row handler was given its rows.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const ReportRequest = defineEntity({
  name: 'ReportRequest',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    /** The flow whose `reports` declaration reads the rows. */
    flow: p.text(),
    reportType: p.text(),
    marketplaceId: p.text(),
    windowStart: p.datetime().columnType('timestamptz'),
    windowEnd: p.datetime().columnType('timestamptz'),
    /** requested | processing | delivering | done | empty | fatal | failed */
    state: p.text().defaultRaw(`'requested'`),
    amazonReportId: p.text().nullable(),
    documentId: p.text().nullable(),
    /** Written before createReport: the lower bound getReports searches when its answer was lost. */
    attemptStartedAt: p.datetime().columnType('timestamptz').nullable(),
    polls: p.integer().defaultRaw('0'),
    rowsCount: p.integer().nullable(),
    code: p.text().nullable(),
    error: p.text().nullable(),
    requestedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    finishedAt: p.datetime().columnType('timestamptz').nullable(),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [{ name: 'report_request_window_unique', properties: ['backend', 'reportType', 'marketplaceId', 'windowStart', 'windowEnd'] }],
  indexes: [
    { name: 'report_request_amazon_id_index', properties: ['backend', 'amazonReportId'] },
    // The API's list of a backend's recent requests.
    { name: 'report_request_recent_index', expression: 'create index "report_request_recent_index" on "report_request" ("backend_id", "id" desc)' },
  ],
});
