/** The lines of a generated order: SKUs, quantities, promotions, gift wrap, and each line's proceeds. */
import type { Catalogue, Marketplace, Product } from '../catalogue.ts';
import type { MoneyShape } from '../config.ts';
import { itemProceeds, type ItemProceeds, type TaxMode } from './amounts.ts';
import { makeOrderItemId } from './ids.ts';
import { minorDigits, taxInGross, toMinor } from './money.ts';
import type { Rng } from './prng.ts';
import { lineCountOf, type WorldShares } from './world-shares.ts';

/** Flat charges per currency, VAT-inclusive in EU and JP, net in US/CA. */
const SHIPPING: Record<string, string> = { EUR: '4.99', GBP: '3.99', SEK: '49.00', PLN: '14.99', USD: '5.99', CAD: '7.99',
  JPY: '450' };
const GIFT_WRAP: Record<string, string> = { EUR: '3.99', GBP: '2.99', SEK: '39.00', PLN: '12.99', USD: '4.99', CAD: '5.99',
  JPY: '330' };
const GIFT_MESSAGES = ['Alles Gute zum Geburtstag, Jürgen!', 'Joyeux anniversaire, Zoë !', 'Wszystkiego najlepszego, Łucjo!',
  'Grattis på födelsedagen, Åsa!', 'Buon compleanno!', 'Happy birthday, Siobhán!', 'お誕生日おめでとう'];

export interface LineSpec {
  orderItemId: string;
  product: Product;
  quantity: number;
  /** Unit price as shown (gross in EU, net in US/CA, net of VAT under reverse charge), minor units. */
  unitPrice: number;
  giftMessage?: string;
  promotionIds: string[];
  proceeds: ItemProceeds;
  taxMode: TaxMode;
}

export interface LinePlan {
  mp: Marketplace;
  fba: boolean;
  business: boolean;
  reverseCharge: boolean;
  /** Order-level shipping charged on the first line (0 = free), and whether a promotion waives it. */
  shipping: boolean;
  freeShippingPromo: boolean;
  taxModeOf: (p: Product) => TaxMode;
  /** Lines per order (the seller's shares) and whether FBA orders keep one line. */
  lines: WorldShares['lines'];
  fbaSingleLine: boolean;
  /** A free replacement: every amount zero (no gift wrap, no promotion). */
  zeroPriced?: boolean;
  /** At least this many units in a one-line order (a PARTIALLY_SHIPPED order needs two). */
  minUnits?: number;
  /** The seller's money shape (default net_plus_tax), and the COD fee and OTHER charge of the first line. */
  shape?: MoneyShape;
  codFee?: number;
  other?: number;
  /** The first line's SKU, when pinned (the draw is still made, so the stream stays the same). */
  firstSku?: string;
}

/** SKU pools: orderable, the FBA listing, and the ones the ERP lacks (used for about 1 % of lines). */
export function skuPools(cat: Catalogue): { regular: Product[]; fba: Product[]; unknown: Product[] } {
  const notInErp = new Set(cat.notInErp);
  const fbaSkus = new Set(cat.products.filter((p) => p.sellerSku.endsWith('-FBA')).map((p) => p.sellerSku));
  return {
    regular: cat.products.filter((p) => !notInErp.has(p.sellerSku) && !fbaSkus.has(p.sellerSku)),
    fba: cat.products.filter((p) => fbaSkus.has(p.sellerSku)),
    unknown: cat.products.filter((p) => notInErp.has(p.sellerSku)),
  };
}

function quantity(rng: Rng): number {
  const x = rng.next();
  return x < 0.75 ? 1 : x < 0.93 ? 2 : rng.int(3, 5);
}

/** Builds the lines of one order; the first line carries the order's shipping charge. */
export function buildLines(rng: Rng, cat: Catalogue, plan: LinePlan): LineSpec[] {
  const pools = skuPools(cat);
  const currency = plan.mp.currency;
  const digits = minorDigits(currency);
  const n = plan.fba && plan.fbaSingleLine ? 1 : lineCountOf(rng, plan.lines);
  const used = new Set<string>();
  const lines: LineSpec[] = [];
  for (let i = 0; i < n; i++) {
    let product = plan.fba && pools.fba.length ? rng.pick(pools.fba)
      : rng.chance(0.01) && pools.unknown.length ? rng.pick(pools.unknown) : rng.pick(pools.regular);
    if (i === 0 && plan.firstSku) product = cat.products.find((p) => p.sellerSku === plan.firstSku) ?? product;
    while (used.has(product.sellerSku)) product = rng.pick(pools.regular);
    used.add(product.sellerSku);
    const mode = plan.taxModeOf(product);
    let unit = plan.zeroPriced ? 0 : toMinor(product.prices[currency] ?? '0', digits);
    if (plan.reverseCharge) {
      // Intra-EU B2B: Amazon shows the VAT-exclusive price (the marketplace's VAT taken out of the gross price).
      unit -= taxInGross(unit, toMinor(plan.mp.vat[product.taxClass], 2));
    }
    const qty = Math.max(quantity(rng), n === 1 ? plan.minUnits ?? 1 : 1);
    const itemCharge = unit * qty;
    const shipping = i === 0 && plan.shipping ? toMinor(SHIPPING[currency] ?? '0', digits) : 0;
    const gift = !plan.fba && !plan.business && rng.chance(0.06) && !plan.zeroPriced;
    const giftWrap = gift ? toMinor(GIFT_WRAP[currency] ?? '0', digits) * qty : 0;
    const promo = rng.chance(0.12) && !plan.zeroPriced;
    const itemDiscount = promo ? Math.max(1, Math.round((itemCharge * rng.pick([10, 15, 20])) / 100)) : 0;
    const shippingDiscount = shipping && plan.freeShippingPromo ? shipping : 0;
    const promotionIds: string[] = [];
    if (promo) promotionIds.push(`PROMO-${plan.mp.country}-${product.sellerSku}-${rng.int(1, 9)}`);
    if (shippingDiscount) promotionIds.push(`FREESHIP-${plan.mp.country}`);
    lines.push({
      orderItemId: makeOrderItemId(rng),
      product,
      quantity: qty,
      unitPrice: unit,
      ...(gift ? { giftMessage: rng.pick(GIFT_MESSAGES) } : {}),
      promotionIds,
      proceeds: itemProceeds({ item: itemCharge, shipping, giftWrap, itemDiscount, shippingDiscount,
        codFee: i === 0 ? plan.codFee : 0, other: i === 0 ? plan.other : 0 }, mode, currency, digits, plan.shape),
      taxMode: mode,
    });
  }
  return lines;
}
