import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moneyShapeOf } from '../src/config.ts';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { modelValidators } from './helpers/model-validator.ts';
import { amountProblems } from './helpers/order-invariants.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = 'sellingpartnerapi-eu.amazon.com';
const ALL = 'BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES,TAX,PAYMENT,FULFILLMENT_ORDERS';
const v = modelValidators();
let sb: AmazonSandbox;
let token: string;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 42, seedOrders: 240, usagePlans: { searchOrders: { rate: 100, burst: 100 } } });
  token = await accessToken(sb.port, sb.sellers[0]!);
});
afterAll(() => sb.close());

const search = (query: string, t = token) => call(sb.port, { path: `/orders/2026-01-01/orders?${query}`, host: HOST, token: t });

async function pages(query: string): Promise<Obj[][]> {
  const out: Obj[][] = [];
  let next: string | undefined;
  do {
    const a = await search(`${query}${next ? `&paginationToken=${encodeURIComponent(next)}` : ''}`);
    expect(a.status, a.text).toBe(200);
    expect(v.searchOrders(a.body), v.explain(v.searchOrders)).toBe(true);
    const body = a.body as Obj;
    out.push(body.orders);
    next = body.pagination?.nextToken;
  } while (next);
  return out;
}

describe('searchOrders', () => {
  it('answers strictly in the model shape with every includedData part, and the amounts add up', async () => {
    const all = (await pages(`lastUpdatedAfter=2020-01-01T00:00:00Z&includedData=${ALL}&maxResultsPerPage=100`)).flat();
    expect(all).toHaveLength(240);
    for (const o of all) expect(amountProblems(o, moneyShapeOf(sb.sellers[0]!)), o.orderId).toEqual([]);
    expect(all.every((o) => o.buyer && o.recipient && o.proceeds && o.fulfillment)).toBe(true);
  });

  it('pages completely, in lastUpdatedTime order, without duplicates or gaps', async () => {
    const got = await pages('lastUpdatedAfter=2020-01-01T00:00:00Z&maxResultsPerPage=17');
    expect(got.slice(0, -1).every((p) => p.length === 17)).toBe(true);
    const flat = got.flat();
    expect(new Set(flat.map((o) => o.orderId)).size).toBe(240);
    const keys = flat.map((o) => [Date.parse(o.lastUpdatedTime), o.orderId] as const);
    for (let i = 1; i < keys.length; i++) {
      const [t0, id0] = keys[i - 1]!;
      const [t1, id1] = keys[i]!;
      expect(t1 > t0 || (t1 === t0 && id1 > id0)).toBe(true);
    }
  });

  it('leaves out every part not asked for in includedData', async () => {
    const a = await search('lastUpdatedAfter=2020-01-01T00:00:00Z&maxResultsPerPage=50');
    const orders = (a.body as Obj).orders as Obj[];
    for (const o of orders) {
      for (const k of ['buyer', 'recipient', 'proceeds', 'payment', 'tax', 'fulfillment', 'packages']) expect(o[k]).toBeUndefined();
      for (const it of o.orderItems) {
        for (const k of ['proceeds', 'promotion', 'cancellation', 'fulfillment', 'tax', 'expense']) expect(it[k]).toBeUndefined();
        expect(it.product.sellerSku).toBeTruthy();
      }
    }
    const b = await search('lastUpdatedAfter=2020-01-01T00:00:00Z&includedData=BUYER,TAX&maxResultsPerPage=50');
    const withBuyer = (b.body as Obj).orders as Obj[];
    expect(withBuyer.every((o) => o.buyer && !o.recipient && !o.proceeds)).toBe(true);
  });

  it('filters by marketplace, status, fulfilment channel and the time window, and echoes the bound', async () => {
    const de = (await pages('lastUpdatedAfter=2020-01-01T00:00:00Z&marketplaceIds=A1PA6795UKMFR9,A1F83G8C2ARO7P&includedData=FULFILLMENT')).flat();
    expect(de.length).toBeGreaterThan(0);
    expect(new Set(de.map((o) => o.salesChannel.marketplaceId))).toEqual(new Set(['A1PA6795UKMFR9', 'A1F83G8C2ARO7P']));
    const pending = (await pages('lastUpdatedAfter=2020-01-01T00:00:00Z&fulfillmentStatuses=PENDING&fulfilledBy=MERCHANT&includedData=FULFILLMENT')).flat();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((o) => o.fulfillment.fulfillmentStatus === 'PENDING' && o.fulfillment.fulfilledBy === 'MERCHANT')).toBe(true);
    const all = (await pages('lastUpdatedAfter=2020-01-01T00:00:00Z')).flat();
    const mid = all[120]!.lastUpdatedTime as string;
    const after = await search(`lastUpdatedAfter=${mid}&lastUpdatedBefore=${all[200]!.lastUpdatedTime}`);
    const body = after.body as Obj;
    expect(body.lastUpdatedBefore).toBe(all[200]!.lastUpdatedTime);
    expect(body.orders.every((o: Obj) => o.lastUpdatedTime >= mid && o.lastUpdatedTime <= all[200]!.lastUpdatedTime)).toBe(true);
    const created = all.map((o) => o.createdTime as string).sort()[100]!;
    const byCreated = (await pages(`createdAfter=${created}`)).flat();
    expect(byCreated.length).toBeGreaterThan(0);
    expect(byCreated.every((o) => o.createdTime >= created)).toBe(true);
    expect((await search(`createdAfter=${created}`)).body).toHaveProperty('createdBefore');
  });

  it('rejects bad parameters with the model ErrorList (InvalidInput)', async () => {
    const soon = new Date(Date.now() - 30_000).toISOString();
    for (const q of ['', 'createdAfter=2025-01-01T00:00:00Z&lastUpdatedAfter=2025-01-01T00:00:00Z',
      'createdAfter=TEST_CASE_400', 'createdAfter=2025-01-01T00:00:00Z&lastUpdatedBefore=2025-02-01T00:00:00Z',
      `lastUpdatedAfter=2025-01-01T00:00:00Z&lastUpdatedBefore=${soon}`,
      'lastUpdatedAfter=2025-02-01T00:00:00Z&lastUpdatedBefore=2025-01-01T00:00:00Z',
      'lastUpdatedAfter=2025-01-01T00:00:00Z&maxResultsPerPage=101', 'lastUpdatedAfter=2025-01-01T00:00:00Z&maxResultsPerPage=0',
      'lastUpdatedAfter=2025-01-01T00:00:00Z&includedData=BUYER,SECRETS', 'lastUpdatedAfter=2025-01-01T00:00:00Z&fulfillmentStatuses=LOST',
      'lastUpdatedAfter=2025-01-01T00:00:00Z&marketplaceIds=ATVPDKIKX0DER', 'lastUpdatedAfter=2025-01-01T00:00:00Z&paginationToken=forged']) {
      const a = await search(q);
      expect(a.status, q).toBe(400);
      expect(v.errorList(a.body), v.explain(v.errorList)).toBe(true);
      expect((a.body as Obj).errors[0].code).toBe('InvalidInput');
    }
  });

  it('refuses a pagination token whose other parameters changed', async () => {
    const first = await search('lastUpdatedAfter=2020-01-01T00:00:00Z&maxResultsPerPage=10');
    const next = (first.body as Obj).pagination.nextToken as string;
    const a = await search(`lastUpdatedAfter=2020-01-01T00:00:00Z&marketplaceIds=A1PA6795UKMFR9&paginationToken=${encodeURIComponent(next)}`);
    expect(a.status).toBe(400);
  });

  it('answers 403 Unauthorized to a missing, unknown, expired or other-region token', async () => {
    const na = await accessToken(sb.port, sb.sellers[1]!);
    const cases = [
      await search('lastUpdatedAfter=2020-01-01T00:00:00Z', ''),
      await search('lastUpdatedAfter=2020-01-01T00:00:00Z', 'Atza|made-up'),
      await search('lastUpdatedAfter=2020-01-01T00:00:00Z', na),
    ];
    for (const a of cases) {
      expect(a.status).toBe(403);
      expect(v.errorList(a.body)).toBe(true);
      expect((a.body as Obj).errors[0]).toMatchObject({ code: 'Unauthorized', message: 'Access to requested resource is denied.' });
      expect(a.headers['x-amzn-requestid']).toBeTruthy();
    }
    const other = await accessToken(sb.port, sb.sellers[0]!);
    sb.expireAccessTokens();
    const expired = await search('lastUpdatedAfter=2020-01-01T00:00:00Z', other);
    expect((expired.body as Obj).errors[0].details).toBe('The access token you provided has expired.');
    token = await accessToken(sb.port, sb.sellers[0]!);
  });
});

