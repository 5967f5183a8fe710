/**
 * The flat files of the report types the connector reads, as sp-api-notes.md lists their columns: what the header
 * must name, which cells are amounts (with their currency column) and which are counts. The merchant returns report
 * writes amounts in the marketplace's number format; the FBA reimbursements report always with a point.
 */
import type { FlatFileSpec } from './report-flat-file.ts';
import type { JsonReportSpec } from './report-json.ts';

export const RETURNS_BY_RETURN_DATE: FlatFileSpec = {
  reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
  columns: ['Order ID', 'Order date', 'Return request date', 'Return request status', 'Amazon RMA ID', 'Merchant RMA ID', 'Label type',
    'Label cost', 'Currency code', 'Return carrier', 'Tracking ID', 'Label to be paid by', 'A-to-Z Claim', 'Is prime', 'ASIN',
    'Merchant SKU', 'Item Name', 'Return quantity', 'Return Reason', 'In policy', 'Return type', 'Resolution', 'Invoice number',
    'Return delivery date', 'Order Amount', 'Order quantity', 'SafeT Action reason', 'SafeT claim id', 'SafeT claim state',
    'SafeT claim creation time', 'SafeT claim reimbursement amount', 'Refunded Amount'],
  amounts: { 'Order Amount': 'Currency code', 'Refunded Amount': 'Currency code', 'Label cost': 'Currency code', 'SafeT claim reimbursement amount': 'Currency code' },
  integers: ['Return quantity', 'Order quantity'],
  localNumbers: true,
};

export const FBA_CUSTOMER_RETURNS: FlatFileSpec = {
  reportType: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA',
  columns: ['return-date', 'order-id', 'sku', 'asin', 'fnsku', 'product-name', 'quantity', 'fulfillment-center-id', 'detailed-disposition',
    'reason', 'status', 'license-plate-number', 'customer-comments'],
  integers: ['quantity'],
  localNumbers: false,
};

export const FBA_REIMBURSEMENTS: FlatFileSpec = {
  reportType: 'GET_FBA_REIMBURSEMENTS_DATA',
  columns: ['approval-date', 'reimbursement-id', 'case-id', 'amazon-order-id', 'reason', 'sku', 'fnsku', 'asin', 'condition',
    'currency-unit', 'amount-per-unit', 'amount-total', 'quantity-reimbursed-cash', 'quantity-reimbursed-inventory',
    'quantity-reimbursed-total', 'original-reimbursement-id', 'original-reimbursement-type'],
  amounts: { 'amount-per-unit': 'currency-unit', 'amount-total': 'currency-unit' },
  integers: ['quantity-reimbursed-cash', 'quantity-reimbursed-inventory', 'quantity-reimbursed-total'],
  localNumbers: false,
};

/** The specs by report type. */
export const FLAT_FILE_SPECS: Readonly<Record<string, FlatFileSpec>> = Object.fromEntries(
  [RETURNS_BY_RETURN_DATE, FBA_CUSTOMER_RETURNS, FBA_REIMBURSEMENTS].map((s) => [s.reportType, s]),
);

/** Account health (sp-api-notes.md): one JSON object; its records are the marketplaces' statuses and metrics. */
export const SELLER_PERFORMANCE: JsonReportSpec = {
  reportType: 'GET_V2_SELLER_PERFORMANCE_REPORT',
  arrays: ['accountStatuses', 'performanceMetrics'],
};

/** The JSON report types by report type. */
export const JSON_REPORT_SPECS: Readonly<Record<string, JsonReportSpec>> = Object.fromEntries([SELLER_PERFORMANCE].map((s) => [s.reportType, s]));
