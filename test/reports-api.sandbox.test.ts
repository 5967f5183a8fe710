/**
 * The connector's Reports API adapter against the Amazon sandbox over real HTTP (the real amazon-sp-api client,
 * LWA included, the pre-signed document url through the same endpoint override), on a pinned clock that the test
 * moves past each report's processing time: createReport -> getReport until DONE -> getReportDocument -> the gzip
 * document streamed into typed rows; a report with no data ends CANCELLED (an outcome); a burst past the usage
 * plan turns into RetryableError AMAZON_THROTTLED.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlatFileRow } from '../connector/src/amazon/report-flat-file.ts';
import { FBA_CUSTOMER_RETURNS, RETURNS_BY_RETURN_DATE } from '../connector/src/amazon/report-specs.ts';
import { splitReportWindows } from '../connector/src/amazon/report-windows.ts';
import { reportOutcome, type ReportOutcome, type ReportsApi } from '../connector/src/amazon/reports-api.ts';
import { MemoryQuotaGate } from '../connector/src/amazon/testing/memory-quota-gate.ts';
import { RetryableError } from '../connector/src/core/errors.ts';
import type { AmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { amazonAdapterFor, startAmazon, type SellerAdapter } from './support/amazon.ts';

const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';
const GB = 'A1F83G8C2ARO7P';
const BY_DATE = 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE';

let clock = Date.parse('2026-06-01T10:00:00Z');
let sb: AmazonSandbox;
let eu: SellerAdapter;

beforeAll(async () => {
  // Real usage plans and 120 s a report on the sandbox's clock; no generated returns: each one here is asked for.
  sb = await startAmazon({ seed: 5, seedOrders: 0, returnShare: 0, now: () => clock });
});
afterAll(async () => {
  eu?.adapter.close();
  await sb?.close();
});
beforeEach(() => {
  eu?.adapter.close();
  sb.reset();
  clock += 3_600_000;
  eu = amazonAdapterFor(sb, 0, new MemoryQuotaGate(), { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
});

const shippedOrder = (fulfilledBy: 'MERCHANT' | 'AMAZON', marketplaceId: string) =>
  sb.generateOrders({ sellerId: eu.seller.sellerId, count: 1, fulfilledBy, status: 'SHIPPED', marketplaceId })[0]!;

/** Polls getReport, moving the sandbox's clock 30 s between polls, until the report is no longer pending. */
async function untilFinished(api: ReportsApi, reportId: string): Promise<ReportOutcome> {
  for (let poll = 0; poll < 20; poll++) {
    const outcome = reportOutcome(await api.getReport(reportId));
    if (outcome.state !== 'pending') return outcome;
    clock += 30_000;
  }
  throw new Error(`report ${reportId} still pending after 20 polls`);
}

async function all(rows: AsyncIterable<FlatFileRow>): Promise<FlatFileRow[]> {
  const out: FlatFileRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('Reports API adapter vs the Amazon sandbox', () => {
  it('creates a merchant returns report, polls it to DONE and streams its gzip document into rows with the right columns and amounts', async () => {
    const orderId = shippedOrder('MERCHANT', DE);
    sb.returnOrder(orderId, { reason: 'DEFECTIVE' });
    clock += 60_000;
    const [window] = splitReportWindows(BY_DATE, new Date(clock - 7 * DAY), new Date(clock), new Date(clock));
    const { reportId } = await eu.adapter.reports.createReport({ reportType: BY_DATE, marketplaceIds: [DE], ...window! });
    const outcome = await untilFinished(eu.adapter.reports, reportId);
    expect(outcome).toMatchObject({ state: 'done', report: { reportType: BY_DATE, processingStatus: 'DONE', ...window } });
    const doc = await eu.adapter.reports.getReportDocument((outcome as Extract<ReportOutcome, { state: 'done' }>).reportDocumentId);
    expect(doc.compressionAlgorithm).toBe('GZIP');
    const rows = await all(eu.adapter.reports.rows(doc, RETURNS_BY_RETURN_DATE, DE));
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    if (!row.ok) throw new Error(row.message);
    expect(Object.keys(row.cells)).toEqual(RETURNS_BY_RETURN_DATE.columns);
    const known = sb.returns(eu.seller.sellerId).returns.find((r) => r.orderId === orderId)!;
    expect(row.cells).toMatchObject({ 'Order ID': orderId, 'Return Reason': 'DEFECTIVE', 'Currency code': 'EUR', 'Merchant SKU': known.sku, 'Merchant RMA ID': '' });
    // Amazon.de writes "95,00": read as minor units; the refund is what Amazon knows it paid.
    expect(row.cells['Refunded Amount']).toMatch(/^\d+,\d{2}$/);
    expect(row.amounts['Refunded Amount']).toBe(BigInt(known.refund!.amountMinor));
    expect(row.amounts['Order Amount']).toBeGreaterThan(0n);
    expect(row.integers['Return quantity']).toBe(1);
    // getReports finds it by type and marketplace (the way back to a report whose createReport answer was lost).
    const found = await eu.adapter.reports.getReports({ reportTypes: [BY_DATE], marketplaceIds: [DE] });
    expect(found.map((r) => r.reportId)).toEqual([reportId]);
  });

  it('reads an FBA returns report, and tells a report with no data (CANCELLED) as an outcome, without a document', async () => {
    const orderId = shippedOrder('AMAZON', DE);
    sb.returnOrder(orderId, { reason: 'UNWANTED_ITEM' });
    clock += 1000;
    const fba = await eu.adapter.reports.createReport({ reportType: FBA_CUSTOMER_RETURNS.reportType, marketplaceIds: [DE], dataStartTime: new Date(clock - 30 * DAY).toISOString() });
    const empty = await eu.adapter.reports.createReport({ reportType: BY_DATE, marketplaceIds: [GB], dataStartTime: new Date(clock - 30 * DAY).toISOString() });
    const none = await untilFinished(eu.adapter.reports, empty.reportId);
    expect(none).toMatchObject({ state: 'empty', report: { processingStatus: 'CANCELLED' } });
    expect(none.report.reportDocumentId).toBeUndefined();
    const done = await untilFinished(eu.adapter.reports, fba.reportId);
    if (done.state !== 'done') throw new Error(`FBA returns report ended ${done.state}`);
    const rows = await all(eu.adapter.reports.rows(await eu.adapter.reports.getReportDocument(done.reportDocumentId), FBA_CUSTOMER_RETURNS, DE));
    expect(rows).toEqual([expect.objectContaining({ ok: true, cells: expect.objectContaining({ 'order-id': orderId, 'detailed-disposition': 'SELLABLE', reason: 'UNWANTED_ITEM' }), integers: { quantity: 1 } })]);
  });

  it('turns a burst past createReport\'s usage plan (burst 15) into RetryableError AMAZON_THROTTLED', async () => {
    const spec = { reportType: FBA_CUSTOMER_RETURNS.reportType, marketplaceIds: [DE] };
    for (let i = 0; i < 15; i++) await eu.adapter.reports.createReport(spec);
    const throttled = await eu.adapter.reports.createReport(spec).then(
      () => null,
      (e: unknown) => e,
    );
    expect(throttled).toBeInstanceOf(RetryableError);
    expect(throttled).toMatchObject({ code: 'AMAZON_THROTTLED', details: { operation: 'createReport', status: 429, amazonCode: 'QuotaExceeded' } });
    expect((throttled as RetryableError).retryAfterMs).toBeGreaterThan(0);
    const calls = sb.calls().operations.find((o) => o.operation === 'createReport')!;
    expect([calls.calls, calls.throttled]).toEqual([17, 2]);
  });
});
