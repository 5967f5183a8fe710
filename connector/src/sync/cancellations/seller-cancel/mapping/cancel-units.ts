/**
 * Pure: which units of an Amazon order the ERP has cancelled that Amazon still sells, and cannot be asked for yet.
 * Decided from STATES, never from the change event: the ERP's quantities per product now (0 for every product of a
 * cancelled order) against what Amazon still sells of each item (ordered, less what Amazon reports cancelled or
 * what the connector already asked to cancel), so a repeated or lost event, a crash or two workers all compute the
 * same answer. Units Amazon shipped cannot be cancelled (a return and a refund are for those): `tooLate`.
 */

/** One Amazon order item as the computation needs it. */
export interface AmazonItem {
  orderItemId: string;
  /** The ERP products its SKU maps to (the SKU table, else the internal reference); empty: not mapped. */
  productIds: readonly number[];
  quantityOrdered: number;
  /** Units Amazon reports cancelled (executed) on the item. */
  cancelledAtAmazon: number;
  /** Units Amazon reports shipped. */
  shipped: number;
  /** Units the connector asked Amazon to cancel (queued, sent, accepted, or refused while its conflict is open). */
  requested: number;
}

export interface ErpSide {
  /** The ERP order is cancelled: every product counts 0, whatever its lines still say. */
  cancelled: boolean;
  /** Units per ERP product on the order's lines (product lines only). */
  quantityByProduct: ReadonlyMap<number, number>;
}

export interface CancelItem {
  orderItemId: string;
  quantity: number;
}

export interface CancelPlan {
  /** Units to ask Amazon to cancel now, per item (in Amazon's item order). */
  items: CancelItem[];
  /** True when this cancels every unit Amazon still sells and nothing shipped: the whole-order form (no Quantity). */
  wholeOrder: boolean;
  /** Units the ERP cancelled that Amazon already shipped, per product: not cancellable. */
  tooLate: Array<{ productId: number; units: number }>;
}

/** Units Amazon still counts as sold on an item: ordered less cancelled, our pending requests counted as done. */
const soldOf = (i: AmazonItem): number => i.quantityOrdered - Math.max(i.cancelledAtAmazon, i.requested);

/**
 * The plan for one order. Each ERP product's units are compared with the Amazon items mapping to it (the first
 * product of an item's list, as the import chose); the difference is taken from those items in Amazon's order,
 * never more than an item's unshipped units. A product the ERP has MORE of than Amazon sells is not a
 * cancellation (an ERP edit the orders flow reports) and cancels nothing.
 */
export function planCancellation(items: readonly AmazonItem[], erp: ErpSide): CancelPlan {
  const byProduct = new Map<number, AmazonItem[]>();
  for (const i of items) {
    const p = i.productIds[0];
    if (p === undefined) continue;
    byProduct.set(p, [...(byProduct.get(p) ?? []), i]);
  }
  const take = new Map<string, number>();
  const tooLate: CancelPlan['tooLate'] = [];
  for (const [productId, list] of byProduct) {
    const sold = list.reduce((n, i) => n + soldOf(i), 0);
    const inErp = erp.cancelled ? 0 : Math.max(0, Math.round(erp.quantityByProduct.get(productId) ?? 0));
    let left = sold - inErp;
    if (left <= 0) continue;
    for (const i of list) {
      const open = Math.max(0, soldOf(i) - i.shipped);
      const n = Math.min(open, left);
      if (n > 0) take.set(i.orderItemId, n);
      left -= n;
      if (left === 0) break;
    }
    if (left > 0) tooLate.push({ productId, units: left });
  }
  const planned = items.filter((i) => take.has(i.orderItemId)).map((i) => ({ orderItemId: i.orderItemId, quantity: take.get(i.orderItemId)! }));
  const nothingShipped = items.every((i) => i.shipped === 0);
  const noneEarlier = items.every((i) => i.requested === 0);
  const everyUnit = items.every((i) => (take.get(i.orderItemId) ?? 0) === soldOf(i));
  return { items: planned, wholeOrder: planned.length > 0 && erp.cancelled && nothingShipped && noneEarlier && everyUnit, tooLate };
}

/**
 * The message's key: the order and the units asked for in all, per item, after this request (so the same state
 * always gives the same key, and a later cancellation of the same order another). A refused request retried by a
 * person comes to the same key: the Feeds core queues a rejected key again, and only a rejected one.
 */
export function cancellationKey(amazonOrderId: string, items: readonly AmazonItem[], plan: readonly CancelItem[]): string {
  const add = new Map(plan.map((p) => [p.orderItemId, p.quantity]));
  const cumulative = items
    .filter((i) => i.requested + (add.get(i.orderItemId) ?? 0) > 0)
    .map((i) => `${i.orderItemId}=${i.requested + (add.get(i.orderItemId) ?? 0)}`)
    .sort()
    .join(',');
  return `${amazonOrderId}/${cumulative}`;
}
