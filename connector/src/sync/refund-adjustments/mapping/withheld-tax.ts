/**
 * Pure: the tax Amazon withheld on each item of an order (marketplace facilitator: the UK or EU deemed supplier, US
 * and CA sales tax), as the payment adjustment needs it. The seller's invoice, and so the ERP credit note, leaves
 * that tax out (it is Amazon's); the buyer paid it. An adjustment carrying only the credit note would refund the
 * buyer short by the tax (and Amazon would hand back the tax of that smaller amount, so even the seller's money would
 * not be the credit note's): the adjustment adds to each item its share of the tax withheld, Amazon refunds the buyer
 * the gross and returns the tax, and the seller's money is the credit note's total.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { toMinor } from '../../../core/money.ts';

/** One withheld item: its tax withheld, the seller's net of it (what the invoice billed), where the tax goes. */
export interface WithheldItem {
  withheldMinor: bigint;
  sellerNetMinor: bigint;
  /** `Tax` when Amazon shows the tax apart (a TAX breakdown: US/CA), else inside the gross `Principal` (the UK's). */
  inTax: boolean;
}

export type WithheldTaxOf = { ok: true; items: Map<string, WithheldItem> } | { ok: false; problem: string };

const isWithheld = (i: Order['orderItems'][number]) => (i.tax?.taxCollections ?? []).some((c) => c.model === 'MARKETPLACE_FACILITATOR');

/**
 * The order's withheld items, from the tax the orders import recorded per item (`withheldTax.byItem`: decimal
 * amounts; the rate of a VAT inside a gross is the import's to decide). A withheld item without that record: not ok.
 */
export function withheldTaxOf(order: Order, recorded: Readonly<Record<string, { amount: string; currency: string } | undefined>> | undefined): WithheldTaxOf {
  const items = new Map<string, WithheldItem>();
  for (const i of order.orderItems) {
    if (!isWithheld(i)) continue;
    const rec = recorded?.[i.orderItemId];
    const paid = i.proceeds?.proceedsTotal;
    if (!rec || !paid || rec.currency !== paid.currencyCode) {
      return { ok: false, problem: `the tax Amazon withheld on item ${i.orderItemId} of order ${order.orderId} is not recorded by its import (resync the order)` };
    }
    const withheldMinor = toMinor(rec.amount, rec.currency);
    if (withheldMinor === 0n) continue;
    const shown = (i.proceeds?.breakdowns ?? []).some((b) => b.type === 'TAX' && toMinor(b.subtotal.amount, b.subtotal.currencyCode) !== 0n);
    items.set(i.orderItemId, { withheldMinor, sellerNetMinor: toMinor(paid.amount, paid.currencyCode) - withheldMinor, inTax: shown });
  }
  return { ok: true, items };
}
