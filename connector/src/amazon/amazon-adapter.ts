/**
 * Assembles the SP-API adapter for one backend (seller account): one transport (one client, one agent, one
 * cached LWA token), one quota-gated caller, and the operation APIs on top. Call `close()` at shutdown.
 */
import type { QuotaGate } from '../core/rate-limit/quota-gate.ts';
import { SpApiCaller, type SpApiCallerOptions } from './call.ts';
import { CareApi } from './care-api.ts';
import { FbaInventoryApi } from './fba-inventory-api.ts';
import { FeedsApi } from './feeds-api.ts';
import { FinancesApi } from './finances-api.ts';
import { FinancialEventsV0Api } from './financial-events-v0.ts';
import { ListingsApi } from './listings-api.ts';
import { NotificationsApi } from './notifications-api.ts';
import { OrdersApi } from './orders-api.ts';
import { ReportsApi } from './reports-api.ts';
import { SellersApi } from './sellers-api.ts';
import { ShipmentsApi } from './shipments-api.ts';
import { ShippingApi } from './shipping-api.ts';
import { MerchantFulfillmentApi } from './merchant-fulfillment-v0.ts';
import { SpApiTransport, type SpApiTransportOptions } from './transport.ts';

export interface AmazonAdapterOptions extends SpApiTransportOptions {
  gate: QuotaGate;
  /** The key of this seller's buckets in the quota store (core/rate-limit/quota-keys.ts). */
  sellerKey: string;
  /** The key of the application's buckets (grantless operations). */
  applicationKey?: SpApiCallerOptions['applicationKey'];
  rateOverrides?: SpApiCallerOptions['rateOverrides'];
  retry?: SpApiCallerOptions['retry'];
  maxQuotaWaitMs?: number;
  logger?: SpApiCallerOptions['logger'];
  onResponse?: SpApiCallerOptions['onResponse'];
}

export interface AmazonAdapter {
  orders: OrdersApi;
  /** Orders v0 confirmShipment and the PACKAGES read-back. */
  shipments: ShipmentsApi;
  /** Shipping v2 (Buy Shipping): rates, purchase with an idempotency key, documents, cancel. */
  shipping: ShippingApi;
  /** Merchant Fulfillment v0 (Buy Shipping where v2 does not serve): eligible services, create (no idempotency key), get, cancel. */
  merchantFulfillment: MerchantFulfillmentApi;
  /** FBA Inventory v1 (the FBA pools' seed). */
  fbaInventory: FbaInventoryApi;
  /** Listings Items 2021-08-01: a listing, its merchant quantity patch, searches by SKU. */
  listings: ListingsApi;
  /** Feeds 2021-06-30: documents, createFeed, getFeed(s), processing reports. */
  feeds: FeedsApi;
  /** Reports 2021-06-30: createReport, getReport(s), cancelReport, documents and their rows. */
  reports: ReportsApi;
  /** Notifications v1: destinations (grantless, the application's) and the seller's subscriptions. */
  notifications: NotificationsApi;
  /** Sellers v1: the marketplaces the seller takes part in. */
  sellers: SellersApi;
  /** Finances 2024-06-19 listTransactions (amounts read losslessly into minor units). */
  finances: FinancesApi;
  /** Finances v0: the financial events of an order (until 2027-08-27: which list its refund-like events are in) and the event groups (payouts). */
  financialEventsV0: FinancialEventsV0Api;
  /** Solicitations v1 and Messaging v1: the actions allowed for an order, the review request, buyer messages. */
  care: CareApi;
  /** For operations that have no dedicated API class yet. */
  caller: SpApiCaller;
  close(): void;
}

/** Builds the adapter of one backend; with no `endpoint` it talks to Amazon itself. */
export function createAmazonAdapter(options: AmazonAdapterOptions): AmazonAdapter {
  const { gate, sellerKey, applicationKey, rateOverrides, retry, maxQuotaWaitMs, logger, onResponse, ...transportOptions } = options;
  const transport = new SpApiTransport(transportOptions);
  const caller = new SpApiCaller({
    transport,
    gate,
    sellerKey,
    ...(applicationKey ? { applicationKey } : {}),
    ...(rateOverrides ? { rateOverrides } : {}),
    ...(retry ? { retry } : {}),
    ...(maxQuotaWaitMs !== undefined ? { maxQuotaWaitMs } : {}),
    ...(logger ? { logger } : {}),
    ...(onResponse ? { onResponse } : {}),
  });
  const orders = new OrdersApi(caller);
  return {
    orders,
    shipments: new ShipmentsApi(caller, orders),
    shipping: new ShippingApi(caller),
    merchantFulfillment: new MerchantFulfillmentApi(caller),
    fbaInventory: new FbaInventoryApi(caller),
    listings: new ListingsApi(caller),
    feeds: new FeedsApi(caller, transport.documents()),
    reports: new ReportsApi(caller, transport.documents()),
    notifications: new NotificationsApi(caller),
    sellers: new SellersApi(caller),
    finances: new FinancesApi(caller),
    financialEventsV0: new FinancialEventsV0Api(caller),
    care: new CareApi(caller),
    caller,
    close: () => transport.close(),
  };
}
