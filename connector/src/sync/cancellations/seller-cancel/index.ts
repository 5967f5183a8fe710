/** Seller cancellations (ERP -> Amazon), the part of the `cancellations` flow h/cancel-out builds: see README.md. */
export { sellerCancelParts, queueSellerCancelCheck } from './seller-cancel.parts.ts';
export { sellerCancelSettingsFields, sellerCancelReasonOf } from './seller-cancel.settings.ts';
export { SellerCancelTasks, FEED_TYPE as SELLER_CANCEL_FEED_TYPE } from './seller-cancel.payloads.ts';
export { checkOrders as checkSellerCancellations, type CheckOutcome } from './check-orders.ts';
export { applyFeedResults as applySellerCancelResults } from './read-results.ts';
export { sellerCancellationsSince, type SellerCancelRecord } from './seller-cancel.records.ts';
