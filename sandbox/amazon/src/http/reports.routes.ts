/**
 * Reports API 2021-06-30 (README, "Reports API"): createReport, getReports, getReport, cancelReport,
 * getReportDocument, each behind its usage plan and the injected faults. Documents download from the same signed-URL
 * store as feed documents (feed-documents.routes.ts). On Amazon's sandbox host every call answers "Could not match
 * input arguments".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encodeToken, parseGetFeeds } from '../feeds/get-feeds-query.ts';
import { checkCreateReport } from '../reports/create-report-request.ts';
import type { ReportRecord } from '../reports/report-store.ts';
import { NO_MATCH } from '../sandbox-mode/static-replay.ts';
import type { SandboxState } from '../state.ts';
import { invalidInput, sendErrors } from './amazon-errors.ts';
import type { RawQuery } from './query-values.ts';
import { guardSpApiCall } from './sp-api-guard.ts';

const BASE = '/reports/2021-06-30';
const iso = (ms: number) => new Date(ms).toISOString();

/** The model's Report. */
export function reportView(r: ReportRecord) {
  return { reportId: r.reportId, reportType: r.reportType, marketplaceIds: r.marketplaceIds, dataStartTime: iso(r.dataStartMs),
    dataEndTime: iso(r.dataEndMs), createdTime: iso(r.createdMs), processingStatus: r.status,
    ...(r.processingStartMs !== undefined ? { processingStartTime: iso(r.processingStartMs) } : {}),
    ...(r.processingEndMs !== undefined ? { processingEndTime: iso(r.processingEndMs) } : {}),
    ...(r.reportDocumentId ? { reportDocumentId: r.reportDocumentId } : {}) };
}

function open(state: SandboxState, req: FastifyRequest, reply: FastifyReply, op: string): string | undefined {
  if (req.target.kind === 'lwa' || req.target.kind === 'sqs') {
    reply.code(404).send({ message: 'Not Found' });
    return undefined;
  }
  const sellerId = guardSpApiCall(state, req, reply, op);
  if (!sellerId) return undefined;
  if (req.target.kind === 'sp-api' && req.target.sandbox) {
    reply.code(NO_MATCH.status).send(NO_MATCH.body);
    return undefined;
  }
  state.reportProcessor.advance();
  return sellerId;
}

const notFound = (reply: FastifyReply, what: string) => sendErrors(reply, 404, { code: 'NotFound', message: `${what} not found.` });

export function registerReportRoutes(app: FastifyInstance, state: SandboxState): void {
  app.post(`${BASE}/reports`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'createReport');
    if (!sellerId) return reply;
    const now = state.now();
    const checked = checkCreateReport(req.body, state.sellers.get(sellerId)!.marketplaceIds, now);
    if (!checked.ok) return invalidInput(reply, checked.message);
    const b = checked.body;
    const report = state.reports.newReport({ sellerId, reportType: b.reportType, marketplaceIds: [...b.marketplaceIds],
      ...(b.reportOptions ? { reportOptions: { ...b.reportOptions } } : {}), dataStartMs: checked.startMs, dataEndMs: checked.endMs,
      createdMs: now, ...state.reportProcessor.timesFor(now) });
    state.reportProcessor.schedule(report);
    return reply.code(202).send({ reportId: report.reportId });
  });

  app.get(`${BASE}/reports`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'getReports');
    if (!sellerId) return reply;
    const parsed = parseGetFeeds(req.query as RawQuery, state.now(), 'reportTypes');
    if (!parsed.ok) return invalidInput(reply, parsed.message);
    const f = parsed.value;
    const match = state.reports.reportsOf(sellerId).filter((x) => f.feedTypes.includes(x.reportType)
      && (!f.statuses || f.statuses.includes(x.status)) && (!f.marketplaceIds || x.marketplaceIds.some((m) => f.marketplaceIds!.includes(m)))
      && x.createdMs >= f.sinceMs && x.createdMs <= f.untilMs
      && (!f.after || x.createdMs < f.after.createdMs || (x.createdMs === f.after.createdMs && Number(x.reportId) < Number(f.after.feedId))));
    const page = match.slice(0, f.pageSize);
    const last = page[page.length - 1];
    return reply.send({ reports: page.map(reportView),
      ...(match.length > f.pageSize && last ? { nextToken: encodeToken(f, { createdMs: last.createdMs, feedId: last.reportId }) } : {}) });
  });

  app.get<{ Params: { reportId: string } }>(`${BASE}/reports/:reportId`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'getReport');
    if (!sellerId) return reply;
    const r = state.reports.report(sellerId, req.params.reportId);
    return r ? reply.send(reportView(r)) : notFound(reply, `Report ${req.params.reportId}`);
  });

  app.delete<{ Params: { reportId: string } }>(`${BASE}/reports/:reportId`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'cancelReport');
    if (!sellerId) return reply;
    const r = state.reports.report(sellerId, req.params.reportId);
    if (!r) return notFound(reply, `Report ${req.params.reportId}`);
    if (r.status !== 'IN_QUEUE') {
      return invalidInput(reply, `Report ${r.reportId} cannot be cancelled: its processingStatus is ${r.status}; only IN_QUEUE reports can be cancelled.`);
    }
    r.status = 'CANCELLED';
    return reply.code(200).send();
  });

  app.get<{ Params: { reportDocumentId: string } }>(`${BASE}/documents/:reportDocumentId`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'getReportDocument');
    if (!sellerId) return reply;
    const doc = state.feeds.document(sellerId, req.params.reportDocumentId);
    if (!doc?.report || !doc.feedDocumentId.startsWith('amzn1.spdoc.')) return notFound(reply, `Report document ${req.params.reportDocumentId}`);
    const encoding: Record<string, string> = (req.query as RawQuery).enableContentEncodingUrlHeader === 'true' && doc.compression
      ? { 'response-content-encoding': 'gzip' } : {};
    const region = state.sellers.get(sellerId)!.region;
    return reply.send({ reportDocumentId: doc.feedDocumentId, url: state.documentUrls.sign('GET', region, doc.feedDocumentId, state.now(), encoding),
      ...(doc.compression ? { compressionAlgorithm: doc.compression } : {}) });
  });
}
