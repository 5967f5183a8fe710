import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { extractStaticExamples } from '../src/sandbox-mode/extract-examples.ts';
import { staticExamples } from '../src/sandbox-mode/static-replay.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { loadOrdersModel, modelValidators } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = 'sandbox.sellingpartnerapi-fe.amazon.com';
const v = modelValidators();
let sb: AmazonSandbox;
let token: string;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seedOrders: 3 });
  token = await accessToken(sb.port, sb.sellers[0]!);
});
afterAll(() => sb.close());

function queryOf(parameters: Record<string, string | string[]>): string {
  return Object.entries(parameters).filter(([k]) => k !== 'orderId')
    .map(([k, val]) => `${k}=${encodeURIComponent(Array.isArray(val) ? val.join(',') : val)}`).join('&');
}

describe("Amazon's sandbox (static examples)", () => {
  it('keeps the committed examples equal to those of the official model', () => {
    expect(staticExamples()).toEqual(extractStaticExamples(loadOrdersModel()));
    expect(staticExamples().length).toBeGreaterThanOrEqual(8);
  });

  it('replays every example for its parameters, answers valid under the strict model', async () => {
    for (const ex of staticExamples()) {
      const path = ex.operation === 'getOrder'
        ? `/orders/2026-01-01/orders/${encodeURIComponent(String(ex.parameters.orderId))}` : '/orders/2026-01-01/orders';
      const q = queryOf(ex.parameters);
      const a = await call(sb.port, { path: q ? `${path}?${q}` : path, host: HOST, token });
      expect(a.status, JSON.stringify(ex.parameters)).toBe(ex.status);
      expect(a.body).toEqual(ex.response);
      const validate = a.status !== 200 ? v.errorList : ex.operation === 'getOrder' ? v.getOrder : v.searchOrders;
      expect(validate(a.body), v.explain(validate)).toBe(true);
    }
  });

  it("answers anything else with the sandbox's no-match error, and still wants a token", async () => {
    const a = await call(sb.port, { path: '/orders/2026-01-01/orders?createdAfter=2025-01-01T00:00:00Z', host: HOST, token });
    expect(a.status).toBe(400);
    expect((a.body as Obj).errors[0]).toEqual({ code: 'InvalidInput', message: 'Could not match input arguments' });
    const b = await call(sb.port, { path: '/orders/2026-01-01/orders/171-9876543-2109876', host: HOST });
    expect(b.status).toBe(403);
  });

  it('checks strictly: the validator refuses an unknown field', () => {
    const ex = staticExamples().find((e) => e.operation === 'getOrder' && e.status === 200)!;
    const order = structuredClone((ex.response as Obj).order);
    expect(v.getOrder({ order })).toBe(true);
    order.buyer.buyerNmae = 'typo';
    expect(v.getOrder({ order })).toBe(false);
  });
});
