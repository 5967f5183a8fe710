import { ReceiveMessageCommand, DeleteMessageBatchCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { modelValidators } from './helpers/model-validator.ts';
import { orderChangeValidator } from './helpers/notification-validator.ts';
import { sqsClients } from './helpers/sqs-clients.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const schema = orderChangeValidator();
const orders = modelValidators();
const [EU, NA] = ['A2EUSANDBOX001', 'A3NASANDBOX002'];
let sb: AmazonSandbox;
let sqs: SQSClient;

/** A destination on the default queue and an ORDER_CHANGE subscription for every seller (raw HTTP, as any client). */
async function subscribeAll(s: AmazonSandbox): Promise<void> {
  const app = s.sellers[0]!;
  const lwa = await call(s.port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com', json: {
    grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: app.clientId, client_secret: app.clientSecret } });
  const grantless = (lwa.body as Obj).access_token as string;
  const dest = await call(s.port, { method: 'POST', path: '/notifications/v1/destinations', host: 'sellingpartnerapi-eu.amazon.com',
    token: grantless, json: { name: 'aec', resourceSpecification: { sqs: { arn: s.sqs.queueArn() } } } });
  const destinationId = (dest.body as Obj).payload.destinationId as string;
  for (const seller of s.sellers) {
    const res = await call(s.port, { method: 'POST', path: '/notifications/v1/subscriptions/ORDER_CHANGE',
      host: `sellingpartnerapi-${seller.region}.amazon.com`, token: await accessToken(s.port, seller),
      json: { payloadVersion: '1.0', destinationId } });
    expect(res.status, res.text).toBe(200);
  }
}

/** Receives (long polling) until `n` messages came, deletes them, returns their bodies checked against the schema. */
async function drain(client: SQSClient, queueUrl: string, n: number): Promise<Obj[]> {
  const got: Message[] = [];
  const until = Date.now() + 8000;
  while (got.length < n && Date.now() < until) {
    const r = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }));
    got.push(...(r.Messages ?? []));
    if (r.Messages?.length) {
      await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl,
        Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
    }
  }
  return got.map((m) => {
    const body = JSON.parse(m.Body!) as Obj;
    expect(schema.validate(body), schema.explain()).toBe(true);
    return body;
  });
}

const change = (b: Obj) => b.Payload.OrderChangeNotification as Obj;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 5, sqsDuplicateRate: 0, notificationDelayMs: 50 });
  await subscribeAll(sb);
  sqs = sqsClients(sb).viaHost;
});
afterAll(async () => {
  sqs.destroy();
  await sb.close();
});

