/**
 * The item amounts in the seller’s money shape (README "Amounts: the money shapes"). Every component (ITEM, SHIPPING, GIFT_WRAP,
 * COD_FEE, OTHER, DISCOUNT) has a gross g, a tax t and a net n = g - t: VAT-inclusive marketplaces take the tax out
 * of the gross price, t = round(g * r / (1 + r)); sales-tax marketplaces add it, t = round(n * r). The shape then
 * decides what is reported: the nets with TAX added (`net_plus_tax`), or the grosses with the included TAX
 * (`gross_with_tax`), without any TAX (`gross_no_tax`) or with TAX 0.00 (`gross_zero_tax`). proceedsTotal is what
 * the buyer pays for the item in every shape: the components plus TAX only when TAX was added.
 */
import type { MoneyShape } from '../config.ts';
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
  /** Cash-on-delivery fee and any other charge (first item only, like shipping); 0 when absent. */
  codFee?: number;
  other?: number;
  /** Positive amounts taken off the item price and off the shipping by promotions. */
  itemDiscount: number;
  shippingDiscount: number;
}

export interface ItemProceeds {
  proceedsTotal: Money;
  breakdowns: ItemBreakdown[];
}

interface Split {
  gross: number;
  net: number;
  tax: number;
}

function split(mode: TaxMode, charged: number): Split {
  if (mode.kind === 'vat-inclusive') {
    const tax = taxInGross(charged, mode.rateBp);
    return { gross: charged, net: charged - tax, tax };
  }
  const tax = taxOnNet(charged, mode.rateMilliPct);
  return { gross: charged + tax, net: charged, tax };
}

/** The shape an item is reported in: sales tax is always added to net prices, whatever the seller's setting. */
export function effectiveShape(mode: TaxMode, shape: MoneyShape): MoneyShape {
  return mode.kind === 'sales-tax' ? 'net_plus_tax' : shape;
}

/** The item's proceeds in `shape`; components that are zero are left out. */
export function itemProceeds(charges: ItemCharges, mode: TaxMode, currency: string, digits: number,
  shape: MoneyShape = 'net_plus_tax'): ItemProceeds {
  const money = (minor: number): Money => ({ amount: fromMinor(minor, digits), currencyCode: currency });
  const used = effectiveShape(mode, shape);
  const shown = (s: Split): number => (used === 'net_plus_tax' ? s.net : s.gross);
  const taxShown = (s: Split): number => (used === 'gross_zero_tax' ? 0 : s.tax);
  const parts: Array<[string, number]> = [['ITEM', charges.item], ['SHIPPING', charges.shipping],
    ['GIFT_WRAP', charges.giftWrap], ['COD_FEE', charges.codFee ?? 0], ['OTHER', charges.other ?? 0]];
  const breakdowns: ItemBreakdown[] = [];
  const taxParts: DetailedBreakdown[] = [];
  let componentsTotal = 0;
  let taxTotal = 0;
  for (const [type, charged] of parts) {
    if (type !== 'ITEM' && !charged) continue;
    const s = split(mode, charged);
    breakdowns.push({ type, subtotal: money(shown(s)) });
    taxParts.push({ subtype: type, value: money(taxShown(s)) });
    componentsTotal += shown(s);
    taxTotal += taxShown(s);
  }
  if (charges.itemDiscount || charges.shippingDiscount) {
    const itemDisc = split(mode, -charges.itemDiscount);
    const shipDisc = split(mode, -charges.shippingDiscount);
    const detailed: DetailedBreakdown[] = [];
    if (charges.itemDiscount) detailed.push({ subtype: 'ITEM', value: money(shown(itemDisc)) });
    if (charges.shippingDiscount) detailed.push({ subtype: 'SHIPPING', value: money(shown(shipDisc)) });
    const discount = shown(itemDisc) + shown(shipDisc);
    breakdowns.push({ type: 'DISCOUNT', subtotal: money(discount), detailedBreakdowns: detailed });
    const discountTax = taxShown(itemDisc) + taxShown(shipDisc);
    taxParts.push({ subtype: 'DISCOUNT', value: money(discountTax) });
    componentsTotal += discount;
    taxTotal += discountTax;
  }
  if (used !== 'gross_no_tax') breakdowns.push({ type: 'TAX', subtotal: money(taxTotal), detailedBreakdowns: taxParts });
  const total = used === 'net_plus_tax' ? componentsTotal + taxTotal : componentsTotal;
  return { proceedsTotal: money(total), breakdowns };
}

/** A charge made at order level, after checkout, not attributed to an item (the model's DELIVERY_TIP). */
export interface OrderCharge {
  type: 'DELIVERY_TIP';
  status: 'PENDING' | 'FINALIZED';
  minor: number;
}

export interface OrderProceedsBreakdown {
  type: string;
  status?: string;
  subtotal: Money;
}

const ORDER_TYPES = ['ITEM', 'SHIPPING', 'GIFT_WRAP', 'COD_FEE', 'OTHER', 'DISCOUNT', 'TAX'];

/**
 * Order-level proceeds: the items' breakdowns summed per type, then the order-level charges; grandTotal is the sum
 * of the items' proceedsTotal plus those charges (TAX counts only where it was added, as in the items).
 */
export function orderProceeds(items: ItemProceeds[], currency: string, digits: number, toMinor: (a: string) => number,
  charges: OrderCharge[] = []): { grandTotal: Money; breakdowns: OrderProceedsBreakdown[] } {
  const sums = new Map<string, number>();
  let grand = 0;
  for (const it of items) {
    grand += toMinor(it.proceedsTotal.amount);
    for (const b of it.breakdowns) sums.set(b.type, (sums.get(b.type) ?? 0) + toMinor(b.subtotal.amount));
  }
  const money = (minor: number): Money => ({ amount: fromMinor(minor, digits), currencyCode: currency });
  const breakdowns: OrderProceedsBreakdown[] = ORDER_TYPES.filter((t) => sums.has(t))
    .map((t) => ({ type: t, subtotal: money(sums.get(t)!) }));
  for (const c of charges) {
    breakdowns.push({ type: c.type, status: c.status, subtotal: money(c.minor) });
    grand += c.minor;
  }
  return { grandTotal: money(grand), breakdowns };
}
