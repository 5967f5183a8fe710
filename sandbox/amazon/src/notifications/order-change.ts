/**
 * ORDER_CHANGE notifications (`schemas/notifications/OrderChangeNotification.json`) from a stored order's change:
 * what changed (status, units, a buyer's cancel request) decides the OrderChangeType and the ChangeReason; the
 * Summary comes from the order as it is now (v0 status spelling, MFN/AFN, items with quantities). No PII, no prices.
 */
import { randomUUID } from 'node:crypto';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const items = (o: Obj): Obj[] => (Array.isArray(o.orderItems) ? o.orderItems.filter(isObj) : []);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The 2026 model's fulfillmentStatus in the Orders v0 spelling the notification uses. */
const V0_STATUS: Readonly<Record<string, string>> = {
  PENDING: 'Pending', PENDING_AVAILABILITY: 'PendingAvailability', UNSHIPPED: 'Unshipped',
  PARTIALLY_SHIPPED: 'PartiallyShipped', SHIPPED: 'Shipped', CANCELLED: 'Canceled', UNFULFILLABLE: 'Unfulfillable',
};

export interface OrderChange {
  orderChangeType: 'OrderStatusChange' | 'BuyerRequestedChange';
  changeReason: string;
}

const statusOf = (o: Obj) => obj(o.fulfillment).fulfillmentStatus;
const requested = (item: Obj) => isObj(obj(item.cancellation).cancellationRequest);
const requestOf = (item: Obj | undefined) => JSON.stringify(obj(obj(item?.cancellation).cancellationRequest));
const unitsKey = (o: Obj) => items(o).map((i) => `${String(i.orderItemId)}:${num(obj(i.fulfillment).quantityFulfilled)}:${num(obj(i.fulfillment).quantityUnfulfilled)}:${isObj(obj(i.cancellation).cancellationExecution)}`).join('|');

/**
 * What a change of an order is to a subscriber, or undefined when nothing a notification reports changed (another
 * field set through the admin API). Decided names for ChangeReason (Amazon documents only "Buyer Requested Cancel"):
 * "Order Created", "Order Status Changed", "Items Shipped", "Items Cancelled".
 */
export function describeChange(prev: Obj | undefined, next: Obj): OrderChange | undefined {
  if (!prev) return { orderChangeType: 'OrderStatusChange', changeReason: 'Order Created' };
  // A request on an item that had none, or a new one (another reason) where the buyer had asked before.
  const newRequest = items(next).some((i) => requested(i)
    && requestOf(i) !== requestOf(items(prev).find((p) => p.orderItemId === i.orderItemId)));
  const statusChanged = statusOf(prev) !== statusOf(next);
  if (newRequest && !statusChanged) return { orderChangeType: 'BuyerRequestedChange', changeReason: 'Buyer Requested Cancel' };
  if (statusChanged) {
    const reason = statusOf(next) === 'CANCELLED' ? 'Items Cancelled' : statusOf(next) === 'SHIPPED' || statusOf(next) === 'PARTIALLY_SHIPPED'
      ? 'Items Shipped' : 'Order Status Changed';
    return { orderChangeType: 'OrderStatusChange', changeReason: reason };
  }
  if (unitsKey(prev) !== unitsKey(next)) {
    const shipped = (o: Obj) => items(o).reduce((n, i) => n + num(obj(i.fulfillment).quantityFulfilled), 0);
    return { orderChangeType: 'OrderStatusChange', changeReason: shipped(next) > shipped(prev) ? 'Items Shipped' : 'Items Cancelled' };
  }
  return undefined;
}

/** The Summary of an order, as the schema has it. */
export function orderSummary(order: Obj): Obj {
  const f = obj(order.fulfillment);
  const programs = Array.isArray(order.programs) ? order.programs : [];
  const lines = items(order);
  const shipBy = obj(f.shipByWindow);
  const deliverBy = obj(f.deliverByWindow);
  const dates: Obj = {};
  if (typeof deliverBy.earliestDateTime === 'string') dates.EarliestDeliveryDate = deliverBy.earliestDateTime;
  if (typeof deliverBy.latestDateTime === 'string') dates.LatestDeliveryDate = deliverBy.latestDateTime;
  if (typeof shipBy.earliestDateTime === 'string') dates.EarliestShipDate = shipBy.earliestDateTime;
  if (typeof shipBy.latestDateTime === 'string') dates.LatestShipDate = shipBy.latestDateTime;
  const business = obj(order.salesChannel).channelName === 'AMAZON_BUSINESS' || programs.includes('AMAZON_BUSINESS');
  return {
    MarketplaceId: String(obj(order.salesChannel).marketplaceId ?? ''),
    OrderStatus: V0_STATUS[String(statusOf(order))] ?? 'Pending',
    PurchaseDate: typeof order.createdTime === 'string' ? order.createdTime : null,
    DestinationPostalCode: typeof obj(obj(order.recipient).deliveryAddress).postalCode === 'string'
      ? obj(obj(order.recipient).deliveryAddress).postalCode : null,
    FulfillmentType: f.fulfilledBy === 'AMAZON' ? 'AFN' : 'MFN',
    OrderType: programs.includes('PREORDER') ? 'Preorder' : 'StandardOrder',
    NumberOfItemsShipped: lines.reduce((n, i) => n + num(obj(i.fulfillment).quantityFulfilled), 0),
    NumberOfItemsUnshipped: lines.reduce((n, i) => n + num(obj(i.fulfillment).quantityUnfulfilled), 0),
    ...dates,
    ...(business ? { OrderPrograms: ['Business'] } : {}),
    OrderItems: lines.map((i) => {
      const fi = obj(i.fulfillment);
      return {
        OrderItemId: String(i.orderItemId ?? ''),
        SellerSKU: String(obj(i.product).sellerSku ?? ''),
        SupplySourceId: null,
        OrderItemStatus: num(fi.quantityUnfulfilled) === 0 && num(fi.quantityFulfilled) > 0 ? 'Shipped' : 'Unshipped',
        Quantity: num(i.quantityOrdered),
        QuantityShipped: num(fi.quantityFulfilled),
        IsBuyerRequestedCancel: requested(i),
      };
    }),
  };
}

/** The whole notification (what the SQS message body carries) for one subscription. */
export function orderChangeNotification(args: { sellerId: string; order: Obj; change: OrderChange; changedAtMs: number;
  publishedAtMs: number; applicationId: string; subscriptionId: string }): Obj {
  const publishTime = new Date(args.publishedAtMs).toISOString();
  return {
    NotificationVersion: '1.0',
    NotificationType: 'ORDER_CHANGE',
    PayloadVersion: '1.0',
    EventTime: publishTime,
    Payload: {
      OrderChangeNotification: {
        NotificationLevel: 'OrderLevel',
        SellerId: args.sellerId,
        AmazonOrderId: String(args.order.orderId),
        OrderChangeType: args.change.orderChangeType,
        OrderChangeTrigger: { TimeOfOrderChange: new Date(args.changedAtMs).toISOString(), ChangeReason: args.change.changeReason },
        Summary: orderSummary(args.order),
      },
    },
    NotificationMetadata: { ApplicationId: args.applicationId, SubscriptionId: args.subscriptionId, PublishTime: publishTime,
      NotificationId: randomUUID() },
  };
}
