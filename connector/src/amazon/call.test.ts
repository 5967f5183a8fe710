import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError, RetryableError, type SyncError } from '../core/errors.ts';
import { SpApiCaller, fullJitter, type SpApiOperation } from './call.ts';
import { GET_ORDER, SEARCH_ORDERS } from './orders-api.ts';
import { FakeAmazon, quotaExceeded, type FakeReply } from './testing/fake-amazon.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';
import { SpApiTransport } from './transport.ts';
import { USAGE_PLANS } from './usage-plans.ts';

const CONFIRM_SHIPMENT: SpApiOperation = {
  name: 'confirmShipment',
  clientOperation: 'orders.confirmShipment',
  version: 'v0',
  idempotent: false,
  emptyResponse: true,
};
const orderInput = { path: { orderId: '028-1234567-8901234' }, query: { includedData: ['BUYER'] } };
const serverError = (status: number): FakeReply => ({
  status,
  body: { errors: [{ code: status === 503 ? 'ServiceUnavailable' : 'InternalFailure', message: 'We encountered an internal error.' }] },
});

describe('SpApiCaller against a fake Amazon with the real client', () => {
  let log: string[];
  let fake: FakeAmazon;
  let gate: MemoryQuotaGate;
  let transport: SpApiTransport;
  let sleeps: number[];
  let caller: SpApiCaller;

  beforeEach(async () => {
    log = [];
    fake = await FakeAmazon.start(log);
    gate = new MemoryQuotaGate(log);
    transport = new SpApiTransport({
      region: 'eu',
      credentials: { clientId: 'client', clientSecret: 'secret', refreshToken: 'Atzr|seller' },
      endpoint: { host: '127.0.0.1', port: fake.port },
      timeouts: { response: 300, idle: 300, deadline: 2000 },
    });
    sleeps = [];
    caller = new SpApiCaller({
      transport,
      gate,
      sellerKey: 'backend-7',
      maxQuotaWaitMs: 30_000,
      retry: { maxAttempts: 5, baseDelayMs: 4, maxDelayMs: 20 },
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
  });
  afterEach(async () => {
    transport.close();
    await fake.close();
  });

  const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('the call should fail'), (e: unknown) => e as SyncError);

  it('takes a quota token before every request and reports the announced rate', async () => {
    fake.reply = () => ({ status: 200, headers: { 'x-amzn-RateLimit-Limit': '0.5' }, body: { order: { orderId: 'x' } } });
    const res = await caller.call(GET_ORDER, orderInput);
    await caller.call(GET_ORDER, orderInput);

    expect(res).toEqual({ statusCode: 200, body: { order: { orderId: 'x' } }, text: '{"order":{"orderId":"x"}}', requestId: 'req-1' });
    expect(log).toEqual(['acquire getOrder', 'lwa', 'request /orders/2026-01-01/orders/028-1234567-8901234', 'acquire getOrder', 'request /orders/2026-01-01/orders/028-1234567-8901234']);
    expect(gate.of('acquire')[0]).toEqual({ kind: 'acquire', sellerKey: 'backend-7', operation: 'getOrder', plan: USAGE_PLANS.getOrder, maxWaitMs: 30_000 });
    expect(gate.of('observeRate')).toEqual([
      { kind: 'observeRate', sellerKey: 'backend-7', operation: 'getOrder', rate: 0.5 },
      { kind: 'observeRate', sellerKey: 'backend-7', operation: 'getOrder', rate: 0.5 },
    ]);
  });

  it('does not report a rate when Amazon omits the header', async () => {
    await caller.call(SEARCH_ORDERS, { query: { lastUpdatedAfter: '2025-01-01T00:00:00Z', marketplaceIds: ['A1PA6795UKMFR9'] } });
    expect(gate.of('observeRate')).toEqual([]);
  });

  it('on a 429 pauses the shared bucket briefly (not a whole restore time), waits for a token and retries', async () => {
    fake.reply = (_req, n) => (n === 1 ? quotaExceeded('0.0056') : { status: 200, body: { orders: [] } });
    const res = await caller.call(SEARCH_ORDERS, { query: { lastUpdatedAfter: '2025-01-01T00:00:00Z', marketplaceIds: ['A1PA6795UKMFR9'] } });
    expect(res.body).toEqual({ orders: [] });
    expect(log.filter((e) => e !== 'lwa')).toEqual([
      'acquire searchOrders',
      'request /orders/2026-01-01/orders',
      'pause searchOrders',
      'acquire searchOrders',
      'request /orders/2026-01-01/orders',
    ]);
    expect(gate.of('observeRate').map((c) => c.rate)).toEqual([0.0056]);
  });

  it('gives up on repeated 429s after the cap with a RetryableError, in bounded time', async () => {
    fake.reply = () => quotaExceeded();
    const started = Date.now();
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('AMAZON_THROTTLED');
    expect(err.details).toMatchObject({ operation: 'getOrder', status: 429, amazonCode: 'QuotaExceeded', requestId: 'req-5', attempts: 5 });
    // No header: the hint comes from the documented plan (0.5 requests/s).
    expect((err as RetryableError).retryAfterMs).toBe(2000);
    expect(fake.requests).toHaveLength(5);
    expect(gate.of('drain')).toEqual([]);
    expect(gate.of('acquire')).toHaveLength(5);
    // Four pauses of the shared bucket between five attempts (none after the last): exponential from the base
    // (4 ms), half fixed, half jittered; the caller sleeps no more on top (the next token's wait is the pause).
    const pauses = gate.of('pause').map((p) => p.pauseMs);
    expect(pauses).toHaveLength(4);
    pauses.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual(2 * 2 ** i));
    pauses.forEach((ms, i) => expect(ms).toBeLessThan(4 * 2 ** i));
    expect(sleeps).toEqual([]);
  });

  it('honours the rate a 429 announces: the gate learns it and the give-up hint follows it', async () => {
    fake.reply = () => quotaExceeded('0.25');
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(err.code).toBe('AMAZON_THROTTLED');
    expect((err as RetryableError).retryAfterMs).toBe(4000); // 1 / 0.25 s, not the documented 0.5/s's 2000
    expect(new Set(gate.of('observeRate').map((c) => c.rate))).toEqual(new Set([0.25]));
  });

  it('ignores a rate header that is unreadable or not believable for the operation, and says so once', async () => {
    const warnings: Array<Record<string, unknown>> = [];
    const logged = new SpApiCaller({ transport, gate, sellerKey: 'backend-7', logger: { warn: (d) => void warnings.push(d) } });
    const bogus = ['0x10', 'Infinity', '-1', '0', '', ' ', 'abc', '0.5 req/s', '1,5', '1e9', '0.0001'];
    for (const value of bogus) {
      fake.reply = () => ({ status: 200, headers: { 'x-amzn-RateLimit-Limit': value }, body: { order: { orderId: 'x' } } });
      await logged.call(GET_ORDER, orderInput);
      await logged.call(GET_ORDER, orderInput);
    }
    expect(gate.of('observeRate')).toEqual([]);
    expect(warnings.length).toBeGreaterThanOrEqual(bogus.length - 2); // an empty or blank value may not be sent at all
    expect(warnings.length).toBeLessThanOrEqual(bogus.length);
    // Readable and believable: plain decimals, exponent form, the first of a repeated header.
    for (const [value, rate] of [['0.1', 0.1], ['5.6E-1', 0.56], ['2.0, 2.0', 2]] as const) {
      fake.reply = () => ({ status: 200, headers: { 'x-amzn-RateLimit-Limit': value }, body: { order: { orderId: 'x' } } });
      await logged.call(GET_ORDER, orderInput);
      expect(gate.of('observeRate').at(-1)?.rate).toBe(rate);
    }
  });

  it('retries 5xx answers and succeeds when Amazon recovers', async () => {
    fake.reply = (_req, n) => (n <= 2 ? serverError(n === 1 ? 500 : 503) : { status: 200, body: { order: { orderId: 'ok' } } });
    const res = await caller.call(GET_ORDER, orderInput);
    expect(res.body).toEqual({ order: { orderId: 'ok' } });
    expect(fake.requests).toHaveLength(3);
    expect(gate.of('pause')).toEqual([]);
  });

  it('ends persistent 5xx answers in AMAZON_UNAVAILABLE with Amazon\'s code and message', async () => {
    fake.reply = () => serverError(500);
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('AMAZON_UNAVAILABLE');
    expect(err.details).toMatchObject({ status: 500, amazonCode: 'InternalFailure', amazonMessage: 'We encountered an internal error.' });
    expect(fake.requests).toHaveLength(5);
  });

  it('retries a reset connection a bounded number of times, never in a tight loop', async () => {
    fake.reply = () => ({ reset: true });
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('AMAZON_UNAVAILABLE');
    expect(err.details).toMatchObject({ reason: 'ECONNRESET', attempts: 5 });
    expect(fake.requests).toHaveLength(5);
    expect(sleeps).toHaveLength(4);
  });

  it('turns a server that never answers into AMAZON_TIMEOUT', async () => {
    caller = new SpApiCaller({ transport, gate, sellerKey: 'backend-7', retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    fake.reply = () => ({ hang: true });
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('AMAZON_TIMEOUT');
    expect(fake.requests).toHaveLength(2);
  });

  it('maps 400 InvalidInput to a PermanentError with Amazon\'s code, the request id and no payload', async () => {
    fake.reply = () => ({
      status: 400,
      body: { errors: [{ code: 'InvalidInput', message: 'Invalid Input', details: 'Invalid Input' }], echo: 'buyer@example.com' },
    });
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('AMAZON_INVALID_REQUEST');
    expect(err.details).toEqual({ operation: 'getOrder', status: 400, amazonCode: 'InvalidInput', amazonMessage: 'Invalid Input', requestId: 'req-1', attempts: 1 });
    expect(JSON.stringify(err.details) + err.message).not.toContain('buyer@example.com');
    expect(fake.requests).toHaveLength(1);
  });

  it('maps 403 access denied to AMAZON_AUTH_FAILED and 404 to AMAZON_NOT_FOUND, without retrying', async () => {
    fake.reply = () => ({ status: 403, body: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.' }] } });
    expect((await failure(caller.call(GET_ORDER, orderInput))).code).toBe('AMAZON_AUTH_FAILED');
    fake.reply = () => ({ status: 404, body: { errors: [{ code: 'NotFound', message: 'Order not found' }] } });
    const notFound = await failure(caller.call(GET_ORDER, orderInput));
    expect(notFound).toBeInstanceOf(PermanentError);
    expect(notFound.code).toBe('AMAZON_NOT_FOUND');
    expect(fake.requests).toHaveLength(2);
  });

  it('refreshes an expired access token once and retries', async () => {
    fake.reply = (req) =>
      req.accessToken === 'Atza|token-1'
        ? { status: 403, body: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The access token you provided has expired.' }] } }
        : { status: 200, body: { order: { orderId: 'fresh' } } };
    const res = await caller.call(GET_ORDER, orderInput);
    expect(res.body).toEqual({ order: { orderId: 'fresh' } });
    expect(fake.lwaCalls).toHaveLength(2);
    expect(gate.of('acquire')).toHaveLength(2);
  });

  it('refreshes once an access token Amazon calls "revoked, malformed or invalid", then fails only if it stays refused', async () => {
    const revoked: FakeReply = {
      status: 403,
      body: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The access token you provided is revoked, malformed or invalid.' }] },
    };
    fake.reply = (req) => (req.accessToken === 'Atza|token-1' ? revoked : { status: 200, body: { order: { orderId: 'fresh' } } });
    expect((await caller.call(GET_ORDER, orderInput)).body).toEqual({ order: { orderId: 'fresh' } });
    expect(fake.lwaCalls).toHaveLength(2);
    fake.reply = () => revoked;
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(err.code).toBe('AMAZON_AUTH_FAILED');
    expect(fake.lwaCalls).toHaveLength(3); // one refresh per call, never a loop
  });

  it('retries a token refresh that LWA could not answer, and fails when LWA refuses it', async () => {
    const expired: FakeReply = {
      status: 403,
      body: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The access token you provided has expired.' }] },
    };
    fake.reply = (req) => (req.accessToken === 'Atza|token-3' ? { status: 200, body: { order: { orderId: 'ok' } } } : expired);
    fake.lwaReply = (n) =>
      n === 2 ? { status: 503, raw: '<html>Service Unavailable</html>' } : { status: 200, body: { access_token: `Atza|token-${n}` } };
    expect((await caller.call(GET_ORDER, orderInput)).body).toEqual({ order: { orderId: 'ok' } });
    expect(fake.lwaCalls).toHaveLength(3);

    fake.reply = () => expired;
    fake.lwaReply = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'The refresh token was revoked' } });
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('AMAZON_AUTH_FAILED');
  });

  it('maps an LWA refusal to AMAZON_AUTH_FAILED', async () => {
    fake.lwaReply = () => ({ status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed' } });
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('AMAZON_AUTH_FAILED');
    expect(fake.requests).toHaveLength(0);
  });

  it('does not repeat a write whose outcome is unknown, but does repeat one Amazon refused with 429', async () => {
    fake.reply = () => serverError(500);
    const err = await failure(caller.call(CONFIRM_SHIPMENT, { path: { orderId: '028-1234567-8901234' }, body: { marketplaceId: 'A1PA6795UKMFR9' } }));
    expect(err.code).toBe('AMAZON_UNAVAILABLE');
    expect(fake.requests).toHaveLength(1);

    fake.reply = (_req, n) => (n === 2 ? quotaExceeded() : { status: 204 });
    const res = await caller.call(CONFIRM_SHIPMENT, { path: { orderId: '028-1234567-8901234' }, body: { marketplaceId: 'A1PA6795UKMFR9' } });
    expect(res).toMatchObject({ statusCode: 204, body: null });
    expect(fake.requests).toHaveLength(3);
  });

  it('reads an empty 2xx answer as null and rejects one that is not JSON as AMAZON_BAD_PAYLOAD', async () => {
    fake.reply = () => ({ status: 200 });
    expect((await caller.call(GET_ORDER, orderInput)).body).toBeNull();
    fake.reply = () => ({ status: 200, headers: { 'content-type': 'text/html' }, raw: '<html>{"buyerEmail":"b@example.com"' });
    const err = await failure(caller.call(GET_ORDER, orderInput));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('AMAZON_BAD_PAYLOAD');
    expect(err.details).toEqual({ operation: 'getOrder', status: 200, requestId: 'req-2' });
    expect(err.cause).toBeUndefined();
  });
  it('a stopping worker does not sit out a backoff: the call ends with INTERRUPTED when its signal fires', async () => {
    fake.reply = () => serverError(503);
    const patient = new SpApiCaller({ transport, gate, sellerKey: 'backend-7', retry: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 }, random: () => 0.99 });
    const stop = new AbortController();
    const call = patient.call(GET_ORDER, orderInput, { signal: stop.signal });
    // The first 503 is in, and the caller now waits ~59 s before its next attempt.
    while (fake.requests.length < 1) await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    expect(await failure(call)).toMatchObject({ code: 'INTERRUPTED', kind: 'retryable' });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('fullJitter', () => {
  it('stays within the exponential ceiling and the cap', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(fullJitter(1, policy, () => 0.999)).toBe(99);
    expect(fullJitter(3, policy, () => 0.5)).toBe(200);
    expect(fullJitter(10, policy, () => 0.999)).toBe(999);
    expect(fullJitter(4, policy, () => 0)).toBe(0);
  });
});
