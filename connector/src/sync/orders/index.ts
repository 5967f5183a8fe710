/** The order flow as other code may reach it: its declaration, its task names and payloads, its settings. */
export { ordersFlow } from './orders.flow.ts';
export { Tasks, ORDERS_FLOW, type ImportPayload, type ResyncPayload, type SweepPayload } from './orders.payloads.ts';
export { ordersSettings } from './orders.settings.ts';
/** The kind of the stored Amazon orders (core/documents): other flows read them (the ship-by risk list). */
export { ORDER_DOCUMENT } from './order-documents.ts';
export { requestResync } from './resync-order.task.ts';
export { scheduleNextSweep } from './sweep-orders.task.ts';
export { createReferenceCache } from './reference-cache.ts';
export { ordersServicesOf, referenceCacheOf, type OrdersServices } from './orders-env.ts';
export {
  canonicalRate,
  ordersLookupTables,
  type FiscalPositionMapValue,
  type MarketplaceMapValue,
  type SkuMapValue,
  type TaxMapValue,
} from './orders.lookups.ts';
export { amazonOrderAmounts, type AmazonOrderAmounts } from './mapping/amazon-order-amounts.ts';
export { orderDocuments, type StoredOrder } from './order-documents.ts';
