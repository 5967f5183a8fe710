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
      expect(ok.headers['x-amzn-ratelimit-limit']).toBeUndefined(); // real time, documented plan: nothing to say
    }
    const a = await search(real, token);
    expect(a.status).toBe(429);
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

  it('refills timeScale times faster and says so in x-amzn-RateLimit-Limit on every answer', async () => {
    const token = await accessToken(scaled.port, scaled.sellers[1]!);
    for (let i = 0; i < 20; i++) expect((await search(scaled, token)).headers['x-amzn-ratelimit-limit']).toBe('0.56');
    const throttled = await search(scaled, token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['x-amzn-ratelimit-limit']).toBe('0.56');
    now += 1700; // 1 / 0.56 s = 1786 ms: not yet
    expect((await search(scaled, token)).status).toBe(429);
    now += 100;
    expect((await search(scaled, token)).status).toBe(200);
  });
});
