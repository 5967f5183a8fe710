/**
 * The reordering rules pushed to the ERP sandbox over real HTTP: refused while the backend has not asked for them,
 * queued by the API, written by the job as the advice's min/max less the FBA stock in the warehouse's stock
 * location, left alone by the daily push when nothing changed (no audit entry then), and two pushes at once leave
 * one rule per product with the newer figures.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseOrder } from '../connector/src/amazon/parse-order.ts';
import type { Order } from '../connector/src/amazon/models/orders-v2026.ts';
import { orderDocuments } from '../connector/src/sync/orders/index.ts';
import { addWeeks, mondayOf } from '../connector/src/sync/reorder/mapping/weekly-series.ts';
import { pushOrderpoints } from '../connector/src/sync/reorder/push/push-orderpoints.ts';
import { schedulePushAll } from '../connector/src/sync/reorder/push/push.task.ts';
import { runJobsUntilDone } from './support/invoicing.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';

const DAY = 86_400_000;
let stack: Stack;
let api: ApiHandle;
const productOf = new Map<string, number>();

interface Advice { items: Array<{ sku: string; stock: { productId: number | null; erpOrderpoint: { min: number; max: number } } | null }> }

beforeAll(async () => {
  stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'reorder_push' });
  api = await startApi(stack);
  const orders: Order[] = [];
  const monday = mondayOf(new Date());
  for (let w = 1; w <= 6; w++) {
    const day = Date.parse(`${addWeeks(monday, -w)}T12:00:00Z`) + 2 * DAY;
    for (const id of stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 5, marketplaceId: 'A1PA6795UKMFR9', status: 'SHIPPED', createdFrom: new Date(day).toISOString(), createdTo: new Date(day + 3_600_000).toISOString() })) {
      const parsed = parseOrder(stack.amazon.getOrder(id).order);
      if (parsed.ok) orders.push(parsed.order);
    }
  }
  await orderDocuments(stack.env.core.documents).upsertMany(stack.backendId, orders);
  // the SKUs with the products the order flow would have matched (internal reference = SKU), as its import notes them
  const skus = [...new Set(orders.flatMap((o) => o.orderItems.map((i) => i.product.sellerSku!)))];
  for (const p of await stack.erpClient.searchRead('product.product', [['default_code', 'in', skus]], ['default_code'])) productOf.set(p.default_code as string, p.id);
  for (const [sku, id] of productOf) {
    await stack.env.db.pool.query(`insert into amazon_sku (backend_id, sku, implicit_product_id, implicit_by, implicit_at) values ($1, $2, $3, 'default_code', now())
      on conflict (backend_id, sku) do update set implicit_product_id = excluded.implicit_product_id`, [stack.backendId, sku, id]);
  }
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

const rules = () => stack.erpClient.searchRead('stock.warehouse.orderpoint', [['product_id', 'in', [...productOf.values()]]], ['product_id', 'location_id', 'product_min_qty', 'product_max_qty'], { context: { active_test: false } });
const audits = async () => (await stack.env.db.pool.query(`select after from audit_log where backend_id = $1 and action = 'reorder.orderpoints.push' order by id`, [stack.backendId])).rows;
/** product id -> the rule the advice asks for (products whose rule would be 0/0 get none). */
const wanted = async () => {
  const res = await api.get<Advice>(`/api/backends/${stack.backendId}/reorder-advice?weeks=104`);
  expect(res.status).toBe(200);
  return new Map(res.body.items.flatMap((i) => (i.stock?.productId && i.stock.erpOrderpoint.max > 0 ? [[i.stock.productId, i.stock.erpOrderpoint] as const] : [])));
};
const byProduct = async () => new Map((await rules()).map((r) => [(r.product_id as [number, string])[0], { min: r.product_min_qty, max: r.product_max_qty }]));

describe('reordering rules pushed to the ERP', () => {
  it('refuses a push the backend did not ask for, then queues it and writes the rules once', async () => {
    expect(productOf.size).toBeGreaterThan(1);
    expect((await api.post(`/api/backends/${stack.backendId}/reorder-advice/push`, {})).status).toBe(409);
    expect((await api.patch(`/api/backends/${stack.backendId}`, { settings: { reorder: { enabled: true, pushOrderpoints: true, leadTimeDays: 7, targetCoverDays: 21 } } })).status).toBe(200);
    const res = await api.post(`/api/backends/${stack.backendId}/reorder-advice/push`, {});
    expect([res.status, res.body]).toEqual([202, { queued: true }]);
    expect(await runJobsUntilDone(stack, ['reorder:push'])).toBe(1);

    const want = await wanted();
    expect(want.size).toBeGreaterThan(0);
    expect(await byProduct()).toEqual(want);
    expect((await rules()).every((r) => (r.location_id as [number, string])[1] === 'WH/Stock')).toBe(true);
    const [entry] = await audits();
    expect(entry!.after).toMatchObject({ created: want.size, updated: 0, unchanged: 0 });
  });

  it('the daily push changes nothing when nothing changed, and writes no audit entry', async () => {
    expect(await schedulePushAll(stack.env)).toContain(stack.backendId);
    expect(await runJobsUntilDone(stack, ['reorder:push'])).toBe(1);
    expect(await audits()).toHaveLength(1);
    expect(await byProduct()).toEqual(await wanted());
  });

  it('lowers a rule by the FBA stock, and two pushes at once leave one rule per product', async () => {
    const want = await wanted();
    const [sku, productId] = [...productOf].find(([, id]) => want.has(id)) ?? [];
    expect(productId).toBeDefined();
    const before = want.get(productId!)!;
    // Amazon holds 2 units of it (fba-stock's last snapshot of the EU pool)
    await stack.env.db.pool.query(`insert into fba_stock (backend_id, pool, seller_sku, fulfillable, inbound_working, inbound_shipped, inbound_receiving, reserved_total,
        reserved_pending_customer_order, reserved_pending_transshipment, reserved_fc_processing, researching, unfulfillable, total, snapshot_at)
      values ($1, 'EU', $2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, now())`, [stack.backendId, sku]);
    const backend = await stack.env.core.backends.get(stack.backendId);
    const outcomes = await Promise.allSettled([pushOrderpoints(stack.env, backend), pushOrderpoints(stack.env, backend)]);
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code);
    expect(refused.every((c) => c === 'LOCK_BUSY')).toBe(true);
    expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    const now = await byProduct();
    expect(now.get(productId!)).toEqual({ min: Math.max(0, before.min - 2), max: Math.max(0, before.max - 2) });
    expect((await rules()).length).toBe(now.size);
  });
});
