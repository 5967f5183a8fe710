/**
 * When Amazon lets a seller reach the buyer of an order, derived from the order alone so that the sandbox and the
 * connector agree: Amazon's documented Solicitations window runs from 5 days after the order's EarliestDeliveryDate
 * to 30 days after its LatestDeliveryDate (Orders v2026: `fulfillment.deliverByWindow`), and only once the order is
 * SHIPPED. A package that left after the earliest delivery date moves the start to its ship time (it cannot have
 * arrived before it left). Refunded or returned orders are refused, as Amazon refuses them.
 */
import type { StoredOrder } from '../store/order-store.ts';
import type { SandboxState } from '../state.ts';
import { packagesOf } from '../shipments/packages.ts';

const DAY = 86_400_000;
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const time = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

export interface DeliveryDates {
  /** The earliest the buyer had the goods: EarliestDeliveryDate, or the last package's ship time when later. */
  deliveredMs: number;
  /** LatestDeliveryDate (the earliest one when Amazon gives no latest). */
  latestMs: number;
}

/** The order's delivery dates, or undefined when it is not shipped or has no delivery window. */
export function deliveryDates(order: Obj): DeliveryDates | undefined {
  const f = obj(order.fulfillment);
  if (f.fulfillmentStatus !== 'SHIPPED') return undefined;
  const w = obj(f.deliverByWindow);
  const earliest = time(w.earliestDateTime);
  if (earliest === undefined) return undefined;
  const shipped = Math.max(...packagesOf(order).map((p) => time(p.shipTime) ?? 0), 0);
  return { deliveredMs: Math.max(earliest, shipped), latestMs: Math.max(time(w.latestDateTime) ?? earliest, shipped) };
}

/** Whether the order had a refund or a customer return (Amazon offers neither a review request nor messages then). */
export function refundedOrReturned(state: SandboxState, stored: StoredOrder): boolean {
  if (state.transactions.ofOrder(stored.sellerId, stored.orderId).some((t) => t.transactionType === 'Refund')) return true;
  return [...state.returns.returns.values()].some((r) => r.orderId === stored.orderId && r.sellerId === stored.sellerId);
}

export type SolicitationVerdict = { ok: true } | { ok: false; reason: 'window' | 'unavailable' };

/** Whether a review request may be sent now: in the 5-30 day window, not yet sent, not refunded or returned. */
export function solicitationVerdict(state: SandboxState, stored: StoredOrder, nowMs: number): SolicitationVerdict {
  const d = deliveryDates(stored.order);
  if (!d || nowMs < d.deliveredMs + 5 * DAY || nowMs > d.latestMs + 30 * DAY) return { ok: false, reason: 'window' };
  if (state.care.accepted(stored.orderId, 'productReviewAndSellerFeedback') || refundedOrReturned(state, stored)) {
    return { ok: false, reason: 'unavailable' };
  }
  return { ok: true };
}

/**
 * The message types the seller may send for the order now, by its state: before shipping, details to confirm;
 * once shipped (until 30 days after the latest delivery date), warranty and delivery news; an unexpected problem
 * and a legal disclosure at any time the order is open. A pending or cancelled order allows none.
 */
export function messagingActions(state: SandboxState, stored: StoredOrder, nowMs: number): string[] {
  const f = obj(stored.order.fulfillment);
  const status = f.fulfillmentStatus;
  const merchant = f.fulfilledBy === 'MERCHANT';
  if (status === 'UNSHIPPED' || status === 'PARTIALLY_SHIPPED') {
    return merchant
      ? ['confirmCustomizationDetails', 'confirmDeliveryDetails', 'confirmOrderDetails', 'legalDisclosure', 'unexpectedProblem']
      : ['legalDisclosure', 'unexpectedProblem'];
  }
  if (status !== 'SHIPPED') return [];
  const d = deliveryDates(stored.order);
  if (d && nowMs > d.latestMs + 30 * DAY) return [];
  const after = ['legalDisclosure', 'unexpectedProblem', 'warranty'];
  if (merchant && !refundedOrReturned(state, stored)) after.unshift('confirmDeliveryDetails', 'digitalAccessKey');
  return after;
}
