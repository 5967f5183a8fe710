/**
 * The amount convention (README "Amounts"): per item, ITEM, SHIPPING, GIFT_WRAP and DISCOUNT (negative) are net of
 * tax; TAX is the tax on them, split by `detailedBreakdowns`. VAT-inclusive marketplaces derive each component's tax
 * from its gross g as round(g * r / (1 + r)) and its net as g - tax (net + tax == gross exactly); sales-tax
 * marketplaces add round(net * r). proceedsTotal is the sum of the item's breakdowns.
 */
import { fromMinor, taxInGross, taxOnNet } from './money.ts';

export interface Money {
  amount: string;
  currencyCode: string;
}

export interface DetailedBreakdown {
  subtype: string;
  value: Money;
}

export interface ItemBreakdown {
  type: string;
  subtotal: Money;
  detailedBreakdowns?: DetailedBreakdown[];
}

/** How the marketplace taxes: VAT inside gross prices (basis points), or sales tax on net prices (1/1000 %). */
export type TaxMode = { kind: 'vat-inclusive'; rateBp: number } | { kind: 'sales-tax'; rateMilliPct: number };

/** The charges of one order item in minor units, as the buyer sees them (gross in VAT mode, net in sales-tax mode). */
export interface ItemCharges {
  item: number;
  shipping: number;
  giftWrap: number;
  /** Positive amounts taken off the item price and off the shipping by promotions. */
  itemDiscount: number;
  shippingDiscount: number;
}

export interface ItemProceeds {
  proceedsTotal: Money;
  breakdowns: ItemBreakdown[];
}

function split(mode: TaxMode, charged: number): { net: number; tax: number } {
  if (mode.kind === 'vat-inclusive') {
    const tax = taxInGross(charged, mode.rateBp);
    return { net: charged - tax, tax };
  }
  return { net: charged, tax: taxOnNet(charged, mode.rateMilliPct) };
}

/** The item's proceeds under the convention; components that are zero are left out, TAX is always present. */
export function itemProceeds(charges: ItemCharges, mode: TaxMode, currency: string, digits: number): ItemProceeds {
  const money = (minor: number): Money => ({ amount: fromMinor(minor, digits), currencyCode: currency });
  const item = split(mode, charges.item);
  const shipping = split(mode, charges.shipping);
  const gift = split(mode, charges.giftWrap);
  const itemDisc = split(mode, -charges.itemDiscount);
  const shipDisc = split(mode, -charges.shippingDiscount);
  const breakdowns: ItemBreakdown[] = [{ type: 'ITEM', subtotal: money(item.net) }];
  if (charges.shipping) breakdowns.push({ type: 'SHIPPING', subtotal: money(shipping.net) });
  if (charges.giftWrap) breakdowns.push({ type: 'GIFT_WRAP', subtotal: money(gift.net) });
  if (charges.itemDiscount || charges.shippingDiscount) {
    const detailed: DetailedBreakdown[] = [];
    if (charges.itemDiscount) detailed.push({ subtype: 'ITEM', value: money(itemDisc.net) });
    if (charges.shippingDiscount) detailed.push({ subtype: 'SHIPPING', value: money(shipDisc.net) });
    breakdowns.push({ type: 'DISCOUNT', subtotal: money(itemDisc.net + shipDisc.net), detailedBreakdowns: detailed });
  }
  const taxParts: DetailedBreakdown[] = [{ subtype: 'ITEM', value: money(item.tax) }];
  if (charges.shipping) taxParts.push({ subtype: 'SHIPPING', value: money(shipping.tax) });
  if (charges.giftWrap) taxParts.push({ subtype: 'GIFT_WRAP', value: money(gift.tax) });
  if (charges.itemDiscount || charges.shippingDiscount) {
    taxParts.push({ subtype: 'DISCOUNT', value: money(itemDisc.tax + shipDisc.tax) });
  }
  const tax = item.tax + shipping.tax + gift.tax + itemDisc.tax + shipDisc.tax;
  breakdowns.push({ type: 'TAX', subtotal: money(tax), detailedBreakdowns: taxParts });
  const total = item.net + shipping.net + gift.net + itemDisc.net + shipDisc.net + tax;
  return { proceedsTotal: money(total), breakdowns };
}

const ORDER_TYPES = ['ITEM', 'SHIPPING', 'GIFT_WRAP', 'COD_FEE', 'OTHER', 'DISCOUNT', 'TAX'];

/** Order-level proceeds: the items' breakdowns summed per type, and grandTotal their sum. */
export function orderProceeds(items: ItemProceeds[], currency: string, digits: number, toMinor: (a: string) => number):
  { grandTotal: Money; breakdowns: Array<{ type: string; subtotal: Money }> } {
  const sums = new Map<string, number>();
  for (const it of items) {
    for (const b of it.breakdowns) sums.set(b.type, (sums.get(b.type) ?? 0) + toMinor(b.subtotal.amount));
  }
  const money = (minor: number): Money => ({ amount: fromMinor(minor, digits), currencyCode: currency });
  const breakdowns = ORDER_TYPES.filter((t) => sums.has(t)).map((t) => ({ type: t, subtotal: money(sums.get(t)!) }));
  const grand = [...sums.values()].reduce((a, b) => a + b, 0);
  return { grandTotal: money(grand), breakdowns };
}
