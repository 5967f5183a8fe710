/**
 * Amazon refunds reach the ERP by TRANSACTION_UPDATE, against both sandboxes over HTTP and the Amazon sandbox's SQS:
 * with the notification subscribed, a refund made on Amazon becomes its posted credit note without the 15-minute
 * crontab (the notification queues a read of the few seconds of postings around its posted date); the same notification delivered again makes nothing more.
 * The latency from the refund to the posted credit note is printed (measured, not asserted).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LoopbackAgent } from '../connector/src/amazon/endpoint-override.ts';
import { putChannel } from '../connector/src/sync/frame/notifications/channel-store.ts';
import { setUpNotifications } from '../connector/src/sync/frame/notifications/index.ts';
import { runQueueReader } from '../connector/src/sync/frame/notifications/queue-reader.ts';
import { flows } from '../connector/src/sync/flows.ts';
import { quotaKeysFor } from '../connector/src/core/rate-limit/quota-keys.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { amazonAdmin } from './support/amazon.ts';
import { runTasks, sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { invoicesOf, request, runInvoiceJobs, validateDelivery } from './support/invoicing.ts';

const DE = 'A1PA6795UKMFR9';
const SHIP_DATE = '2026-11-28T16:30:00Z';
const TASKS = [RefundTasks.notified, RefundTasks.sweepPosted, RefundTasks.sweepOrder, RefundTasks.sweep, RefundTasks.creditBatch, RefundTasks.credit];
interface RefundAnswer { transaction: { relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> } }

describe('refunds by TRANSACTION_UPDATE', () => {
  let stack: Stack;
  let sqs: SQSClient;
  const stop = new AbortController();
  let reader: Promise<void> | undefined;
  const db = () => stack.env.db.pool;

  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'refunds-notified', amazon: { returnShare: 0, refundShare: 0, sqsDuplicateRate: 0, notificationDelayMs: 20 } });
    const sb = stack.amazon;
    sqs = new SQSClient({ region: sb.sqs.region, maxAttempts: 1, credentials: sb.sqs.credentials, requestHandler: { httpsAgent: new LoopbackAgent({ host: '127.0.0.1', port: sb.port }) } });
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { refunds: { enabled: true } } } });
    const { amazon } = await stack.env.core.backends.credentials(stack.backendId);
    await putChannel(db(), stack.env.core.secrets, { applicationId: amazon.lwaClientId, queueUrl: sb.sqs.queueUrl(), queueArn: sb.sqs.queueArn(), awsRegion: sb.sqs.region, ...sb.sqs.credentials }, 'test');
    expect(JSON.stringify(await setUpNotifications(stack.env, flows, stack.backendId))).toContain('TRANSACTION_UPDATE');
    reader = runQueueReader(stack.env, () => flows, stop.signal, { idleMs: 100, waitTimeSeconds: 1 });
  }, 240_000);
  afterAll(async () => {
    stop.abort();
    await reader?.catch(() => undefined);
    sqs?.destroy();
    await stack?.close();
  });

  const refundNotifications = async () =>
    (await db().query<{ id: string }>(`select notification_id as id from amazon_notification where notification_type = 'TRANSACTION_UPDATE' and payload::text like '%"Refund"%'`)).rows.map((r) => r.id);
  const creditNotesOf = (invoiceId: number) =>
    stack.erpClient.searchRead('account.move', [['move_type', '=', 'out_refund'], ['reversed_entry_id', '=', invoiceId]], ['state']);

  it('a refund on Amazon becomes its posted credit note by the notification; the same notification again makes no second one', async () => {
    const [id] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    await sweepAndImport(stack);
    const so = await theErpOrder(stack, id!);
    await validateDelivery(stack, so.id);
    await request(stack, id!, `mfn:${so.id}`, SHIP_DATE);
    await runInvoiceJobs(stack);
    stack.amazon.updateOrder(id!, { fulfillmentStatus: 'SHIPPED' });
    const [invoice] = await invoicesOf(stack, so.id);
    // The sweep's cursor set (as the crontab's first run would): what follows comes by the notification.
    await taskList(stack.env)[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);

    const started = Date.now();
    // Posted ten minutes back: Amazon lists it at once (what is timed is the connector's part).
    const { transaction: t } = await amazonAdmin<RefundAnswer>(stack.amazon, `orders/${id}/refund`, { postedMinutesAgo: 10 });
    const refundId = t.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue;
    let posted = false;
    for (let i = 0; i < 600 && !posted; i++) {
      await runTasks(stack, TASKS);
      posted = (await creditNotesOf(invoice!.id)).some((n) => n.state === 'posted');
      if (!posted) await sleep(50);
    }
    const latencyMs = Date.now() - started;
    expect(posted).toBe(true);
    console.log(`refund -> posted credit note by TRANSACTION_UPDATE: ${latencyMs} ms`);
    expect((await stack.env.core.binder.toErp(stack.backendId, 'refund', refundId))?.erpId).toBe((await creditNotesOf(invoice!.id))[0]!.id);
    const [notified] = await refundNotifications();
    expect(notified).toBeDefined();

    // Amazon delivers the same notification again (SQS is at least once): stored once, no second sweep, one credit note.
    const body = stack.amazon.notifications().published.find((p) => JSON.stringify(p.body).includes(notified!))!.body;
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.amazon.sqs.queueUrl(), MessageBody: typeof body === 'string' ? body : JSON.stringify(body) }));
    for (let i = 0; i < 100 && stack.amazon.sqsMessages().length > 0; i++) await sleep(100);
    expect(stack.amazon.sqsMessages()).toEqual([]);
    await sleep(300);
    expect(await runTasks(stack, TASKS)).toBe(0);
    expect(await refundNotifications()).toEqual([notified]);
    expect((await creditNotesOf(invoice!.id)).map((n) => n.state)).toEqual(['posted']);
  });

  it("a burst of refunds notified while the seller's listTransactions bucket is empty is read in one go when its token comes", async () => {
    const generated = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 8, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    await sweepAndImport(stack);
    // The generated mix holds orders the ERP cannot take (conflicts): the imported ones are refunded.
    const { rows } = await db().query<{ id: string }>(`select amazon_order_id as id from amazon_order where backend_id = $1 and sync_state = 'imported' and amazon_order_id = any($2)`, [stack.backendId, generated]);
    const ids = rows.map((r) => r.id).slice(0, 5);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const invoices: number[] = [];
    for (const id of ids) {
      const so = await theErpOrder(stack, id);
      await validateDelivery(stack, so.id);
      await request(stack, id, `mfn:${so.id}`, SHIP_DATE);
    }
    await runInvoiceJobs(stack);
    for (const id of ids) {
      stack.amazon.updateOrder(id, { fulfillmentStatus: 'SHIPPED' });
      invoices.push((await invoicesOf(stack, (await theErpOrder(stack, id)).id))[0]!.id);
    }
    const listCalls = () => stack.amazon.calls().operations.filter((o) => o.operation === 'listTransactions').reduce((n, o) => n + o.calls, 0);
    const seller = stack.amazon.sellers[0]!;
    // Amazon's 0.5 requests/s spent (as a busy seller's reads would leave it): a read per refund would queue.
    await stack.env.core.quota.drain(quotaKeysFor(seller.region, seller.clientId, seller.sellerId).seller, 'listTransactions');
    const before = await refundNotifications();
    const calls0 = listCalls();
    for (const id of ids) await amazonAdmin<RefundAnswer>(stack.amazon, `orders/${id}/refund`, { postedMinutesAgo: 10 });
    for (let i = 0; i < 100 && (await refundNotifications()).length < before.length + ids.length; i++) await sleep(100);
    expect((await refundNotifications()).length).toBe(before.length + ids.length);
    let posted = 0;
    for (let i = 0; i < 400 && posted < ids.length; i++) {
      await runTasks(stack, TASKS);
      posted = 0;
      for (const inv of invoices) if ((await creditNotesOf(inv)).some((n) => n.state === 'posted')) posted++;
      if (posted < ids.length) await sleep(50);
    }
    expect(posted).toBe(ids.length);
    // One read of the refunds' ten seconds of postings (two when they straddle a slot's edge), not one per refund.
    expect(listCalls() - calls0).toBeLessThanOrEqual(2);
    for (const inv of invoices) expect((await creditNotesOf(inv)).map((n) => n.state)).toEqual(['posted']);
  });
});
