/**
 * LISTINGS_ITEM_MFN_QUANTITY_CHANGE and FBA_INVENTORY_AVAILABILITY_CHANGES: subscribed through the Notifications
 * API, published on every change of a merchant quantity (patch, order, cancellation, admin) and of a pool's stock
 * of a SKU (FBA orders, admin), received with the real SQS client, each body checked against its official schema.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { notificationValidator } from './helpers/notification-validator.ts';
import { sqsClients } from './helpers/sqs-clients.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const schemas: Record<string, ReturnType<typeof notificationValidator>> = {
  LISTINGS_ITEM_MFN_QUANTITY_CHANGE: notificationValidator('ListingsItemMfnQuantityChange.json'),
  FBA_INVENTORY_AVAILABILITY_CHANGES: notificationValidator('FBAInventoryAvailabilityChangeNotification.json'),
};
const EU_HOST = 'sellingpartnerapi-eu.amazon.com';
const [DE, FR, IT, PL, SE, GB] = ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH', 'APJ6JRA9NG5V4', 'A1C3SOZRARQ6R3', 'A2NODRKZP88ZB9', 'A1F83G8C2ARO7P'];
let sb: AmazonSandbox;
let sqs: SQSClient;
let token: string;
let seller: string;

/** A destination on the default queue; the EU seller subscribes to `types`; answers of createSubscription. */
async function subscribe(types: string[], directive?: unknown): Promise<{ status: number; body: Obj }[]> {
  const app = sb.sellers[0]!;
  const lwa = await call(sb.port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com', json: {
    grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: app.clientId, client_secret: app.clientSecret } });
  const grantless = (lwa.body as Obj).access_token as string;
  const dests = await call(sb.port, { path: '/notifications/v1/destinations', host: EU_HOST, token: grantless });
  let destinationId = ((dests.body as Obj).payload as Obj[])[0]?.destinationId as string | undefined;
  if (!destinationId) {
    const d = await call(sb.port, { method: 'POST', path: '/notifications/v1/destinations', host: EU_HOST, token: grantless,
      json: { name: 'aec', resourceSpecification: { sqs: { arn: sb.sqs.queueArn() } } } });
    destinationId = (d.body as Obj).payload.destinationId as string;
  }
  const out: { status: number; body: Obj }[] = [];
  for (const t of types) {
    const r = await call(sb.port, { method: 'POST', path: `/notifications/v1/subscriptions/${t}`, host: EU_HOST, token,
      json: { payloadVersion: '1.0', destinationId, ...(directive ? { processingDirective: directive } : {}) } });
    out.push({ status: r.status, body: r.body as Obj });
  }
  return out;
}

/** Receives until `n` messages came (or 5 s passed), deletes them; bodies checked against their schema. */
async function drain(n: number): Promise<Obj[]> {
  const got: Obj[] = [];
  const until = Date.now() + 5000;
  while (got.length < n && Date.now() < until) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: sb.sqs.queueUrl(), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of r.Messages ?? []) {
      const body = JSON.parse(m.Body!) as Obj;
      const schema = schemas[body.NotificationType as string];
      expect(schema, body.NotificationType).toBeDefined();
      expect(schema!.validate(body), schema!.explain()).toBe(true);
      got.push(body);
    }
    if (r.Messages?.length) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: sb.sqs.queueUrl(),
        Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
    }
  }
  return got;
}

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 3, sqsDuplicateRate: 0, notificationDelayMs: 20 });
  seller = sb.sellers[0]!.sellerId;
  token = await accessToken(sb.port, sb.sellers[0]!);
  sqs = sqsClients(sb).viaHost;
});
afterAll(async () => {
  sqs.destroy();
  await sb.close();
});

