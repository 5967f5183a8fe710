import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAmazon } from './testing/fake-amazon.ts';
import { LwaTokenError, NOTIFICATIONS_SCOPE, SpApiTransport, type SpApiRequest, type SpApiTransportOptions } from './transport.ts';

const credentials = { clientId: 'amzn1.application-oa2-client.test', clientSecret: 'secret-1', refreshToken: 'Atzr|seller-1' };
const getOrder = (orderId: string): SpApiRequest => ({
  clientOperation: 'orders.getOrder',
  version: '2026-01-01',
  path: { orderId },
  query: { includedData: ['BUYER', 'RECIPIENT'] },
});

describe('SpApiTransport through the endpoint override', () => {
  let fake: FakeAmazon;
  let transport: SpApiTransport | undefined;
  const open = (extra: Partial<SpApiTransportOptions> = {}) => {
    transport = new SpApiTransport({ region: 'eu', credentials, endpoint: { host: '127.0.0.1', port: fake.port }, ...extra });
    return transport;
  };

  beforeEach(async () => {
    fake = await FakeAmazon.start();
  });
  afterEach(async () => {
    transport?.close();
    await fake.close();
  });

  it('exchanges the refresh token with LWA once, caches the token and sends it on every call', async () => {
    const t = open();
    fake.reply = () => ({ status: 200, body: { order: { orderId: '1' } }, headers: { 'x-amzn-RateLimit-Limit': '0.5' } });
    const first = await t.send(getOrder('028-1234567-8901234'));
    await t.send(getOrder('028-1234567-8901235'));

    expect(fake.lwaCalls).toHaveLength(1);
    expect(fake.lwaCalls[0]?.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'Atzr|seller-1',
      client_id: 'amzn1.application-oa2-client.test',
      client_secret: 'secret-1',
    });
    expect(fake.requests.map((r) => [r.host, r.method, r.path, r.accessToken])).toEqual([
      ['sellingpartnerapi-eu.amazon.com', 'GET', '/orders/2026-01-01/orders/028-1234567-8901234', 'Atza|token-1'],
      ['sellingpartnerapi-eu.amazon.com', 'GET', '/orders/2026-01-01/orders/028-1234567-8901235', 'Atza|token-1'],
    ]);
    expect(fake.requests[0]?.query).toEqual({ includedData: 'BUYER,RECIPIENT' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-amzn-ratelimit-limit']).toBe('0.5');
    expect(JSON.parse(first.body)).toEqual({ order: { orderId: '1' } });
  });

  it('sends a grantless operation with a client_credentials token of the notifications scope, fetched once', async () => {
    const t = open();
    fake.reply = () => ({ status: 200, body: { payload: [] } });
    const getDestinations: SpApiRequest = { clientOperation: 'notifications.getDestinations', version: 'v1', grantlessScope: NOTIFICATIONS_SCOPE };
    await t.send(getDestinations);
    await t.send(getDestinations);
    expect(fake.lwaCalls.map((c) => c.body)).toEqual([
      { grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: credentials.clientId, client_secret: 'secret-1' },
    ]);
    expect(fake.requests.map((r) => [r.path, r.accessToken])).toEqual([
      ['/notifications/v1/destinations', 'Atza|token-1'],
      ['/notifications/v1/destinations', 'Atza|token-1'],
    ]);
  });

  it('decodes an answer whose multi-byte character straddles two network chunks (the client alone would mangle it)', async () => {
    const t = open();
    const raw = JSON.stringify({ order: { orderId: '1', city: 'République' } });
    fake.reply = () => ({ status: 200, raw, splitAtByte: Buffer.from(raw).indexOf(Buffer.from('é')) + 1 });
    const res = await t.send(getOrder('028-1234567-8901234'));
    expect(JSON.parse(res.body)).toEqual({ order: { orderId: '1', city: 'République' } });
  });

  it('shares one LWA exchange between concurrent first calls and refreshes the token when it is old', async () => {
    let now = 1_000_000;
    const t = open({ now: () => now, tokenTtlMs: 60_000 });
    await Promise.all([t.send(getOrder('A')), t.send(getOrder('B')), t.send(getOrder('C'))]);
    expect(fake.lwaCalls).toHaveLength(1);

    now += 61_000;
    await t.send(getOrder('D'));
    expect(fake.lwaCalls).toHaveLength(2);
    expect(fake.requests.at(-1)?.accessToken).toBe('Atza|token-2');
  });

  it('builds fresh params for every call, so reusing a request object does not double-encode its path', async () => {
    const t = open();
    const request = getOrder('X(1) 2');
    await t.send(request);
    await t.send(request);
    // Encoded exactly once both times (a reused, mutated object would arrive as X%25281%2529...).
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/orders/2026-01-01/orders/X%281%29%202',
      '/orders/2026-01-01/orders/X%281%29%202',
    ]);
    expect(decodeURIComponent(fake.requests[1]?.path ?? '')).toBe('/orders/2026-01-01/orders/X(1) 2');
    expect(request.path).toEqual({ orderId: 'X(1) 2' });
  });

  it('turns an LWA refusal into an LwaTokenError with the OAuth code and makes no SP-API request', async () => {
    const t = open();
    fake.lwaReply = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'The refresh token is invalid' } });
    const err = await t.send(getOrder('A')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LwaTokenError);
    expect((err as LwaTokenError).code).toBe('invalid_grant');
    expect(fake.requests).toHaveLength(0);
  });

  it('gives up on a server that never answers after the response timeout', async () => {
    const t = open({ timeouts: { response: 150, idle: 150, deadline: 1000 } });
    fake.reply = () => ({ hang: true });
    const started = Date.now();
    const err = await t.send(getOrder('A')).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('API_RESPONSE_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('rejects a reset connection once, with its code (the client would retry it forever)', async () => {
    const t = open();
    fake.reply = () => ({ reset: true });
    const err = await t.send(getOrder('A')).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ECONNRESET');
    expect(fake.requests).toHaveLength(1);
  });

  it('resolves a 204 answer and leaves no response timer armed behind it', async () => {
    const t = open({ timeouts: { response: 60_000, idle: 60_000, deadline: 60_000 } });
    fake.reply = () => ({ status: 204 });
    const confirm: SpApiRequest = {
      clientOperation: 'orders.confirmShipment',
      version: 'v0',
      path: { orderId: '028-1234567-8901234' },
      body: { packageDetail: { packageReferenceId: '1' }, marketplaceId: 'A1PA6795UKMFR9' },
      emptyResponse: true,
    };
    await t.send(confirm);
    const timersBefore = activeTimers();
    const res = await t.send(confirm);
    // The client arms its response timer on send and clears it only on a body chunk: after a 204 it would stay
    // armed for a minute (keeping a worker from exiting). Empty-response operations therefore go without it.
    expect(activeTimers()).toBe(timersBefore);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/orders/v0/orders/028-1234567-8901234/shipmentConfirmation' });
  });
});

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}
