/**
 * A new Amazon order lowers the merchant quantity Amazon shows at once (the orders flow's "orders stored" hook),
 * against a real PostgreSQL and both sandboxes over HTTP, no worker and no crontab: the sweep, an ORDER_CHANGE
 * notification and a resync each queue the merchant-stock recompute (`merchant-stock:orders-seen`) in the
 * transaction that stores the order, one job per backend however many orders are stored before it runs; that job
 * alone (no minute cron, no import) brings Amazon the lower quantity by patch; storing the same order again queues
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pushOffers, recomputeOffers } from '../connector/src/sync/merchant-stock/index.ts';
import { requestResync, Tasks } from '../connector/src/sync/orders/index.ts';
import { onOrderChange } from '../connector/src/sync/orders/order-notified.task.ts';
import { sweepOrders } from '../connector/src/sync/orders/sweep-orders.task.ts';
import { storeNotification } from '../connector/src/sync/frame/notifications/notification-store.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { runTasks, visibleNow } from './support/lifecycle.ts';

const DE = 'A1PA6795UKMFR9';
const SKU = 'HOOK-MUG';
const STOCK_TASKS = ['merchant-stock:orders-seen', 'merchant-stock:recompute', 'merchant-stock:push'];

describe('a new Amazon order lowers the merchant quantity at once (orders-stored hook)', () => {
  let stack: Stack;
  const db = () => stack.env.db.pool;
  const window = () => ({ from: new Date(Date.now() - 3 * 24 * 3600_000).toISOString(), to: new Date(Date.now() - 150_000).toISOString() });
  const sweep = () => sweepOrders(stack.env, { backendId: stack.backendId, window: window() });
  const listing = () => stack.amazon.listingQuantities(stack.sellerId).listings.find((l) => l.sku === SKU);
  /** The recompute jobs the hook (or the cron) queued: with their key, and when their transaction began. */
  const ordersSeenJobs = async () =>
    (await db().query<{ key: string | null; created_at: Date }>(`select key, created_at from graphile_worker.jobs where task_identifier = 'merchant-stock:orders-seen'`)).rows;
  /** A new merchant order on Amazon of `units` of the SKU (a sandbox order whose one item is re-pointed at it). */
  const newOrder = (units: number): string => {
    const [orderId] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, status: 'PENDING', marketplaceId: DE, fulfilledBy: 'MERCHANT', business: false });
    const item = (stack.amazon.getOrder(orderId!).order as { orderItems: { product: Record<string, unknown>; fulfillment?: Record<string, unknown> }[] }).orderItems[0]!;
    stack.amazon.updateOrder(orderId!, { orderItems: [{ ...item, quantityOrdered: units, fulfillment: { ...item.fulfillment, quantityFulfilled: 0, quantityUnfulfilled: units }, product: { ...item.product, sellerSku: SKU } }], lastUpdatedTime: visibleNow() });
    return orderId!;
  };
  const stateOf = async (orderId: string) =>
    (await db().query<{ state: string }>(`select state from record_state where backend_id = $1 and flow = 'orders' and key = $2`, [stack.backendId, orderId])).rows[0]?.state;
  const fetchedAt = async (orderId: string) =>
    (await db().query<{ fetched_at: Date }>(`select fetched_at from fetched_document where backend_id = $1 and kind = 'order' and key = $2`, [stack.backendId, orderId])).rows[0]!.fetched_at;

  beforeAll(async () => {
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'),
      label: 'mstock_hook',
      settings: { goLive: { 'merchant-stock': { enabled: true } }, merchantStock: { buffer: { fixed: 0, percent: 0 } } },
    });
    const erp = stack.erpClient;
    const [productId] = (await erp.create('product.product', [{ name: 'Hook stock mug', default_code: SKU, is_storable: true, type: 'consu' }])) as [number];
    const [warehouse] = await erp.create('stock.warehouse', [{ name: 'Hook stock', code: 'HOOK' }]);
    const [w] = await erp.read('stock.warehouse', [warehouse!], ['lot_stock_id']);
    const context = { inventory_mode: true };
    const quants = await erp.create('stock.quant', [{ product_id: productId, location_id: (w!.lot_stock_id as [number, string])[0], inventory_quantity: 10 }], { context });
    await erp.call('stock.quant', 'action_apply_inventory', quants, { context });
    await stack.env.core.backends.update(stack.backendId, { settings: { merchantStock: { warehouses: { DEFAULT: ['HOOK'] } } } });
    await stack.env.runtimes.invalidate(stack.backendId);
    await db().query(`insert into amazon_sku (backend_id, sku) values ($1, $2)`, [stack.backendId, SKU]);
    await stack.env.core.lookups.put(stack.backendId, 'sku_map', [{ key: SKU, value: { productId } }]);
    // The seller's listing of the mug on Amazon (none left), then Amazon shows the 10. The orders the sandbox seeded
    // are stored first, with whatever recompute they queue, so each test starts with no job.
    stack.amazon.setListingQuantity(stack.sellerId, SKU, 0);
    expect((await recomputeOffers(stack.env, stack.backendId)).changed).toEqual([SKU]);
    expect(await pushOffers(stack.env, stack.backendId)).toMatchObject({ patched: 1 });
    expect(listing()).toMatchObject({ quantity: 10, changedBy: 'patch' });
    await sweep();
    await runTasks(stack, STOCK_TASKS);
  }, 180_000);
  afterAll(async () => stack?.close());

  it('the sweep stores a pending order and queues the recompute in its transaction; Amazon shows the lower quantity before the import', async () => {
    const orderId = newOrder(2);
    expect(await ordersSeenJobs()).toEqual([]);
    expect((await sweep()).changed).toBe(1);
    const jobs = await ordersSeenJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.key).toBe(`merchant-stock-orders:${stack.backendId}`);
    // Same transaction: the job was added at the storing transaction's start (PostgreSQL's now() in both).
    expect(jobs[0]!.created_at.getTime()).toBe((await fetchedAt(orderId)).getTime());

    const started = Date.now();
    await runTasks(stack, STOCK_TASKS);
    expect(listing()).toMatchObject({ quantity: 8, changedBy: 'patch' });
    console.info(`orders-stored hook: the queued job to Amazon showing the lower quantity by patch in ${Date.now() - started} ms (in-process)`);
    expect(await stateOf(orderId)).toBe('queued');
    expect(await ordersSeenJobs()).toEqual([]);
  });

  it('storing the same order again queues nothing; orders stored before the job runs share one job', async () => {
    expect((await sweep()).changed).toBe(0);
    expect(await ordersSeenJobs()).toEqual([]);

    const first = newOrder(1);
    expect((await sweep()).changed).toBe(1);
    const second = newOrder(3);
    expect((await sweep()).changed).toBe(1);
    expect(await ordersSeenJobs()).toHaveLength(1);
    await runTasks(stack, STOCK_TASKS);
    expect(listing()).toMatchObject({ quantity: 10 - 2 - 1 - 3, changedBy: 'patch' });
    expect([await stateOf(first), await stateOf(second)]).toEqual(['queued', 'queued']);
  });

  it('an ORDER_CHANGE notification and a resync queue the recompute as they store the order', async () => {
    const orderId = newOrder(2);
    const notify = async (id: string) => {
      await storeNotification(db(), { notificationId: id, type: 'ORDER_CHANGE', sellerId: stack.sellerId, eventTime: new Date(), subject: orderId, payload: {} }, []);
      return onOrderChange({ env: stack.env, correlationId: id }, stack.backendId, id);
    };
    expect(await notify(`hook-${orderId}-1`)).toBe('queued');
    expect(await ordersSeenJobs()).toHaveLength(1);
    await runTasks(stack, STOCK_TASKS);
    expect(listing()).toMatchObject({ quantity: 2, changedBy: 'patch' });

    // The same order notified again (nothing newer on Amazon): stored unchanged, no job.
    expect(await notify(`hook-${orderId}-2`)).toBe('unchanged');
    expect(await ordersSeenJobs()).toEqual([]);

    // A resync stores it again and queues it for import: the recompute is queued with it.
    await requestResync(stack.env, stack.backendId, orderId, 'test');
    await runTasks(stack, [Tasks.resyncOrder]);
    expect(await ordersSeenJobs()).toHaveLength(1);
    await runTasks(stack, STOCK_TASKS);
    // Nothing changed on Amazon: the quantity stays, nothing more is sent.
    expect(listing()).toMatchObject({ quantity: 2, changedBy: 'patch' });
  });
});
