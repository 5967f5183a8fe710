/**
 * Amazon notifications end to end, against the Amazon sandbox's Notifications API and SQS: the set-up makes one
 * destination for the application and one ORDER_CHANGE subscription per backend (run again: reused); an order
 * change reaches the ERP through its notification with no sweep; a repeated and an out-of-order notification
 * cost no getOrder; two backends (two sellers) share one queue; an order whose notification is lost still comes in
 * with the next sweep.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sellerEnv } from '../scripts/lib/seller-env.ts';
import type { Child } from '../scripts/lib/processes.ts';
import { LoopbackAgent } from '../connector/src/amazon/endpoint-override.ts';
import { setUpBackend } from '../connector/src/sync/frame/backend-setup.ts';
import { putChannel } from '../connector/src/sync/frame/notifications/channel-store.ts';
import { flows } from '../connector/src/sync/flows.ts';
import { enqueue } from '../connector/src/core/queue/enqueue.ts';
import { Tasks } from '../connector/src/sync/orders/orders.payloads.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { untilWorker } from './support/until-worker.ts';

describe('Amazon notifications through one SQS queue', () => {
  let stack: Stack;
  let worker: Child;
  let sqs: SQSClient;
  const db = () => stack.env.db.pool;
  const count = (op: string) => stack.amazon.calls().operations.filter((o) => o.operation === op).reduce((n, o) => n + o.calls, 0);
  const state = async (backendId: number, id: string) =>
    (await db().query<{ s: string }>('select sync_state as s from amazon_order where backend_id = $1 and amazon_order_id = $2', [backendId, id])).rows[0]?.s ?? null;
  const until = (what: string, ms: number, check: () => Promise<boolean>) => untilWorker(() => worker, what, ms, check);
  const notifiedJobsDone = async () =>
    (await db().query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier in ('orders:order-changed', 'orders:import')`)).rows[0]!.n === 0;

  beforeAll(async () => {
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'),
      label: 'notifications',
      workerConcurrency: 2,
      amazon: { sqsDuplicateRate: 0, notificationDelayMs: 20 },
      // No sweep during the test once the first one is done: what arrives, arrives by notification.
      settings: { sweepIntervalSeconds: 3600 },
    });
    const sb = stack.amazon;
    sqs = new SQSClient({ region: sb.sqs.region, maxAttempts: 1, credentials: sb.sqs.credentials, requestHandler: { httpsAgent: new LoopbackAgent({ host: '127.0.0.1', port: sb.port }) } });
  }, 120_000);
  afterAll(async () => {
    sqs?.destroy();
    await stack?.close();
  });

  it('sets up one destination and a subscription per backend, reused when run again', async () => {
    const sb = stack.amazon;
    const env = stack.env;
    const { amazon } = await env.core.backends.credentials(stack.backendId);
    await putChannel(db(), env.core.secrets, { applicationId: amazon.lwaClientId, queueUrl: sb.sqs.queueUrl(), queueArn: sb.sqs.queueArn(), awsRegion: sb.sqs.region, ...sb.sqs.credentials }, 'test');
    for (let i = 0; i < 2; i++) {
      const report = await setUpBackend(env, flows, stack.backendId, { actor: 'test' });
      expect(report.problems.filter((p) => p.code.startsWith('NOTIFICATIONS_'))).toEqual([]);
    }
    const view = sb.notifications();
    expect(view.destinations).toHaveLength(1);
    expect(view.destinations[0]).toMatchObject({ resource: { sqs: { arn: sb.sqs.queueArn() } } });
    expect(view.subscriptions.filter((s) => s.sellerId === stack.sellerId)).toHaveLength(1);
    expect(count('createDestination')).toBe(1);
    expect(count('createSubscription')).toBe(1);
  });

  it('imports a changed order through its notification, without a sweep; repeated and older ones cost no quota', async () => {
    const sb = stack.amazon;
    worker = stack.startWorker('worker');
    // The worker's first sweep (at start) is over once the next one is due in an hour.
    await until('the first sweep done', 60_000, async () =>
      (await db().query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'orders:sweep' and run_at > now() + interval '10 minutes'`)).rows[0]!.n === 1);
    const searches = count('searchOrders');
    const [id] = sb.generateOrders({ sellerId: stack.sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    await until('the notified order imported', 45_000, async () => (await state(stack.backendId, id!)) === 'imported').catch(async (e: Error) => {
      const n = await db().query('select notification_id, subject, backend_ids from amazon_notification');
      const j = await db().query('select task_identifier, attempts, last_error from graphile_worker.jobs');
      throw new Error(`${e.message.slice(0, 300)} state=${await state(stack.backendId, id!)} n=${JSON.stringify(n.rows)} jobs=${JSON.stringify(j.rows).slice(0, 1500)} q=${JSON.stringify(stack.amazon.sqs.queues())} tail=${worker.tail()}`);
    });
    expect(count('searchOrders')).toBe(searches);
    const erpOrders = await stack.erpClient.search('sale.order', [['client_order_ref', '=', id!]]);
    expect(erpOrders).toHaveLength(1);

    // The same message again (SQS delivers at least once), and an older change of the order arriving late.
    const published = sb.notifications().published.filter((p) => p.orderId === id);
    const body = structuredClone(published.at(-1)!.body) as unknown as { NotificationMetadata: { NotificationId: string }; Payload: { OrderChangeNotification: { OrderChangeTrigger: { TimeOfOrderChange: string } } } };
    const older = structuredClone(body);
    older.NotificationMetadata.NotificationId = `${body.NotificationMetadata.NotificationId}-older`;
    older.Payload.OrderChangeNotification.OrderChangeTrigger.TimeOfOrderChange = new Date(Date.parse(body.Payload.OrderChangeNotification.OrderChangeTrigger.TimeOfOrderChange) - 60_000).toISOString();
    const gets = count('getOrder');
    for (const b of [body, older]) await sqs.send(new SendMessageCommand({ QueueUrl: sb.sqs.queueUrl(), MessageBody: JSON.stringify(b) }));
    await until('the older one stored and handled', 20_000, async () => {
      const { rows } = await db().query<{ n: number }>('select count(*)::int as n from amazon_notification where notification_id = $1', [older.NotificationMetadata.NotificationId]);
      return rows[0]!.n === 1 && sb.sqsMessages().length === 0 && (await notifiedJobsDone());
    });
    expect(count('getOrder')).toBe(gets);
    expect(await stack.erpClient.search('sale.order', [['client_order_ref', '=', id!]])).toHaveLength(1);
  });

  it('serves two backends (two sellers) on one queue', async () => {
    const sb = stack.amazon;
    const seller = sb.sellers[1]!;
    const e = sellerEnv(seller);
    const second = await stack.env.core.backends.create({
      name: 'second-seller',
      amazonRegion: seller.region as 'na',
      sellerId: seller.sellerId,
      marketplaceIds: [...seller.marketplaceIds],
      erpUrl: stack.erp.sandbox.url,
      erpDb: stack.erp.sandbox.dbName,
      settings: { orders: { sweepIntervalSeconds: 3600 }, erpSetup: { createMissing: true } },
      credentials: { amazon: { lwaClientId: e.AMAZON_LWA_CLIENT_ID!, lwaClientSecret: e.AMAZON_LWA_CLIENT_SECRET!, refreshToken: e.AMAZON_REFRESH_TOKEN! }, erp: { apiKey: stack.erp.sandbox.apiKey, login: null, password: null } },
    });
    await until('the second backend subscribed', 60_000, async () => sb.notifications().subscriptions.some((s) => s.sellerId === seller.sellerId));
    await until('its set-up and first sweep done', 60_000, async () => {
      const { rows } = await db().query<{ n: number; up: boolean }>(
        `select (select count(*)::int from graphile_worker.jobs where task_identifier in ('orders:import', 'orders:sweep', 'backend:setup') and run_at <= now()) as n,
                (select set_up_at is not null from backend where id = $1) as up`,
        [second.id],
      );
      return rows[0]!.n === 0 && rows[0]!.up;
    });
    expect(sb.notifications().destinations).toHaveLength(1);
    const [mine] = sb.generateOrders({ sellerId: stack.sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    const [theirs] = sb.generateOrders({ sellerId: seller.sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    await until('each order imported in its own backend', 30_000, async () => (await state(stack.backendId, mine!)) === 'imported' && (await state(second.id, theirs!)) === 'imported');
    expect(await state(second.id, mine!)).toBeNull();
    expect(await state(stack.backendId, theirs!)).toBeNull();
  });

  it('imports by the sweep an order whose notification was lost', async () => {
    const sb = stack.amazon;
    // No connector reads the queue while the message is lost.
    await worker.stop();
    // A long poll of the stopped reader is still open in the sandbox until its next check (<= 1 s) finds the client
    // gone: a message sent before would go to it.
    await new Promise((r) => setTimeout(r, 1_500));
    // Changed 150 s ago: searchOrders answers only up to two minutes before now (Amazon's rule, which the sandbox
    // enforces), so a change of this instant is in reach of the next sweep (a change of now would be 2 min later).
    const at = new Date(Date.now() - 150_000).toISOString();
    const [id] = sb.generateOrders({ sellerId: stack.sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', createdFrom: at, createdTo: at });
    // Lost: the published message is taken off the queue before the connector sees it.
    const deadline = Date.now() + 10_000;
    while (!sb.notifications().published.some((p) => p.orderId === id) || sb.sqsMessages().length > 0) {
      if (Date.now() > deadline) throw new Error(`the notification was not published and drained: ${JSON.stringify(sb.sqsMessages()).slice(0, 500)}`);
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: sb.sqs.queueUrl(), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const m of got.Messages ?? []) await sqs.send(new DeleteMessageCommand({ QueueUrl: sb.sqs.queueUrl(), ReceiptHandle: m.ReceiptHandle! }));
      if (!got.Messages?.length) await new Promise((r) => setTimeout(r, 50));
    }
    worker = stack.startWorker('worker-after-loss');
    // The next sweep, asked for now (as POST /api/backends/{id}/sweep does) rather than waiting for its interval.
    const backendId = stack.backendId;
    await enqueue(db(), Tasks.sweepOrders, { backendId }, { jobKey: `sweep:${backendId}`, queueName: `sweep:${backendId}`, maxAttempts: 5 });
    await until('the order of the lost notification imported by the sweep', 45_000, async () => (await state(backendId, id!)) === 'imported');
    const { rows } = await db().query<{ n: number }>('select count(*)::int as n from amazon_notification where subject = $1', [id]);
    expect(rows[0]!.n).toBe(0);
    expect(await stack.erpClient.search('sale.order', [['client_order_ref', '=', id!]])).toHaveLength(1);
  });

  it('a flow that reads reports switched on: REPORT_PROCESSING_FINISHED subscribed too, in its own payload version', async () => {
    const env = stack.env;
    await env.core.backends.update(stack.backendId, { settings: { goLive: { returns: { enabled: true } } } });
    try {
      const report = await setUpBackend(env, flows, stack.backendId, { actor: 'test' });
      expect(report.problems.filter((p) => p.code.startsWith('NOTIFICATIONS_'))).toEqual([]);
      const mine = stack.amazon.notifications().subscriptions.filter((s) => s.sellerId === stack.sellerId);
      expect(mine.map((s) => [s.notificationType, s.payloadVersion]).sort()).toEqual([['ORDER_CHANGE', '1.0'], ['REPORT_PROCESSING_FINISHED', '2020-09-04']]);
    } finally {
      await env.core.backends.update(stack.backendId, { settings: { goLive: { returns: { enabled: false } } } });
    }
  });
});
