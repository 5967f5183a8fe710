/**
 * The documented SP-API usage plans (rate in requests per second, burst), per seller x application, from
 * `shared/reference/sp-api-notes.md` and the models' own "Usage Plan" tables. The quota gate uses them as the
 * default when neither a backend override nor a rate learnt from `x-amzn-RateLimit-Limit` is known.
 */
import type { UsagePlan } from '../core/rate-limit/quota-gate.ts';

export const USAGE_PLANS = {
  // Orders v2026-01-01: items, buyer and recipient inline (includedData); no Restricted Data Token.
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  // Orders v0: to be left by 27 March 2027; getOrderItems/Address/BuyerInfo need an RDT for PII.
  getOrders: { rate: 0.0167, burst: 20 },
  getOrderItems: { rate: 0.5, burst: 30 },
  getOrderAddress: { rate: 0.5, burst: 30 },
  getOrderBuyerInfo: { rate: 0.5, burst: 30 },
  // Orders v0 confirmShipment stays (not deprecated): 204 on success, the shipments flow's one write.
  confirmShipment: { rate: 2, burst: 10 },
  // FBA inventory: up to 50 SKUs a call; its nextToken expires after 30 s.
  getInventorySummaries: { rate: 2, burst: 2 },
  // Sellers v1: the marketplaces a seller takes part in (the connection test).
  getMarketplaceParticipations: { rate: 0.016, burst: 15 },
  // Listings 2021-08-01: quantity by replacing /attributes/fulfillment_availability.
  patchListingsItem: { rate: 5, burst: 5 },
  getListingsItem: { rate: 5, burst: 10 },
  searchListingsItems: { rate: 5, burst: 5 },
  // Feeds 2021-06-30.
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  getFeeds: { rate: 0.0222, burst: 10 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
  // Reports 2021-06-30: getReports is the only way to find settlement reports.
  createReport: { rate: 0.0167, burst: 15 },
  getReport: { rate: 2, burst: 15 },
  getReportDocument: { rate: 0.0167, burst: 15 },
  getReports: { rate: 0.0222, burst: 10 },
  cancelReport: { rate: 0.0222, burst: 10 },
  // Finances v0 (events lag up to 48 h) and 2024-06-19.
  listFinancialEvents: { rate: 0.5, burst: 30 },
  listFinancialEventsByOrderId: { rate: 0.5, burst: 30 },
  listFinancialEventGroups: { rate: 0.5, burst: 30 },
  listTransactions: { rate: 0.5, burst: 10 },
  // Tokens 2021-03-01: one RDT may cover a generic path for an hour.
  createRestrictedDataToken: { rate: 1, burst: 10 },
  // Shipping v2 (Buy Shipping): every operation 80/s, burst 100 (shippingV2.json's tables).
  getRates: { rate: 80, burst: 100 },
  purchaseShipment: { rate: 80, burst: 100 },
  getShipmentDocuments: { rate: 80, burst: 100 },
  cancelShipment: { rate: 80, burst: 100 },
  // Merchant Fulfillment v0 (merchantFulfillmentV0.json's tables); named mfn*: cancelShipment is also v2's.
  mfnGetEligibleShipmentServices: { rate: 6, burst: 12 },
  mfnCreateShipment: { rate: 2, burst: 2 },
  mfnGetShipment: { rate: 1, burst: 1 },
  mfnCancelShipment: { rate: 1, burst: 1 },
  // Notifications v1: destinations and subscriptions by id are grantless (one plan per application).
  createDestination: { rate: 1, burst: 5 },
  getDestinations: { rate: 1, burst: 5 },
  getDestination: { rate: 1, burst: 5 },
  deleteDestination: { rate: 1, burst: 5 },
  getSubscriptionById: { rate: 1, burst: 5 },
  // ...while subscriptions by type are the seller's (its refresh token), counted per seller.
  getSubscription: { rate: 1, burst: 5 },
  createSubscription: { rate: 1, burst: 5 },
  deleteSubscriptionById: { rate: 1, burst: 5 },
  // Solicitations v1 and Messaging v1: every operation 1/s burst 5 (their models' usage-plan tables).
  getSolicitationActionsForOrder: { rate: 1, burst: 5 },
  createProductReviewAndSellerFeedbackSolicitation: { rate: 1, burst: 5 },
  getMessagingActionsForOrder: { rate: 1, burst: 5 },
  GetAttributes: { rate: 1, burst: 5 },
  confirmCustomizationDetails: { rate: 1, burst: 5 },
  createConfirmDeliveryDetails: { rate: 1, burst: 5 },
  createLegalDisclosure: { rate: 1, burst: 5 },
  createConfirmOrderDetails: { rate: 1, burst: 5 },
  createConfirmServiceDetails: { rate: 1, burst: 5 },
  CreateWarranty: { rate: 1, burst: 5 },
  createDigitalAccessKey: { rate: 1, burst: 5 },
  createUnexpectedProblem: { rate: 1, burst: 5 },
} as const satisfies Record<string, UsagePlan>;

export type SpApiOperationName = keyof typeof USAGE_PLANS;

/**
 * Operations Amazon calls grantless (client credentials, no seller authorisation): their usage plan is counted
 * per application, so their bucket is the application's, shared by all its sellers (notifications.json).
 */
export const GRANTLESS_OPERATIONS: ReadonlySet<SpApiOperationName> = new Set<SpApiOperationName>([
  'createDestination',
  'getDestinations',
  'getDestination',
  'deleteDestination',
  'getSubscriptionById',
  'deleteSubscriptionById',
]);

/** The documented plan of one operation. */
export function usagePlanFor(operation: SpApiOperationName): UsagePlan {
  return USAGE_PLANS[operation];
}

/**
 * Whether a rate announced in `x-amzn-RateLimit-Limit` is believable for an operation: from a hundredth of the
 * documented rate to a thousand times it. The learnt rate replaces the documented one in the shared bucket until
 * another answer announces a different one, so a garbled header must not stall a backend (a rate near zero) or
 * unthrottle it (a huge one). Amazon raises plans for some applications and lowers them rarely; the Amazon
 * sandbox announces the documented rate times its time scale (10 in the demo, up to 600 in tests).
 */
export function isPlausibleAnnouncedRate(operation: SpApiOperationName, rate: number): boolean {
  const documented = USAGE_PLANS[operation].rate;
  return rate >= documented / 100 && rate <= documented * 1000;
}
