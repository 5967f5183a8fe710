/** Names of the seller-cancellation part of the `cancellations` flow: its tasks (queued as `cancellations:<name>`). */
import { taskName } from '../../frame/flow.ts';

/** The flow this part belongs to (contract 6: h/cancel-in's `cancellations` flow spreads `sellerCancelParts`). */
export const CANCELLATIONS_FLOW = 'cancellations';
export const FEED_TYPE = 'POST_ORDER_ACKNOWLEDGEMENT_DATA';

export const SellerCancelTaskNames = {
  /** `{ backendId, ids }`: ERP sale orders to check (the change feed on sale.order, a conflict retry, h/cancel-in). */
  orders: 'seller-cancel-orders',
  /** `{ backendId, ids }`: ERP order lines whose quantity may have been lowered (the change feed on sale.order.line). */
  lines: 'seller-cancel-lines',
  /** `{ backendId, feedId }`: a feed's processing report was read (the Feeds core). */
  results: 'seller-cancel-results',
} as const;

export const SellerCancelTasks = {
  orders: taskName(CANCELLATIONS_FLOW, SellerCancelTaskNames.orders),
  lines: taskName(CANCELLATIONS_FLOW, SellerCancelTaskNames.lines),
  results: taskName(CANCELLATIONS_FLOW, SellerCancelTaskNames.results),
} as const;