describe('stock notifications', () => {
  it('subscriptions take both types with payload version 1.0 and no event filter', async () => {
    const refused = await subscribe(['LISTINGS_ITEM_MFN_QUANTITY_CHANGE'], { eventFilter: { eventFilterType: 'ORDER_CHANGE' } });
    expect(refused[0]!.status).toBe(400);
    const made = await subscribe(['LISTINGS_ITEM_MFN_QUANTITY_CHANGE', 'FBA_INVENTORY_AVAILABILITY_CHANGES']);
    expect(made.map((m) => m.status)).toEqual([200, 200]);
    const read = await call(sb.port, { path: '/notifications/v1/subscriptions/FBA_INVENTORY_AVAILABILITY_CHANGES', host: EU_HOST, token });
    expect((read.body as Obj).payload.subscriptionId).toBe(made[1]!.body.payload.subscriptionId);
  });

  it('a patch, a merchant order and its cancellation each send the new merchant quantity; an unchanged one sends nothing', async () => {
    const patch = (q: number) => call(sb.port, { method: 'PATCH', path: `/listings/2021-08-01/items/${seller}/TEA-GREEN-100?marketplaceIds=${DE}`,
      host: EU_HOST, token, json: { productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability',
        value: [{ fulfillment_channel_code: 'DEFAULT', quantity: q }] }] } });
    expect((await patch(17)).status).toBe(200);
    expect((await patch(17)).status).toBe(200); // same quantity: no news
    const [first, ...rest] = await drain(1);
    expect(rest).toEqual([]);
    expect(first!.Payload).toEqual({ SellerId: seller, FulfillmentChannelCode: 'DEFAULT', Sku: 'TEA-GREEN-100', Quantity: 17 });
    expect(first!.NotificationMetadata.SubscriptionId).toBeDefined();

    sb.setListingQuantity(seller, 'TEA-GREEN-100', 5);
    const order = { orderId: '305-1111111-2222222', createdTime: new Date().toISOString(), salesChannel: { marketplaceId: FR },
      fulfillment: { fulfillmentStatus: 'PENDING', fulfilledBy: 'MERCHANT' },
      orderItems: [{ orderItemId: '1', quantityOrdered: 2, product: { sellerSku: 'TEA-GREEN-100' } }] };
    sb.addOrders(seller, [order]);
    sb.cancelOrder(order.orderId, { by: 'AMAZON' });
    const got = await drain(3);
    expect(got.map((b) => b.Payload.Quantity)).toEqual([5, 3, 5]);
    const log = sb.notifications().published.filter((p) => p.notificationType === 'LISTINGS_ITEM_MFN_QUANTITY_CHANGE');
    expect(log.map((p) => p.sku)).toEqual(Array(4).fill('TEA-GREEN-100'));
  });

  it('a pool\'s change of a SKU names every marketplace of the pool; FBA orders reserving stock send it too', async () => {
    sb.setFbaStock(seller, 'EU', [{ sellerSku: 'MUG-CER-BLUE-FBA', fulfillable: 900, inboundShipped: 12, reserved: { fcProcessing: 1 } }]);
    const [eu] = await drain(1);
    const p = eu!.Payload as Obj;
    expect([p.SKU, p.ASIN, p.FNSKU]).toEqual(['MUG-CER-BLUE-FBA', 'B00008C446', sb.fbaStock(seller).pools.EU!.find((r) => r.sellerSku === 'MUG-CER-BLUE-FBA')!.fnSku]);
    expect(p.FulfillmentInventoryByMarketplace.map((m: Obj) => m.MarketplaceId)).toEqual([DE, FR, IT, PL, SE]);
    expect(p.FulfillmentInventoryByMarketplace[0].FulfillmentInventory).toMatchObject({ Fulfillable: 900,
      InboundQuantityBreakdown: { Shipped: 12 }, ReservedQuantityBreakdown: { WarehouseProcessing: 1 } });

    const [id] = sb.generateOrders({ sellerId: seller, count: 1, fulfilledBy: 'AMAZON', status: 'UNSHIPPED', marketplaceId: GB });
    const lines = ((sb.getOrder(id!).order as Obj).orderItems as Obj[]).length;
    const reserved = await drain(lines);
    expect(reserved.every((b) => b.NotificationType === 'FBA_INVENTORY_AVAILABILITY_CHANGES')).toBe(true);
    expect(reserved.map((b) => b.Payload.FulfillmentInventoryByMarketplace.map((m: Obj) => m.MarketplaceId))).toEqual(Array(lines).fill([GB]));
    expect(reserved[0]!.Payload.FulfillmentInventoryByMarketplace[0].FulfillmentInventory.ReservedQuantityBreakdown.PendingCustomerOrder)
      .toBeGreaterThan(0);
    expect(sb.notifications().published.filter((x) => x.notificationType === 'FBA_INVENTORY_AVAILABILITY_CHANGES').map((x) => x.pool))
      .toEqual(['EU', ...Array(lines).fill('UK')]);
  });
});
