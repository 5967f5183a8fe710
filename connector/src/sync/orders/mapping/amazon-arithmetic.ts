/**
 * Amazon's own arithmetic and plausibility, checked before anything is written: money that does not add up, has a
 * sign its category cannot have, belongs to no unit, or is too large for the ERP to hold to the minor unit is a
 * conflict with its reason, never an ERP order. With an item's total = its proceedsTotal (item-shape.ts has
 * already checked it against the breakdowns), else its breakdowns plus TAX:
 *
 * - signs (`AMOUNT_SIGN_INVALID`): ITEM, SHIPPING, GIFT_WRAP, COD_FEE and TAX never below zero, DISCOUNT never
 *   above, an item's total and the grand total never below zero (a promotion larger than what it reduces). OTHER
 *   may go either way: only the item's total bounds it.
 * - quantities (`ITEM_QUANTITY_INVALID`, `ORDER_WITHOUT_UNITS`): a negative quantity; money on an item with no unit
 *   left (quantity 0, or every unit cancelled by the seller: Amazon's proceeds are for the remaining units). An
 *   item of quantity 0 with no money is a line Amazon cancelled on an order that goes on: no ERP line, no conflict;
 *   but an order to create with no unit left at all is a conflict (the status says it goes on, the items say
 *   nothing is sold).
 * - the order's totals (`AMAZON_TOTAL_INCONSISTENT`): each order-level breakdown Amazon aggregates (ITEM, SHIPPING,
 *   GIFT_WRAP, COD_FEE, OTHER, DISCOUNT, TAX) must be the sum of the items' of that type, and the grand total the
 *   sum of the items' totals plus the order-level DELIVERY_TIP (the model's searchOrders example: 100.00 + 49.99 +
 *   a 5.00 tip = 154.99); a PENDING tip, charged after checkout, may not be in it yet.
 * - magnitudes (`AMOUNT_TOO_LARGE`): see MAX_AMOUNT_MINOR.
 */
import type { Order, OrderItem } from '../../../amazon/models/orders-v2026.ts';
import { formatMinor } from '../../../core/money.ts';
import { readMoney } from './item-amounts.ts';
import { ProblemList } from './order-map-context.ts';
import { remainingQuantity } from '../../../amazon/order-units.ts';

/**
 * Every amount, item total and order total must stay below 10^12 minor units (9,999,999,999.99 EUR; 999,999,999,999
 * JPY). Odoo computes monetary fields in IEEE doubles (53-bit mantissa, about 9.007 x 10^15 exact minor units) and
 * rounds each result to the currency (float_round); price x quantity, the tax at a rate and the sums over lines
 * each add a relative error near 1.1 x 10^-16, so below 10^12 minor units even a hundred such steps stay under
 * 0.02 of a minor unit and the rounding lands on Amazon's cent, and each amount sent as a JSON number (at most 13
 * significant digits) round-trips exactly. 12345678901234.56 (1.2 x 10^15 minor units) is past every margin: its
 * double already differs from the decimal. No real Amazon order comes near the bound.
 */
export const MAX_AMOUNT_MINOR = 10n ** 12n;

/** Categories whose amounts are never negative; DISCOUNT is never positive. */
const NOT_NEGATIVE = ['ITEM', 'SHIPPING', 'GIFT_WRAP', 'COD_FEE', 'TAX'];
/** Order-level breakdowns that are the items' sums per type. */
const AGGREGATED = [...NOT_NEGATIVE, 'OTHER', 'DISCOUNT'];

const abs = (v: bigint) => (v < 0n ? -v : v);

interface ItemFigures {
  /** Per breakdown type, the item's subtotals summed. */
  byType: Map<string, bigint>;
  total: bigint;
  hasMoney: boolean;
}

