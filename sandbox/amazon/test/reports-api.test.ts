/**
 * The Reports API on a pinned clock: createReport -> getReport over processing time -> getReportDocument (GZIP) ->
 * download, the returns reports' columns and rows, the data window limits, cancelReport, getReports, the usage
 * plan's 429, on-demand returns and revised FBA dispositions in later reports. Answers are checked strictly against
 * the Reports model.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { call } from './helpers/http-client.ts';
import { parseTsv, reportsApi, reportsModel } from './helpers/reports.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Api = Awaited<ReturnType<typeof reportsApi>>;
const DAY = 86_400_000;
const DE = 'A1PA6795UKMFR9';
const GB = 'A1F83G8C2ARO7P';
const BY_DATE = 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE';
const FBA = 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA';
const REIMB = 'GET_FBA_REIMBURSEMENTS_DATA';
// The columns as sp-api-notes.md lists them.
const BY_DATE_COLUMNS = ['Order ID', 'Order date', 'Return request date', 'Return request status', 'Amazon RMA ID', 'Merchant RMA ID',
  'Label type', 'Label cost', 'Currency code', 'Return carrier', 'Tracking ID', 'Label to be paid by', 'A-to-Z Claim', 'Is prime', 'ASIN',
  'Merchant SKU', 'Item Name', 'Return quantity', 'Return Reason', 'In policy', 'Return type', 'Resolution', 'Invoice number',
  'Return delivery date', 'Order Amount', 'Order quantity', 'SafeT Action reason', 'SafeT claim id', 'SafeT claim state',
  'SafeT claim creation time', 'SafeT claim reimbursement amount', 'Refunded Amount'];
const FBA_COLUMNS = ['return-date', 'order-id', 'sku', 'asin', 'fnsku', 'product-name', 'quantity', 'fulfillment-center-id',
  'detailed-disposition', 'reason', 'status', 'license-plate-number', 'customer-comments'];
const REIMB_COLUMNS = ['approval-date', 'reimbursement-id', 'case-id', 'amazon-order-id', 'reason', 'sku', 'fnsku', 'asin', 'condition',
  'currency-unit', 'amount-per-unit', 'amount-total', 'quantity-reimbursed-cash', 'quantity-reimbursed-inventory',
  'quantity-reimbursed-total', 'original-reimbursement-id', 'original-reimbursement-type'];

let clock = Date.parse('2026-06-01T10:00:00Z');
let sb: AmazonSandbox;
let eu: Api;
let seller: string;

beforeAll(async () => {
  // Real usage plans, 120 s a report; no generated returns: every return here is asked for.
  sb = await startAmazonSandbox({ port: 0, seed: 5, seedOrders: 0, returnShare: 0, now: () => clock });
  seller = sb.sellers[0]!.sellerId;
});
afterAll(() => sb.close());
beforeEach(async () => {
  sb.reset();
  clock += 3_600_000;
  eu = await reportsApi(sb, 0);
});

const iso = (ms: number) => new Date(ms).toISOString();
const shippedOrder = (fulfilledBy: 'MERCHANT' | 'AMAZON', marketplaceId = DE) =>
  sb.generateOrders({ sellerId: seller, count: 1, fulfilledBy, status: 'SHIPPED', marketplaceId })[0]!;
const admin = (method: string, path: string, json?: unknown) => call(sb.port, { method, path: `/_sandbox${path}`, json });

/** createReport over the last `days` days, then the clock runs past its processing; the finished Report. */
async function runReport(reportType: string, marketplaceIds = [DE], days = 30): Promise<Obj> {
  const created = await eu.api('POST', '/reports', { reportType, marketplaceIds, dataStartTime: iso(clock - days * DAY), dataEndTime: iso(clock) });
  expect(created.status, created.text).toBe(202);
  expect(reportsModel.create.validate(created.body), reportsModel.create.explain()).toBe(true);
  clock += 121_000;
  return eu.get((created.body as Obj).reportId);
}

const bad = (a: { status: number; body: unknown; text: string }, message: RegExp) => {
  expect(a.status, a.text).toBe(400);
  expect(reportsModel.errors.validate(a.body), reportsModel.errors.explain()).toBe(true);
  expect((a.body as Obj).errors[0].code).toBe('InvalidInput');
  expect((a.body as Obj).errors[0].message).toMatch(message);
};

