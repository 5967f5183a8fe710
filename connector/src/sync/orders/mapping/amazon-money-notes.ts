/**
 * What Amazon charged the buyer that the seller does not book, recorded on the ERP order (its note, and the mapped
 * result the import run keeps): the tax Amazon withheld as marketplace facilitator or deemed supplier (the sale is
 * booked at what the seller receives; an accountant finds the withheld VAT beside it), and an order-level delivery
 * tip (paid by the buyer for the person who delivers: money passed through, not the seller's revenue, so it is
 * neither an ERP line nor part of the total check).
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { formatMinor } from '../../../core/money.ts';
import { readMoney } from './item-amounts.ts';
import type { ProblemList } from './order-map-context.ts';

export interface AmazonMoneyFacts {
  /** The parties Amazon names as withholding the tax ("Amazon Services Europe S.a.r.L."). */
  collectedBy: string[];
  /** The tax reporting schemes Amazon names (UOSS, IOSS). */
  reportingSchemes: string[];
  /** The order's delivery tip in minor units (0 when none). */
  deliveryTip: bigint;
}

/** Reads who collects the tax, under which scheme, and the delivery tip. */
export function amazonMoneyFacts(order: Order, currency: string, problems: ProblemList): AmazonMoneyFacts {
  const collectedBy = new Set<string>();
  const schemes = new Set<string>();
  for (const item of order.orderItems) {
    for (const c of item.tax?.taxCollections ?? []) if (c.model === 'MARKETPLACE_FACILITATOR' && c.responsibleParty) collectedBy.add(c.responsibleParty);
    for (const b of item.tax?.taxCalculationBreakdowns ?? []) if (b.reportingScheme) schemes.add(b.reportingScheme);
  }
  let deliveryTip = 0n;
  for (const b of order.proceeds?.breakdowns ?? []) {
    if (b.type === 'DELIVERY_TIP') deliveryTip += readMoney(b.subtotal, currency, 'order DELIVERY_TIP', problems);
  }
  return { collectedBy: [...collectedBy], reportingSchemes: [...schemes], deliveryTip };
}

/** The note paragraphs (plain text; the header escapes them) for withheld tax and a delivery tip. */
export function amazonMoneyNotes(facts: AmazonMoneyFacts, withheld: bigint, regime: string, currency: string): string[] {
  const notes: string[] = [];
  if (withheld !== 0n) {
    const who = facts.collectedBy.length ? facts.collectedBy.join(', ') : 'Amazon';
    const scheme = facts.reportingSchemes.length ? `, ${facts.reportingSchemes.join('/')}` : '';
    const role = regime === 'deemed_supplier' ? 'deemed supplier' : 'marketplace facilitator';
    notes.push(`Tax withheld by ${who} (${role}${scheme}): ${formatMinor(withheld, currency)} ${currency}, not billed by the seller`);
  }
  if (facts.deliveryTip !== 0n) {
    notes.push(`Delivery tip ${formatMinor(facts.deliveryTip, currency)} ${currency}: paid by the buyer for the delivery, not booked as revenue`);
  }
  return notes;
}
