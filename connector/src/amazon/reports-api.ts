/**
 * Reports API 2021-06-30 for one seller account, built once for every flow that reads reports: createReport,
 * getReport, getReports (all pages), cancelReport, getReportDocument, and the document's rows read as a stream
 * (report-flat-file.ts; a JSON report's records: report-json.ts). Protocol only: requests are checked against the model before any quota is spent, answers
 * before they are believed; what a row means is the flow's business.
 *
 * createReport is repeated by call.ts after an unknown outcome (a timeout, a reset): a second report of the same
 * window is harmless (nobody reads it) while a lost one would hold the flow up. A flow that crashed between asking
 * and recording the id finds its report with getReports (type, marketplace, createdSince) instead of asking again.
 * A report that ends CANCELLED (Amazon had no data: empty, not a failure) or FATAL is an outcome, not an error.
 */
import { PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';
import { checked } from './checked.ts';
import type { DocumentTransfer } from './feed-documents.ts';
import { readFlatFile, type FlatFileRow, type FlatFileSpec } from './report-flat-file.ts';
import { readJsonReport, type JsonReportItem, type JsonReportSpec } from './report-json.ts';
import {
  CreateReportResponse,
  CreateReportSpecification,
  GetReportsQuery,
  GetReportsResponse,
  Report,
  ReportDocument,
} from './reports-models.ts';

const op = (name: SpApiOperation['name']): SpApiOperation => ({ name, clientOperation: `reports.${name}`, version: '2021-06-30', idempotent: true });
const CREATE_REPORT = op('createReport');
const GET_REPORT = op('getReport');
const GET_REPORTS = op('getReports');
const CANCEL_REPORT = op('cancelReport');
const GET_REPORT_DOCUMENT = op('getReportDocument');

/** Where a report stands: still running, its document ready, empty (CANCELLED) or failed (FATAL). */
export type ReportOutcome =
  | { state: 'pending'; report: Report }
  | { state: 'done'; report: Report; reportDocumentId: string }
  | { state: 'empty'; report: Report }
  | { state: 'fatal'; report: Report; reportDocumentId?: string };

/** The report's outcome; a DONE report without a document is not to be believed. */
export function reportOutcome(report: Report): ReportOutcome {
  switch (report.processingStatus) {
    case 'IN_QUEUE':
    case 'IN_PROGRESS':
      return { state: 'pending', report };
    case 'CANCELLED':
      return { state: 'empty', report };
    case 'FATAL':
      // Amazon's document of a FATAL report says why (when there is one).
      return { state: 'fatal', report, ...(report.reportDocumentId ? { reportDocumentId: report.reportDocumentId } : {}) };
    case 'DONE':
      if (!report.reportDocumentId) throw new PermanentError('AMAZON_BAD_PAYLOAD', `getReport: report ${report.reportId} is DONE without a document`, { operation: 'getReport' });
      return { state: 'done', report, reportDocumentId: report.reportDocumentId };
  }
}

const nonEmpty = (value: string, operation: string) => {
  if (!value) throw new PermanentError('AMAZON_INVALID_REQUEST', `${operation}: the id must be a non-empty string`, { operation });
  return value;
};

export class ReportsApi {
  readonly #caller: Pick<SpApiCaller, 'call'>;
  readonly #documents: DocumentTransfer;

  constructor(caller: Pick<SpApiCaller, 'call'>, documents: DocumentTransfer) {
    this.#caller = caller;
    this.#documents = documents;
  }

  /** Asks Amazon for a report (split a long range first: report-windows.ts); its id, to poll with getReport. */
  async createReport(spec: CreateReportSpecification, options: CallOptions = {}): Promise<{ reportId: string }> {
    const body = checked(CreateReportSpecification, spec, 'createReport', 'AMAZON_INVALID_REQUEST');
    const res = await this.#caller.call(CREATE_REPORT, { body }, options);
    return { reportId: checked(CreateReportResponse, res.body, 'createReport', 'AMAZON_BAD_PAYLOAD').reportId };
  }

  async getReport(reportId: string, options: CallOptions = {}): Promise<Report> {
    const res = await this.#caller.call(GET_REPORT, { path: { reportId: nonEmpty(reportId, 'getReport') } }, options);
    return checked(Report, res.body, 'getReport', 'AMAZON_BAD_PAYLOAD');
  }

  /** Every report matching the filters, newest first, following nextToken (sent alone, as the model asks). */
  async getReports(query: GetReportsQuery, options: CallOptions = {}): Promise<Report[]> {
    const q = checked(GetReportsQuery, query, 'getReports', 'AMAZON_INVALID_REQUEST');
    const reports: Report[] = [];
    let next: string | undefined;
    do {
      const res = await this.#caller.call(GET_REPORTS, { query: next ? { nextToken: next } : { pageSize: 100, ...q } }, options);
      const page = checked(GetReportsResponse, res.body, 'getReports', 'AMAZON_BAD_PAYLOAD');
      reports.push(...page.reports);
      next = page.nextToken;
    } while (next);
    return reports;
  }

  /** Cancels a report Amazon has not started (IN_QUEUE); Amazon refuses (400) one already running. */
  async cancelReport(reportId: string, options: CallOptions = {}): Promise<void> {
    await this.#caller.call(CANCEL_REPORT, { path: { reportId: nonEmpty(reportId, 'cancelReport') } }, options);
  }

  /** The document's pre-signed url (it expires after 5 minutes: read it at once) and its compression. */
  async getReportDocument(reportDocumentId: string, options: CallOptions = {}): Promise<ReportDocument> {
    const res = await this.#caller.call(GET_REPORT_DOCUMENT, { path: { reportDocumentId: nonEmpty(reportDocumentId, 'getReportDocument') } }, options);
    return checked(ReportDocument, res.body, 'getReportDocument', 'AMAZON_BAD_PAYLOAD');
  }

  /** A small document's whole text (a FATAL report's explanation), gunzipped when Amazon says GZIP. */
  downloadText(document: ReportDocument): Promise<string> {
    return this.#documents.download(document.url, document.compressionAlgorithm);
  }

  /**
   * The document's rows as they download (never the whole file in memory), for the report's marketplace (its
   * number format and charset). A bad row is yielded as REPORT_ROW_MALFORMED and the next ones follow.
   */
  async *rows(document: ReportDocument, spec: FlatFileSpec, marketplaceId: string): AsyncGenerator<FlatFileRow> {
    const { body, contentType } = await this.#documents.open(document.url);
    yield* readFlatFile({ body, contentType, compression: document.compressionAlgorithm, marketplaceId }, spec);
  }

  /** A JSON report's records (the elements of its spec's top-level arrays) as they download (report-json.ts). */
  async *jsonItems(document: ReportDocument, spec: JsonReportSpec): AsyncGenerator<JsonReportItem> {
    const { body } = await this.#documents.open(document.url);
    yield* readJsonReport({ body, compression: document.compressionAlgorithm }, spec);
  }
}