describe('getOrder', () => {
  it('returns one order in the model shape with the asked parts, 404 for unknown or foreign ids', async () => {
    const list = (await search('lastUpdatedAfter=2020-01-01T00:00:00Z&maxResultsPerPage=5')).body as Obj;
    const id = list.orders[0].orderId as string;
    const a = await call(sb.port, { path: `/orders/2026-01-01/orders/${id}?includedData=${ALL}`, host: HOST, token });
    expect(a.status).toBe(200);
    expect(v.getOrder(a.body), v.explain(v.getOrder)).toBe(true);
    expect(amountProblems((a.body as Obj).order, moneyShapeOf(sb.sellers[0]!))).toEqual([]);
    const bare = await call(sb.port, { path: `/orders/2026-01-01/orders/${id}`, host: HOST, token });
    expect((bare.body as Obj).order.buyer).toBeUndefined();
    const missing = await call(sb.port, { path: '/orders/2026-01-01/orders/999-0000000-0000000', host: HOST, token });
    expect(missing.status).toBe(404);
    expect(v.errorList(missing.body)).toBe(true);
    const naOrder = sb.generateOrders({ sellerId: sb.sellers[1]!.sellerId, count: 1 })[0]!;
    const foreign = await call(sb.port, { path: `/orders/2026-01-01/orders/${naOrder}`, host: HOST, token });
    expect(foreign.status).toBe(404);
  });
});
