/**
 * Notifications in the demo: the integrator's step (the SQS queue and AWS keys given to the connector through
 * `PUT /api/amazon-notifications`: the sandbox's queue `aec-notifications` under its demo AWS account, reached on
 * Amazon's host name through the connector's endpoint override), then a watch that prints, for the orders Amazon
 * notified, how long after Amazon's change their ERP order was confirmed (`lastSyncedAt` of the order in the
 * connector's API against the notification's `publishedAt` in the sandbox's admin view).
 */
import { DEMO_AWS_CREDENTIALS } from '../../sandbox/amazon/src/config.ts';
import { AMAZON_URL, connectorApi, log } from './demo-context.ts';

const QUEUE = 'aec-notifications';

export async function connectNotifications(token: string): Promise<boolean> {
  const c = DEMO_AWS_CREDENTIALS;
  const res = await connectorApi(token, 'PUT', '/api/amazon-notifications', {
    queueUrl: `https://sqs.${c.region}.amazonaws.com/${c.accountId}/${QUEUE}`,
    queueArn: `arn:aws:sqs:${c.region}:${c.accountId}:${QUEUE}`,
    awsRegion: c.region,
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
  });
  if (!res.ok) {
    log(`notifications not set: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  }
  log(`notifications: SQS queue ${QUEUE} set through PUT /api/amazon-notifications; the worker subscribes ORDER_CHANGE and reads the queue`);
  log(`  curl -s -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/amazon-notifications | jq '.channels[] | {queueUrl,destinationId,subscriptions}'`);
  return true;
}

// Stock notifications (LISTINGS_ITEM_MFN_QUANTITY_CHANGE, FBA_INVENTORY_AVAILABILITY_CHANGES) name no order.
type Published = { notificationType?: string; orderId?: string; orderChangeType?: string; publishedAt: string };
type Order = { state: string; lastSyncedAt: string | null; erp: { name: string } | null };

export interface NotifiedOrders {
  /** Seconds from Amazon's change to the confirmed ERP order, one per order imported after a notification. */
  latencies(): number[];
  stop(): void;
}

/** Every few seconds: new notifications, and the orders they named that are now imported. */
export function watchNotifiedOrders(token: string): NotifiedOrders {
  const seen = new Set<string>();
  const waiting = new Map<string, Published>();
  const latencies: number[] = [];
  const arrivals = new Map<string, boolean>();
  let printed = 0;
  const round = async () => {
    const res = await fetch(`${AMAZON_URL}/_sandbox/notifications`);
    if (!res.ok) return;
    const { published } = (await res.json()) as { published: Published[] };
    for (const p of published) {
      if (!p.orderId) continue;
      const key = `${p.orderId}@${p.publishedAt}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // The first change not yet followed by an import is the one that counts.
      if (!waiting.has(p.orderId)) waiting.set(p.orderId, p);
    }
    for (const [id, p] of waiting) {
      // An order not imported a minute after its change (pending, FBA not shipped yet, a conflict) is not followed.
      if (Date.now() - Date.parse(p.publishedAt) > 60_000) {
        waiting.delete(id);
        continue;
      }
      const r = await connectorApi(token, 'GET', `/api/backends/1/orders/${id}`);
      if (r.status === 404) continue;
      const o = (await r.json()) as Order;
      // An order the ERP already had (a status change, a cancellation, a buyer's request): not an arrival.
      if (!arrivals.has(id)) arrivals.set(id, !(o.erp && o.lastSyncedAt && Date.parse(o.lastSyncedAt) < Date.parse(p.publishedAt)));
      if (!o.lastSyncedAt || Date.parse(o.lastSyncedAt) < Date.parse(p.publishedAt)) continue;
      waiting.delete(id);
      if (o.state !== 'imported' || !o.erp || !arrivals.get(id)) continue;
      const s = (Date.parse(o.lastSyncedAt) - Date.parse(p.publishedAt)) / 1000;
      latencies.push(s);
      // The first ten, then every tenth: enough to see the figure without drowning the log.
      if (++printed <= 10 || printed % 10 === 0) log(`notified: ${id} (${p.orderChangeType}) -> ERP ${o.erp.name} confirmed ${s.toFixed(1)} s after Amazon's change`);
    }
  };
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      await round().catch((e: unknown) => log(`notifications watch: ${(e as Error).message.slice(0, 160)}`));
      await new Promise((r) => setTimeout(r, 2000).unref());
    }
  };
  void loop();
  return { latencies: () => [...latencies], stop: () => void (stopped = true) };
}
