/** Everything one running sandbox holds, shared by its routes, its admin API and its continuous mode. */
import { Authorizations, type SandboxApplication } from './authorization/applications.ts';
import { loadCatalogue, type Catalogue } from './catalogue.ts';
import type { ResolvedOptions, SellerConfig } from './config.ts';
import { OrderGenerator } from './generator/order-generator.ts';
import { AccessTokens } from './http/access-tokens.ts';
import { CallLog } from './http/call-log.ts';
import { Faults } from './http/faults.ts';
import { PaginationTokens } from './http/pagination-token.ts';
import { TokenBuckets } from './rate/token-buckets.ts';
import { FbaStock } from './fba/fba-stock.ts';
import { SummaryTokens } from './fba/inventory-summaries.ts';
import { ShipmentLog } from './shipments/shipment-log.ts';
import { OrderStore } from './store/order-store.ts';
import { DocumentUrls } from './feeds/document-url.ts';
import { FeedProcessor } from './feeds/feed-processing.ts';
import { FeedStore } from './feeds/feed-store.ts';
import { NotificationStore } from './notifications/notification-store.ts';
import { OrderChangePublisher } from './notifications/publisher.ts';
import { createRng, mixSeed } from './generator/prng.ts';
import type { SqsContext } from './sqs/sqs-ops.ts';
import { SqsQueues } from './sqs/sqs-queues.ts';
import { ListingStore } from './listings/listing-store.ts';
import { ListingPageTokens } from './listings/search-listings.ts';
import type { HistoryWeek } from './generator/sales-history.ts';
import { wireStockNotifications } from './notifications/stock-publishing.ts';
import { ReturnStore } from './returns/return-store.ts';
import { ReturnWorld } from './returns/return-draws.ts';
import { ReportStore } from './reports/report-store.ts';
import { ReportProcessor } from './reports/report-processing.ts';
import { TransactionStore } from './finances/transaction-store.ts';
import { FinanceWorld } from './finances/finance-world.ts';
import { ShippingStore } from './shipping/shipping-store.ts';
import { TransactionAnnouncer } from './finances/transaction-notification.ts';
import { CareLog } from './care/care-log.ts';

export interface SandboxState {
  opts: ResolvedOptions;
  catalogue: Catalogue;
  sellers: Map<string, SellerConfig>;
  /** The SP-API applications of the consent page, by application id. */
  applications: Map<string, SandboxApplication>;
  /** The website authorisation workflow: codes issued on consent, refresh tokens issued for them. */
  authorizations: Authorizations;
  store: OrderStore;
  generator: OrderGenerator;
  buckets: TokenBuckets;
  tokens: AccessTokens;
  pages: PaginationTokens;
  calls: CallLog;
  faults: Faults;
  /** confirmShipment calls received, per order (admin: GET /_sandbox/orders/:id/shipments). */
  shipments: ShipmentLog;
  /** Buy Shipping (Shipping API v2): rate quotes, labels bought, idempotency keys. */
  shipping: ShippingStore;
  /** FBA stock per seller, pool and SKU (getInventorySummaries; moved by FBA orders). */
  fbaStock: FbaStock;
  summaryTokens: SummaryTokens;
  /** Listings and their merchant quantity per seller and SKU (Listings Items API, JSON_LISTINGS_FEED, orders). */
  listings: ListingStore;
  listingPages: ListingPageTokens;
  /** The plan of each seller's sales history (world.salesHistory), per week and SKU. */
  salesHistory: Map<string, HistoryWeek[]>;
  /** Feeds API: documents, feeds, what they left (invoices, SKU quantities); processing over time; signed URLs. */
  feeds: FeedStore;
  feedProcessor: FeedProcessor;
  documentUrls: DocumentUrls;
  /** Notifications API: destinations, subscriptions, what was published. */
  notifications: NotificationStore;
  /** Sends ORDER_CHANGE for every change the order store keeps. */
  publisher: OrderChangePublisher;
  /** Customer returns and FBA reimbursements (the generated world's and the admin API's). */
  returns: ReturnStore;
  /** Reports API: what was requested and its processing over time. */
  reports: ReportStore;
  reportProcessor: ReportProcessor;
  /** Finances 2024-06-19: the world's transactions, and TRANSACTION_UPDATE as they are posted. */
  transactions: TransactionStore;
  announcer: TransactionAnnouncer;
  /** Solicitations and Messaging requests received, per order (admin: GET /_sandbox/orders/:id/care). */
  care: CareLog;
  /** The SQS queues of the sandbox's AWS account and the delivery settings. */
  sqs: SqsContext;
  now: () => number;
}

