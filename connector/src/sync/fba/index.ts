/**
 * The fba flow as other code may reach it: its declaration, and the FBA inventory pools (shared with the inventory
 * and returns flows): the pool of a marketplace, and a pool's ERP warehouse and Stock / Unsellable locations.
 */
export { fbaFlow } from './fba.flow.ts';
export { fbaSettings } from './fba.settings.ts';
export { FBA_FLOW, Tasks as FbaTasks } from './fba.payloads.ts';
export { defaultPoolOf, poolOf, poolsOf, poolWarehouse, type PoolCode } from './pools/pool-of.ts';
export { poolLockKey } from './pools/pool-lock-key.ts';
export { poolLocations, poolOfMarketplace, type PoolLocations, type PoolLocationRole, type SeedMarker } from './pools/pool-bindings.ts';
export { deliverFbaOrders, type DeliverResult } from './deliver/deliver-pass.ts';
export { seedPools } from './setup/seed-pools.ts';
// For the fba-stock flow: SKUs to ERP products as the seed resolves them.
export { productsOfSkus } from './erp/sku-products.ts';
export { poolStockGateway } from './erp/pool-stock.gateway.ts';
