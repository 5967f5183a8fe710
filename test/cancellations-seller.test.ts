/**
 * Orders cancelled in the ERP before shipment, told to Amazon as seller cancellations (POST_ORDER_ACKNOWLEDGEMENT_DATA
 * through the Feeds core), as a seller checks it: one feed message per cancellation whatever the change feed repeats,
 * a lowered line cancels those units only, an order Amazon cancelled itself sends nothing.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { openConflictCodes, runJobs, sweepAndImport, syncStateOf, theErpOrder, visibleNow } from './support/lifecycle.ts';
import { scaleQuantityPatch } from './support/order-edits.ts';
import { requestResync } from '../connector/src/sync/orders/index.ts';
import { checkSellerCancellations } from '../connector/src/sync/cancellations/seller-cancel/index.ts';
import { checkLines } from '../connector/src/sync/cancellations/seller-cancel/check-orders.ts';
import { applySellerCancelResults, sellerCancelParts } from '../connector/src/sync/cancellations/seller-cancel/index.ts';
import { feedsContextOf, feedTypesOf } from '../connector/src/sync/frame/feeds/feeds-context.ts';
import { runSubmit } from '../connector/src/sync/frame/feeds/submit.ts';
import { pollFeed } from '../connector/src/sync/frame/feeds/poll-feed.ts';

const DE = 'A1PA6795UKMFR9';
const LIVE = { enabled: true, dryRun: false, cutoverAt: null };

describe('seller cancellations: ERP -> Amazon', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Amazon processes a feed in 0.6 s instead of minutes; the Feeds core sends at once and polls every second.
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'cancel_seller', amazon: { feedProcessingSeconds: 0.6 } });
    await stack.env.core.backends.update(stack.backendId, { settings: { feeds: { batchWindowSeconds: 0, pollSeconds: 1 } } });
  });
  afterAll(async () => stack?.close());

  const imported = async (count: number, factor = 1): Promise<string[]> => {
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE, business: false, fulfilledBy: 'MERCHANT' });
    if (factor > 1) for (const id of ids) stack.amazon.updateOrder(id, scaleQuantityPatch(stack.amazon.getOrder(id).order, factor));
    await sweepAndImport(stack);
    for (const id of ids) expect((await syncStateOf(stack, id))?.state).toBe('imported');
    return ids;
  };
  const job = () => ({ env: stack.env, goLive: LIVE });
  const messagesOf = async (amazonOrderId: string) => (await stack.env.db.pool.query<{ key: string; body: { items: Array<{ orderItemId: string; cancelReason: string; quantity?: number }> }; state: string }>(
    `select key, body, state from feed_message where backend_id = $1 and feed_type = 'POST_ORDER_ACKNOWLEDGEMENT_DATA' and key like $2 || '/%' order by id`,
    [stack.backendId, amazonOrderId],
  )).rows;

  const types = feedTypesOf([{ name: 'cancellations', feeds: sellerCancelParts.feeds }]);
  /** The Feeds core's submit and poll as the worker runs them, then this part's result task for each feed done. */
  const sendFeeds = async (): Promise<number[]> => {
    const ctx = await feedsContextOf(stack.env, stack.backendId, types);
    await runSubmit(ctx);
    const { rows } = await stack.env.db.pool.query<{ id: number }>(`select id::int from feed where backend_id = $1 and state = 'submitted' order by id`, [stack.backendId]);
    for (const f of rows) {
      for (let i = 0; (await pollFeed(ctx, f.id)) === 'pending'; i++) {
        if (i > 40) throw new Error(`feed ${f.id} still pending`);
        await new Promise((r) => setTimeout(r, 250));
      }
      await applySellerCancelResults(stack.env, stack.backendId, f.id);
    }
    return rows.map((r) => r.id);
  };
  const createFeedCalls = () => stack.amazon.calls().operations.filter((o) => o.operation === 'createFeed').reduce((n, o) => n + o.calls, 0);
  const recordsOf = async (amazonOrderId: string) => (await stack.env.db.pool.query<{ key: string; status: string; code: string | null }>(
    `select amazon_key as key, state->>'status' as status, state->>'code' as code from binding where backend_id = $1 and kind = 'seller_cancel' and state->>'amazonOrderId' = $2 order by id`,
    [stack.backendId, amazonOrderId],
  )).rows;
  type Item = { orderItemId: string; quantityOrdered: number; fulfillment?: { quantityUnfulfilled?: number }; cancellation?: { cancellationExecution?: { cancelledBy: string } } };
  const amazonOrder = (id: string) => stack.amazon.getOrder(id).order as { fulfillment: { fulfillmentStatus: string }; orderItems: Item[] };

  it('an unshipped order cancelled in the ERP is one message cancelling every item, however often the change comes', async () => {
    const [id] = await imported(1);
    const so = await theErpOrder(stack, id!);
    await stack.erpClient.call('sale.order', 'action_cancel', [so.id]);
    // The webhook and the poll both name the order; two workers at once.
    const [a, b] = await Promise.all([checkSellerCancellations(job(), stack.backendId, [so.id]), checkSellerCancellations(job(), stack.backendId, [so.id])]);
    expect([...a!, ...b!].filter((o) => o.action === 'queued' && o.created)).toHaveLength(1);
    await checkSellerCancellations(job(), stack.backendId, [so.id]);
    const msgs = await messagesOf(id!);
    expect(msgs).toHaveLength(1);
    const items = stack.amazon.getOrder(id!).order.orderItems as Array<{ orderItemId: string }>;
    expect(msgs[0]!.body).toEqual({ amazonOrderId: id, items: items.map((i) => ({ orderItemId: i.orderItemId, cancelReason: 'NoInventory' })) });
    const calls = createFeedCalls();
    await sendFeeds();
    expect(createFeedCalls()).toBe(calls + 1);
    expect(await recordsOf(id!)).toEqual([{ key: msgs[0]!.key, status: 'accepted', code: null }]);
    const cancelled = amazonOrder(id!);
    expect(cancelled.fulfillment.fulfillmentStatus).toBe('CANCELLED');
    expect(cancelled.orderItems.every((i) => i.cancellation?.cancellationExecution?.cancelledBy === 'MERCHANT')).toBe(true);
    // A worker restarted: the change feed names the order again, the Feeds core runs again: nothing more is sent.
    await checkSellerCancellations(job(), stack.backendId, [so.id]);
    await sendFeeds();
    expect(createFeedCalls()).toBe(calls + 1);
    expect(await messagesOf(id!)).toHaveLength(1);
  });

  it('a lowered line is a partial cancellation of those units only; a second lowering later is a new message', async () => {
    const [id] = await imported(1, 3);
    const so = await theErpOrder(stack, id!);
    const first = (stack.amazon.getOrder(id!).order.orderItems as Array<{ orderItemId: string; quantityOrdered: number }>)[0]!;
    const lines = await stack.erpClient.read('sale.order.line', so.order_line as number[], ['product_id', 'product_uom_qty']);
    const line = lines.find((l) => l.product_uom_qty === first.quantityOrdered)!;
    await stack.erpClient.write('sale.order.line', [line.id], { product_uom_qty: first.quantityOrdered - 1 });
    await checkLines(job(), stack.backendId, [line.id]);
    await checkLines(job(), stack.backendId, [line.id]);
    let msgs = await messagesOf(id!);
    expect(msgs.map((m) => m.body.items)).toEqual([[{ orderItemId: first.orderItemId, cancelReason: 'NoInventory', quantity: 1 }]]);
    await stack.erpClient.write('sale.order.line', [line.id], { product_uom_qty: first.quantityOrdered - 2 });
    await checkLines(job(), stack.backendId, [line.id]);
    msgs = await messagesOf(id!);
    expect(msgs.map((m) => m.key)).toEqual([`${id}/${first.orderItemId}=1`, `${id}/${first.orderItemId}=2`]);
    expect(msgs[1]!.body.items).toEqual([{ orderItemId: first.orderItemId, cancelReason: 'NoInventory', quantity: 1 }]);
    await sendFeeds();
    expect((await recordsOf(id!)).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const item = amazonOrder(id!).orderItems.find((i) => i.orderItemId === first.orderItemId)!;
    expect(item.fulfillment?.quantityUnfulfilled).toBe(first.quantityOrdered - 2);
    expect(item.cancellation?.cancellationExecution?.cancelledBy).toBe('MERCHANT');
    expect(amazonOrder(id!).fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
    // The orders flow fetches the order with the units cancelled by the seller: Amazon's change, agreed with the
    // ERP's lines, not reported as an ERP edit.
    await requestResync(stack.env, stack.backendId, id!, 'test');
    await runJobs(stack);
    expect(await openConflictCodes(stack, id!)).toEqual([]);
    expect((await syncStateOf(stack, id!))?.state).toBe('imported');
    const after = await stack.erpClient.read('sale.order.line', [line.id], ['product_uom_qty']);
    expect(after[0]!.product_uom_qty).toBe(first.quantityOrdered - 2);
  });

  it('a cancellation Amazon refuses because the order shipped meanwhile is a SELLER_CANCEL_TOO_LATE conflict', async () => {
    const [id] = await imported(1);
    const so = await theErpOrder(stack, id!);
    await stack.erpClient.call('sale.order', 'action_cancel', [so.id]);
    await checkSellerCancellations(job(), stack.backendId, [so.id]);
    // Shipped from another system before the feed left.
    stack.amazon.updateOrder(id!, { fulfillmentStatus: 'SHIPPED', lastUpdatedTime: visibleNow() });
    await sendFeeds();
    expect(await recordsOf(id!)).toEqual([expect.objectContaining({ status: 'rejected' })]);
    expect(await openConflictCodes(stack, id!)).toContain('SELLER_CANCEL_TOO_LATE');
    // Nothing is sent again by itself.
    const calls = createFeedCalls();
    await checkSellerCancellations(job(), stack.backendId, [so.id]);
    await sendFeeds();
    expect(createFeedCalls()).toBe(calls);
  });

  it('an order Amazon cancelled itself sends nothing back when the ERP order is cancelled after it', async () => {
    const [id] = await imported(1);
    stack.amazon.updateOrder(id!, { fulfillmentStatus: 'CANCELLED', lastUpdatedTime: visibleNow() });
    await sweepAndImport(stack);
    const so = await theErpOrder(stack, id!);
    await stack.erpClient.call('sale.order', 'action_cancel', [so.id]);
    const out = await checkSellerCancellations(job(), stack.backendId, [so.id]);
    expect(out).toEqual([expect.objectContaining({ action: 'none', reason: 'already cancelled at Amazon' })]);
    expect(await messagesOf(id!)).toEqual([]);
  });
});
