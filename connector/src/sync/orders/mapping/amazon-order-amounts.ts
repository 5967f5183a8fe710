/**
 * What Amazon says an order is worth to the seller, read from the stored order alone (no ERP, no mapping context):
 * the total the ERP order holds (withheld tax left out) and the seller's tax when Amazon gave it. The invoices flow
 * checks an invoice against it before posting.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
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

/** The order's amounts, or null when they cannot be read (no currency, an unreadable or unknown money shape). */
export function amazonOrderAmounts(order: Order): AmazonOrderAmounts | null {
  const currency = order.proceeds?.grandTotal?.currencyCode ?? order.orderItems.map((i) => i.proceeds?.breakdowns?.[0]?.subtotal.currencyCode).find(Boolean);
  if (!currency) return null;
  const problems = new ProblemList();
  const amounts = order.orderItems.map((i) => itemAmounts(i, currency, problems));
  if (problems.items.length) return null;
  const taxKnown = amounts.every((a) => a.withheld || a.shape !== 'untaxed' || COMPONENTS.every((c) => a.net[c] === 0n));
  return { currency, total: expectedTotal(amounts), tax: taxKnown ? expectedTax(amounts) : null };
}
