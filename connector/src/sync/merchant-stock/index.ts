/**
 * The merchant-stock flow as other code may reach it: its declaration, its settings, and the recompute/push
 * entry points (the CLI's resync and tests).
 */
export { merchantStockFlow } from './merchant-stock.flow.ts';
export { merchantStockSettings } from './merchant-stock.settings.ts';
export { MERCHANT_STOCK_FLOW, Tasks as MerchantStockTasks } from './merchant-stock.payloads.ts';
export { recomputeOffers } from './recompute.ts';
export { pushOffers } from './push/push-offers.ts';
export { readFeedResults } from './push/feed-results.ts';
export { scheduleRecompute, schedulePush } from './merchant-stock.tasks.ts';
export { desiredQuantities } from './store/offer-store.ts';
