/**
 * Decimal money without floats. Amounts live as bigint minor units of their currency (12.90 EUR = 1290n); text
 * from Amazon ("12.90", also "95,00") is parsed exactly and text for Odoo is formatted exactly. Rounding is
 * half away from zero, the way Odoo's float_round (HALF-UP) rounds.
 */
import { PermanentError } from './errors.ts';

/** An exact decimal: units x 10^-scale ({ units: 1290n, scale: 2 } is 12.90). */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Money as it travels in results and JSON: a decimal string beside its currency, like Amazon's Money. */
export interface MoneyText {
  readonly amount: string;
  readonly currency: string;
}

/** ISO 4217 exponents that differ from 2 (everything else has cents). */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

function invalid(message: string, details: Record<string, unknown>): PermanentError {
  return new PermanentError('AMOUNT_INVALID', message, details);
}

/** The number of decimals of a currency's minor unit (JPY 0, EUR 2, KWD 3); rejects a malformed code. */
export function currencyExponent(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) throw invalid(`Invalid currency code "${currency}"`, { currency });
  return EXPONENTS[currency] ?? 2;
}

/**
 * Parses a decimal string exactly: "12.90", "-3", "95,00" (decimal comma), "1.234,56" / "1,234.56" (the last
 * separator is the decimal one when both appear).
 */
export function parseDecimal(text: string): Decimal {
  let t = text.trim();
  const dot = t.lastIndexOf('.');
  const comma = t.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) {
    t = dot > comma ? t.replaceAll(',', '') : t.replaceAll('.', '').replace(',', '.');
  } else if (comma >= 0) {
    t = t.replace(',', '.');
  }
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) throw invalid(`Not a decimal amount: "${text}"`, { text });
  const fraction = m[3] ?? '';
  const units = BigInt(m[2]! + fraction);
  return { units: m[1] === '-' ? -units : units, scale: fraction.length };
}

/** The decimal mark of a number format: Amazon's flat files write amounts as the marketplace's locale does. */
export type DecimalMark = '.' | ',';

/**
 * Parses a decimal written with a known decimal mark ("1.234,56" with ",", "1,234.56" with "."): the other mark may
 * only group thousands (groups of three), so "95.00" read with "," is refused rather than read as 9500. Where the
 * mark is not known, parseDecimal guesses it from the text.
 */
export function parseLocaleDecimal(text: string, mark: DecimalMark): Decimal {
  const group = mark === ',' ? '\\.' : ',';
  const m = new RegExp(`^([+-]?)(\\d{1,3}(?:${group}\\d{3})+|\\d+)(?:${mark === '.' ? '\\.' : ','}(\\d+))?$`).exec(text.trim());
  if (!m) throw invalid(`Not a decimal amount with "${mark}" as its decimal mark: "${text}"`, { text, mark });
  const fraction = m[3] ?? '';
  return parseDecimal(`${m[1]}${m[2]!.replace(/[.,]/g, '')}${fraction ? `.${fraction}` : ''}`);
}

/** Divides and rounds half away from zero (den must be non-zero). */
export function divRound(num: bigint, den: bigint): bigint {
  if (den < 0n) return divRound(-num, -den);
  const q = num / den;
  const r = num % den;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < den) return q;
  return num < 0n ? q - 1n : q + 1n;
}

/** Brings a decimal to another scale, rounding half away from zero when digits are dropped. */
export function rescale(d: Decimal, scale: number): bigint {
  if (scale >= d.scale) return d.units * 10n ** BigInt(scale - d.scale);
  return divRound(d.units, 10n ** BigInt(d.scale - scale));
}

/**
 * An amount string in minor units of its currency (with `mark`: written with that decimal mark). Strict: digits beyond the minor unit must be zeros, because
 * rounding an amount Amazon sent would silently change money.
 */
export function toMinor(amount: string, currency: string, mark?: DecimalMark): bigint {
  const exp = currencyExponent(currency);
  const d = mark ? parseLocaleDecimal(amount, mark) : parseDecimal(amount);
  const minor = rescale(d, exp);
  if (d.scale > exp && minor * 10n ** BigInt(d.scale - exp) !== d.units) {
    throw invalid(`${amount} ${currency} has more decimals than the currency's minor unit`, { amount, currency });
  }
  return minor;
}

