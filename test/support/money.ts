/** Exact money arithmetic for assertions: decimal strings summed as integers, never as floats. */

const SCALE = 4;

/** A decimal string ("-12.5", "3") as an integer count of 1/10^4 units. */
export function toUnits(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(amount);
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  const frac = (m[3] ?? '').padEnd(SCALE, '0');
  const units = BigInt(m[2]!) * 10n ** BigInt(SCALE) + BigInt(frac);
  return m[1] === '-' ? -units : units;
}

/** Sum of decimal strings, written back as a decimal string with `dp` decimals ("34.80"). */
export function sumDecimals(amounts: readonly string[], dp = 2): string {
  const total = amounts.reduce((acc, a) => acc + toUnits(a), 0n);
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const whole = abs / 10n ** BigInt(SCALE);
  const frac = (abs % 10n ** BigInt(SCALE)).toString().padStart(SCALE, '0');
  if (frac.slice(dp).replace(/0/g, '') !== '') throw new Error(`sum ${total} has more than ${dp} decimals`);
  return `${negative ? '-' : ''}${whole}${dp > 0 ? `.${frac.slice(0, dp)}` : ''}`;
}
