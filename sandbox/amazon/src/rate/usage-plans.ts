/** The documented SP-API usage plans (requests per second, burst), per selling partner and operation. */

export interface UsagePlan {
  /** Requests per second restored to the bucket. */
  rate: number;
  /** Bucket size: requests that may be sent at once. */
  burst: number;
}

/** From the reference notes (sp-api-notes.md); served: searchOrders, getOrder, confirmShipment,
 * getInventorySummaries, listTransactions, the Listings Items, Feeds and Reports APIs and the Notifications operations (rates as their models' usage-plan tables give them). */
export const DOCUMENTED_USAGE_PLANS: Readonly<Record<string, UsagePlan>> = {
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  getOrders: { rate: 0.0167, burst: 20 },
  getOrderItems: { rate: 0.5, burst: 30 },
  getOrderAddress: { rate: 0.5, burst: 30 },
  getOrderBuyerInfo: { rate: 0.5, burst: 30 },
  confirmShipment: { rate: 2, burst: 10 },
  getInventorySummaries: { rate: 2, burst: 2 },
  // Sellers v1 (sellers.json): getMarketplaceParticipations.
  getMarketplaceParticipations: { rate: 0.016, burst: 15 },
  // Listings Items 2021-08-01 (listingsItems_2021-08-01.json): each operation's usage-plan table.
  getListingsItem: { rate: 5, burst: 10 },
  patchListingsItem: { rate: 5, burst: 5 },
  searchListingsItems: { rate: 5, burst: 5 },
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  getFeeds: { rate: 0.0222, burst: 10 },
  cancelFeed: { rate: 2, burst: 15 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
  createReport: { rate: 0.0167, burst: 15 },
  getReport: { rate: 2, burst: 15 },
  getReportDocument: { rate: 0.0167, burst: 15 },
  getReports: { rate: 0.0222, burst: 10 },
  // reports_2021-06-30.json's table for cancelReport (the notes list the other four).
  cancelReport: { rate: 0.0222, burst: 10 },
  listFinancialEvents: { rate: 0.5, burst: 30 },
  listFinancialEventsByOrderId: { rate: 0.5, burst: 30 },
  listFinancialEventGroups: { rate: 0.5, burst: 30 },
  listTransactions: { rate: 0.5, burst: 10 },
  createRestrictedDataToken: { rate: 1, burst: 10 },
  // Shipping API v2 (shippingV2.json): every operation's table says 80/s, burst 100.
  getRates: { rate: 80, burst: 100 },
  purchaseShipment: { rate: 80, burst: 100 },
  getShipmentDocuments: { rate: 80, burst: 100 },
  cancelShipment: { rate: 80, burst: 100 },
  // Merchant Fulfillment v0 (merchantFulfillmentV0.json's tables); named mfn* here: cancelShipment is also v2's.
  mfnGetEligibleShipmentServices: { rate: 6, burst: 12 },
  mfnCreateShipment: { rate: 2, burst: 2 },
  mfnGetShipment: { rate: 1, burst: 1 },
  mfnCancelShipment: { rate: 1, burst: 1 },
  // Notifications v1 (notifications.json): every operation 1/s burst 5.
  getSubscription: { rate: 1, burst: 5 },
  createSubscription: { rate: 1, burst: 5 },
  getSubscriptionById: { rate: 1, burst: 5 },
  deleteSubscriptionById: { rate: 1, burst: 5 },
  getDestinations: { rate: 1, burst: 5 },
  createDestination: { rate: 1, burst: 5 },
  getDestination: { rate: 1, burst: 5 },
  deleteDestination: { rate: 1, burst: 5 },
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
};

/** Prints a rate as Amazon's header does: a plain decimal, no float noise ("0.336", not "0.33599999999999997"). */
export function formatRate(rate: number): string {
  return String(Number(rate.toPrecision(12)));
}
