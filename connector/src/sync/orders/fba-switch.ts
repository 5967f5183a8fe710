/**
 * The order flow's side of Amazon-fulfilled (FBA) orders: they are swept and imported only for a backend whose
 * `fba` flow is on (its go-live switch; off by default, so existing backends see no change), and their sale order
 * leaves the warehouse of the marketplace's FBA pool, which the fba flow's set-up binds per marketplace. The order
 * flow reads that switch and those bindings; it never imports the fba flow (which builds on this one).
 */
import { goLiveOf, type BackendSettings } from '../../core/backend/settings/index.ts';
import type { Order } from '../../amazon/models/orders-v2026.ts';

/** The fba flow's name (its go-live key). */
export const FBA_FLOW = 'fba';

/** The binding kind marketplace id -> stock.warehouse of its FBA pool (written by the fba flow's set-up). */
export const FBA_MARKETPLACE_BINDING = 'fba_marketplace' as const;

/** Whether `settings` switch the fba flow on: FBA orders are swept and imported once shipped. */
export function fbaOrdersOn(settings: BackendSettings): boolean {
  return goLiveOf(settings, FBA_FLOW, false).enabled;
}

/** Whether Amazon fulfils `order` (FBA). */
export function isFbaOrder(order: Pick<Order, 'fulfillment'>): boolean {
  return order.fulfillment?.fulfilledBy === 'AMAZON';
}
