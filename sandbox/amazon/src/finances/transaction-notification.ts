/**
 * TRANSACTION_UPDATE (`TransactionUpdateNotification.json`, payload version 1.0, PascalCase envelope): sent to the
 * seller's subscribers when a transaction is posted, a release included (the release of a deferred sale is a
 * transaction of its own). Transactions are dated; a sweep (every second, and before every answer that reads them)
 * announces each once its posted date has come.
 */
import { randomUUID } from 'node:crypto';
import { minorDigits } from '../generator/money.ts';
import type { OrderChangePublisher } from '../notifications/publisher.ts';
import type { StoredSubscription } from '../notifications/notification-store.ts';
import { partsTotal } from './line-money.ts';
import type { TransactionRecord, TransactionStore } from './transaction-store.ts';

export const TRANSACTION_NOTIFICATION_VERSION = '1.0';

/** Identifier names as the notification's example spells them (CamelCase, unlike the API's ORDER_ID). */
const NAMES: Record<string, string> = { ORDER_ID: 'OrderId', REFUND_ID: 'RefundId', DEFERRED_TRANSACTION_ID: 'DeferredTransactionId',
  RELEASE_TRANSACTION_ID: 'ReleaseTransactionId' };

export function transactionTotal(t: TransactionRecord): number {
  return t.items.reduce((s, i) => s + partsTotal(i.parts), 0);
}

export const toAmount = (minor: number, currency: string) => minor / 10 ** minorDigits(currency);

export function transactionUpdateNotification(t: TransactionRecord, sub: StoredSubscription, publishedAtMs: number): Record<string, unknown> {
  const ids: [string, string | undefined][] = [['ORDER_ID', t.orderId], ['REFUND_ID', t.refundId], ['DEFERRED_TRANSACTION_ID', t.deferredId]];
  return {
    NotificationVersion: '1.0', NotificationType: 'TRANSACTION_UPDATE', PayloadVersion: TRANSACTION_NOTIFICATION_VERSION,
    EventTime: new Date(t.postedMs).toISOString(),
    Payload: { TransactionUpdateNotification: {
      SellingPartnerMetadata: { SellingPartnerId: t.sellerId, MarketplaceId: t.marketplaceId, AccountType: 'PAYABLE' },
      RelatedIdentifiers: ids.filter(([, v]) => v).map(([n, v]) => ({ RelatedIdentifierName: NAMES[n], RelatedIdentifierValue: v })),
      TransactionType: t.transactionType, PostedDate: new Date(t.postedMs).toISOString(),
      TotalAmount: { CurrencyAmount: toAmount(transactionTotal(t), t.currency), CurrencyCode: t.currency },
    } },
    NotificationMetadata: { ApplicationId: sub.clientId, SubscriptionId: sub.subscriptionId,
      PublishTime: new Date(publishedAtMs).toISOString(), NotificationId: randomUUID() },
  };
}

/** Announces what has been posted by now and not yet announced; runs every second until stopped. */
export class TransactionAnnouncer {
  readonly #store: TransactionStore;
  readonly #publisher: OrderChangePublisher;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(store: TransactionStore, publisher: OrderChangePublisher, now: () => number) {
    this.#store = store;
    this.#publisher = publisher;
    this.#now = now;
  }

  sweep(): void {
    const nowMs = this.#now();
    for (const t of this.#store.all()) {
      if (t.announced || t.postedMs > nowMs) continue;
      t.announced = true;
      this.#publisher.publish(t.sellerId, 'TRANSACTION_UPDATE', (sub, at) => transactionUpdateNotification(t, sub, at), { orderId: t.orderId });
    }
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.sweep(), 1000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
