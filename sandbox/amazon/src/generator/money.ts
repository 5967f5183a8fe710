/**
 * Money in integer minor units (never floats): parsing and printing the model's `Decimal` strings, and the two
 * tax roundings of the amount convention (see the package README).
 */

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'CLP', 'VND', 'HUF', 'ISK']);

/** Digits after the decimal point of a currency (ISO 4217 minor unit; 2 unless known otherwise). */
export function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : 2;
}

/** "12.90" -> 1290 (for 2 digits). Throws on anything that is not a plain decimal with at most `digits` decimals. */
export function toMinor(amount: string, digits: number): number {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  const frac = (m[3] ?? '').padEnd(digits, '0');
  if (frac.length > digits) throw new Error(`${amount} has more than ${digits} decimals`);
  const value = Number(m[2]) * 10 ** digits + (digits ? Number(frac) : 0);
  return m[1] ? -value : value;
}

/** 1290 -> "12.90", -5 -> "-0.05" (for 2 digits). */
export function fromMinor(minor: number, digits: number): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`not an integer amount: ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Rate "19" or "5.5" (percent) -> hundredths of a percent (1900, 550), so tax maths stays in integers. */
export function percentToBasisPoints(rate: string): number {
  return toMinor(rate, 2);
}

/** round(n / d), half away from zero, for integers (d > 0). */
function divRound(n: number, d: number): number {
  const q = Math.floor((2 * Math.abs(n) + d) / (2 * d));
  return n < 0 ? -q : q;
}

/** VAT contained in a VAT-inclusive gross amount: round(g * r / (1 + r)); the net is g minus it, so they add up. */
export function taxInGross(grossMinor: number, rateBp: number): number {
  return divRound(grossMinor * rateBp, 10_000 + rateBp);
}

/** Sales tax on a net amount: round(n * r), with r in thousandths of a percent (8.875 % = 8875). */
export function taxOnNet(netMinor: number, rateMilliPct: number): number {
  return divRound(netMinor * rateMilliPct, 100_000);
}
