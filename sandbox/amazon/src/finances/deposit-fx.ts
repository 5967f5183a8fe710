/**
 * Payouts into a bank account in another currency (Amazon Currency Converter for Sellers): a seller's settlements in
 * one marketplace currency (GBP on amazon.co.uk) paid into an account in another (a EUR account of a German seller),
 * at the sandbox's own rate. The rates are fixed reference figures per EUR (not a market feed), so a seed always
 * converts the same way; `ConvertedTotal` = `OriginalTotal` x rate, rounded half away from zero to the deposit
 * currency's minor unit. The model only says ConvertedTotal is "in the currency ... in which the funds were
 * disbursed"; Amazon shows no rate in the group (a client derives it from the two totals).
 */
import type { SellerConfig } from '../config.ts';
import { minorDigits } from '../generator/money.ts';

/** Units of each currency for one EUR (sandbox reference rates, stable across releases: tests rely on them). */
export const SANDBOX_RATES_PER_EUR: Readonly<Record<string, number>> = {
  EUR: 1, GBP: 0.8537, USD: 1.0812, PLN: 4.2915, SEK: 11.4925, CAD: 1.4821, MXN: 18.6342, JPY: 161.23, AUD: 1.6524,
  TRY: 34.812, AED: 3.9707, SAR: 4.0545, INR: 90.412, SGD: 1.4433, BRL: 5.4811, EGP: 52.65,
};

/** The rate from one currency to another (units of `to` per unit of `from`), 6 decimals as converters quote. */
export function sandboxRate(from: string, to: string): number {
  const f = SANDBOX_RATES_PER_EUR[from];
  const t = SANDBOX_RATES_PER_EUR[to];
  if (f === undefined || t === undefined) throw new Error(`the sandbox has no rate between ${from} and ${to}`);
  return Math.round((t / f) * 1e6) / 1e6;
}

/** The seller's bank account currency for payouts of `currency` (its own unless `depositCurrencies` names another). */
export const depositCurrencyOf = (seller: Pick<SellerConfig, 'depositCurrencies'> | undefined, currency: string): string =>
  seller?.depositCurrencies?.[currency] ?? currency;

/** A payout of `minor` (in `from`'s minor units) converted into `to`'s minor units. */
export function convertPayout(minor: number, from: string, to: string): number {
  if (from === to) return minor;
  const units = (minor / 10 ** minorDigits(from)) * sandboxRate(from, to) * 10 ** minorDigits(to);
  return Math.sign(units) * Math.round(Math.abs(units) + 1e-9);
}