/** Checks Amazon's amounts of `order` (in `currency`), adding a problem per failure; false when one failed. */
export function checkAmazonArithmetic(order: Order, currency: string, problems: ProblemList): boolean {
  const fmt = (v: bigint) => `${formatMinor(v, currency)} ${currency}`;
  const bounded = (v: bigint, where: string): bigint => {
    if (abs(v) >= MAX_AMOUNT_MINOR) {
      problems.add('AMOUNT_TOO_LARGE', `${where} is ${fmt(v)}: the ERP's float arithmetic cannot hold it to the minor unit (bound ${fmt(MAX_AMOUNT_MINOR - 1n)})`,
        { where, amount: formatMinor(v, currency), currency }, `AMOUNT_TOO_LARGE:${where}`);
    }
    return v;
  };
  const sign = (where: string, v: bigint, rule: string) =>
    problems.add('AMOUNT_SIGN_INVALID', `${where} is ${fmt(v)}: ${rule}`, { where, amount: formatMinor(v, currency), currency }, `AMOUNT_SIGN_INVALID:${where}`);

  // An item amount that cannot be read is ORDER_MALFORMED (item-amounts.ts says so): nothing to add up then.
  const unreadable = new ProblemList();
  for (const item of order.orderItems) itemFigures(item, currency, unreadable, (v) => v);
  if (unreadable.items.length) return true;
  const before = problems.items.length;
  const sums = new Map<string, bigint>();
  let itemsTotal = 0n;
  let units = 0;
  let quantityProblem = false;
  for (const item of order.orderItems) {
    const where = `Item ${item.orderItemId}`;
    const f = itemFigures(item, currency, problems, bounded);
    for (const [type, v] of f.byType) {
      sums.set(type, (sums.get(type) ?? 0n) + v);
      if (NOT_NEGATIVE.includes(type) && v < 0n) sign(`${where} ${type}`, v, `Amazon never charges a negative ${type}`);
      if (type === 'DISCOUNT' && v > 0n) sign(`${where} DISCOUNT`, v, 'a promotion lowers the price, never raises it');
    }
    if (f.total < 0n) sign(`${where} total`, f.total, 'an item never takes money from the seller (a promotion larger than the price)');
    itemsTotal += f.total;
    const qty = remainingQuantity(item);
    if (item.quantityOrdered < 0 || qty < 0) {
      quantityProblem = true;
      problems.add('ITEM_QUANTITY_INVALID', `${where}: quantity ${item.quantityOrdered} ordered`, { orderItemId: item.orderItemId, quantityOrdered: item.quantityOrdered }, `ITEM_QUANTITY_INVALID:${item.orderItemId}`);
    } else if (qty === 0 && f.hasMoney) {
      quantityProblem = true;
      problems.add('ITEM_QUANTITY_INVALID', `${where}: ${fmt(f.total)} for no unit (${item.quantityOrdered} ordered, ${item.quantityOrdered - qty} cancelled)`,
        { orderItemId: item.orderItemId, quantityOrdered: item.quantityOrdered, remaining: qty, total: formatMinor(f.total, currency) }, `ITEM_QUANTITY_INVALID:${item.orderItemId}`);
    } else units += qty;
  }
  if (units === 0 && !quantityProblem) {
    problems.add('ORDER_WITHOUT_UNITS', `No unit is left to sell on the order (${order.orderItems.length} item(s), all of quantity 0 or cancelled) while Amazon's status says it goes on`, { items: order.orderItems.length });
  }
  bounded(itemsTotal, 'The items\' total');
  checkOrderLevel(order, currency, problems, { sums, itemsTotal, fmt, bounded, sign });
  return problems.items.length === before;
}

/** One item's subtotals per type, its total and whether it carries any money. */
function itemFigures(item: OrderItem, currency: string, problems: ProblemList, bounded: (v: bigint, where: string) => bigint): ItemFigures {
  const where = `Item ${item.orderItemId}`;
  const byType = new Map<string, bigint>();
  let sum = 0n;
  let hasMoney = false;
  for (const b of item.proceeds?.breakdowns ?? []) {
    const v = bounded(readMoney(b.subtotal, currency, `item ${item.orderItemId} ${b.type}`, problems), `${where} ${b.type}`);
    byType.set(b.type, (byType.get(b.type) ?? 0n) + v);
    sum += v;
    hasMoney ||= v !== 0n;
  }
  const given = item.proceeds?.proceedsTotal;
  const total = given ? bounded(readMoney(given, currency, `item ${item.orderItemId} proceedsTotal`, problems), `${where} proceedsTotal`) : sum;
  return { byType, total, hasMoney: hasMoney || total !== 0n };
}

interface OrderLevel {
  sums: Map<string, bigint>;
  itemsTotal: bigint;
  fmt: (v: bigint) => string;
  bounded: (v: bigint, where: string) => bigint;
  sign: (where: string, v: bigint, rule: string) => void;
}

/** The order-level breakdowns and grand total against the items. */
function checkOrderLevel(order: Order, currency: string, problems: ProblemList, o: OrderLevel): void {
  const proceeds = order.proceeds;
  if (!proceeds) return;
  const inconsistent = (what: string, amazon: bigint, items: bigint) =>
    problems.add('AMAZON_TOTAL_INCONSISTENT', `Amazon's ${what} is ${o.fmt(amazon)}, its items add up to ${o.fmt(items)}`,
      { what, amazon: formatMinor(amazon, currency), items: formatMinor(items, currency), currency }, `AMAZON_TOTAL_INCONSISTENT:${what}`);
  let tips = 0n;
  let finalTips = 0n;
  const orderSums = new Map<string, bigint>();
  for (const b of proceeds.breakdowns ?? []) {
    const v = o.bounded(readMoney(b.subtotal, currency, `order ${b.type}`, problems), `The order's ${b.type}`);
    if (b.type === 'DELIVERY_TIP') {
      if (v < 0n) o.sign("The order's DELIVERY_TIP", v, 'a tip is never negative');
      tips += v;
      if (b.status !== 'PENDING') finalTips += v;
    } else if (AGGREGATED.includes(b.type)) orderSums.set(b.type, (orderSums.get(b.type) ?? 0n) + v);
  }
  for (const [type, v] of orderSums) {
    const items = o.sums.get(type) ?? 0n;
    if (v !== items) inconsistent(`order-level ${type}`, v, items);
  }
  if (!proceeds.grandTotal) return;
  const grand = o.bounded(readMoney(proceeds.grandTotal, currency, 'order grandTotal', problems), "The order's grandTotal");
  if (grand < 0n) o.sign("The order's grandTotal", grand, 'an order never takes money from the seller');
  if (grand !== o.itemsTotal + tips && grand !== o.itemsTotal + finalTips) {
    inconsistent(tips ? 'grand total (delivery tip included)' : 'grand total', grand, o.itemsTotal + tips);
  }
}
