/**
 * A seller cancellation (an order acknowledgement with StatusCode Failure) applied to a stored order, all or
 * nothing per message. Whole order: every item (or no item named) without a Quantity cancels every open unit, and
 * the order becomes CANCELLED. Partial: an item's Quantity cancels that many of its open units; the item keeps
 * `quantityOrdered`, `quantityUnfulfilled` falls, its `cancellation.cancellationExecution` says MERCHANT and the
 * reason (as the generator's partial cancellations do). The order is changed through the order store (`put`), so
 * every listener (FBA stock, ORDER_CHANGE notifications) hears of it. The result codes are the sandbox's own
 * (README, "Feeds API"): Amazon documents the report's shape, not these numbers.
 */
import { patchOrder } from '../admin/order-patch.ts';
import type { OrderStore } from '../store/order-store.ts';
import type { AckMessage } from './acknowledgement-messages.ts';

export const CANCEL_REASONS = ['NoInventory', 'ShippingAddressUndeliverable', 'CustomerExchange', 'BuyerCanceled',
  'GeneralAdjustment', 'CarrierCreditDecision', 'RiskAssessmentInformationNotValid', 'CarrierCoverageFailure',
  'CustomerReturn', 'MerchandiseNotReceived'];

/** Result codes of the acknowledgement report (stable; README lists them). */
export const ACK_CODES = {
  malformed: '5000',
  orderNotFound: '18028',
  orderShipped: '18030',
  alreadyCancelled: '18031',
  unknownItem: '18032',
  quantityTooHigh: '18033',
  badReason: '18034',
  fulfilledByAmazon: '18035',
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export type AckOutcome = { ok: true } | { ok: false; code: string; description: string };

const refuse = (code: string, description: string): AckOutcome => ({ ok: false, code, description });

/** Checks and applies one message; changes nothing when it refuses. */
export function applyAcknowledgement(store: OrderStore, sellerId: string, msg: AckMessage, nowMs: number): AckOutcome {
  if (msg.malformed) return refuse(ACK_CODES.malformed, `The message is not a valid OrderAcknowledgement: ${msg.malformed}.`);
  const id = msg.amazonOrderId!;
  const stored = store.get(id);
  // Another seller's order is as unknown as a missing one: Amazon tells a seller nothing of others' orders.
  if (!stored || stored.sellerId !== sellerId) return refuse(ACK_CODES.orderNotFound, `The order id ${id} was not found for this merchant.`);
  if (msg.statusCode === 'Success') return { ok: true }; // an acknowledgement, nothing to cancel
  const order = stored.order;
  const f = isObj(order.fulfillment) ? order.fulfillment : {};
  if (f.fulfilledBy === 'AMAZON') return refuse(ACK_CODES.fulfilledByAmazon, `Order ${id} is fulfilled by Amazon and cannot be cancelled by the seller.`);
  if (f.fulfillmentStatus === 'CANCELLED') return refuse(ACK_CODES.alreadyCancelled, `Order ${id} has already been cancelled.`);
  if (f.fulfillmentStatus === 'SHIPPED') return refuse(ACK_CODES.orderShipped, `Order ${id} has already shipped and cannot be cancelled.`);
  const items = (Array.isArray(order.orderItems) ? order.orderItems : []).filter(isObj).map((it) => ({ ...it }));
  const byId = new Map(items.map((it) => [String(it.orderItemId), it]));
  // No item named: the whole order, i.e. every item with units still open (shipped lines of a partly shipped order
  // are past cancelling, not an error).
  const openItems = items.filter((it) => num(isObj(it.fulfillment) ? it.fulfillment.quantityUnfulfilled : 0) > 0);
  if (!msg.items.length && !openItems.length) return refuse(ACK_CODES.alreadyCancelled, `Order ${id} has no units left to cancel.`);
  const wanted = msg.items.length ? msg.items
    : openItems.map((it) => ({ amazonOrderItemCode: String(it.orderItemId), cancelReason: msg.orderCancelReason, quantity: undefined }));
  const cut = new Map<string, { units: number; reason: string | undefined }>();
  for (const w of wanted) {
    const code = w.amazonOrderItemCode!;
    const item = byId.get(code);
    if (!item) return refuse(ACK_CODES.unknownItem, `The AmazonOrderItemCode ${code} does not belong to order ${id}.`);
    if (w.cancelReason !== undefined && !CANCEL_REASONS.includes(w.cancelReason)) {
      return refuse(ACK_CODES.badReason, `The CancelReason ${w.cancelReason || '(empty)'} is not valid. Valid values: ${CANCEL_REASONS.join(', ')}.`);
    }
    if (msg.items.length && w.cancelReason === undefined) return refuse(ACK_CODES.badReason, `CancelReason is required for item ${code} when StatusCode is Failure.`);
    const itf = isObj(item.fulfillment) ? item.fulfillment : {};
    const open = num(itf.quantityUnfulfilled) - (cut.get(code)?.units ?? 0);
    if (open <= 0) {
      return num(itf.quantityFulfilled) > 0
        ? refuse(ACK_CODES.orderShipped, `Item ${code} of order ${id} has already shipped; nothing is left to cancel.`)
        : refuse(ACK_CODES.alreadyCancelled, `Item ${code} of order ${id} has already been cancelled.`);
    }
    const units = w.quantity === undefined ? open : Number(w.quantity);
    if (units < 1 || units > open) {
      return refuse(ACK_CODES.quantityTooHigh, `Quantity ${w.quantity} for item ${code} of order ${id} is more than the ${open} unit(s) that can still be cancelled.`);
    }
    cut.set(code, { units: (cut.get(code)?.units ?? 0) + units, reason: w.cancelReason });
  }
  for (const [code, c] of cut) {
    const item = byId.get(code)!;
    const itf = isObj(item.fulfillment) ? { ...item.fulfillment } : {};
    itf.quantityUnfulfilled = num(itf.quantityUnfulfilled) - c.units;
    item.fulfillment = itf;
    const prev = isObj(item.cancellation) ? item.cancellation : {};
    // A buyer's request stays; the execution says the seller did it.
    item.cancellation = { ...prev, cancellationExecution: { cancelledBy: 'MERCHANT', ...(c.reason ? { cancelReason: c.reason } : {}) } };
  }
  const open = items.reduce((n, it) => n + num(isObj(it.fulfillment) ? it.fulfillment.quantityUnfulfilled : 0), 0);
  const shipped = items.reduce((n, it) => n + num(isObj(it.fulfillment) ? it.fulfillment.quantityFulfilled : 0), 0);
  const status = open > 0 ? (shipped > 0 ? 'PARTIALLY_SHIPPED' : undefined) : shipped > 0 ? 'SHIPPED' : 'CANCELLED';
  // CANCELLED goes through the order patch (it also shows prices Amazon held back while PENDING); SHIPPED after the
  // last open units were cancelled only changes the status: the packages already carry what shipped.
  const next = status === 'CANCELLED'
    ? patchOrder(order, { orderItems: items, fulfillmentStatus: 'CANCELLED' }, nowMs)
    : patchOrder(order, { orderItems: items, ...(status ? { set: { fulfillment: { ...f, fulfillmentStatus: status } } } : {}) }, nowMs);
  store.put(sellerId, next);
  return { ok: true };
}
