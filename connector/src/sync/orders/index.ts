/** The order flow as other folders see it (the flow registry will add the flow's definition here). */
export {
  canonicalRate,
  ordersLookupTables,
  taxMapKey,
  type MarketplaceMapValue,
  type SkuMapValue,
  type TaxMapValue,
} from './orders.lookups.ts';
