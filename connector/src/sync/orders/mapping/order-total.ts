/**
 * The two totals an imported order must agree on, in minor units: what Amazon says the ERP order is worth, and
 * what the ERP will compute from the lines we send, reproduced the way Odoo computes it (percent taxes, included
 * or not, rounded per line or globally per tax, to the currency's minor unit, half away from zero).
 */
import { divRound, rateBasisPoints } from '../../../core/money.ts';
import type { TaxRoundingMethod } from './order-map-context.ts';
import { COMPONENTS, type ItemAmounts } from './item-amounts.ts';

export interface LineTax {
  taxId: number;
  rate: string;
  priceIncluded: boolean;
}

/** What Odoo needs of a line to total it: quantity, unit price in minor units, its tax (or none). */
export interface TotalLine {
  quantity: number;
  priceUnit: bigint;
  tax: LineTax | null;
}

export interface ErpTotals {
  untaxed: bigint;
  tax: bigint;
  total: bigint;
}

/**
 * Amazon's side: ITEM + SHIPPING + GIFT_WRAP + COD_FEE + OTHER + DISCOUNT of every item, plus the TAX of the
 * items whose tax the seller owes (withheld tax is not billed by the seller).
 */
export function expectedTotal(items: readonly ItemAmounts[]): bigint {
  let total = 0n;
  for (const a of items) {
    for (const c of COMPONENTS) total += a.net[c];
    if (!a.withheld) total += a.taxTotal;
  }
  return total;
}

/** Amazon's tax the seller owes (withheld tax left out): what the ERP order's tax must equal. */
export function expectedTax(items: readonly ItemAmounts[]): bigint {
  return items.reduce((sum, a) => (a.withheld ? sum : sum + a.taxTotal), 0n);
}

/** The ERP's side: the totals Odoo will show for these lines under the company's rounding method. */
export function odooTotals(lines: readonly TotalLine[], method: TaxRoundingMethod): ErpTotals {
  // Lines are summed as Odoo shows them: the untaxed amount of an included line is its gross less its tax.
  let gross = 0n; // sum of price x quantity (gross for included taxes, net otherwise)
  let taxIncluded = 0n;
  let taxExcluded = 0n;
  // round_globally: a tax's exact amounts are summed over the document and rounded once, per tax.
  const global = new Map<string, { num: bigint; den: bigint; included: boolean }>();
  for (const line of lines) {
    const amount = line.priceUnit * BigInt(line.quantity);
    gross += amount;
    if (!line.tax) continue;
    const bp = rateBasisPoints(line.tax.rate);
    const included = line.tax.priceIncluded;
    // Exact tax = num / den: excluded, amount * r; included, amount * r / (1 + r), with r = bp / 10000.
    const num = amount * bp;
    const den = included ? 10000n + bp : 10000n;
    if (method === 'round_per_line') {
      const t = divRound(num, den);
      if (included) taxIncluded += t;
      else taxExcluded += t;
      continue;
    }
    const key = `${line.tax.taxId}|${included}|${bp}`;
    const acc = global.get(key) ?? { num: 0n, den, included };
    acc.num += num;
    global.set(key, acc);
  }
  for (const acc of global.values()) {
    const t = divRound(acc.num, acc.den);
    if (acc.included) taxIncluded += t;
    else taxExcluded += t;
  }
  const tax = taxIncluded + taxExcluded;
  return { untaxed: gross - taxIncluded, tax, total: gross + taxExcluded };
}

/**
 * Closes the gap between the two totals: a rounding amount when it is at most one minor unit per line, else a
 * mismatch that a person must look at (never a silent adjustment).
 */
export function reconcile(expected: bigint, erp: bigint, lineCount: number): { rounding: bigint } | { mismatch: bigint } {
  const gap = expected - erp;
  const abs = gap < 0n ? -gap : gap;
  return abs <= BigInt(lineCount) ? { rounding: gap } : { mismatch: gap };
}
