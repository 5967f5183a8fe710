/**
 * What Amazon says an order is worth to the seller, read from the stored order (no ERP, no mapping context): the
 * total the ERP order holds (withheld tax left out) and the seller's tax when Amazon gave it. The invoices flow
 * checks an invoice against it before posting.
 *
 * Withheld tax Amazon gives (a TAX breakdown under MARKETPLACE_FACILITATOR) is left out from the order alone. An
 * untaxed withheld item (no TAX breakdown, or 0.00: the model's UK example, the demo's German seller on Amazon.co.uk
 * as deemed supplier) hides the VAT Amazon keeps inside its gross, at a rate only the import could decide (the
 * product's tax class): the import's record of it (`withheldTax.byItem`, kept with the order's state) is taken out.
 * Without that record the amounts are unknown (null), never the gross.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { toMinor } from '../../../core/money.ts';
import { COMPONENTS, itemAmounts } from './item-amounts.ts';
import { ProblemList } from './order-map-context.ts';
import { expectedTax, expectedTotal } from './order-total.ts';

export interface AmazonOrderAmounts {
  currency: string;
  /** Minor units of `currency`. */
  total: bigint;
  /**
   * The seller's tax in minor units; null when an item came untaxed with money on it (a 0 % sale, or a gross whose
   * tax the order's VAT regime takes out: only the mapping knows which), so only the total can be compared.
   */
  tax: bigint | null;
}

/** The tax the import recorded as withheld, per order item (decimal amounts), as `MappedOrder.withheldTax.byItem`. */
export type WithheldByItem = Readonly<Record<string, { amount: string; currency: string } | undefined>>;

/**
 * The order's amounts, or null when they cannot be read (no currency, an unreadable or unknown money shape, an
 * untaxed withheld item with money whose withheld tax the import did not record).
 */
export function amazonOrderAmounts(order: Order, withheldByItem: WithheldByItem = {}): AmazonOrderAmounts | null {
  const currency = order.proceeds?.grandTotal?.currencyCode ?? order.orderItems.map((i) => i.proceeds?.breakdowns?.[0]?.subtotal.currencyCode).find(Boolean);
  if (!currency) return null;
  const problems = new ProblemList();
  const amounts = order.orderItems.map((i) => itemAmounts(i, currency, problems));
  if (problems.items.length) return null;
  // The VAT inside untaxed withheld grosses: Amazon's, not the seller's sale (the ERP lines are net of it).
  let inside = 0n;
  for (const [n, a] of amounts.entries()) {
    if (!a.withheld || a.shape !== 'untaxed' || COMPONENTS.every((c) => a.net[c] === 0n)) continue;
    const recorded = withheldByItem[order.orderItems[n]!.orderItemId];
    if (!recorded || recorded.currency !== currency) return null;
    try {
      inside += toMinor(recorded.amount, currency);
    } catch {
      return null;
    }
  }
  const taxKnown = amounts.every((a) => a.withheld || a.shape !== 'untaxed' || COMPONENTS.every((c) => a.net[c] === 0n));
  return { currency, total: expectedTotal(amounts) - inside, tax: taxKnown ? expectedTax(amounts) : null };
}