describe('createReport -> getReport -> getReportDocument -> download', () => {
  it('moves IN_QUEUE -> IN_PROGRESS -> DONE over 120 s and serves a gzip flat file with the merchant returns columns', async () => {
    const orderId = shippedOrder('MERCHANT');
    const ret = (await admin('POST', `/orders/${orderId}/return`, { reason: 'DEFECTIVE' })).body as Obj;
    expect(ret.return.orderId).toBe(orderId);
    clock += 60_000;
    const created = await eu.api('POST', '/reports', { reportType: BY_DATE, marketplaceIds: [DE], dataStartTime: iso(clock - 7 * DAY),
      dataEndTime: iso(clock) });
    expect(created.status).toBe(202);
    expect(created.headers['x-amzn-ratelimit-limit']).toBe('0.0167');
    const id = (created.body as Obj).reportId as string;
    expect((await eu.get(id)).processingStatus).toBe('IN_QUEUE');
    clock += 31_000;
    const running = await eu.get(id);
    expect([running.processingStatus, running.processingStartTime]).toEqual(['IN_PROGRESS', iso(clock - 1000)]);
    clock += 90_000;
    const done = await eu.get(id);
    expect(done).toMatchObject({ processingStatus: 'DONE', reportType: BY_DATE, marketplaceIds: [DE], processingEndTime: iso(clock - 1000) });
    const { doc, text } = await eu.download(done.reportDocumentId!);
    expect(doc.compressionAlgorithm).toBe('GZIP');
    const file = parseTsv(text);
    expect(file.columns).toEqual(BY_DATE_COLUMNS);
    expect(file.rows).toHaveLength(1);
    const row = file.rows[0]!;
    const order = sb.getOrder(orderId).order as Obj;
    expect(row).toMatchObject({ 'Order ID': orderId, 'Return Reason': 'DEFECTIVE', 'Return quantity': '1', 'Merchant RMA ID': '',
      'Merchant SKU': order.orderItems[0].product.sellerSku, 'Currency code': 'EUR', 'Return request status': 'Closed',
      'SafeT claim id': '', 'Invoice number': '' });
    // Amazon.de writes amounts with a decimal comma; refunded in full for the one unit returned.
    expect(row['Order Amount']).toMatch(/^\d+,\d{2}$/);
    expect(row['Refunded Amount']).toMatch(/^\d+,\d{2}$/);
    // getReports finds it; the admin API tells what was asked for.
    const list = await eu.api('GET', `/reports?reportTypes=${BY_DATE}`);
    expect(reportsModel.reports.validate(list.body), reportsModel.reports.explain()).toBe(true);
    expect((list.body as Obj).reports.map((r: Obj) => r.reportId)).toEqual([id]);
    const asked = (await admin('GET', `/reports?sellerId=${seller}`)).body as Obj;
    expect(asked.reports).toEqual([expect.objectContaining({ reportId: id, sellerId: seller, processingStatus: 'DONE', rows: 1 })]);
  });

  it('an on-demand return shows in the next returns report; a report with no data ends CANCELLED without a document', async () => {
    const orderId = shippedOrder('MERCHANT', GB);
    const empty = await runReport(BY_DATE, [GB]);
    expect(empty.processingStatus).toBe('CANCELLED');
    expect(empty.reportDocumentId).toBeUndefined();
    expect((await admin('POST', `/orders/${orderId}/return`, { quantity: 1, refund: false })).status).toBe(200);
    clock += 1000;
    const next = await runReport(BY_DATE, [GB]);
    expect(next.processingStatus).toBe('DONE');
    const rows = parseTsv((await eu.download(next.reportDocumentId)).text).rows;
    // Amazon.co.uk writes a decimal point; never refunded: the column stays blank.
    expect(rows).toEqual([expect.objectContaining({ 'Order ID': orderId, 'Currency code': 'GBP', 'Refunded Amount': '' })]);
    expect(rows[0]!['Order Amount']).toMatch(/^\d+\.\d{2}$/);
    // Refused returns: an unknown order, more units than shipped.
    expect((await admin('POST', '/orders/nope/return', {})).body).toMatchObject({ error: 'UNKNOWN_ORDER' });
    expect((await admin('POST', `/orders/${orderId}/return`, { quantity: 99 })).body).toMatchObject({ error: 'TOO_MANY_UNITS' });
  });

  it('shows a revised FBA disposition in a later report and reimburses a unit Amazon damaged', async () => {
    const orderId = shippedOrder('AMAZON');
    const r = ((await admin('POST', `/orders/${orderId}/return`, { reason: 'UNWANTED_ITEM' })).body as Obj).return;
    clock += 1000;
    const first = parseTsv((await eu.download((await runReport(FBA)).reportDocumentId)).text);
    expect(first.columns).toEqual(FBA_COLUMNS);
    expect(first.rows).toEqual([expect.objectContaining({ 'order-id': orderId, 'detailed-disposition': 'SELLABLE',
      status: 'Unit returned to inventory', reason: 'UNWANTED_ITEM', quantity: '1' })]);
    expect(first.rows[0]!.fnsku).toMatch(/^X00[A-Z0-9]{7}$/);
    expect(first.rows[0]!['license-plate-number']).toMatch(/^LPN/);
    expect((await runReport(REIMB)).processingStatus).toBe('CANCELLED'); // nothing reimbursed yet
    const revised = await admin('POST', `/returns/${r.returnId}/disposition`, { disposition: 'DAMAGED' });
    expect(revised.status, revised.text).toBe(200);
    clock += 1000;
    const later = parseTsv((await eu.download((await runReport(FBA)).reportDocumentId)).text);
    expect(later.rows).toEqual([expect.objectContaining({ 'order-id': orderId, 'detailed-disposition': 'DAMAGED', status: 'Reimbursed' })]);
    const reimb = parseTsv((await eu.download((await runReport(REIMB)).reportDocumentId)).text);
    expect(reimb.columns).toEqual(REIMB_COLUMNS);
    expect(reimb.rows).toEqual([expect.objectContaining({ 'amazon-order-id': orderId, reason: 'Damaged_Warehouse', 'currency-unit': 'EUR',
      'quantity-reimbursed-cash': '1', 'quantity-reimbursed-inventory': '0', 'quantity-reimbursed-total': '1' })]);
    expect(Number(reimb.rows[0]!['amount-total'])).toBeGreaterThan(0);
    const view = (await admin('GET', `/returns/${seller}`)).body as Obj;
    expect(view.returns[0].dispositions.map((d: Obj) => d.disposition)).toEqual(['SELLABLE', 'DAMAGED', 'DAMAGED']);
    expect((await admin('POST', `/returns/${r.returnId}/disposition`, { disposition: 'BROKEN' })).status).toBe(400);
  });
});

