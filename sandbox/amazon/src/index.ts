/** The Amazon SP-API sandbox: start it, and drive it in-process with the same operations as its admin API. */
import type { AddressInfo } from 'node:net';
import * as ops from './admin/admin-ops.ts';
import type { GenerateRequest } from './admin/admin-ops.ts';
import type { OrderPatch } from './admin/order-patch.ts';
import { resolveOptions, type AmazonSandboxOptions, type SellerConfig } from './config.ts';
import { startContinuousMode } from './generator/continuous-mode.ts';
import type { CallLog } from './http/call-log.ts';
import type { ActiveRule } from './http/fault-rules.ts';
import type { Fault, FaultRule, FaultsSnapshot } from './http/faults.ts';
import { buyerCancelRequest, cancelOrder, type BuyerCancelRequest, type CancelRequest } from './admin/cancellations.ts';
import * as notif from './admin/notification-admin.ts';
import { DEFAULT_QUEUE } from './sqs/sqs-queues.ts';
import { buildServer } from './server.ts';
import * as feedAdmin from './feeds/feed-admin.ts';
import * as listingAdmin from './listings/listing-admin.ts';
import { salesHistoryOf } from './admin/sales-history-ops.ts';
import { seedSalesHistory } from './generator/history-seeding.ts';
import { createState } from './state.ts';
import * as returnAdmin from './returns/return-admin.ts';
import * as financeAdmin from './finances/finance-admin.ts';

export type { AmazonSandboxOptions, Region, SellerConfig } from './config.ts';
export { DEFAULT_SELLERS, DEMO_APPLICATION, DEMO_AWS_CREDENTIALS } from './config.ts';
export type { SandboxApplication } from './authorization/applications.ts';
export { DEFAULT_QUEUE } from './sqs/sqs-queues.ts';
export type { BuyerCancelRequest, CancelRequest } from './admin/cancellations.ts';
export type { NotificationsView, QueueMessageView, QueueView } from './admin/notification-admin.ts';
export type { PublishedNotification, StoredSubscription } from './notifications/notification-store.ts';
export { legacySellers } from './legacy-sellers.ts';
export type { GenerateRequest } from './admin/admin-ops.ts';
export { AdminError } from './admin/admin-ops.ts';
export type { OrderPatch } from './admin/order-patch.ts';
export type { Fault, FaultKind, FaultRule, FaultsSnapshot } from './http/faults.ts';
export type { ActiveRule } from './http/fault-rules.ts';
export type { ReceivedShipment } from './shipments/shipment-log.ts';
export type { ListingQuantityView } from './listings/listing-admin.ts';
export { DOCUMENTED_USAGE_PLANS, type UsagePlan } from './rate/usage-plans.ts';
export { LEGACY_WORLD, REALISTIC_WORLD, type WorldShares } from './generator/world-shares.ts';
import { labelsOfOrder } from './shipping/shipping.routes.ts';
export type { HistoryWeek, SalesHistoryOptions } from './generator/sales-history.ts';
export type { ReturnRequest } from './returns/return-admin.ts';

