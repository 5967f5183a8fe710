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
    stock: null | {
      productId: number | null; skus: string[]; dailyDemand: number; onHand: number; inbound: number; coverDays: number | null;
      erp: { warehouseIds: number[]; onHand: number; inbound: number; coverDays: number | null };
      fba: { pools: Array<{ pool: string; fulfillable: number; reservedReturning: number; inbound: number }>; onHand: number; inboundNotCounted: number; coverDays: number | null };
      suggested: { quantity: number; needed: number; available: number };
      erpOrderpoint: { min: number; max: number };
    };
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
    const res = await api.get<AdviceBody>(`/api/backends/${stack.backendId}/reorder-advice?weeks=12&stock=false`);
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

  it("counts the ERP warehouses (on hand + incoming) and the FBA pools' last snapshot into cover and quantity", async () => {
    const db = stack.env.db.pool;
    // two SKUs sold that are ERP products (internal reference = SKU)
    const products = await stack.erpClient.searchRead('product.product', [['default_code', 'in', [...expected.keys()]]], ['default_code'], { order: 'id' });
    const productOf = new Map(products.slice(0, 2).map((p) => [p.default_code as string, p.id]));
    expect(productOf.size).toBe(2);
    const [sku, other] = [...productOf.keys()];
    // the order flow notes each SKU it sees with the product it matched (amazon_sku): as its import would have
    for (const [k, id] of productOf) {
      await db.query(`insert into amazon_sku (backend_id, sku, implicit_product_id, implicit_by, implicit_at) values ($1, $2, $3, 'default_code', now())
        on conflict (backend_id, sku) do update set implicit_product_id = excluded.implicit_product_id`, [stack.backendId, k, id]);
    }
    // a receipt of 6 on its way into WH (confirmed, not validated): incoming
    const [wh] = await stack.erpClient.read('stock.warehouse', [1], ['in_type_id']);
    const [picking] = await stack.erpClient.create('stock.picking', [{ picking_type_id: (wh!.in_type_id as [number, string])[0], move_ids: [[0, 0, { product_id: productOf.get(sku!)!, product_uom_qty: 6 }]] }]);
    await stack.erpClient.call('stock.picking', 'action_confirm', [picking!]);
    // Amazon's EU pool as fba-stock's last snapshot stored it
    await db.query(`insert into fba_stock (backend_id, pool, seller_sku, fulfillable, inbound_working, inbound_shipped, inbound_receiving, reserved_total,
        reserved_pending_customer_order, reserved_pending_transshipment, reserved_fc_processing, researching, unfulfillable, total, snapshot_at)
      values ($1, 'EU', $2, 9, 0, 20, 0, 3, 1, 2, 0, 0, 4, 36, now())`, [stack.backendId, sku]);
    const erpNow = async (id: number) => (await stack.erpClient.read('product.product', [id], ['qty_available', 'incoming_qty'], { context: { warehouse_id: 1 } }))[0]!;
    const mine = await erpNow(productOf.get(sku!)!);
    expect(mine.incoming_qty).toBe(6);

    const res = await api.get<AdviceBody>(`/api/backends/${stack.backendId}/reorder-advice?weeks=12`);
    expect(res.status).toBe(200);
    const item = res.body.items.find((i) => i.sku === sku)!;
    const demand = item.dailyDemand;
    const onHand = Number(mine.qty_available) + 9 + 2;
    expect(item.stock).toMatchObject({
      productId: productOf.get(sku!), skus: [sku], onHand, inbound: 6,
      erp: { warehouseIds: [1], onHand: mine.qty_available, inbound: 6 },
      fba: { onHand: 11, inboundNotCounted: 20, pools: [{ pool: 'EU', fulfillable: 9, reservedReturning: 2, inbound: 20 }] },
    });
    expect(item.stock!.coverDays).toBeCloseTo((onHand + 6) / demand, 6);
    expect(item.stock!.fba.coverDays).toBeCloseTo(11 / demand, 6);
    const needed = Math.ceil(demand * (item.terms.leadTimeDays + 30) - 1e-9);
    expect(item.stock!.suggested).toMatchObject({ needed, available: onHand + 6, quantity: Math.max(0, needed - onHand - 6) });
    expect(item.stock!.erpOrderpoint).toEqual({ min: Math.max(0, item.orderpoint.min - 11), max: Math.max(0, item.orderpoint.max - 11) });
    // a SKU without FBA stock: its ERP product alone
    const second = res.body.items.find((i) => i.sku === other)!;
    expect(second.stock).toMatchObject({ productId: productOf.get(other!), fba: { onHand: 0, pools: [] }, erp: { onHand: (await erpNow(productOf.get(other!)!)).qty_available } });
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
