/**
 * One notifications bench run on a whole stack (both sandboxes, the ERP one as slow as a real Odoo 19, two
 * connector processes: a worker, which reads the SQS queue, and the API, through which the channel is set as an
 * integrator would): sandbox orders change one after the other, `--gap` seconds apart (below getOrder's 0.5/s,
 * so the figure is the path's own delay, not the quota's), half of them new merchant orders, half PENDING orders
 * the connector already holds that become UNSHIPPED; each is timed until its ERP order is confirmed.
 *
 * - `notifications`: the channel set (`PUT /api/amazon-notifications`: the sandbox's queue URL, ARN, AWS keys),
 *   the subscription made by the worker's set-up task; ORDER_CHANGE -> getOrder -> import.
 * - `sweep`: no channel: only the sweep (every `--sweep-seconds`) finds the changes, and Amazon's searchOrders
 *   hides the last two minutes, so the figure is at least two minutes whatever the interval.
 * Both run with Amazon's documented quotas (searchOrders 0.0056/s burst 20, getOrder 0.5/s burst 30).
 */
import { startStack, type Stack } from '../../test/support/connector-stack.ts';
import { figures, quantile, round2, watchImports, type LatencyFigures, type Watched } from './latency.ts';

const DE = 'A1PA6795UKMFR9';

export interface NotificationRunOptions {
  adminUrl: string;
  mode: 'notifications' | 'sweep';
  /** Changes measured (half new orders, half status changes). */
  changes: number;
  gapSeconds: number;
  sweepSeconds: number;
  costScale: number;
  say: (s: string) => void;
}

export interface NotificationRunFigures {
  mode: 'notifications' | 'sweep';
  sweepSeconds: number;
  costScale: number;
  all: LatencyFigures;
  newOrders: LatencyFigures;
  statusChanges: LatencyFigures;
  counts: {
    /** ERP sales orders beyond one per measured Amazon order (must be 0). */
    erpDuplicates: number;
    /** Notifications Amazon published for the seller during the run / stored once by the connector. */
    published: number;
    stored: number;
    getOrderCalls: number;
    searchOrdersCalls: number;
    /** 429 answers of any SP-API operation (the connector's own doing: it paces by the quotas). */
    throttled: number;
    /** Orders the ERP could not take (a conflict): left out of the figures. */
    notImportable: number;
  };
  /** Where the time goes (notifications): change -> notification stored by the reader, -> order fetched (getOrder). */
  stages: { toStoredP50: number; toStoredP95: number; toFetchedP50: number; toFetchedP95: number } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString();

export async function runNotifications(o: NotificationRunOptions): Promise<NotificationRunFigures> {
  const stack = await startStack({
    adminUrl: o.adminUrl,
    label: `bench_notif_${o.mode}`,
    realQuotas: true,
    erpSandbox: { cost: { scale: o.costScale } },
    settings: { sweepIntervalSeconds: o.sweepSeconds },
  });
  try {
    const worker = stack.startWorker('worker');
    const statusCount = Math.floor(o.changes / 2);
    // PENDING orders placed 5-10 minutes ago: the first sweep (or their notifications) stores them as waiting.
    const now = Date.now();
    const pending = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: statusCount, status: 'PENDING', marketplaceId: DE, business: false,
      fulfilledBy: 'MERCHANT', createdFrom: iso(now - 10 * 60_000), createdTo: iso(now - 5 * 60_000) });
    if (o.mode === 'notifications') await setChannel(stack, o);
    await waitStored(stack, pending, 180_000);
    o.say(`${o.mode}: ${pending.length} PENDING orders held by the connector; ${o.changes} changes ${o.gapSeconds} s apart (ERP cost model x${o.costScale})`);
    const calls0 = callCounts(stack);
    const published0 = publishedCount(stack);
    const stored0 = await storedNotifications(stack);

    const watched: Watched[] = [];
    let changing = true;
    const deadline = Date.now() + (o.changes * o.gapSeconds + (o.mode === 'sweep' ? 120 + o.sweepSeconds * 2 : 0) + 90) * 1000;
    const watching = watchImports(stack.env.db.pool, stack.backendId, () => watched, () => !changing, deadline);
    for (let i = 0; i < o.changes; i++) {
      if (i % 2 === 1 && pending.length) {
        const id = pending.shift()!;
        stack.amazon.updateOrder(id, { fulfillmentStatus: 'UNSHIPPED' });
        watched.push({ orderId: id, kind: 'status', changedAt: Date.now() });
      } else {
        const t = Date.now();
        const [id] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, status: 'UNSHIPPED', marketplaceId: DE, business: false,
          fulfilledBy: 'MERCHANT', createdFrom: iso(t), createdTo: iso(t) });
        watched.push({ orderId: id!, kind: 'new', changedAt: t });
      }
      await sleep(o.gapSeconds * 1000);
    }
    changing = false;
    const seen = await watching;
    if (worker.proc.exitCode !== null) throw new Error(`the worker exited ${worker.proc.exitCode}:\n${worker.tail()}`);

    const notImportable = await notImportableOf(stack, watched.filter((w) => !seen.has(w.orderId)));
    const missing = watched.filter((w) => !seen.has(w.orderId) && !notImportable.has(w.orderId));
    const of = (kind?: Watched['kind']) => {
      const ws = watched.filter((w) => (!kind || w.kind === kind) && seen.has(w.orderId));
      return figures(ws.map((w) => seen.get(w.orderId)!), missing.filter((w) => !kind || w.kind === kind).length);
    };
    const calls1 = callCounts(stack);
    const result: NotificationRunFigures = {
      mode: o.mode, sweepSeconds: o.sweepSeconds, costScale: o.costScale,
      all: of(), newOrders: of('new'), statusChanges: of('status'),
      counts: {
        erpDuplicates: await erpDuplicates(stack, watched.map((w) => w.orderId)),
        published: publishedCount(stack) - published0,
        stored: (await storedNotifications(stack)) - stored0,
        getOrderCalls: calls1.getOrder - calls0.getOrder,
        searchOrdersCalls: calls1.searchOrders - calls0.searchOrders,
        throttled: calls1.throttled - calls0.throttled,
        notImportable: notImportable.size,
      },
      stages: o.mode === 'notifications' ? await stagesOf(stack, watched) : null,
    };
    const a = result.all;
    o.say(`${o.mode}: ${a.n} orders confirmed in the ERP: p50 ${a.p50} s, p95 ${a.p95} s, max ${a.max} s (${a.missing} missing, ${notImportable.size} not importable)`);
    return result;
  } finally {
    await stack.close();
  }
}

