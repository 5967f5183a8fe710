/**
 * Reports on real (scaled) time with the real clients: the amazon-sp-api client's downloadReport (createReport,
 * polling getReport, getReportDocument, the gzip download) reads a returns report, and REPORT_PROCESSING_FINISHED
 * reaches a subscribed SQS queue, its body checked against the official schema.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { spClient } from './helpers/feeds.ts';
import { EU_HOST } from './helpers/feed-http.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { notificationValidator } from './helpers/notification-validator.ts';
import { sqsClients } from './helpers/sqs-clients.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DE = 'A1PA6795UKMFR9';
const schema = notificationValidator('ReportProcessingFinishedNotification.json');
let sb: AmazonSandbox;
let sqs: SQSClient;
let seller: string;

beforeAll(async () => {
  // 120 s of Amazon time at 600x: a report takes 0.2 s.
  sb = await startAmazonSandbox({ port: 0, seed: 8, returnShare: 0, timeScale: 600, sqsDuplicateRate: 0, notificationDelayMs: 20 });
  seller = sb.sellers[0]!.sellerId;
  sqs = sqsClients(sb).viaHost;
});
afterAll(async () => {
  sqs.destroy();
  await sb.close();
});

/** Subscribes the EU seller (the demo application) to REPORT_PROCESSING_FINISHED on the default queue. */
async function subscribe(): Promise<{ status: number; body: Obj }> {
  const app = sb.sellers[0]!;
  const lwa = await call(sb.port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com', json: {
    grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: app.clientId, client_secret: app.clientSecret } });
  const grantless = (lwa.body as Obj).access_token as string;
  const d = await call(sb.port, { method: 'POST', path: '/notifications/v1/destinations', host: EU_HOST, token: grantless,
    json: { name: 'aec', resourceSpecification: { sqs: { arn: sb.sqs.queueArn() } } } });
  const token = await accessToken(sb.port, app);
  const r = await call(sb.port, { method: 'POST', path: '/notifications/v1/subscriptions/REPORT_PROCESSING_FINISHED', host: EU_HOST, token,
    json: { payloadVersion: '2020-09-04', destinationId: (d.body as Obj).payload.destinationId } });
  return { status: r.status, body: r.body as Obj };
}

/** Waits (5 s at most) for `n` messages, deletes them. */
async function receive(n: number): Promise<Obj[]> {
  const got: Obj[] = [];
  const until = Date.now() + 5000;
  while (got.length < n && Date.now() < until) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: sb.sqs.queueUrl(), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of r.Messages ?? []) got.push(JSON.parse(m.Body!) as Obj);
    if (r.Messages?.length) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: sb.sqs.queueUrl(),
        Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
    }
  }
  return got;
}

describe('reports on scaled time', () => {
  it('the real client creates, polls, and downloads a gzip returns report; subscribers hear REPORT_PROCESSING_FINISHED', async () => {
    expect((await subscribe()).status).toBe(200);
    const orderId = sb.generateOrders({ sellerId: seller, count: 1, fulfilledBy: 'AMAZON', status: 'SHIPPED', marketplaceId: DE })[0]!;
    sb.returnOrder(orderId, { disposition: 'CUSTOMER_DAMAGED', reason: 'DEFECTIVE', comments: 'Lid\tcracked' });
    await new Promise((r) => setTimeout(r, 5)); // the report's window ends now, after the return
    const sp = spClient(sb, 0);
    const rows = await sp.downloadReport({ body: { reportType: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', marketplaceIds: [DE],
      dataStartTime: new Date(Date.now() - 86_400_000).toISOString() }, version: '2021-06-30', interval: 50, download: { json: true } } as never) as Obj[];
    expect(rows).toEqual([expect.objectContaining({ 'order-id': orderId, 'detailed-disposition': 'CUSTOMER_DAMAGED', reason: 'DEFECTIVE',
      'customer-comments': 'Lid cracked' })]);
    const [note] = await receive(1);
    expect(schema.validate(note), schema.explain()).toBe(true);
    const payload = note!.payload.reportProcessingFinishedNotification as Obj;
    const asked = (await call(sb.port, { path: `/_sandbox/reports?sellerId=${seller}` })).body as Obj;
    expect(payload).toEqual({ sellerId: seller, accountId: `amzn1.merchant.o.${seller}`, reportId: asked.reports[0].reportId,
      reportType: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', processingStatus: 'DONE', reportDocumentId: asked.reports[0].reportDocumentId });
    expect([note!.notificationType, note!.payloadVersion]).toEqual(['REPORT_PROCESSING_FINISHED', '2020-09-04']);
    // An empty report ends CANCELLED: the notification says so, without a document.
    const created = await call(sb.port, { method: 'POST', path: '/reports/2021-06-30/reports', host: EU_HOST,
      token: await accessToken(sb.port, sb.sellers[0]!), json: { reportType: 'GET_FBA_REIMBURSEMENTS_DATA', marketplaceIds: [DE] } });
    expect(created.status).toBe(202);
    const [cancelled] = await receive(1);
    expect(schema.validate(cancelled), schema.explain()).toBe(true);
    expect(cancelled!.payload.reportProcessingFinishedNotification).toMatchObject({ reportId: (created.body as Obj).reportId,
      processingStatus: 'CANCELLED' });
    expect(cancelled!.payload.reportProcessingFinishedNotification.reportDocumentId).toBeUndefined();
  });
});
