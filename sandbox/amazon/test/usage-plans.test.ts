import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { modelValidators } from './helpers/model-validator.ts';

const HOST = 'sellingpartnerapi-na.amazon.com';
const v = modelValidators();
let now = Date.parse('2026-05-04T10:00:00Z');
let scaled: AmazonSandbox;
let real: AmazonSandbox;

beforeAll(async () => {
  scaled = await startAmazonSandbox({ port: 0, timeScale: 100, seedOrders: 5, now: () => now });
  real = await startAmazonSandbox({ port: 0, seedOrders: 5 });
});
afterAll(async () => {
  await scaled.close();
  await real.close();
});

const search = (sb: AmazonSandbox, token: string) =>
  call(sb.port, { path: '/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z', host: HOST, token });

describe('usage plans', () => {
  it('answers 429 QuotaExceeded once the burst is spent, and counts it in the call log', async () => {
    const token = await accessToken(real.port, real.sellers[1]!);
    for (let i = 0; i < 20; i++) {
      const ok = await search(real, token);
      expect(ok.status).toBe(200);
      expect(ok.headers['x-amzn-ratelimit-limit']).toBe('0.0056'); // real time: the documented plan, as Amazon sends it
    }
    const a = await search(real, token);
    expect(a.status).toBe(429);
    expect(a.headers['x-amzn-ratelimit-limit']).toBeUndefined(); // the model declares none on a 429
    expect(a.headers['x-amzn-errortype']).toBe('TooManyRequestsException');
    expect(a.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.body).toEqual({ errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] });
    expect(v.errorList(a.body)).toBe(true);
    const calls = real.calls();
    const search429 = calls.operations.find((o) => o.operation === 'searchOrders')!;
    expect(search429).toMatchObject({ sellerId: real.sellers[1]!.sellerId, calls: 21, throttled: 1, byStatus: { 200: 20, 429: 1 } });
    expect(calls.totals.throttled).toBe(1);
    // getOrder has its own bucket
    const id = real.generateOrders({ sellerId: real.sellers[1]!.sellerId, count: 1 })[0]!;
    expect((await call(real.port, { path: `/orders/2026-01-01/orders/${id}`, host: HOST, token })).status).toBe(200);
  });

  it('refills timeScale times faster and announces the scaled rate in x-amzn-RateLimit-Limit on every admitted call', async () => {
    const token = await accessToken(scaled.port, scaled.sellers[1]!);
    for (let i = 0; i < 20; i++) expect((await search(scaled, token)).headers['x-amzn-ratelimit-limit']).toBe('0.56');
    const throttled = await search(scaled, token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['x-amzn-ratelimit-limit']).toBeUndefined();
    now += 1700; // 1 / 0.56 s = 1786 ms: not yet
    expect((await search(scaled, token)).status).toBe(429);
    now += 100;
    expect((await search(scaled, token)).status).toBe(200);
  });

  it('sends the header where the model declares it: 200, 400 and 404 of an admitted call; never 403, 500, 503', async () => {
    const token = await accessToken(real.port, real.sellers[0]!);
    const eu = 'sellingpartnerapi-eu.amazon.com';
    const get = (id: string, t = token) => call(real.port, { path: `/orders/2026-01-01/orders/${id}`, host: eu, token: t });
    const [id] = real.generateOrders({ sellerId: real.sellers[0]!.sellerId, count: 1 });
    const ok = await get(id!);
    expect([ok.status, ok.headers['x-amzn-ratelimit-limit']]).toEqual([200, '0.5']);
    const missing = await get('999-0000000-0000000');
    expect([missing.status, missing.headers['x-amzn-ratelimit-limit']]).toEqual([404, '0.5']);
    const bad = await get(`${id!}?includedData=SECRETS`);
    expect([bad.status, bad.headers['x-amzn-ratelimit-limit']]).toEqual([400, '0.5']);
    const denied = await get(id!, 'Atza|made-up');
    expect(denied.status).toBe(403);
    expect(denied.headers['x-amzn-ratelimit-limit']).toBeUndefined();
    for (const status of [500, 503] as const) {
      real.injectFault({ operation: 'getOrder', status, count: 1 });
      const failed = await get(id!);
      expect(failed.status).toBe(status);
      expect(failed.headers['x-amzn-ratelimit-limit']).toBeUndefined();
    }
  });

  it('an injected 429 may carry the header Amazon sometimes sends, as given', async () => {
    const token = await accessToken(real.port, real.sellers[0]!);
    const [id] = real.generateOrders({ sellerId: real.sellers[0]!.sellerId, count: 1 });
    real.injectFault({ operation: 'getOrder', status: 429, count: 1, rateLimit: '0.2' });
    const a = await call(real.port, { path: `/orders/2026-01-01/orders/${id!}`, host: 'sellingpartnerapi-eu.amazon.com', token });
    expect([a.status, a.headers['x-amzn-ratelimit-limit'], a.headers['x-amzn-errortype']]).toEqual([429, '0.2', 'TooManyRequestsException']);
  });
});
