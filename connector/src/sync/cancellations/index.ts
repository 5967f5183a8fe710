/**
 * The cancellations flow as other code may reach it: its declaration; what the orders flow hands over (Amazon's
 * cancellations and buyers' requests of imported orders); the actions of ORDER_CANCELLED_AFTER_IMPORT (the orders
 * flow's conflict); and the record the ERP -> Amazon part reads (`order_cancellation`: who cancelled, why).
 */
export { cancellationsFlow } from './cancellations.flow.ts';
export { cancellationsSettings } from './cancellations.settings.ts';
export { CANCELLATIONS_FLOW, Tasks as CancellationTasks } from './cancellations.payloads.ts';
export { buyerCancelRequestOf, cancellationsOn, handAmazonCancellations, handBuyerCancelRequests } from './hand-off.ts';
export { amazonCancelledActions, BUYER_CANCELED } from './conflict-actions.ts';
export { cancellationOf, type CancellationRow } from './cancellation-store.ts';
export { openBuyerRequests, type OpenBuyerRequest } from './open-requests.ts';
// Account health's leading indicator: the cancellations the seller made.
export { sellerCancellationsSince, type SellerCancelRecord } from './seller-cancel/index.ts';