/** A running sandbox. */
export interface AmazonSandbox {
  /** http://host:port (call it with any Host header, or through a loopback agent with Amazon's host names). */
  url: string;
  port: number;
  sellers: SellerConfig[];
  /** Stores orders as given, unvalidated; returns their ids. */
  addOrders(sellerId: string, orders: unknown[]): string[];
  /** Generates orders (all sellers when sellerId is absent); returns their ids. */
  generateOrders(req: GenerateRequest): string[];
  /** Changes an order and bumps its lastUpdatedTime; returns the stored order. */
  updateOrder(orderId: string, patch: OrderPatch): Record<string, unknown>;
  /** The stored order with every part. */
  getOrder(orderId: string): { sellerId: string; order: Record<string, unknown> };
  /** The confirmShipment calls Amazon received for an order: body as sent, time, accepted or refused. */
  shipments(orderId: string): ReturnType<typeof ops.shipments>;
  /** The Buy Shipping labels (Shipping v2 shipments) bought for an order, cancelled ones included (no label bytes). */
  labels(orderId: string): ReturnType<typeof labelsOfOrder>;
  /** A seller's FBA stock per pool and SKU. */
  fbaStock(sellerId: string): ReturnType<typeof ops.fbaStock>;
  /** Sets quantities of SKUs in a seller's pool (`EU`, `UK`, `US`, `CA`, `MX`, ... or a marketplace id). */
  setFbaStock(sellerId: string, pool: string, items: Parameters<typeof ops.setFbaStock>[3]): ReturnType<typeof ops.setFbaStock>;
  /** Feeds API (admin): a seller's feeds (every seller's without one), newest first, with parsed messages and results. */
  feeds(sellerId?: string): ReturnType<typeof feedAdmin.feedsOf>;
  /** One feed with its messages and results. */
  feed(feedId: string): ReturnType<typeof feedAdmin.feedById>;
  /** VAT invoices / credit notes UPLOAD_VAT_INVOICE accepted for an order. */
  invoices(orderId: string): ReturnType<typeof feedAdmin.invoicesOf>;
  /** Each listing's merchant (DEFAULT channel) quantity as Amazon shows it, with when and by what it last changed. */
  listingQuantities(sellerId: string): ReturnType<typeof listingAdmin.listingQuantities>;
  /** Sets a listing's merchant quantity on Amazon's side (as a seller would in Seller Central). */
  setListingQuantity(sellerId: string, sku: string, quantity: number): listingAdmin.ListingQuantityView;
  /** The plan of a seller's sales history (`world.salesHistory`): per week and SKU, expected and made orders, stock-outs. */
  salesHistory(sellerId: string): ReturnType<typeof salesHistoryOf>;
  /** Calls received (operation, seller, status, throttled) and totals; the latest `recent` (200) of them. */
  calls(recent?: number): ReturnType<CallLog['snapshot']>;
  /** Orders, calls and usage buckets back to the start (seed orders made again). */
  reset(): void;
  /** Every access token issued so far expires now. */
  expireAccessTokens(): void;
  /** The next `count` calls of an operation (optionally of one seller) fail with 500, 503 or 429. */
  injectFault(fault: Fault): void;
  /** A share of the calls fails (kinds drawn from a list) for a while; seeded: deterministic (README, "Faults"). */
  injectFaultRule(rule: FaultRule): ActiveRule;
  /** Pending faults, live rules and the faults given so far (by kind and operation). */
  faults(): FaultsSnapshot;
  /** Forgets every pending fault and rule (the counters stay). */
  clearFaults(): void;
  /** The SQS side: the AWS account's queues, their URLs and ARNs, and the credentials SQS accepts. */
  sqs: SandboxSqs;
  /** Every message still in a queue (default `aec-notifications`), without receiving it. */
  sqsMessages(queue?: string): notif.QueueMessageView[];
  /** Destinations, subscriptions, and every notification published so far (with its body). */
  notifications(): notif.NotificationsView;
  /** The buyer asks to cancel an order (every item, or `items`); the order stays UNSHIPPED. */
  buyerCancelRequest(orderId: string, req?: BuyerCancelRequest): Record<string, unknown>;
  /** Amazon or the buyer cancels an open order: CANCELLED with cancellationExecution on every item. */
  cancelOrder(orderId: string, req: CancelRequest): Record<string, unknown>;
  /** Returns an order's shipped units now (as `POST /_sandbox/orders/:id/return`). */
  returnOrder(orderId: string, req?: returnAdmin.ReturnRequest): ReturnType<typeof returnAdmin.returnOrder>;
  /** A seller's returns and reimbursements as Amazon knows them now. */
  returns(sellerId: string): ReturnType<typeof returnAdmin.returnsOf>;
  /** Refunds an order now (as `POST /_sandbox/orders/:id/refund`): a Refund transaction and TRANSACTION_UPDATE. */
  refundOrder(orderId: string, req?: financeAdmin.RefundRequest): ReturnType<typeof financeAdmin.refundOrder>;
  /** A seller's financial transactions as the world holds them (those dated later included). */
  finances(sellerId: string): ReturnType<typeof financeAdmin.financesOf>;
  close(): Promise<void>;
}

