/** The order flow as other code may reach it: its declaration, its task names and payloads, its settings. */
export { ordersFlow } from './orders.flow.ts';
export { Tasks, ORDERS_FLOW, type ImportPayload, type ResyncPayload, type SweepPayload } from './orders.payloads.ts';
export { ordersSettings } from './orders.settings.ts';
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
// For the fba flow (Amazon-fulfilled orders): the switch it owns, the stored orders it validates deliveries for.
export { FBA_FLOW, FBA_MARKETPLACE_BINDING, fbaOrdersOn, isFbaOrder } from './fba-switch.ts';
// The stored Amazon orders (core/documents): the ship-by risk list, the shipments, FBA and invoices flows read them.
export { ORDER_DOCUMENT, orderDocuments, type StoredOrder } from './order-documents.ts';
export { amazonOrderAmounts, type AmazonOrderAmounts, type WithheldByItem } from './mapping/amazon-order-amounts.ts';
export { recordedWithheldTax } from './order-sync-state.ts';
export { MAP_SKU } from './conflicts/map-sku.action.ts';
// For the merchant-stock flow: known SKUs with their products, and the units of open orders not reserved in the ERP.
export { skuProducts, type SkuProduct } from './skus/sku-products.ts';
export { anyMerchantOrder, orderSkusStoredSince, unreservedOrderUnits } from './open-order-units.ts';
