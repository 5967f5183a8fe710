/** The refund-adjustments flow as other code may reach it: its declaration, task names, and the refunds flow's match. */
export { refundAdjustmentsFlow } from './refund-adjustments.flow.ts';
export { REFUND_ADJUSTMENTS_FLOW, REFUND_ADJUSTMENT_KIND, Tasks as RefundAdjustmentTasks } from './refund-adjustments.payloads.ts';
export { refundAdjustmentsSettings } from './refund-adjustments.settings.ts';
export { matchRefundToAdjustment, type AdjustmentMatch, type RefundView } from './match-refund.ts';