/** The sandbox's SQS, in-process. */
export interface SandboxSqs {
  region: string;
  accountId: string;
  /** The access key SQS accepts (SigV4). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** `https://sqs.<region>.amazonaws.com/<account>/<name>` (default queue: aec-notifications). */
  queueUrl(name?: string): string;
  /** `arn:aws:sqs:<region>:<account>:<name>` */
  queueArn(name?: string): string;
  createQueue(name: string): { name: string; url: string; arn: string };
  queues(): notif.QueueView[];
}

/** Starts the sandbox (127.0.0.1:4010 by default; port 0 = a free port). */
export async function startAmazonSandbox(options: AmazonSandboxOptions = {}): Promise<AmazonSandbox> {
  const opts = resolveOptions(options);
  const state = createState(opts);
  seedSalesHistory(state);
  ops.seedOrders(state, opts.seedOrders);
  const app = buildServer(state);
  await app.listen({ host: opts.host, port: opts.port });
  state.announcer.start();
  const continuous = opts.ordersPerMinute > 0 || opts.cancellationsPerHour > 0 || opts.buyerCancelRequestsPerHour > 0;
  const stopContinuous = continuous ? startContinuousMode(state, opts.ordersPerMinute) : () => {};
  const port = (app.server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    port,
    sellers: opts.sellers,
    addOrders: (sellerId, orders) => ops.addOrders(state, sellerId, orders),
    generateOrders: (req) => ops.generateOrders(state, req),
    updateOrder: (orderId, patch) => ops.updateOrder(state, orderId, patch),
    getOrder: (orderId) => ops.rawOrder(state, orderId),
    shipments: (orderId) => ops.shipments(state, orderId),
    labels: (orderId) => labelsOfOrder(state, orderId),
    fbaStock: (sellerId) => ops.fbaStock(state, sellerId),
    setFbaStock: (sellerId, pool, items) => ops.setFbaStock(state, sellerId, pool, items),
    feeds: (sellerId) => feedAdmin.feedsOf(state, sellerId),
    feed: (feedId) => feedAdmin.feedById(state, feedId),
    invoices: (orderId) => feedAdmin.invoicesOf(state, orderId),
    listingQuantities: (sellerId) => listingAdmin.listingQuantities(state, sellerId),
    setListingQuantity: (sellerId, sku, quantity) => listingAdmin.setListingQuantity(state, sellerId, sku, quantity),
    salesHistory: (sellerId) => salesHistoryOf(state, sellerId),
    calls: (recent) => ops.calls(state, recent),
    reset: () => ops.reset(state),
    expireAccessTokens: () => state.tokens.expireAll(),
    injectFault: (fault) => ops.injectFault(state, fault),
    injectFaultRule: (rule) => ops.injectFaultRule(state, rule),
    faults: () => ops.faults(state),
    clearFaults: () => state.faults.clear(),
    sqs: {
      region: opts.awsRegion,
      accountId: opts.awsAccountId,
      credentials: { accessKeyId: opts.awsAccessKeyId, secretAccessKey: opts.awsSecretAccessKey },
      queueUrl: (name = DEFAULT_QUEUE) => state.sqs.queues.urlOf(name),
      queueArn: (name = DEFAULT_QUEUE) => state.sqs.queues.arnOf(name),
      createQueue: (name) => notif.createQueue(state, name),
      queues: () => notif.queuesView(state),
    },
    sqsMessages: (queue = DEFAULT_QUEUE) => notif.queueMessages(state, queue).messages,
    notifications: () => notif.notificationsView(state),
    buyerCancelRequest: (orderId, req) => buyerCancelRequest(state, orderId, req),
    cancelOrder: (orderId, req) => cancelOrder(state, orderId, req),
    returnOrder: (orderId, req = {}) => returnAdmin.returnOrder(state, orderId, req),
    returns: (sellerId) => returnAdmin.returnsOf(state, sellerId),
    refundOrder: (orderId, req = {}) => financeAdmin.refundOrder(state, orderId, req),
    finances: (sellerId) => financeAdmin.financesOf(state, sellerId),
    close: async () => {
      stopContinuous();
      await app.close();
    },
  };
}
