/**
 * The merchant-stock urgent poll with a worker process (real PostgreSQL, both sandboxes over HTTP): no webhook (no
 * public URL; the ERP sandbox ships without base_automation) and the change feed slowed to an hour, so only the
 * flow's own poll of done stock moves (merchantStock.urgentPollSeconds at its default) can bring a delivery that
 * empties a SKU to Amazon; it does, by patch. With the setting at 0 the poll stops and the ERP sees no more of it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Child } from '../scripts/lib/processes.ts';
import { flows } from '../connector/src/sync/flows.ts';
import { runPoll } from '../connector/src/sync/frame/change-feed/poll.task.ts';
import { enqueue } from '../connector/src/core/queue/enqueue.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { untilWorker } from './support/until-worker.ts';
import { pollDoneMoves } from '../connector/src/sync/merchant-stock/urgent-poll/move-poll.ts';

const SKU = 'URG-MUG';

describe('merchant stock urgent poll, without a webhook', () => {
  let stack: Stack;
  let worker: Child;
  let productId: number;
  let wh: { stock: number; outType: number; inType: number };
  const erp = () => stack.erpClient;
  const db = () => stack.env.db.pool;
  const listing = () => stack.amazon.listingQuantities(stack.sellerId).listings.find((l) => l.sku === SKU);
  const moveSearchReads = async () => {
    const stats = (await (await fetch(`${stack.erp.sandbox.url}/_sandbox/stats`)).json()) as { calls: Record<string, number> };
    return stats.calls['stock.move.search_read'] ?? 0;
  };
  const urgentJobs = async () => (await db().query(`select 1 from graphile_worker._private_jobs where key = $1`, [`merchant-stock-urgent-poll:${stack.backendId}`])).rowCount;
  const polledAt = async () => (await db().query<{ t: Date }>('select polled_at as t from merchant_stock_move_poll where backend_id = $1', [stack.backendId])).rows[0]?.t ?? null;
  /** A transfer of `qty` units validated in the ERP (a delivery reserves first, as a warehouse worker's does). */
  const transfer = async (kind: 'in' | 'out', qty: number) => {
    const [vendors] = await erp().search('stock.location', [['usage', '=', 'supplier']], { limit: 1 });
    const [customers] = await erp().search('stock.location', [['usage', '=', 'customer']], { limit: 1 });
    const [from, to] = kind === 'in' ? [vendors!, wh.stock] : [wh.stock, customers!];
    const [picking] = await erp().create('stock.picking', [{ picking_type_id: kind === 'in' ? wh.inType : wh.outType, location_id: from, location_dest_id: to,
      move_ids: [[0, 0, { product_id: productId, product_uom_qty: qty, location_id: from, location_dest_id: to }]] }]);
    await erp().call('stock.picking', 'action_confirm', [picking!]);
    if (kind === 'out') await erp().call('stock.picking', 'action_assign', [picking!]);
    await erp().call('stock.picking', 'button_validate', [picking!]);
  };

  beforeAll(async () => {
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'),
      label: 'mstock_urgent',
      settings: {
        sweepIntervalSeconds: 600,
        goLive: { 'merchant-stock': { enabled: true } },
        // The change feed's poll an hour apart: after its first poll it cannot be what brings the change.
        changeFeed: { pollSeconds: 3600 },
        // No crontab reconciliation: the poll must be what brings the change.
        merchantStock: { buffer: { fixed: 0, percent: 0 }, reconcile: { intervalMinutes: 0 } },
      },
    });
    [productId] = (await erp().create('product.product', [{ name: 'Urgent poll mug', default_code: SKU, is_storable: true, type: 'consu' }])) as [number];
    const [id] = await erp().create('stock.warehouse', [{ name: 'Urgent stock', code: 'URG' }]);
    const [w] = await erp().read('stock.warehouse', [id!], ['lot_stock_id', 'in_type_id', 'out_type_id']);
    const m2o = (v: unknown) => (v as [number, string])[0];
    wh = { stock: m2o(w!.lot_stock_id), inType: m2o(w!.in_type_id), outType: m2o(w!.out_type_id) };
    await stack.env.core.backends.update(stack.backendId, { settings: { merchantStock: { warehouses: { DEFAULT: ['URG'] } } } });
    await db().query(`insert into amazon_sku (backend_id, sku) values ($1, $2)`, [stack.backendId, SKU]);
    // The listing on Amazon, merchant-fulfilled (as a reconciliation reads it), with the quantity last sent.
    stack.amazon.setListingQuantity(stack.sellerId, SKU, 0);
    await db().query(`insert into merchant_stock_listing (backend_id, sku, found, channels, seen_at) values ($1, $2, true, '{DEFAULT}', now())`, [stack.backendId, SKU]);
    await stack.env.core.lookups.put(stack.backendId, 'sku_map', [{ key: SKU, value: { productId } }]);
    await transfer('in', 6);
    // The change feed's first poll (its subscriptions listen from now on); then an hour until the next.
    await runPoll({ env: stack.env }, flows, stack.backendId);
    worker = stack.startWorker('mstock-urgent');
    await enqueue(db(), 'merchant-stock:recompute', { backendId: stack.backendId }, { queueName: `merchant-stock:${stack.backendId}` });
    await untilWorker(() => worker, 'Amazon showing 6', 30_000, async () => listing()?.quantity === 6);
  }, 180_000);
  afterAll(async () => stack?.close());

  it('a delivery emptying a SKU reaches Amazon by patch through the urgent poll alone', async () => {
    expect(stack.env.core.changeFeed.publicUrl).toBeNull();
    // The urgent poll has started its cursor (enabling the backend queued it): a move done from now on is seen.
    await untilWorker(() => worker, 'the urgent poll running', 30_000, async () => (await polledAt()) !== null);
    const before = await moveSearchReads();
    await transfer('out', 6);
    await untilWorker(() => worker, 'Amazon showing 0', 25_000, async () => listing()?.quantity === 0);
    expect(listing()?.changedBy).toBe('patch');
    // Polling every 3 s, not the change feed's hour: stock.move search_reads go on after the transfer (waited for:
    // on a loaded machine the next poll may be seconds away when Amazon already shows 0).
    await untilWorker(() => worker, 'a poll after the transfer', 15_000, async () => (await moveSearchReads()) > before);
    // The move is not handed over again by the next poll (`>=` the cursor's second, its ids seen dropped).
    expect((await pollDoneMoves(stack.env, stack.backendId)).handed).toBe(0);
  });

  it('with urgentPollSeconds 0 the poll stops: no more stock.move calls, the change feed still brings changes', async () => {
    await stack.env.core.backends.update(stack.backendId, { settings: { merchantStock: { urgentPollSeconds: 0 } } });
    await untilWorker(() => worker, 'the urgent poll stopped', 15_000, async () => (await urgentJobs()) === 0);
    // The minute's check does not start it again.
    await enqueue(db(), 'merchant-stock:urgent-poll-all', {}, { jobKey: 'test:urgent-poll-all' });
    await untilWorker(() => worker, "the minute's check done", 15_000, async () =>
      (await db().query(`select 1 from graphile_worker._private_jobs where key = 'test:urgent-poll-all'`)).rowCount === 0);
    const calls = await moveSearchReads();
    const last = await polledAt();
    await transfer('in', 4);
    // Past two periods of the default 3 s: nothing polled stock.move.
    await new Promise((r) => setTimeout(r, 7_000));
    expect(await moveSearchReads()).toBe(calls);
    expect(await polledAt()).toEqual(last);
    expect(await urgentJobs()).toBe(0);
    expect(listing()?.quantity).toBe(0);
    // The change feed's own poll still hands the receipt over.
    await runPoll({ env: stack.env }, flows, stack.backendId);
    await untilWorker(() => worker, 'Amazon showing 4', 30_000, async () => listing()?.quantity === 4);
  });
});
