/**
 * The draws of the money rules added in issue 8 (cross-border EU buyers, COD fees, OTHER charges, delivery tips).
 * They come from their own stream, so a seller that does not use them gets exactly the orders it got before.
 */
import type { Marketplace } from '../catalogue.ts';
import type { SellerConfig } from '../config.ts';
import type { OrderCharge } from './amounts.ts';
import { minorDigits, toMinor } from './money.ts';
import type { Rng } from './prng.ts';
import { EU_COUNTRIES, isEu } from './tax-modes.ts';

/** Share of an EU-established seller's EU B2C merchant orders shipped to a buyer in another member state. */
export const CROSS_BORDER_SHARE = 0.12;
/** Share of Amazon.co.jp merchant orders paid cash on delivery (each pays the COD fee). */
export const COD_SHARE = 0.06;
/** Share of merchant orders with an OTHER charge on their first item. */
export const OTHER_SHARE = 0.02;
/** Share of Amazon.com orders with a delivery tip (order level, charged after checkout). */
export const TIP_SHARE = 0.03;

/** Cash-on-delivery fee (Amazon.co.jp: JPY 330, tax included) and the OTHER charge, per currency, as the buyer pays. */
const COD_FEE: Record<string, string> = { JPY: '330' };
const OTHER: Record<string, string> = { EUR: '1.50', GBP: '1.20', SEK: '15.00', PLN: '6.00', USD: '1.99', CAD: '2.49',
  JPY: '200' };

export interface MoneyDraws {
  /** A buyer's country other than the marketplace's (EU distance sale), or undefined. */
  crossBorderTo?: string;
  cashOnDelivery: boolean;
  /** First-item charges in minor units (0 = none). */
  codFee: number;
  other: number;
  orderCharges: OrderCharge[];
}

export interface DrawContext {
  seller: SellerConfig;
  mp: Marketplace;
  fba: boolean;
  business: boolean;
  reverseCharge: boolean;
}

/** Draws the issue-8 money rules of one order from `rng` (its own stream). */
export function drawMoney(rng: Rng, c: DrawContext): MoneyDraws {
  const digits = minorDigits(c.mp.currency);
  const money = (table: Record<string, string>): number => toMinor(table[c.mp.currency] ?? '0', digits);
  const out: MoneyDraws = { cashOnDelivery: false, codFee: 0, other: 0, orderCharges: [] };
  const cross = rng.next();
  const homeEu = isEu(c.seller.establishedIn) && isEu(c.mp.country);
  if (homeEu && !c.fba && !c.business && !c.reverseCharge && cross < CROSS_BORDER_SHARE) {
    out.crossBorderTo = rng.pick(EU_COUNTRIES.filter((x) => x !== c.mp.country));
  }
  if (c.seller.extraCharges === false) return out;
  if (!c.fba && COD_FEE[c.mp.currency] && rng.chance(COD_SHARE)) {
    out.cashOnDelivery = true;
    out.codFee = money(COD_FEE);
  }
  if (!c.fba && rng.chance(OTHER_SHARE)) out.other = money(OTHER);
  if (c.mp.country === 'US' && rng.chance(TIP_SHARE)) {
    out.orderCharges.push({ type: 'DELIVERY_TIP', status: rng.chance(0.8) ? 'FINALIZED' : 'PENDING',
      minor: rng.int(2, 10) * 10 ** digits });
  }
  return out;
}
