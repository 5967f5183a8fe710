import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createAmazonAdapter, type AmazonAdapter } from './amazon-adapter.ts';
import { FBA_CUSTOMER_RETURNS } from './report-specs.ts';
import { reportOutcome } from './reports-api.ts';
import { FakeAmazon, type FakeReply, type FakeRequest } from './testing/fake-amazon.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';

const report = (id: string, processingStatus: string, more: Record<string, unknown> = {}) => ({
  reportId: id,
  reportType: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA',
  createdTime: '2026-12-02T06:00:00Z',
  processingStatus,
  ...more,
});

describe('ReportsApi (over the fake Amazon, through the endpoint override)', () => {
  let fake: FakeAmazon;
  let amazon: AmazonAdapter;
  let gate: MemoryQuotaGate;
  afterEach(async () => {
    amazon?.close();
    await fake?.close();
  });
  async function start(reply: (req: FakeRequest, n: number) => FakeReply) {
    fake = await FakeAmazon.start();
    fake.reply = reply;
    gate = new MemoryQuotaGate();
    amazon = createAmazonAdapter({
      region: 'eu',
      credentials: { clientId: 'c', clientSecret: 's', refreshToken: 'r' },
      endpoint: { host: '127.0.0.1', port: fake.port },
      gate,
      sellerKey: 'seller',
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      timeouts: { response: 500, idle: 500, deadline: 1000 },
    });
  }

  it('refuses a bad spec before any quota, pages getReports with nextToken alone, cancels with its own plan', async () => {
    await start((req) => {
      if (req.method === 'DELETE') return { status: 200 };
      return req.query.nextToken ? { status: 200, body: { reports: [report('2', 'DONE', { reportDocumentId: 'd2' })] } } : { status: 200, body: { reports: [report('1', 'IN_QUEUE')], nextToken: 'p2' } };
    });
    await expect(amazon.reports.createReport({ reportType: 'X', marketplaceIds: [] })).rejects.toMatchObject({ code: 'AMAZON_INVALID_REQUEST' });
    await expect(amazon.reports.createReport({ reportType: 'X', marketplaceIds: ['M'], format: 'csv' } as never)).rejects.toMatchObject({ code: 'AMAZON_INVALID_REQUEST' });
    const found = await amazon.reports.getReports({ reportTypes: ['GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA'], processingStatuses: ['IN_QUEUE', 'DONE'] });
    expect(found.map((r) => r.reportId)).toEqual(['1', '2']);
    await amazon.reports.cancelReport('1');
    expect(fake.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/reports/2021-06-30/reports', { reportTypes: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', processingStatuses: 'IN_QUEUE,DONE', pageSize: '100' }],
      ['GET', '/reports/2021-06-30/reports', { nextToken: 'p2' }],
      ['DELETE', '/reports/2021-06-30/reports/1', {}],
    ]);
    expect(gate.calls.filter((c) => c.kind === 'acquire').map((c) => c.kind === 'acquire' && [c.operation, c.plan.rate, c.plan.burst])).toEqual([
      ['getReports', 0.0222, 10],
      ['getReports', 0.0222, 10],
      ['cancelReport', 0.0222, 10],
    ]);
  });

  it('downloads the document from its pre-signed url without SP-API credentials and streams its rows', async () => {
    const text = `${FBA_CUSTOMER_RETURNS.columns.join('\t')}\n${FBA_CUSTOMER_RETURNS.columns.map((c) => (c === 'quantity' ? '1' : c === 'order-id' ? '028-1' : '')).join('\t')}\n`;
    await start((req) => {
      if (req.path.startsWith('/reports/2021-06-30/documents/')) return { status: 200, body: { reportDocumentId: 'doc-1', url: 'https://tortuga-prod-eu.s3-eu-west-1.amazonaws.com/doc-1?X-Amz-Signature=x', compressionAlgorithm: 'GZIP' } };
      return { status: 200, bytes: gzipSync(Buffer.from(text)), headers: { 'content-type': 'text/plain;charset=UTF-8' } };
    });
    const doc = await amazon.reports.getReportDocument('doc-1');
    const rows = [];
    for await (const r of amazon.reports.rows(doc, FBA_CUSTOMER_RETURNS, 'A1PA6795UKMFR9')) rows.push(r);
    expect(rows).toEqual([expect.objectContaining({ ok: true, line: 2, integers: { quantity: 1 }, cells: expect.objectContaining({ 'order-id': '028-1' }) })]);
    const download = fake.requests.find((r) => r.host.startsWith('tortuga'))!;
    expect(download).toMatchObject({ method: 'GET', path: '/doc-1', query: { 'X-Amz-Signature': 'x' } });
    expect(download.accessToken).toBeUndefined();
  });

  it('reads FATAL and CANCELLED as outcomes, and refuses a DONE report without a document', () => {
    expect(reportOutcome(report('1', 'CANCELLED') as never)).toMatchObject({ state: 'empty' });
    expect(reportOutcome(report('1', 'FATAL', { reportDocumentId: 'why' }) as never)).toMatchObject({ state: 'fatal', reportDocumentId: 'why' });
    expect(reportOutcome(report('1', 'IN_PROGRESS') as never)).toMatchObject({ state: 'pending' });
    expect(() => reportOutcome(report('1', 'DONE') as never)).toThrow(expect.objectContaining({ code: 'AMAZON_BAD_PAYLOAD' }));
  });
});
