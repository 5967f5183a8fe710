/** The refunds flow as other code may reach it: its declaration and task names. */
export { refundsFlow } from './refunds.flow.ts';
export { REFUNDS_FLOW, Tasks as RefundTasks } from './refunds.payloads.ts';
export { refundsSettings } from './refunds.settings.ts';
export { forcedRefunds, type ForcedRefund } from './claims.ts';
// For the review-requests flow: orders refunded on Amazon get no review request.
export { refundedOrderIds } from './refunded-orders.ts';