/** Builds the state of a sandbox from resolved options (no orders yet). */
export function createState(opts: ResolvedOptions): SandboxState {
  const catalogue = loadCatalogue();
  for (const s of opts.sellers) {
    const unknown = s.marketplaceIds.find((m) => !catalogue.marketplaces.some((x) => x.marketplaceId === m));
    if (unknown) throw new Error(`seller ${s.sellerId}: marketplace ${unknown} is not in the catalogue`);
  }
  const now = opts.now;
  const store = new OrderStore(now);
  const fbaStock = new FbaStock(catalogue, now);
  fbaStock.seed(opts.seed, opts.sellers);
  const listings = new ListingStore(catalogue, now);
  listings.seed(opts.seed, opts.sellers);
  const notifications = new NotificationStore();
  const queues = new SqsQueues(opts);
  const publisher = new OrderChangePublisher(opts, notifications, queues);
  const returns = new ReturnStore();
  const returnWorld = new ReturnWorld(returns, catalogue, opts.seed, opts.returnShare);
  const transactions = new TransactionStore();
  const financeWorld = new FinanceWorld({ store: transactions, returns, seed: opts.seed, returnShare: opts.returnShare,
    refundShare: opts.refundShare, now, catalogue });
  // Every change of a stored order passes here: the FBA stock and the merchant quantities follow it, subscribers
  // hear of it (the order's ORDER_CHANGE first, then the stock it moved).
  store.onChange = (prev, next) => {
    publisher.orderChanged(prev, next);
    fbaStock.orderChanged(prev, next);
    listings.orderChanged(prev, next);
    returnWorld.orderChanged(prev, next);
    financeWorld.orderChanged(prev, next); // after the returns: it refunds what they refund
  };
  wireStockNotifications({ catalogue, sellers: opts.sellers, listings, fbaStock, publisher, now });
  const dupRng = createRng(mixSeed(opts.seed, 'sqs-duplicates'));
  const state: SandboxState = {
    opts,
    catalogue,
    sellers: new Map(opts.sellers.map((s) => [s.sellerId, s])),
    applications: new Map(opts.applications.map((a) => [a.applicationId, a])),
    authorizations: new Authorizations(now),
    store,
    generator: new OrderGenerator(opts.seed, catalogue, opts.sellers),
    buckets: new TokenBuckets({ overrides: opts.usagePlans, timeScale: opts.timeScale, now }),
    tokens: new AccessTokens(now),
    pages: new PaginationTokens(),
    calls: new CallLog(),
    faults: new Faults(now, opts.timeScale),
    shipments: new ShipmentLog(),
    shipping: new ShippingStore(),
    fbaStock,
    summaryTokens: new SummaryTokens(),
    listings,
    listingPages: new ListingPageTokens(),
    salesHistory: new Map(),
    feeds: new FeedStore(),
    feedProcessor: undefined as unknown as FeedProcessor,
    documentUrls: new DocumentUrls(),
    notifications,
    publisher,
    returns,
    reports: new ReportStore(),
    reportProcessor: undefined as unknown as ReportProcessor,
    transactions,
    announcer: new TransactionAnnouncer(transactions, publisher, now),
    care: new CareLog(),
    sqs: { queues, duplicateRate: opts.sqsDuplicateRate, random: () => dupRng.next() },
    now,
  };
  state.feedProcessor = new FeedProcessor(state);
  state.reportProcessor = new ReportProcessor(state);
  return state;
}
