/**
 * Notifications API state: destinations belong to an application (LWA client id), subscriptions to a seller x
 * application x notification type (one each: a second create is a 409), and the log of what was published.
 */
import { randomUUID } from 'node:crypto';

export interface StoredDestination {
  destinationId: string;
  clientId: string;
  name: string;
  /** The SQS queue ARN (the only resource the sandbox delivers to). */
  arn: string;
}

export interface StoredSubscription {
  subscriptionId: string;
  sellerId: string;
  clientId: string;
  notificationType: string;
  payloadVersion: string;
  destinationId: string;
  processingDirective?: Record<string, unknown>;
}

export interface PublishedNotification {
  notificationId: string;
  notificationType: string;
  sellerId: string;
  subscriptionId: string;
  destinationId: string;
  /** The queue it was delivered to (undefined: its destination was deleted, nothing delivered). */
  queueName: string | undefined;
  /** ORDER_CHANGE: the order and its change type. */
  orderId?: string;
  orderChangeType?: string;
  /** Stock notifications: the SKU, and the FBA pool (FBA_INVENTORY_AVAILABILITY_CHANGES). */
  sku?: string;
  pool?: string;
  publishedAt: string;
  /** Real ms it waited before reaching the queue (delay, plus lateness). */
  delayMs: number;
  late: boolean;
  body: Record<string, unknown>;
}

const MAX_PUBLISHED = 10_000;

/** The notifications state of one sandbox. */
export class NotificationStore {
  readonly destinations = new Map<string, StoredDestination>();
  readonly subscriptions = new Map<string, StoredSubscription>();
  #published: PublishedNotification[] = [];

  addDestination(d: Omit<StoredDestination, 'destinationId'>): StoredDestination {
    const stored = { destinationId: randomUUID(), ...d };
    this.destinations.set(stored.destinationId, stored);
    return stored;
  }

  destinationsOf(clientId: string): StoredDestination[] {
    return [...this.destinations.values()].filter((d) => d.clientId === clientId);
  }

  addSubscription(s: Omit<StoredSubscription, 'subscriptionId'>): StoredSubscription {
    const stored = { subscriptionId: randomUUID(), ...s };
    this.subscriptions.set(stored.subscriptionId, stored);
    return stored;
  }

  subscriptionOf(sellerId: string, clientId: string, notificationType: string): StoredSubscription | undefined {
    return [...this.subscriptions.values()].find((s) => s.sellerId === sellerId && s.clientId === clientId
      && s.notificationType === notificationType);
  }

  /** Every subscription of a seller to a notification type (one per application). */
  subscribersOf(sellerId: string, notificationType: string): StoredSubscription[] {
    return [...this.subscriptions.values()].filter((s) => s.sellerId === sellerId && s.notificationType === notificationType);
  }

  recordPublished(p: PublishedNotification): void {
    this.#published.push(p);
    if (this.#published.length > MAX_PUBLISHED) this.#published = this.#published.slice(-MAX_PUBLISHED);
  }

  published(): readonly PublishedNotification[] {
    return this.#published;
  }

  clear(): void {
    this.destinations.clear();
    this.subscriptions.clear();
    this.#published = [];
  }
}
