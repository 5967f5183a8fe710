/**
 * Buyer cancel requests and cancellations by Amazon or the buyer, through the same store path as every change
 * (updateOrder), so the FBA stock and ORDER_CHANGE subscribers follow.
 */
import type { SandboxState } from '../state.ts';
import { AdminError, updateOrder } from './admin-ops.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** What the generator's buyers say too (world-cases.ts draws its reasons in the same words). */
export const DEFAULT_BUYER_REASON = 'Order placed by mistake';
export const DEFAULT_AMAZON_REASON = 'Payment could not be verified';

export interface BuyerCancelRequest {
  reason?: string;
  /** orderItemIds the buyer wants cancelled (default: every item). */
  items?: string[];
}

export interface CancelRequest {
  by: 'AMAZON' | 'BUYER';
  reason?: string;
}

function openOrder(state: SandboxState, orderId: string, allowed: readonly string[]): { order: Obj; items: Obj[] } {
  const stored = state.store.get(orderId);
  if (!stored) throw new AdminError(404, 'UNKNOWN_ORDER', `unknown order ${orderId}`);
  if (!allowed.includes(stored.status ?? '')) {
    throw new AdminError(400, 'ORDER_NOT_CANCELLABLE', `order ${orderId} is ${stored.status ?? 'without status'}: only ${allowed.join(', ')} orders`);
  }
  const items = Array.isArray(stored.order.orderItems) ? stored.order.orderItems.filter(isObj) : [];
  return { order: stored.order, items };
}

/**
 * The buyer asks to cancel (some items of) an order not yet shipped: `cancellation.cancellationRequest
 * {requester: BUYER, cancelReason}` on those items; the status stays (UNSHIPPED); a BuyerRequestedChange follows.
 */
export function buyerCancelRequest(state: SandboxState, orderId: string, req: BuyerCancelRequest = {}): Obj {
  const { items } = openOrder(state, orderId, ['PENDING', 'PENDING_AVAILABILITY', 'UNSHIPPED']);
  const ids = req.items ?? items.map((i) => String(i.orderItemId));
  const unknown = ids.find((id) => !items.some((i) => String(i.orderItemId) === id));
  if (unknown !== undefined) throw new AdminError(400, 'UNKNOWN_ITEM', `order ${orderId} has no item ${unknown}`);
  if (ids.length === 0) throw new AdminError(400, 'NO_ITEMS', 'a request names at least one item');
  const cancelReason = req.reason ?? DEFAULT_BUYER_REASON;
  const orderItems = items.map((i) => (ids.includes(String(i.orderItemId))
    ? { ...i, cancellation: { ...(isObj(i.cancellation) ? i.cancellation : {}), cancellationRequest: { requester: 'BUYER', cancelReason } } }
    : i));
  return updateOrder(state, orderId, { orderItems });
}

/**
 * Amazon (or the buyer, within the minutes Amazon lets them) cancels a whole order not yet shipped: CANCELLED,
 * every item with `cancellationExecution {cancelledBy, cancelReason}` (a buyer's earlier request stays beside it).
 */
export function cancelOrder(state: SandboxState, orderId: string, req: CancelRequest): Obj {
  if (req.by !== 'AMAZON' && req.by !== 'BUYER') throw new AdminError(400, 'BAD_REQUEST', 'by must be AMAZON or BUYER');
  const { items } = openOrder(state, orderId, ['PENDING', 'PENDING_AVAILABILITY', 'UNSHIPPED']);
  const cancelReason = req.reason ?? (req.by === 'AMAZON' ? DEFAULT_AMAZON_REASON : DEFAULT_BUYER_REASON);
  const orderItems = items.map((i) => {
    const had = isObj(i.cancellation) ? i.cancellation : {};
    const request = had.cancellationRequest ?? (req.by === 'BUYER' ? { requester: 'BUYER', cancelReason } : undefined);
    return { ...i, cancellation: { ...(request ? { cancellationRequest: request } : {}),
      cancellationExecution: { cancelledBy: req.by, cancelReason } } };
  });
  return updateOrder(state, orderId, { orderItems, fulfillmentStatus: 'CANCELLED' });
}