/** The integrator's step: the sandbox's queue and AWS keys given to the connector through its API. */
async function setChannel(stack: Stack, o: NotificationRunOptions): Promise<void> {
  const api = await stack.startApiProcess('api');
  const { sqs } = stack.amazon;
  const res = await fetch(`${api.url}/api/amazon-notifications`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ queueUrl: sqs.queueUrl(), queueArn: sqs.queueArn(), awsRegion: sqs.region, ...sqs.credentials }),
  });
  if (!res.ok) throw new Error(`PUT /api/amazon-notifications: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  const until = Date.now() + 60_000;
  while (!stack.amazon.notifications().subscriptions.some((s) => s.notificationType === 'ORDER_CHANGE')) {
    if (Date.now() > until) throw new Error('no ORDER_CHANGE subscription 60 s after the channel was set');
    await sleep(200);
  }
  o.say('notifications: channel set through the API, ORDER_CHANGE subscribed');
}

async function waitStored(stack: Stack, ids: string[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await stack.env.db.pool.query<{ n: number }>(
      `select count(*)::int as n from amazon_order where backend_id = $1 and amazon_order_id = any($2) and sync_state <> 'queued'`, [stack.backendId, ids]);
    if (rows[0]!.n >= ids.length) return;
    if (Date.now() > until) throw new Error(`${ids.length - rows[0]!.n} of the PENDING orders not stored after ${timeoutMs} ms`);
    await sleep(500);
  }
}

function callCounts(stack: Stack): { getOrder: number; searchOrders: number; throttled: number } {
  const ops = stack.amazon.calls().operations;
  const sum = (name: string) => ops.filter((x) => x.operation === name).reduce((n, x) => n + x.calls, 0);
  return { getOrder: sum('getOrder'), searchOrders: sum('searchOrders'), throttled: ops.reduce((n, x) => n + x.throttled, 0) };
}

const publishedCount = (stack: Stack) => stack.amazon.notifications().published.length;

async function storedNotifications(stack: Stack): Promise<number> {
  const { rows } = await stack.env.db.pool.query<{ n: number }>('select count(*)::int as n from amazon_notification');
  return rows[0]!.n;
}

/** Watched orders the connector holds in another state than imported (a conflict, waiting...). */
async function notImportableOf(stack: Stack, ws: Watched[]): Promise<Set<string>> {
  if (!ws.length) return new Set();
  const { rows } = await stack.env.db.pool.query<{ amazon_order_id: string }>(
    `select amazon_order_id from amazon_order where backend_id = $1 and amazon_order_id = any($2) and sync_state in ('conflict', 'failed', 'ignored', 'not_imported')`,
    [stack.backendId, ws.map((w) => w.orderId)]);
  return new Set(rows.map((r) => r.amazon_order_id));
}

/** ERP sales orders beyond one per Amazon order (one search_read at the end: the cost model counts it once). */
async function erpDuplicates(stack: Stack, ids: string[]): Promise<number> {
  const found = await stack.erpClient.searchRead('sale.order', [['client_order_ref', 'in', ids]], ['client_order_ref']);
  return found.length - new Set(found.map((r) => r.client_order_ref)).size;
}



/** Seconds from each change to the first stored notification about its order, and to the order's fetch. */
async function stagesOf(stack: Stack, ws: Watched[]): Promise<NotificationRunFigures['stages']> {
  const { rows } = await stack.env.db.pool.query<{ id: string; stored: Date | null; fetched: Date | null }>(
    `select o.amazon_order_id as id, (select min(n.received_at) from amazon_notification n where n.subject = o.amazon_order_id) as stored, o.fetched_at as fetched
       from amazon_order o where o.backend_id = $1 and o.amazon_order_id = any($2)`, [stack.backendId, ws.map((w) => w.orderId)]);
  const at = new Map(ws.map((w) => [w.orderId, w.changedAt]));
  const secs = (pick: (r: (typeof rows)[number]) => Date | null) =>
    rows.filter((r) => pick(r)).map((r) => (pick(r)!.getTime() - at.get(r.id)!) / 1000).filter((x) => x >= 0);
  const stored = secs((r) => r.stored);
  const fetched = secs((r) => r.fetched);
  return { toStoredP50: round2(quantile(stored, 0.5)), toStoredP95: round2(quantile(stored, 0.95)), toFetchedP50: round2(quantile(fetched, 0.5)), toFetchedP95: round2(quantile(fetched, 0.95)) };
}
