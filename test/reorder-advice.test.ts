/**
 * GET /api/backends/:id/reorder-advice over a real stack: orders the Amazon sandbox generated over the last ten
 * weeks, stored as the order flow stores them (fetched documents), read back as weekly sales per SKU and
 * marketplace, through the forecast core, with the backend's reorder terms; cancelled orders and the current week
 * do not count. Read-only: nothing is written.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseOrder } from '../connector/src/amazon/parse-order.ts';
import type { Order } from '../connector/src/amazon/models/orders-v2026.ts';
import { orderDocuments } from '../connector/src/sync/orders/index.ts';
import { keepSalesOfEveryBackend } from '../connector/src/sync/reorder/keep-sales.task.ts';
import { addWeeks, mondayOf } from '../connector/src/sync/reorder/mapping/weekly-series.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';

interface AdviceBody {
  enabled: boolean;
  from: string;
  until: string;
  items: Array<{
    sku: string;
    dailyDemand: number;
    orderpoint: { min: number; max: number };
    terms: { leadTimeDays: number; casePack: number; moq: number };
    marketplaces: Array<{ marketplaceId: string; unitsPerDay: number; historyWeeks: number; weeksUsed: Array<{ week: string; units: number }>; seasonality: { applied: boolean } }>;
    stock: unknown;
  }>;
}

const DAY = 86_400_000;
let stack: Stack;
let api: ApiHandle;
/** Units per SKU of the orders that count (not cancelled, in a complete week). */
const expected = new Map<string, number>();
const thisMonday = mondayOf(new Date());

beforeAll(async () => {
  stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'reorder_advice' });
  api = await startApi(stack);
  const orders: Order[] = [];
  const generate = (weeksBack: number, count: number, status?: 'CANCELLED') => {
    // the Wednesday of the week `weeksBack` weeks ago, noon to 2 pm UTC
    const day = Date.parse(`${addWeeks(thisMonday, -weeksBack)}T12:00:00Z`) + 2 * DAY;
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count, marketplaceId: 'A1PA6795UKMFR9', createdFrom: new Date(day).toISOString(), createdTo: new Date(day + 2 * 3_600_000).toISOString(), ...(status ? { status } : {}) });
    for (const id of ids) {
      const parsed = parseOrder(stack.amazon.getOrder(id).order);
      if (!parsed.ok) throw new Error(`generated order ${id} does not parse: ${parsed.error.problems.join('; ')}`);
      orders.push(parsed.order);
      // the generated mix has cancelled orders of its own too
      if (parsed.order.fulfillment?.fulfillmentStatus === 'CANCELLED' || weeksBack === 0) continue;
      for (const item of parsed.order.orderItems) {
        const sku = item.product.sellerSku!;
        expected.set(sku, (expected.get(sku) ?? 0) + item.quantityOrdered);
      }
    }
  };
  for (let w = 1; w <= 10; w++) generate(w, 4);
  generate(2, 3, 'CANCELLED');
  generate(0, 5);
  await orderDocuments(stack.env.core.documents).upsertMany(stack.backendId, orders);
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

describe('reorder advice from the stored orders', () => {
  it('reads the weeks before this one, per SKU and marketplace, cancelled orders left out', async () => {
    const res = await api.get<AdviceBody>(`/api/backends/${stack.backendId}/reorder-advice?weeks=12`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enabled: false, from: addWeeks(thisMonday, -12), until: thisMonday });
    const got = new Map<string, number>();
    for (const item of res.body.items) {
      expect(item.stock).toBeNull();
      expect(item.marketplaces.map((m) => m.marketplaceId)).toEqual(['A1PA6795UKMFR9']);
      const m = item.marketplaces[0]!;
      // with a 4-week half-life, 16 weeks are looked at: every week since the SKU's first sale
      expect(m.weeksUsed.length).toBe(m.historyWeeks);
      expect(m.weeksUsed.every((w) => w.week < thisMonday)).toBe(true);
      expect(m.seasonality.applied).toBe(false);
      got.set(item.sku, m.weeksUsed.reduce((a, w) => a + w.units, 0));
      expect(item.dailyDemand).toBeCloseTo(m.unitsPerDay, 10);
      expect(item.orderpoint.min).toBe(Math.ceil(item.dailyDemand * 14 - 1e-9));
    }
    expect(got).toEqual(expected);
  });

  it("follows the backend's reorder settings, a SKU's overrides included, and filters by SKU", async () => {
    const sku = [...expected.keys()][0]!;
    const patched = await api.patch(`/api/backends/${stack.backendId}`, { settings: { reorder: { enabled: true, leadTimeDays: 7, products: { [sku]: { casePack: 12, moq: 24 } } } } });
    expect(patched.status).toBe(200);
    const res = await api.get<AdviceBody>(`/api/backends/${stack.backendId}/reorder-advice?sku=${encodeURIComponent(sku)}`);
    expect(res.body.enabled).toBe(true);
    expect(res.body.items.map((i) => i.sku)).toEqual([sku]);
    expect(res.body.items[0]!.terms).toMatchObject({ leadTimeDays: 7, casePack: 12, moq: 24 });
    expect(res.body.items[0]!.orderpoint.min).toBe(Math.ceil(res.body.items[0]!.dailyDemand * 7 - 1e-9));
  });

  it('keeps the weekly sales, so the history outlives the pruned orders', async () => {
    const before = await api.get<AdviceBody>(`/api/backends/${stack.backendId}/reorder-advice?weeks=12`);
    const kept = await keepSalesOfEveryBackend(stack.env);
    expect(kept.get(stack.backendId)).toBeGreaterThan(0);
    // documents kept 14 days only: the orders of older weeks go (as the retention prune would take them)
    expect((await api.patch(`/api/backends/${stack.backendId}`, { settings: { retention: { documentsDays: 14 } } })).status).toBe(200);
    const gone = await stack.env.db.pool.query(`delete from fetched_document where backend_id = $1 and kind = 'order' and (payload ->> 'createdTime')::timestamptz < now() - interval '14 days'`, [stack.backendId]);
    expect(gone.rowCount).toBeGreaterThan(0);
    const after = await api.get<AdviceBody>(`/api/backends/${stack.backendId}/reorder-advice?weeks=12`);
    const totals = (b: AdviceBody) => Object.fromEntries(b.items.map((i) => [i.sku, i.marketplaces[0]!.weeksUsed.reduce((a, w) => a + w.units, 0)]));
    expect(totals(after.body)).toEqual(totals(before.body));
    expect(Object.values(totals(after.body)).reduce((a, x) => a + x, 0)).toBe([...expected.values()].reduce((a, x) => a + x, 0));
  });

  it('answers 404 for an unknown backend and 400 for a window out of bounds', async () => {
    expect((await api.get('/api/backends/999999/reorder-advice')).status).toBe(404);
    expect((await api.get(`/api/backends/${stack.backendId}/reorder-advice?weeks=2`)).status).toBe(400);
  });
});