describe('ORDER_CHANGE notifications from order changes, delivered to SQS', () => {
  it('tells both sellers\' changes on one queue: created, buyer cancel request, Amazon cancellation', async () => {
    const [mfn] = sb.generateOrders({ sellerId: EU, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    const [fba] = sb.generateOrders({ sellerId: NA, count: 1, fulfilledBy: 'AMAZON', status: 'UNSHIPPED' });
    const created = await drain(sqs, sb.sqs.queueUrl(), 2);
    expect(created.map((b) => [change(b).SellerId, change(b).AmazonOrderId, change(b).Summary.FulfillmentType])
      .sort()).toEqual([[EU, mfn, 'MFN'], [NA, fba, 'AFN']]);
    for (const b of created) {
      expect(change(b)).toMatchObject({ OrderChangeType: 'OrderStatusChange', NotificationLevel: 'OrderLevel',
        OrderChangeTrigger: { ChangeReason: 'Order Created' }, Summary: { OrderStatus: 'Unshipped' } });
      expect(b.NotificationMetadata.ApplicationId).toBe(sb.sellers[0]!.clientId);
    }
    const order = sb.getOrder(mfn!).order;
    const units = (order.orderItems as Obj[]).reduce((n, i) => n + i.fulfillment.quantityUnfulfilled, 0);
    expect(change(created.find((b) => change(b).SellerId === EU)!).Summary.NumberOfItemsUnshipped).toBe(units);

    // The buyer asks to cancel (admin HTTP route): the order stays UNSHIPPED, getOrder with CANCELLATION shows it.
    const asked = await call(sb.port, { method: 'POST', path: `/_sandbox/orders/${mfn}/buyer-cancel-request`, json: { reason: 'Found it cheaper' } });
    expect(asked.status, asked.text).toBe(200);
    const [request] = await drain(sqs, sb.sqs.queueUrl(), 1);
    expect(change(request!)).toMatchObject({ AmazonOrderId: mfn, OrderChangeType: 'BuyerRequestedChange',
      OrderChangeTrigger: { ChangeReason: 'Buyer Requested Cancel' }, Summary: { OrderStatus: 'Unshipped' } });
    expect(change(request!).Summary.OrderItems.every((i: Obj) => i.IsBuyerRequestedCancel === true)).toBe(true);
    const token = await accessToken(sb.port, sb.sellers[0]!);
    const read = await call(sb.port, { path: `/orders/2026-01-01/orders/${mfn}?includedData=CANCELLATION`,
      host: 'sellingpartnerapi-eu.amazon.com', token });
    expect(orders.getOrder(read.body), orders.explain(orders.getOrder)).toBe(true);
    const seen = (read.body as Obj).order;
    expect(seen.fulfillment).toBeUndefined();
    expect(seen.orderItems.map((i: Obj) => i.cancellation)).toEqual(seen.orderItems.map(() =>
      ({ cancellationRequest: { requester: 'BUYER', cancelReason: 'Found it cheaper' } })));

    // Amazon cancels it: CANCELLED, cancellationExecution by AMAZON beside the buyer's request.
    const cancelled = await call(sb.port, { method: 'POST', path: `/_sandbox/orders/${mfn}/cancel`, json: { by: 'AMAZON' } });
    expect(cancelled.status, cancelled.text).toBe(200);
    const [gone] = await drain(sqs, sb.sqs.queueUrl(), 1);
    expect(change(gone!)).toMatchObject({ OrderChangeType: 'OrderStatusChange', Summary: { OrderStatus: 'Canceled' } });
    const after = await call(sb.port, { path: `/orders/2026-01-01/orders/${mfn}?includedData=CANCELLATION,FULFILLMENT`,
      host: 'sellingpartnerapi-eu.amazon.com', token });
    expect((after.body as Obj).order.fulfillment.fulfillmentStatus).toBe('CANCELLED');
    expect((after.body as Obj).order.orderItems[0].cancellation).toEqual({
      cancellationRequest: { requester: 'BUYER', cancelReason: 'Found it cheaper' },
      cancellationExecution: { cancelledBy: 'AMAZON', cancelReason: 'Payment could not be verified' } });
    const again = await call(sb.port, { method: 'POST', path: `/_sandbox/orders/${mfn}/buyer-cancel-request`, json: {} });
    expect(again.body).toMatchObject({ error: 'ORDER_NOT_CANCELLABLE' });

    const published = sb.notifications().published;
    expect(published.map((p) => p.orderChangeType)).toEqual(['OrderStatusChange', 'OrderStatusChange', 'BuyerRequestedChange', 'OrderStatusChange']);
    expect(new Set(published.map((p) => p.notificationId)).size).toBe(4);
  });

  it('delivers a share late, after later changes (out of order), when notificationLateShare is set', async () => {
    const late = await startAmazonSandbox({ port: 0, seed: 2, sqsDuplicateRate: 0, notificationDelayMs: 0,
      notificationLateShare: 0.5, notificationLateMs: 300 });
    const client = sqsClients(late).viaEndpoint;
    try {
      await subscribeAll(late);
      const [id] = late.generateOrders({ sellerId: EU, count: 1, fulfilledBy: 'MERCHANT', status: 'PENDING' });
      for (const status of ['UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED']) late.updateOrder(id!, { fulfillmentStatus: status });
      const bodies = await drain(client, late.sqs.queueUrl(), 4);
      const statuses = bodies.map((b) => change(b).Summary.OrderStatus);
      expect([...statuses].sort()).toEqual(['PartiallyShipped', 'Pending', 'Shipped', 'Unshipped']);
      const flags = late.notifications().published.map((p) => p.late);
      expect(flags).toContain(true);
      expect(flags).toContain(false);
      expect(statuses).not.toEqual(['Pending', 'Unshipped', 'PartiallyShipped', 'Shipped']);
    } finally {
      client.destroy();
      await late.close();
    }
  });
});
