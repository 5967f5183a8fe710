/**
 * Taxes and totals of a document (sales order, invoice) the way Odoo 19 computes them: percent, division, fixed
 * and group taxes, price-included or excluded, then either rounded per line or rounded globally per tax over the
 * whole document with the rounding difference spread over the lines. Intermediate ratios are IEEE doubles, as in
 * Odoo itself (its float_round is what decides the cent); every result is an integer number of minor units.
 */

export type AmountType = 'percent' | 'division' | 'fixed' | 'group';
export type RoundingMethod = 'round_globally' | 'round_per_line';

export interface TaxDef {
  id: number;
  amountType: AmountType;
  /** percent / division: a percentage; fixed: an amount per unit in the document currency. */
  amount: number;
  priceInclude: boolean;
  children?: TaxDef[];
}

export interface LineInput {
  priceUnit: number;
  quantity: number;
  /** a percentage, as Odoo's `discount` */
  discount: number;
  taxes: TaxDef[];
}

export interface LineResult {
  subtotal: number;
  tax: number;
  total: number;
  /** tax id -> amount, minor units */
  byTax: Map<number, number>;
}

export interface DocumentResult {
  lines: LineResult[];
  untaxed: number;
  tax: number;
  total: number;
}

/** Odoo's float_round (half away from zero, nudged by a few ulps) to integer minor units. */
export function toMinor(value: number, decimals: number): number {
  const scaled = Math.abs(value) * 10 ** decimals;
  const nudged = scaled + scaled * 2 ** -50;
  const r = Math.round(nudged);
  return value < 0 ? -r : r;
}

/** Minor units -> the JSON number Odoo answers with (86.25). */
export function fromMinor(minor: number, decimals: number): number {
  return Number(toDecimalString(minor, decimals));
}

/** Minor units -> an exact decimal string for a numeric column. */
export function toDecimalString(minor: number, decimals: number): string {
  const sign = minor < 0 ? '-' : '';
  const s = String(Math.abs(minor)).padStart(decimals + 1, '0');
  return decimals === 0 ? `${sign}${s}` : `${sign}${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

function flatten(taxes: TaxDef[]): TaxDef[] {
  return taxes.flatMap((t) => (t.amountType === 'group' ? flatten(t.children ?? []) : [t]));
}

interface RawLine {
  base: number;
  taxes: Array<{ id: number; amount: number }>;
  /** only price-included taxes: the total is the price itself */
  includedOnly: boolean;
  totalIncluded: number;
}

/** Unrounded base and tax amounts of one line. */
export function rawLine(line: LineInput): RawLine {
  const taxes = flatten(line.taxes);
  const gross = line.priceUnit * (1 - line.discount / 100) * line.quantity;
  const incl = taxes.filter((t) => t.priceInclude);
  const excl = taxes.filter((t) => !t.priceInclude);
  const out: Array<{ id: number; amount: number }> = [];
  // price-included taxes are taken out of the price first: fixed per unit, division on the price, percent on the base
  const fixedIncl = incl.filter((t) => t.amountType === 'fixed').reduce((s, t) => s + t.amount * line.quantity, 0);
  const afterFixed = gross - fixedIncl;
  const divTaxes = incl.filter((t) => t.amountType === 'division').map((t) => ({ id: t.id, amount: afterFixed * t.amount / 100 }));
  const afterDiv = afterFixed - divTaxes.reduce((s, t) => s + t.amount, 0);
  const pctSum = incl.filter((t) => t.amountType === 'percent').reduce((s, t) => s + t.amount, 0);
  const base = afterDiv / (1 + pctSum / 100);
  for (const t of incl) {
    if (t.amountType === 'fixed') out.push({ id: t.id, amount: t.amount * line.quantity });
    else if (t.amountType === 'division') out.push(divTaxes.find((d) => d.id === t.id)!);
    else out.push({ id: t.id, amount: base * t.amount / 100 });
  }
  for (const t of excl) {
    if (t.amountType === 'fixed') out.push({ id: t.id, amount: t.amount * line.quantity });
    else if (t.amountType === 'division') out.push({ id: t.id, amount: t.amount >= 100 ? 0 : base * 100 / (100 - t.amount) - base });
    else out.push({ id: t.id, amount: base * t.amount / 100 });
  }
  return { base, taxes: out, includedOnly: incl.length > 0 && excl.length === 0, totalIncluded: gross };
}

/** Computes the lines and totals of one document in one currency. */
export function computeDocument(lines: LineInput[], decimals: number, method: RoundingMethod): DocumentResult {
  const raws = lines.map(rawLine);
  const lineTaxes: Array<Map<number, number>> = raws.map((r) => {
    const m = new Map<number, number>();
    for (const t of r.taxes) m.set(t.id, (m.get(t.id) ?? 0) + toMinor(t.amount, decimals));
    return m;
  });
  if (method === 'round_globally') spreadGlobalRounding(raws, lineTaxes, decimals);
  const results = raws.map((r, i) => {
    const byTax = lineTaxes[i]!;
    const tax = [...byTax.values()].reduce((s, v) => s + v, 0);
    // with price-included taxes only, the price is the total: the base is what remains after the rounded taxes
    const subtotal = r.includedOnly ? toMinor(r.totalIncluded, decimals) - tax : toMinor(r.base, decimals);
    return { subtotal, tax, total: subtotal + tax, byTax };
  });
  const sum = (k: 'subtotal' | 'tax' | 'total') => results.reduce((s, l) => s + l[k], 0);
  return { lines: results, untaxed: sum('subtotal'), tax: sum('tax'), total: sum('total') };
}

/** Rounds each tax once over the document and moves the cents of difference onto the lines with the most tax. */
function spreadGlobalRounding(raws: RawLine[], lineTaxes: Array<Map<number, number>>, decimals: number): void {
  const taxIds = new Set(raws.flatMap((r) => r.taxes.map((t) => t.id)));
  for (const id of taxIds) {
    const rawPerLine = raws.map((r) => r.taxes.filter((t) => t.id === id).reduce((s, t) => s + t.amount, 0));
    const target = toMinor(rawPerLine.reduce((s, v) => s + v, 0), decimals);
    let delta = target - lineTaxes.reduce((s, m) => s + (m.get(id) ?? 0), 0);
    const order = rawPerLine.map((v, i) => ({ i, v: Math.abs(v) })).filter((x) => x.v > 0).sort((a, b) => b.v - a.v || a.i - b.i);
    for (let k = 0; delta !== 0 && order.length > 0; k = (k + 1) % order.length) {
      const m = lineTaxes[order[k]!.i]!;
      const step = delta > 0 ? 1 : -1;
      m.set(id, (m.get(id) ?? 0) + step);
      delta -= step;
    }
  }
}
