/**
 * What a shipped order line is worth, in the parts the Finances API breaks a transaction into (integer minor
 * units): read from the item's `proceeds` breakdowns, whatever the seller's money shape, so that the parts always
 * add up to the item's proceedsTotal (tax = proceedsTotal less the charges: the added tax in `net_plus_tax`, 0 where
 * the charges are tax-inclusive). Tax Amazon collects as marketplace facilitator is withheld from the seller: the
 * TAX breakdown where the shape gives it; where it does not (`gross_no_tax`, the model's UK example, or TAX 0.00 in
 * `gross_zero_tax`: the demo's German seller on Amazon.co.uk, Amazon the deemed supplier) the VAT inside the gross
 * components, at the destination's rate of the product's tax class, each component rounded as the generator
 * priced it: Amazon remits that VAT whatever the order's JSON shows, so the seller's money is the gross less it.
 */
import { findMarketplace, type Catalogue } from '../catalogue.ts';
import { percentToBasisPoints, taxInGross, minorDigits, toMinor } from '../generator/money.ts';
import { destinationVat } from '../generator/tax-modes.ts';
import type { StoredOrder } from '../store/order-store.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** Parts of an amount, minor units; `withheld` is negative (taken from the seller) or 0. */
export interface Parts { principal: number; shipping: number; giftWrap: number; other: number; promotion: number; tax: number; withheld: number }
export const PART_KEYS = ['principal', 'shipping', 'giftWrap', 'other', 'promotion', 'tax', 'withheld'] as const;

export interface MoneyLine {
  orderItemId: string;
  sku: string;
  asin: string;
  title: string;
  shipped: number;
  currency: string;
  parts: Parts;
}

const KEY_OF: Record<string, keyof Parts> = { ITEM: 'principal', SHIPPING: 'shipping', GIFT_WRAP: 'giftWrap', COD_FEE: 'other',
  OTHER: 'other', DISCOUNT: 'promotion' };

export const buyerTotal = (p: Parts) => p.principal + p.shipping + p.giftWrap + p.other + p.promotion + p.tax;
export const partsTotal = (p: Parts) => buyerTotal(p) + p.withheld;

/**
 * The VAT inside an item's gross components (minor units, >= 0): 0 in a sales-tax marketplace (its prices are net)
 * or for a product or marketplace the catalogue does not know. A promotion's ITEM and SHIPPING parts are taxed apart.
 */
function includedVat(catalogue: Catalogue, stored: StoredOrder, sku: string, breakdowns: Obj[], digits: number): number {
  const mp = findMarketplace(catalogue, stored.marketplaceId ?? '');
  const product = catalogue.products.find((p) => p.sellerSku === sku);
  if (!mp || mp.salesTaxWithheld || !product) return 0;
  const shipTo = String(obj(obj(stored.order.recipient).deliveryAddress).countryCode ?? mp.country);
  const rateBp = percentToBasisPoints(destinationVat(catalogue, mp, shipTo)[product.taxClass]);
  let tax = 0;
  for (const b of breakdowns) {
    if (b.type === 'TAX' || !KEY_OF[String(b.type)]) continue;
    const detailed = Array.isArray(b.detailedBreakdowns) ? (b.detailedBreakdowns as unknown[]).map(obj) : [];
    const amounts = b.type === 'DISCOUNT' && detailed.length ? detailed.map((d) => obj(d.value).amount) : [obj(b.subtotal).amount];
    for (const a of amounts) if (typeof a === 'string') tax += taxInGross(toMinor(a, digits), rateBp);
  }
  return tax;
}

/** The shipped lines of an order with their parts (`catalogue`: the rates of the VAT Amazon withholds inside grosses). */
export function moneyLines(stored: StoredOrder, catalogue: Catalogue): MoneyLine[] {
  const items = Array.isArray(stored.order.orderItems) ? (stored.order.orderItems as unknown[]).map(obj) : [];
  const lines: MoneyLine[] = [];
  for (const it of items) {
    const shipped = Number(obj(it.fulfillment).quantityFulfilled ?? 0);
    if (!(shipped > 0)) continue;
    const proceeds = obj(it.proceeds);
    const total = obj(proceeds.proceedsTotal);
    const product = obj(it.product);
    const currency = String(total.currencyCode ?? obj(obj(product.price).unitPrice).currencyCode ?? 'EUR');
    const digits = minorDigits(currency);
    const parts: Parts = { principal: 0, shipping: 0, giftWrap: 0, other: 0, promotion: 0, tax: 0, withheld: 0 };
    let taxShown = 0;
    const breakdowns = Array.isArray(proceeds.breakdowns) ? (proceeds.breakdowns as unknown[]).map(obj) : [];
    for (const b of breakdowns) {
      const amount = obj(b.subtotal).amount;
      if (typeof amount !== 'string') continue;
      if (b.type === 'TAX') taxShown = toMinor(amount, digits);
      else if (KEY_OF[String(b.type)]) parts[KEY_OF[String(b.type)]!] += toMinor(amount, digits);
    }
    const paid = typeof total.amount === 'string' ? toMinor(total.amount, digits) : parts.principal;
    parts.tax = paid - (parts.principal + parts.shipping + parts.giftWrap + parts.other + parts.promotion);
    const collections = obj(it.tax).taxCollections;
    const facilitator = Array.isArray(collections) && collections.some((c) => obj(c).model === 'MARKETPLACE_FACILITATOR');
    // A gross item (no tax added) whose TAX is absent or 0.00: the VAT Amazon keeps is inside the gross.
    const inside = parts.tax === 0 && taxShown === 0 ? includedVat(catalogue, stored, String(product.sellerSku ?? ''), breakdowns, digits) : 0;
    if (facilitator) parts.withheld = -(taxShown || inside);
    lines.push({ orderItemId: String(it.orderItemId), sku: String(product.sellerSku ?? ''), asin: String(product.asin ?? ''),
      title: String(product.title ?? product.sellerSku ?? ''), shipped,
      currency, parts });
  }
  return lines;
}

/**
 * The parts of a refund of `buyerAmount` (what the buyer gets back) out of `full`: each part in proportion, the
 * principal taking the rounding, so the buyer's parts add up to `buyerAmount` exactly; withheld tax comes back in
 * the same proportion. Signs are the seller's: a refund is negative, the withheld tax returned positive.
 */
export function refundParts(full: Parts, buyerAmount: number): Parts {
  const base = buyerTotal(full);
  const k = base === 0 ? 0 : buyerAmount / base;
  const scaled = (v: number) => Math.round(v * k);
  const p: Parts = { principal: 0, shipping: scaled(full.shipping), giftWrap: scaled(full.giftWrap), other: scaled(full.other),
    promotion: scaled(full.promotion), tax: scaled(full.tax), withheld: scaled(full.withheld) };
  p.principal = buyerAmount - (p.shipping + p.giftWrap + p.other + p.promotion + p.tax);
  return Object.fromEntries(PART_KEYS.map((key) => [key, -p[key] || 0])) as unknown as Parts;
}
