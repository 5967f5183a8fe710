/**
 * ERP -> Amazon refunds (the refund-adjustments flow), end to end against both sandboxes over HTTP, on both ERP
 * faces: an ERP user credits an Amazon order's invoice with the reversal wizard and marks it for Amazon
 * (`AMAZON:CustomerReturn` as the reason); the change feed hears it, the flow queues one payment adjustment
 * (POST_PAYMENT_ADJUSTMENT_DATA) with the seller's adjustment id, the Feeds core sends it, Amazon refunds and posts
 * its Refund transaction; the refunds flow's sweep then binds that refund to the same credit note, making no
 * second one. Also: Amazon's refusal as a conflict; goodwill notes and the connector's own never sent.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { amazonAdmin } from './support/amazon.ts';
import { openConflictCodes, runTasks, sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { invoicesOf, request, runInvoiceJobs, validateDelivery } from './support/invoicing.ts';
import { takeQueued } from './support/change-feed.ts';
import { sendFeedsUntilDone } from './support/feeds.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { flows } from '../connector/src/app/flow-list.ts';
import { runPoll } from '../connector/src/sync/frame/change-feed/poll.task.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import { RefundAdjustmentTasks } from '../connector/src/sync/refund-adjustments/index.ts';
import { creditNoteGateway } from '../connector/src/sync/refunds/erp/credit-note.gateway.ts';

const DE = 'A1PA6795UKMFR9';
const SHIP_DATE = '2026-11-28T16:30:00Z';
interface Order { id: string; soId: number }
interface FeedRow { key: string; state: string; body: { amazonOrderId: string; currency: string; items: Array<{ merchantAdjustmentItemId: string; reason: string; quantity?: number; components: Array<{ type: string; amount: string }> }> } }

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`ERP credit notes -> Amazon payment adjustments (ERP over ${erpTransport})`, () => {
    let stack: Stack;
    let orders: Order[];
    // Amazon's clock runs ten minutes behind while feeds are processed, so the refunds they post are older than
    // the three minutes the refunds sweep leaves to Amazon, without waiting.
    let skewMs = 0;
    const take = (): Order => {
      const o = orders.shift();
      if (!o) throw new Error('no order left for this test');
      return o;
    };

    beforeAll(async () => {
      stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `refadj-${erpTransport}`, erpTransport,
        amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, feedProcessingSeconds: 0.6 } });
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 8, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
      await sweepAndImport(stack);
      orders = [];
      for (const id of ids) {
        const so = await theErpOrder(stack, id).catch(() => null);
        if (so?.state === 'sale') orders.push({ id, soId: so.id });
      }
      expect(orders.length).toBeGreaterThanOrEqual(6);
      await stack.env.core.backends.update(stack.backendId, { settings: {
        goLive: { 'refund-adjustments': { enabled: true }, refunds: { enabled: true } },
        feeds: { batchWindowSeconds: 0, pollSeconds: 1 }, changeFeed: { pollSeconds: 1 },
      } });
      await runPoll({ env: stack.env }, flows, stack.backendId);
    }, 50_000);
    afterAll(async () => stack?.close());

    const tasks = () => taskList(stack.env);
    /** Invoiced in the ERP (as the shipments flow would have it), shipped on Amazon; answers the invoice id. */
    async function invoiceAndShip(o: Order): Promise<number> {
      await validateDelivery(stack, o.soId);
      await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
      await runInvoiceJobs(stack);
      stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      return (await invoicesOf(stack, o.soId))[0]!.id;
    }
    /** What an ERP user does: the reversal wizard on the invoice with `reason`, the credit note posted. */
    async function creditInErp(invoiceId: number, reason: string): Promise<number> {
      const gw = creditNoteGateway(stack.erpClient);
      const [moveId] = await gw.reverse((await gw.readMove(invoiceId))!, reason);
      await gw.post(moveId!);
      return moveId!;
    }
    const check = (ids: number[]) => tasks()[RefundAdjustmentTasks.check]!({ backendId: stack.backendId, ids }, undefined as never);
    const messagesOf = async (moveId: number) => (await stack.env.db.pool.query<FeedRow>(
      `select key, state, body from feed_message where backend_id = $1 and feed_type = 'POST_PAYMENT_ADJUSTMENT_DATA' and key = $2`, [stack.backendId, `CN${moveId}`])).rows;
    const statusOf = async (moveId: number) => (await stack.env.db.pool.query<{ status: string; refundId: string | null }>(
      `select state->>'status' as status, state->>'refundId' as "refundId" from binding where backend_id = $1 and kind = 'refund_adjustment' and amazon_key = $2`, [stack.backendId, `CN${moveId}`])).rows[0];
    const createFeedCalls = () => stack.amazon.calls().operations.filter((o) => o.operation === 'createFeed').reduce((n, o) => n + o.calls, 0);
    /** The Feeds core's jobs and this flow's result task, until no feed is pending (Amazon takes 0.6 s). */
    async function sendFeeds(): Promise<void> {
      skewMs = -10 * 60_000;
      try {
        await sendFeedsUntilDone(stack, () => runTasks(stack, ['feeds:submit', 'feeds:poll', RefundAdjustmentTasks.results]));
      } finally {
        skewMs = 0;
      }
    }
    const creditNotesOf = (invoiceId: number) => stack.erpClient.searchRead('account.move', [['move_type', '=', 'out_refund'], ['reversed_entry_id', '=', invoiceId]], ['state', 'amount_total', 'ref']);
    const refundsAtAmazon = async (orderId: string) => {
      const res = await fetch(`${stack.amazon.url}/_sandbox/finances/${stack.sellerId}`);
      const body = (await res.json()) as { transactions: Array<{ transactionType: string; source: string; merchantAdjustmentItemIds?: string[]; relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> }> };
      return body.transactions.filter((t) => t.transactionType === 'Refund' && t.relatedIdentifiers.some((r) => r.relatedIdentifierName === 'ORDER_ID' && r.relatedIdentifierValue === orderId));
    };

    it('a marked credit note: one message with the seller\'s adjustment id, however often the change comes; Amazon\'s refund bound to it, no second credit note', async () => {
      const o = take();
      const invoiceId = await invoiceAndShip(o);
      const moveId = await creditInErp(invoiceId, 'AMAZON:CustomerReturn');
      // The change feed's poll hears of the posted credit note and queues the flow's check.
      await runPoll({ env: stack.env }, flows, stack.backendId);
      expect(await takeQueued(stack.env, RefundAdjustmentTasks.check, stack.backendId)).toContain(moveId);
      // Webhook and poll both name it, two workers at once, then once more.
      await Promise.all([check([moveId]), check([moveId])]);
      await check([moveId]);
      const msgs = await messagesOf(moveId);
      expect(msgs).toHaveLength(1);
      const [note] = await stack.erpClient.read('account.move', [moveId], ['amount_total']);
      const sent = msgs[0]!.body;
      expect(sent.amazonOrderId).toBe(o.id);
      expect(sent.items.map((i) => i.reason)).toEqual(sent.items.map(() => 'CustomerReturn'));
      expect(sent.items.map((i) => i.merchantAdjustmentItemId)).toEqual(sent.items.map((_, n) => `CN${moveId}-${n + 1}`));
      const cents = sent.items.flatMap((i) => i.components).reduce((s, c) => s + Math.round(Number(c.amount) * 100), 0);
      expect(cents).toBe(Math.round(Number(note!.amount_total) * 100));
      const calls = createFeedCalls();
      await sendFeeds();
      expect(createFeedCalls()).toBe(calls + 1);
      expect((await statusOf(moveId))?.status).toBe('accepted');
      const atAmazon = await refundsAtAmazon(o.id);
      expect(atAmazon.map((t) => [t.source, t.merchantAdjustmentItemIds])).toEqual([['feed', sent.items.map((i) => i.merchantAdjustmentItemId)]]);
      // The change comes again later (a write on the credit note, the safety sweep): nothing more is sent.
      await check([moveId]);
      await tasks()[RefundAdjustmentTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      await sendFeeds();
      expect(createFeedCalls()).toBe(calls + 1);
      expect(await messagesOf(moveId)).toHaveLength(1);
      // Amazon's Refund transaction, swept by the refunds flow: bound to the ERP user's credit note, none made.
      await tasks()[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      await runTasks(stack, [RefundTasks.creditBatch, RefundTasks.credit]);
      const notes = await creditNotesOf(invoiceId);
      expect(notes.map((n) => n.id)).toEqual([moveId]);
      const refundId = atAmazon[0]!.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue;
      expect((await stack.env.core.binder.toErp(stack.backendId, 'refund', refundId))?.erpId).toBe(moveId);
      expect(await statusOf(moveId)).toEqual({ status: 'matched', refundId });
      expect(await openConflictCodes(stack, refundId)).toEqual([]);
      // Swept and credited again: still that one credit note.
      await tasks()[RefundTasks.credit]!({ backendId: stack.backendId, refundId }, undefined as never);
      expect((await creditNotesOf(invoiceId)).map((n) => n.id)).toEqual([moveId]);
    });

    it('Amazon\'s refusal in the processing report (more than is still refundable): a REFUND_ADJUSTMENT_REFUSED conflict, nothing sent again by itself', async () => {
      const o = take();
      const invoiceId = await invoiceAndShip(o);
      // Refunded in full at Amazon already (Seller Central), not yet in the ERP.
      await amazonAdmin(stack.amazon, `orders/${o.id}/refund`, {});
      const moveId = await creditInErp(invoiceId, 'AMAZON:GeneralAdjustment');
      await check([moveId]);
      const calls = createFeedCalls();
      await sendFeeds();
      expect(createFeedCalls()).toBe(calls + 1);
      expect((await statusOf(moveId))?.status).toBe('rejected');
      expect(await openConflictCodes(stack, `CN${moveId}`)).toEqual(['REFUND_ADJUSTMENT_REFUSED']);
      const { rows } = await stack.env.db.pool.query(`select message, kind from sync_conflict where backend_id = $1 and amazon_key = $2`, [stack.backendId, `CN${moveId}`]);
      expect(rows[0]).toMatchObject({ kind: 'refund-adjustment' });
      expect(String(rows[0].message)).toContain('18041');
      await check([moveId]);
      await sendFeeds();
      expect(createFeedCalls()).toBe(calls + 1);
    });

    it('never sent: a credit note without the mark (goodwill), one with an unknown reason (a conflict), and the connector\'s own', async () => {
      const a = take();
      const goodwill = await creditInErp(await invoiceAndShip(a), 'goodwill gesture');
      const b = take();
      const badReason = await creditInErp(await invoiceAndShip(b), 'AMAZON:Goodwill');
      await check([goodwill, badReason]);
      expect(await messagesOf(goodwill)).toEqual([]);
      expect(await messagesOf(badReason)).toEqual([]);
      expect(await openConflictCodes(stack, `CN${badReason}`)).toEqual(['REFUND_ADJUSTMENT_REASON_INVALID']);
      // A refund made at Amazon becomes the connector's credit note (refunds flow): never sent back as an adjustment.
      const c = take();
      const invoiceId = await invoiceAndShip(c);
      skewMs = -10 * 60_000;
      try {
        await amazonAdmin(stack.amazon, `orders/${c.id}/refund`, {});
      } finally {
        skewMs = 0;
      }
      await tasks()[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      await runTasks(stack, [RefundTasks.creditBatch, RefundTasks.credit]);
      const [own] = await creditNotesOf(invoiceId);
      expect(own?.state).toBe('posted');
      await runPoll({ env: stack.env }, flows, stack.backendId);
      await check([own!.id]);
      await tasks()[RefundAdjustmentTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      expect(await messagesOf(own!.id)).toEqual([]);
      const { rows } = await stack.env.db.pool.query(`select count(*)::int as n from feed_message where backend_id = $1 and feed_type = 'POST_PAYMENT_ADJUSTMENT_DATA' and key = any($2::text[])`,
        [stack.backendId, [`CN${goodwill}`, `CN${badReason}`, `CN${own!.id}`]]);
      expect(rows[0].n).toBe(0);
    });
    it('an Amazon refund of an order whose adjustment is still open that equals none of them: REFUND_ADJUSTMENT_AMBIGUOUS, no second credit note', async () => {
      const o = take();
      const invoiceId = await invoiceAndShip(o);
      const moveId = await creditInErp(invoiceId, 'AMAZON:CustomerReturn');
      await check([moveId]);
      expect((await statusOf(moveId))?.status).toBe('queued');
      // Meanwhile someone refunds one euro in Seller Central (not what the credit note says).
      const sku = (stack.amazon.getOrder(o.id).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems[0]!.product.sellerSku;
      skewMs = -10 * 60_000;
      let refundId: string;
      try {
        const { transaction } = await amazonAdmin<{ transaction: { relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> } }>(stack.amazon, `orders/${o.id}/refund`, { lines: [{ sku, quantity: 1, amount: '1.00' }] });
        refundId = transaction.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue;
      } finally {
        skewMs = 0;
      }
      await tasks()[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      await runTasks(stack, [RefundTasks.creditBatch, RefundTasks.credit]);
      expect(await openConflictCodes(stack, refundId)).toEqual(['REFUND_ADJUSTMENT_AMBIGUOUS']);
      expect((await creditNotesOf(invoiceId)).map((n) => n.id)).toEqual([moveId]);
      expect(await stack.env.core.binder.toErp(stack.backendId, 'refund', refundId)).toBeNull();
    });
  });
}
