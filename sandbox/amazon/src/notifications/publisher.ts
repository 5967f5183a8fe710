/**
 * Publishes notifications: ORDER_CHANGE (told of every change the order store keeps), and through `publish` the
 * stock ones (LISTINGS_ITEM_MFN_QUANTITY_CHANGE, FBA_INVENTORY_AVAILABILITY_CHANGES). One notification per
 * subscription of that seller to the type (each application subscribed), to the subscription's destination queue,
 * after a small delay; a share arrives late (after later ones: out of order), and SQS itself may deliver a message twice.
 */
import type { ResolvedOptions } from '../config.ts';
import { createRng, mixSeed, type Rng } from '../generator/prng.ts';
import type { SqsQueues } from '../sqs/sqs-queues.ts';
import type { StoredOrder } from '../store/order-store.ts';
import type { NotificationStore, PublishedNotification, StoredSubscription } from './notification-store.ts';
import { describeChange, orderChangeNotification, type OrderChange } from './order-change.ts';

type Obj = Record<string, unknown>;
/** What the admin log tells of a notification beside its body (order id and change, or SKU and pool). */
type Info = Pick<PublishedNotification, 'orderId' | 'orderChangeType' | 'sku' | 'pool'>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Whether a subscription's eventFilter lets this change through (marketplaceIds, orderChangeTypes). */
function passes(sub: StoredSubscription, marketplaceId: string | undefined, change: OrderChange): boolean {
  const filter = isObj(sub.processingDirective?.eventFilter) ? sub.processingDirective.eventFilter : {};
  if (Array.isArray(filter.marketplaceIds) && !filter.marketplaceIds.includes(marketplaceId)) return false;
  if (Array.isArray(filter.orderChangeTypes) && !filter.orderChangeTypes.includes(change.orderChangeType)) return false;
  return true;
}

/** The ORDER_CHANGE publisher of one sandbox. */
export class OrderChangePublisher {
  readonly #opts: ResolvedOptions;
  readonly #store: NotificationStore;
  readonly #queues: SqsQueues;
  readonly #timers = new Set<NodeJS.Timeout>();
  #rng: Rng;

  constructor(opts: ResolvedOptions, store: NotificationStore, queues: SqsQueues) {
    this.#opts = opts;
    this.#store = store;
    this.#queues = queues;
    this.#rng = createRng(mixSeed(opts.seed, 'notifications'));
  }

  /** Called by the order store with the previous and the new version of an order. */
  orderChanged(prev: StoredOrder | undefined, next: StoredOrder): void {
    const subs = this.#store.subscribersOf(next.sellerId, 'ORDER_CHANGE');
    if (subs.length === 0) return;
    const change = describeChange(prev?.order, next.order);
    if (!change) return;
    const changedAtMs = next.updatedMs;
    for (const sub of subs) {
      if (!passes(sub, next.marketplaceId, change)) continue;
      this.#schedule(sub, (publishedAtMs) => orderChangeNotification({ sellerId: next.sellerId, order: next.order, change,
        changedAtMs, publishedAtMs, applicationId: sub.clientId, subscriptionId: sub.subscriptionId }),
      { orderId: next.orderId, orderChangeType: change.orderChangeType });
    }
  }

  /**
   * Sends a notification of `notificationType` to each subscriber of the seller; `build` makes the body for one
   * subscription (its ids) and the publish time, at the moment of the change.
   */
  publish(sellerId: string, notificationType: string, build: (sub: StoredSubscription, publishedAtMs: number) => Obj, info: Info): void {
    for (const sub of this.#store.subscribersOf(sellerId, notificationType)) this.#schedule(sub, (t) => build(sub, t), info);
  }

  #schedule(sub: StoredSubscription, build: (publishedAtMs: number) => Obj, info: Info): void {
    const late = this.#rng.chance(this.#opts.notificationLateShare);
    const delayMs = this.#opts.notificationDelayMs + (late ? this.#opts.notificationLateMs : 0);
    // The body is made now: it tells the state at this change, however late it arrives.
    const body = build(this.#opts.now() + delayMs);
    const deliver = () => this.#deliver(sub, body, { ...info, delayMs, late });
    if (delayMs <= 0) deliver();
    else {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        deliver();
      }, delayMs);
      t.unref();
      this.#timers.add(t);
    }
  }

  #deliver(sub: StoredSubscription, body: Obj, info: Info & { delayMs: number; late: boolean }): void {
    const destination = this.#store.destinations.get(sub.destinationId);
    // A subscription deleted meanwhile, or a destination (or queue) gone: nothing is delivered.
    const queue = destination && this.#store.subscriptions.has(sub.subscriptionId) ? this.#queues.byArn(destination.arn) : undefined;
    if (queue) queue.send(JSON.stringify(body), { duplicate: this.#rng.chance(this.#opts.sqsDuplicateRate) });
    // Payload version 1.0 envelopes are PascalCase, 2020-09-04 ones (REPORT_PROCESSING_FINISHED) camelCase.
    const meta = (body.NotificationMetadata ?? body.notificationMetadata) as Record<string, string>;
    this.#store.recordPublished({ notificationId: meta.NotificationId ?? meta.notificationId!, notificationType: sub.notificationType,
      sellerId: sub.sellerId, subscriptionId: sub.subscriptionId, destinationId: sub.destinationId,
      queueName: queue?.name, ...info, publishedAt: meta.PublishTime ?? meta.publishTime!, body });
  }

  /** Notifications not yet delivered. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Drops what is waiting (reset, close). */
  clear(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#rng = createRng(mixSeed(this.#opts.seed, 'notifications'));
  }
}