/** Formats a decimal exactly ("12.90", "-0.05"); trailing zeros are kept to the scale. */
export function formatDecimal(d: Decimal): string {
  const neg = d.units < 0n;
  const digits = (neg ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const int = digits.slice(0, digits.length - d.scale);
  const frac = d.scale > 0 ? `.${digits.slice(digits.length - d.scale)}` : '';
  return `${neg ? '-' : ''}${int}${frac}`;
}

/** Minor units back to the currency's decimal string (1290n EUR -> "12.90", 5980n JPY -> "5980"). */
export function formatMinor(minor: bigint, currency: string): string {
  return formatDecimal({ units: minor, scale: currencyExponent(currency) });
}

/** Minor units as money text for results and JSON. */
export function moneyText(minor: bigint, currency: string): MoneyText {
  return { amount: formatMinor(minor, currency), currency };
}

/**
 * Minor units as a JSON number for Odoo, which wants numbers. Made from the exact decimal string, so the number
 * is the double nearest to the decimal (what JSON.parse would give), never the result of float arithmetic.
 */
export function minorToNumber(minor: bigint, currency: string): number {
  return Number(formatMinor(minor, currency));
}

/** A rate percentage as a decimal string without trailing zeros ("19", "5.5", "0"). */
export function formatRate(basisPoints: bigint): string {
  return formatDecimal({ units: basisPoints, scale: 2 }).replace(/\.?0+$/, '') || '0';
}

/** A rate percentage ("19", "5.5") in basis points (1900n, 550n). */
export function rateBasisPoints(rate: string): bigint {
  return rescale(parseDecimal(rate), 2);
}

/** Rates common in VAT / GST / sales tax tables, tried when a caller gives no rates of its own. */
export const STANDARD_RATES: readonly string[] = [
  '0', '2.1', '2.5', '3', '4', '5', '5.5', '6', '7', '8', '8.1', '9', '10', '12', '13', '14', '15', '16', '17',
  '18', '19', '20', '21', '22', '23', '24', '25', '25.5', '27',
];

export interface DeriveRateOptions {
  /** Rates to choose from (e.g. the tax table's for this marketplace); defaults to STANDARD_RATES. */
  candidates?: readonly string[];
  /** How many separately rounded amounts the tax sums (per-unit tax on a quantity of 3: 3). Default 1. */
  roundings?: number;
  /** Preferred rate when several fit (a discount's tiny amount fits many: take its item's rate). */
  hint?: string;
  /** Rates tried before the candidates (the seller's own tax table): the nearest fitting one wins. */
  preferred?: readonly string[];
}

/**
 * The tax rate behind a (tax, net) pair of minor amounts: the candidate rate that reproduces the tax within the
 * rounding Amazon may have applied (half a minor unit per rounding, on the net or on the gross price): the hint
 * first, else the nearest preferred rate, else the nearest candidate. Without a fitting candidate it returns the raw ratio to 0.1 % with standard=false.
 * Null when the net is zero (no rate can be read from it).
 */
export function deriveRate(tax: bigint, net: bigint, opts: DeriveRateOptions = {}): { rate: string; standard: boolean } | null {
  if (net === 0n) return null;
  const n = net < 0n ? -net : net;
  const t = net < 0n ? -tax : tax;
  const roundings = BigInt(Math.max(1, opts.roundings ?? 1));
  const fits = (rate: string): bigint | null => {
    const bp = rateBasisPoints(rate);
    const diff = t * 10000n - n * bp;
    const abs = diff < 0n ? -diff : diff;
    // |tax - net*r| <= roundings * (1 + r) / 2, scaled by 10000 and by 2 to stay in integers.
    return abs * 2n <= roundings * (10000n + bp) ? abs : null;
  };
  if (opts.hint !== undefined && fits(opts.hint) !== null) return { rate: formatRate(rateBasisPoints(opts.hint)), standard: true };
  for (const group of [opts.preferred ?? [], opts.candidates ?? STANDARD_RATES]) {
    let best: { rate: string; dist: bigint } | null = null;
    for (const rate of group) {
      const dist = fits(rate);
      if (dist !== null && (best === null || dist < best.dist)) best = { rate, dist };
    }
    if (best) return { rate: formatRate(rateBasisPoints(best.rate)), standard: true };
  }
  return { rate: formatRate(divRound(t * 10000n, n * 10n) * 10n), standard: false };
}
