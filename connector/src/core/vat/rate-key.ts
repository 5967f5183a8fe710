/** A decimal rate written canonically ("0.190" and "0.19" are one key; "0.0" is "0"), never through a float. */
export function canonicalRate(rate: string): string {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(rate.trim());
  if (!m) throw new Error(`not a decimal rate: ${rate}`);
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}
