/**
 * Company-currency balances of a foreign-currency entry (pure). Odoo 19 converts each item given only as
 * `amount_currency` on its own (`account.move.line._inverse_amount_currency`: `company_currency.round(amount_currency
 * / currency_rate)`), and refuses at create an entry whose items do not add up to zero in the company currency
 * (`_check_balanced`, "The entry is not balanced."; its automatic balancing line is only made for entries with
 * taxes). Items rounded one by one can miss zero by a cent or more, so the connector sends each item's `balance`
 * itself, computed the way Odoo would from the rate the ERP holds for the entry's date, and lets one item (the
 * clearing line) absorb the rounding: Odoo keeps a `balance` it is given (a protected field).
 */

/** Odoo's float_round (HALF-UP, away from zero, with its epsilon nudge) of x to whole units. */
export function odooRound(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const nudged = x + Math.sign(x) * 2 ** (Math.log2(Math.abs(x)) - 52);
  return Math.sign(nudged) * Math.round(Math.abs(nudged));
}

/** One item's company balance in company minor units: amount / rate, as Odoo rounds it. */
export function balanceOf(amountMinor: bigint, rate: number, fromDp: number, toDp: number): bigint {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`a currency rate must be > 0, got ${rate}`);
  return BigInt(odooRound((Number(amountMinor) / 10 ** fromDp / rate) * 10 ** toDp));
}

/**
 * Each item's balance at `rate` (units of the entry's currency per unit of the company's), the item at `absorb`
 * taking minus the sum of the others so the entry balances exactly. When that would give the absorbing item a sign
 * opposite to its amount (a clearing line of a cent), the largest item absorbs instead.
 */
export function entryBalances(amountsMinor: readonly bigint[], rate: number, fromDp: number, toDp: number, absorb: number): bigint[] {
  const out = amountsMinor.map((a) => balanceOf(a, rate, fromDp, toDp));
  if (!out.length) return out;
  const fix = (i: number) => { out[i] = 0n; out[i] = -out.reduce((s, b) => s + b, 0n); };
  const opposite = (i: number) => (out[i]! > 0n && amountsMinor[i]! < 0n) || (out[i]! < 0n && amountsMinor[i]! > 0n);
  const before = out.slice();
  fix(absorb);
  if (opposite(absorb)) {
    out.splice(0, out.length, ...before);
    let largest = 0;
    amountsMinor.forEach((a, i) => { if ((a < 0n ? -a : a) > (amountsMinor[largest]! < 0n ? -amountsMinor[largest]! : amountsMinor[largest]!)) largest = i; });
    fix(largest);
  }
  return out;
}
