import { SellingPartner } from 'amazon-sp-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { LoopbackAgent } from './helpers/loopback-agent.ts';
import { strictDefinition } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Raw { statusCode: number; headers: Record<string, string>; body: string }

const model = (name: string) => strictDefinition('notifications.json', name);
const V = {
  getDestinations: model('GetDestinationsResponse'), createDestination: model('CreateDestinationResponse'),
  getDestination: model('GetDestinationResponse'), deleteDestination: model('DeleteDestinationResponse'),
  createSubscription: model('CreateSubscriptionResponse'), getSubscription: model('GetSubscriptionResponse'),
  getSubscriptionById: model('GetSubscriptionByIdResponse'), deleteSubscriptionById: model('DeleteSubscriptionByIdResponse'),
};
let sb: AmazonSandbox;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, sqsDuplicateRate: 0 });
  sb.sqs.createQueue('other-queue');
});
afterAll(() => sb.close());

/** The real client: it asks LWA for a client_credentials token by itself for the grantless operations. */
function client(sellerIndex: number): SellingPartner {
  const s = sb.sellers[sellerIndex]!;
  return new SellingPartner({ region: s.region, refresh_token: s.refreshToken,
    credentials: { SELLING_PARTNER_APP_CLIENT_ID: s.clientId, SELLING_PARTNER_APP_CLIENT_SECRET: s.clientSecret },
    options: { https_proxy_agent: new LoopbackAgent(sb.port), auto_request_throttled: false, retry_remote_timeout: false,
      timeouts: { response: 5000, idle: 5000, deadline: 10_000 } } } as never);
}

async function raw(sp: SellingPartner, operation: keyof typeof V, params: Obj = {}): Promise<{ status: number; body: Obj }> {
  const res = (await sp.callAPI({ operation, endpoint: 'notifications', ...params, options: { raw_result: true } } as never)) as Raw;
  const body = JSON.parse(res.body || '{}') as Obj;
  const v = V[operation];
  expect(v.validate(body), `${operation}: ${v.explain()}`).toBe(true);
  if (res.statusCode < 400) expect(res.headers['x-amzn-ratelimit-limit']).toBe('1');
  return { status: res.statusCode, body };
}

