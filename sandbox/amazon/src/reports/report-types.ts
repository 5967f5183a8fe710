/**
 * Report types the sandbox knows. Four are generated (the returns reports of issue 14, the seller performance report of issue 15); the others are documented
 * types a client may request, accepted and ended FATAL (the sandbox does not make them), as Amazon ends a report
 * it cannot produce. Settlement reports cannot be requested at all (Amazon makes them: find them with getReports).
 * `maxDays`: the longest dataStartTime..dataEndTime window Amazon takes for the type (sp-api-notes.md: the
 * merchant returns report covers at most 60 days); `historyDays`: how far back dataStartTime may go.
 */
export const RETURNS_BY_DATE = 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE';
export const FBA_RETURNS = 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA';
export const REIMBURSEMENTS = 'GET_FBA_REIMBURSEMENTS_DATA';
/** JSON, made from the world's orders, packages and claims (seller-performance-report.ts). */
export const SELLER_PERFORMANCE = 'GET_V2_SELLER_PERFORMANCE_REPORT';

export interface ReportTypeRule { generated: boolean; maxDays?: number; historyDays?: number }

export const REPORT_TYPES: Readonly<Record<string, ReportTypeRule>> = {
  [RETURNS_BY_DATE]: { generated: true, maxDays: 60 },
  [FBA_RETURNS]: { generated: true, historyDays: 548 },
  [REIMBURSEMENTS]: { generated: true, historyDays: 548 },
  GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL: { generated: false, maxDays: 30 },
  GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL: { generated: false, maxDays: 30 },
  GET_MERCHANT_LISTINGS_ALL_DATA: { generated: false },
  GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA: { generated: false },
  [SELLER_PERFORMANCE]: { generated: true },
};

/** Made by Amazon on its own schedule: createReport refuses them. */
export const NOT_REQUESTABLE = ['GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2', 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE'];
