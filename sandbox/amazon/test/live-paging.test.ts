/**
 * searchOrders pages over a live index, as Amazon's do: a token is a position in the index (lastUpdatedTime,
 * orderId) plus the search's fixed upper bound, not a snapshot. An order that changes between two page requests
 * moves to its new place in the index and is returned again on a later page when that place is still inside the
 * search (Amazon once answered a createdAfter search with 156 results for 154 orders); one that moves past the
 * bound before the search reached it is left to the next window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { modelValidators } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = 'sellingpartnerapi-eu.amazon.com';
const v = modelValidators();
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
let sb: AmazonSandbox;
let token: string;
let sellerId: string;
let skew = 0; // the sandbox's clock runs ahead of the test's by this much
const now = () => Date.now() + skew;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 8, seedOrders: 0, now, usagePlans: { searchOrders: { rate: 100, burst: 100 } } });
  sellerId = sb.sellers[0]!.sellerId;
  token = await accessToken(sb.port, sb.sellers[0]!);
});
afterAll(() => sb.close());

/** Every page of a search; `between(pageNo, ordersSoFar)` runs after each page, before the next is asked for. */
async function pagedSearch(query: string, between: (page: number, seen: Obj[]) => void = () => {}): Promise<Obj[]> {
  const seen: Obj[] = [];
  let next: string | undefined;
  let page = 0;
  do {
    const a = await call(sb.port, { path: `/orders/2026-01-01/orders?${query}${next ? `&paginationToken=${encodeURIComponent(next)}` : ''}`, host: HOST, token });
    expect(a.status, a.text).toBe(200);
    expect(v.searchOrders(a.body), v.explain(v.searchOrders)).toBe(true);
    seen.push(...(a.body as Obj).orders);
    next = (a.body as Obj).pagination?.nextToken;
    between(++page, seen);
  } while (next);
  return seen;
}

const ids = (orders: Obj[]) => orders.map((o) => o.orderId as string);
const copiesOf = (orders: Obj[], id: string) => orders.filter((o) => o.orderId === id);

describe('searchOrders over a live index', () => {
  it('a createdAfter search returns an order again when it changed while being paged: 156 results, 154 orders', async () => {
    const created = sb.generateOrders({ sellerId, count: 154, createdFrom: iso(now() - 100 * 60_000), createdTo: iso(now() - 10 * 60_000) });
    const query = `createdAfter=${iso(now() - 101 * 60_000)}&includedData=FULFILLMENT&maxResultsPerPage=20`;
    let changed: string[] = [];
    const all = await pagedSearch(query, (page, seen) => {
      if (page !== 2) return;
      // Two orders already returned change now (a buyer cancels, one is shipped): they move to the end of the index.
      changed = [seen[3]!.orderId, seen[30]!.orderId];
      sb.updateOrder(changed[0]!, { fulfillmentStatus: 'CANCELLED' });
      sb.updateOrder(changed[1]!, { set: { buyer: { buyerName: 'Changed while paged' } } });
    });
    expect(all).toHaveLength(156);
    expect(new Set(ids(all))).toEqual(new Set(created));
    for (const id of changed) {
      const [first, again] = copiesOf(all, id);
      expect(again, id).toBeDefined();
      // The second copy is the order as it is now, later in the index.
      expect(again!.lastUpdatedTime > first!.lastUpdatedTime).toBe(true);
      expect(ids(all).lastIndexOf(id)).toBeGreaterThan(59);
    }
    expect(copiesOf(all, changed[0]!).map((o) => o.fulfillment.fulfillmentStatus)[1]).toBe('CANCELLED');
    // Without changes the same search returns each order once.
    expect(ids(await pagedSearch(query))).toHaveLength(154);
  });

  it('a lastUpdatedAfter search with its bound: a late-indexed change stamped inside the window repeats, one past it waits for the next window', async () => {
    sb.generateOrders({ sellerId, count: 60, createdFrom: iso(now() - 50 * 60_000), createdTo: iso(now() - 40 * 60_000) });
    const from = now() - 45 * 60_000;
    const bound = iso(now() - 150_000);
    const query = `lastUpdatedAfter=${iso(from)}&lastUpdatedBefore=${bound}&maxResultsPerPage=10`;
    const before = ids(await pagedSearch(query));
    const inside = before[2]!; // returned on page 1, then a change stamped inside the window (indexed late)
    const past = before[5]!; // returned on page 1, changed now: past the bound
    const unseen = before[40]!; // not reached yet, changed now: it leaves this search
    const all = await pagedSearch(query, (page) => {
      if (page !== 1) return;
      sb.updateOrder(inside, { lastUpdatedTime: iso(now() - 170_000) });
      sb.updateOrder(past, {});
      sb.updateOrder(unseen, {});
    });
    expect(copiesOf(all, inside)).toHaveLength(2);
    expect(copiesOf(all, past)).toHaveLength(1);
    expect(copiesOf(all, unseen)).toHaveLength(0);
    expect(all).toHaveLength(before.length);
    expect(all.every((o) => o.lastUpdatedTime <= bound)).toBe(true);
    expect(before.filter((id) => !ids(all).includes(id))).toEqual([unseen]);
    // The next window (from the bound on, once its end is two minutes old) finds what moved past it.
    skew += 3 * 60_000;
    const later = await call(sb.port, { path: `/orders/2026-01-01/orders?lastUpdatedAfter=${bound}`, host: HOST, token });
    expect(ids((later.body as Obj).orders)).toEqual(expect.arrayContaining([unseen]));
  });
});