describe('createReport refusals, cancelReport, getReports, usage plan', () => {
  it('refuses a window over the type\'s limit (60 days for returns by date) and bad bodies, with Amazon\'s error list', async () => {
    const body = { reportType: BY_DATE, marketplaceIds: [DE], dataStartTime: iso(clock - 61 * DAY), dataEndTime: iso(clock) };
    bad(await eu.api('POST', '/reports', body), /exceeds the maximum of 60 days allowed for report type GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE/);
    expect((await eu.api('POST', '/reports', { ...body, dataStartTime: iso(clock - 60 * DAY) })).status).toBe(202);
    expect((await eu.api('POST', '/reports', { ...body, reportType: FBA, dataStartTime: iso(clock - 200 * DAY) })).status).toBe(202);
    bad(await eu.api('POST', '/reports', { ...body, dataStartTime: iso(clock - DAY), dataEndTime: iso(clock + 60_000) }), /prior to or equal to the current/);
    bad(await eu.api('POST', '/reports', { ...body, dataStartTime: iso(clock - DAY), dataEndTime: iso(clock - 2 * DAY) }), /prior to or equal to dataEndTime/);
    bad(await eu.api('POST', '/reports', { reportType: BY_DATE, marketplaceIds: [] }), /marketplaceIds/);
    bad(await eu.api('POST', '/reports', { reportType: BY_DATE, marketplaceIds: [DE], format: 'csv' }), /format/);
    bad(await eu.api('POST', '/reports', { reportType: BY_DATE, marketplaceIds: [DE], dataStartTime: 'yesterday' }), /dataStartTime/);
    bad(await eu.api('POST', '/reports', { reportType: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2', marketplaceIds: [DE] }), /cannot be requested/);
    bad(await eu.api('POST', '/reports', { reportType: 'GET_EVERYTHING', marketplaceIds: [DE] }), /Invalid reportType/);
    bad(await eu.api('POST', '/reports', { reportType: BY_DATE, marketplaceIds: ['ATVPDKIKX0DER'] }), /ATVPDKIKX0DER/);
  });

  it('cancels only IN_QUEUE reports, filters and pages getReports, ends a type it does not make FATAL', async () => {
    const ids: string[] = [];
    for (const type of [BY_DATE, FBA, BY_DATE, 'GET_MERCHANT_LISTINGS_ALL_DATA']) {
      ids.push(((await eu.api('POST', '/reports', { reportType: type, marketplaceIds: [DE] })).body as Obj).reportId);
      clock += 10_000;
    }
    const late = await eu.api('DELETE', `/reports/${ids[0]}`);
    expect(late.status, late.text).toBe(400); // 40 s old: IN_PROGRESS
    expect((await eu.api('DELETE', `/reports/${ids[3]}`)).status).toBe(200);
    clock += 200_000;
    expect((await eu.get(ids[3]!)).processingStatus).toBe('CANCELLED');
    const q = async (query: string) => {
      const a = await eu.api('GET', `/reports?${query}`);
      expect(reportsModel.reports.validate(a.body), `${a.text} ${reportsModel.reports.explain()}`).toBe(true);
      return a.body as Obj;
    };
    expect((await q(`reportTypes=${BY_DATE},${FBA}&processingStatuses=CANCELLED`)).reports.map((r: Obj) => r.reportId)).toEqual([ids[2], ids[1], ids[0]]);
    const p1 = await q(`reportTypes=${BY_DATE},${FBA},GET_MERCHANT_LISTINGS_ALL_DATA&pageSize=3`);
    expect(p1.reports.map((r: Obj) => r.reportId)).toEqual([ids[3], ids[2], ids[1]]);
    const p2 = await q(`nextToken=${encodeURIComponent(p1.nextToken)}`);
    expect([p2.reports.map((r: Obj) => r.reportId), p2.nextToken]).toEqual([[ids[0]], undefined]);
    bad(await eu.api('GET', '/reports?processingStatuses=DONE'), /Either reportTypes or nextToken is required/);
    // A type the sandbox does not generate: accepted, then FATAL with a document saying why.
    const other = await runReport('GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL', [DE], 1);
    expect(other.processingStatus).toBe('FATAL');
    expect((await eu.download(other.reportDocumentId)).text).toMatch(/not generated by this sandbox/);
    expect((await eu.api('GET', '/reports/123')).status).toBe(404);
  });

  it('a createReport whose answer is lost (drop_after_accept) still made the report: getReports finds it', async () => {
    sb.injectFault({ operation: 'createReport', kind: 'drop_after_accept', count: 1 });
    await expect(eu.api('POST', '/reports', { reportType: FBA, marketplaceIds: [DE] })).rejects.toThrow();
    const found = (await eu.api('GET', `/reports?reportTypes=${FBA}`)).body as Obj;
    expect(found.reports).toHaveLength(1);
    expect(found.reports[0].processingStatus).toBe('IN_QUEUE');
  });

  it('answers 429 after the burst of 15 createReport calls', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await eu.api('POST', '/reports', { reportType: FBA, marketplaceIds: [DE] })).status);
    expect(statuses).toEqual([...Array(15).fill(202), 429]);
    const throttled = await eu.api('POST', '/reports', { reportType: FBA, marketplaceIds: [DE] });
    expect(throttled.headers['x-amzn-errortype']).toBe('TooManyRequestsException');
    expect((throttled.body as Obj).errors[0].code).toBe('QuotaExceeded');
    clock += 60_000; // 0.0167/s: one more call a minute
    expect((await eu.api('POST', '/reports', { reportType: FBA, marketplaceIds: [DE] })).status).toBe(202);
    const ops = sb.calls().operations.find((o) => o.operation === 'createReport')!;
    expect([ops.calls, ops.throttled]).toEqual([18, 2]);
  });
});