describe('Notifications API v1 (grantless destinations, seller subscriptions)', () => {
  it('LWA grants client_credentials tokens for the notifications scope only, and a seller token is refused', async () => {
    const s = sb.sellers[0]!;
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications',
      client_id: s.clientId, client_secret: s.clientSecret }).toString();
    const ok = await call(sb.port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com', form });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'sellingpartnerapi::notifications' });
    const bad = await call(sb.port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com',
      json: { grant_type: 'client_credentials', scope: 'sellingpartnerapi::orders', client_id: s.clientId, client_secret: s.clientSecret } });
    expect(bad.body).toMatchObject({ error: 'invalid_scope' });
    const seller = await accessToken(sb.port, s);
    const refused = await call(sb.port, { path: '/notifications/v1/destinations', host: 'sellingpartnerapi-eu.amazon.com', token: seller });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }] });
    const grantless = (ok.body as Obj).access_token as string;
    const orders = await call(sb.port, { path: '/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z',
      host: 'sellingpartnerapi-eu.amazon.com', token: grantless });
    expect(orders.status).toBe(403);
    const subs = await call(sb.port, { path: '/notifications/v1/subscriptions/ORDER_CHANGE', host: 'sellingpartnerapi-eu.amazon.com', token: grantless });
    expect(subs.status).toBe(403);
  });

  it('manages destinations of the application with the real client: existing queue ARN only, one per queue', async () => {
    const sp = client(0);
    const created = await raw(sp, 'createDestination', { body: { name: 'aec', resourceSpecification: { sqs: { arn: sb.sqs.queueArn() } } } });
    expect(created.status).toBe(200);
    const id = created.body.payload.destinationId as string;
    expect(created.body.payload).toEqual({ name: 'aec', destinationId: id, resource: { sqs: { arn: sb.sqs.queueArn() } } });
    const missing = await raw(sp, 'createDestination', { body: { name: 'x', resourceSpecification: {
      sqs: { arn: 'arn:aws:sqs:eu-west-1:123456789012:no-such-queue' } } } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].code).toBe('InvalidInput');
    expect((await raw(sp, 'createDestination', { body: { name: 'again', resourceSpecification: { sqs: { arn: sb.sqs.queueArn() } } } })).status).toBe(409);
    // The NA seller's client is the same application: it sees the same destinations.
    const listed = await raw(client(1), 'getDestinations');
    expect(listed.body.payload.map((d: Obj) => d.destinationId)).toEqual([id]);
    expect((await raw(sp, 'getDestination', { path: { destinationId: id } })).body.payload.name).toBe('aec');
    const other = await raw(sp, 'createDestination', { body: { name: 'o', resourceSpecification: { sqs: { arn: sb.sqs.queueArn('other-queue') } } } });
    expect((await raw(sp, 'deleteDestination', { path: { destinationId: other.body.payload.destinationId } })).status).toBe(200);
    expect((await raw(sp, 'getDestination', { path: { destinationId: other.body.payload.destinationId } })).status).toBe(404);
  });

  it('subscribes each seller once per type (409 the second time), reads and deletes by id grantless', async () => {
    const [eu, na] = [client(0), client(1)];
    const destinationId = (await raw(eu, 'getDestinations')).body.payload[0].destinationId as string;
    const path = { notificationType: 'ORDER_CHANGE' };
    const a = await raw(eu, 'createSubscription', { path, body: { payloadVersion: '1.0', destinationId } });
    expect(a.status).toBe(200);
    expect(a.body.payload).toEqual({ subscriptionId: expect.any(String), payloadVersion: '1.0', destinationId });
    expect((await raw(eu, 'createSubscription', { path, body: { payloadVersion: '1.0', destinationId } })).status).toBe(409);
    expect((await raw(na, 'getSubscription', { path })).status).toBe(404);
    const b = await raw(na, 'createSubscription', { path, body: { payloadVersion: '1.0', destinationId } });
    expect(b.body.payload.subscriptionId).not.toBe(a.body.payload.subscriptionId);
    expect((await raw(eu, 'getSubscription', { path })).body.payload.subscriptionId).toBe(a.body.payload.subscriptionId);
    const byId = { path: { ...path, subscriptionId: b.body.payload.subscriptionId } };
    expect((await raw(eu, 'getSubscriptionById', byId)).body.payload.destinationId).toBe(destinationId);
    expect((await raw(eu, 'deleteSubscriptionById', byId)).status).toBe(200);
    expect((await raw(na, 'getSubscription', { path })).status).toBe(404);
    expect((await raw(eu, 'createSubscription', { path, body: { payloadVersion: '2.0', destinationId } })).status).toBe(400);
    const ops = sb.calls().operations.filter((o) => o.operation.endsWith('Subscription') || o.operation.endsWith('SubscriptionById'));
    expect(Object.fromEntries(ops.map((o) => [`${o.operation}/${o.sellerId ?? 'app'}`, o.calls]))).toMatchObject({
      'createSubscription/A2EUSANDBOX001': 3, 'createSubscription/A3NASANDBOX002': 1, 'getSubscriptionById/app': 1,
      'deleteSubscriptionById/app': 1 });
  });

  it('enforces the usage plan (1/s, burst 5) on grantless calls with real 429s', async () => {
    const s = sb.sellers[0]!;
    const ok = await call(sb.port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com',
      json: { grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: s.clientId, client_secret: s.clientSecret } });
    const token = (ok.body as Obj).access_token as string;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await call(sb.port, { path: '/notifications/v1/destinations', host: 'sellingpartnerapi-eu.amazon.com', token })).status);
    }
    expect(statuses.filter((x) => x === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((x) => x === 200).length).toBeLessThanOrEqual(6);
  });
});
