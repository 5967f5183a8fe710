/**
 * Which orders may share one `account.move.line.reconcile` call (README.md, "Reconciliation in batches").
 *
 * Odoo 19's `reconcile` is `_reconcile_plan([self])`: every item it is given is one group, checked only for one
 * account, one company and a reconcilable account (the partner is not checked); the items are sorted by due date,
 * currency and amount, then, when they carry several partners, by partner (a stable sort), and the debits are
 * matched with the credits in that order as far as they go. So, in one call:
 *
 * - if every order's items (its settlement line and its invoices' and credit notes' open items) add up to exactly
 *   zero, in one currency, the debits and credits add up to the same total and every item ends fully matched
 *   (residual 0), whatever pairing Odoo picks: each invoice ends settled, each credit note too;
 * - with every order under a partner of its own in the call, the partner sort keeps each order's items together,
 *   and since each order's block adds up to zero, the running totals of the debits and of the credits meet at every
 *   block's end: no item is matched with another order's item. Each invoice is matched with exactly what a call of
 *   its own would have matched it with, so its `payment_state` (`paid`, or Odoo's `reversed` when credit notes took
 *   part) is the same as one call per order.
 *
 * - several orders of one partner share a call only when each of them is one-way in the same direction (its open
 *   items all invoices, debits, and its settlement line a credit; or all credit notes and the line a debit): the
 *   partner's block then pairs only invoices with settlement lines (or credit notes with them), every item ends
 *   matched, and each move's counterparts are the settlement entry alone, as with a call of its own: `paid` for an
 *   invoice, `reversed` for a credit note, never an invoice matched with another order's credit note. FBA orders,
 *   booked on one customer per marketplace, share calls this way.
 *
 * An order that does not add up to zero (the settlement paid more or less than is open: a remainder stays) or whose
 * items are not all under one partner and one currency keeps a call of its own: the remainder stays on its own
 * invoice. A second order of a partner already in a call, unless both are one-way alike, goes to the next call.
 */

export interface ReconcileItem {
  id: number;
  accountId: number;
  partnerId: number | null;
  currencyId: number;
  /** What is left open, in the item's currency, in minor units (debit positive). */
  residualMinor: bigint;
}

export interface OrderToReconcile {
  orderId: string;
  /** The settlement's item for the order (its line of the posted entry). */
  line: ReconcileItem;
  /** The order's open invoice and credit note items on the line's account. */
  open: readonly ReconcileItem[];
}

export interface ReconcileCall {
  /** Orders matched together: several only when each adds up to zero, under a partner of its own or one-way alike. */
  orderIds: string[];
  itemIds: number[];
  /** Whether the call is a batch of exact orders (false: one order, matched as far as it goes). */
  exact: boolean;
}

export interface GroupLimits {
  /** Orders per call at most (`postingReconcileBatch`). */
  maxOrders: number;
  /** Items per call at most: the ERP's time grows with them (RECONCILE_MAX_ITEMS). */
  maxItems: number;
}

/**
 * Items per batched call at most. The ERP sandbox's cost model of Odoo 19 (no recording times a big reconcile) is
 * 60 ms + 40 per item: 400 items ~16 s, about half the connector's 30 s ERP call timeout, as for the entries' size.
 */
export const RECONCILE_MAX_ITEMS = 400;

/** Whether the order's items all clear each other: one partner, one currency, a sum of exactly zero. */
export function isExact(o: OrderToReconcile): boolean {
  const items = [o.line, ...o.open];
  if (o.line.partnerId === null || items.some((i) => i.partnerId !== o.line.partnerId || i.currencyId !== o.line.currencyId || i.accountId !== o.line.accountId)) return false;
  return items.reduce((s, i) => s + i.residualMinor, 0n) === 0n;
}

/** The direction of an order whose open items are all invoices (or all credit notes) against its line, else null. */
export function oneWay(o: OrderToReconcile): 'invoices' | 'credits' | null {
  if (o.line.residualMinor < 0n && o.open.every((i) => i.residualMinor > 0n)) return 'invoices';
  if (o.line.residualMinor > 0n && o.open.every((i) => i.residualMinor < 0n)) return 'credits';
  return null;
}

/** The calls for a batch of orders, exact orders first (in batches), then one call per other order. */
export function reconcileCalls(orders: readonly OrderToReconcile[], limits: GroupLimits): ReconcileCall[] {
  // Per call, each partner's direction (null: an order of its own that may not share the partner's block).
  const batched = new Map<string, Array<{ call: ReconcileCall; partners: Map<number, 'invoices' | 'credits' | null> }>>();
  const single: ReconcileCall[] = [];
  for (const o of orders) {
    if (!o.open.length) continue;
    const itemIds = [o.line.id, ...o.open.map((i) => i.id)];
    if (!isExact(o)) {
      single.push({ orderIds: [o.orderId], itemIds, exact: false });
      continue;
    }
    // One account and currency per call (Odoo refuses two accounts; two currencies would be matched apart).
    const key = `${o.line.accountId}:${o.line.currencyId}`;
    const calls = batched.get(key) ?? [];
    batched.set(key, calls);
    const partner = o.line.partnerId!;
    const way = oneWay(o);
    const fits = (c: { partners: Map<number, 'invoices' | 'credits' | null> }) => !c.partners.has(partner) || (way !== null && c.partners.get(partner) === way);
    let slot = calls.find((c) => fits(c) && c.call.orderIds.length < limits.maxOrders && c.call.itemIds.length + itemIds.length <= limits.maxItems);
    if (!slot) {
      slot = { call: { orderIds: [], itemIds: [], exact: true }, partners: new Map() };
      calls.push(slot);
    }
    slot.call.orderIds.push(o.orderId);
    slot.call.itemIds.push(...itemIds);
    slot.partners.set(partner, way);
  }
  return [...[...batched.values()].flatMap((calls) => calls.map((c) => c.call)), ...single];
}
