/**
 * Reads one Amazon order item's proceeds into minor units per component, net and tax apart, whatever money shape
 * Amazon used (item-shape.ts): net + TAX added, gross with the included TAX given, or untaxed (0 %, or gross with
 * the tax left out: `withIncludedTax` then takes the tax out at the rate the order's regime decides). The TAX
 * breakdown is split by `detailedBreakdowns` subtype, else in proportion to the components.
 */
import type { Money, OrderItem } from '../../../amazon/models/orders-v2026.ts';
import { divRound, rateBasisPoints, toMinor } from '../../../core/money.ts';
import { amountShape, type AmountShape } from './item-shape.ts';
import type { ProblemList } from './order-map-context.ts';

export const COMPONENTS = ['ITEM', 'SHIPPING', 'GIFT_WRAP', 'COD_FEE', 'OTHER', 'DISCOUNT'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface ItemAmounts {
  /** How Amazon gave the amounts; `gross_tax_computed`: untaxed gross whose tax was taken out at `rate`. */
  shape: AmountShape | 'gross_tax_computed';
  /** The rate the tax was computed at (gross_tax_computed only): not read back from the amounts. */
  rate?: string;
  /** An untaxed gross whose rate could not be decided (TAX_RATE_UNDECIDED already said): no tax looked up. */
  rateUndecided?: boolean;
  net: Record<Component, bigint>;
  tax: Record<Component, bigint>;
  /** The TAX breakdown's subtotal (or the computed tax): what the total counts, whatever the split says. */
  taxTotal: bigint;
  /** Tax withheld and remitted by Amazon (MARKETPLACE_FACILITATOR): recorded, never billed. */
  withheld: boolean;
  /**
   * How many separately rounded amounts each component's tax sums: a promotion on the item and on its shipping is
   * two (its detailed breakdowns), each taxed and rounded on its own, so its tax may sit a minor unit further
   * from net x rate than one rounding allows.
   */
  parts: Record<Component, number>;
  /**
   * The net of each separately taxed part of a component, when Amazon lists them (a promotion's ITEM and SHIPPING
   * parts): the ERP lines keep them apart, so a per-line rounding taxes each part as Amazon did.
   */
  split: Partial<Record<Component, Array<{ subtype: string; net: bigint }>>>;
}

const zero = (): Record<Component, bigint> => ({ ITEM: 0n, SHIPPING: 0n, GIFT_WRAP: 0n, COD_FEE: 0n, OTHER: 0n, DISCOUNT: 0n });
const asComponent = (t: string | undefined): Component =>
  (COMPONENTS as readonly string[]).includes(t ?? '') ? (t as Component) : 'OTHER';

/** Whether Amazon withholds this item's tax (US/CA marketplace facilitator, UK/EU deemed supplier). */
export function isTaxWithheld(item: OrderItem): boolean {
  return item.tax?.taxCollections?.some((c) => c.model === 'MARKETPLACE_FACILITATOR') ?? false;
}

/** Whether Amazon has priced the item yet: a pending order may carry items without proceeds. */
export function isPriced(item: OrderItem): boolean {
  return (item.proceeds?.breakdowns?.length ?? 0) > 0;
}

/** Reads a Money in the order's currency; a foreign currency or bad amount is a problem, read as zero. */
export function readMoney(m: Money | undefined, currency: string, where: string, problems: ProblemList): bigint {
  if (!m) return 0n;
  if (m.currencyCode !== currency) {
    problems.add('ORDER_MALFORMED', `${where} is in ${m.currencyCode}, the order in ${currency}`, { where });
    return 0n;
  }
  try {
    return toMinor(m.amount, currency);
  } catch (e) {
    problems.add('ORDER_MALFORMED', `${where}: ${(e as Error).message}`, { where });
    return 0n;
  }
}

/** The item's amounts per component, in minor units of the order's currency. */
export function itemAmounts(item: OrderItem, currency: string, problems: ProblemList): ItemAmounts {
  const given = zero();
  const tax = zero();
  const parts: Record<Component, number> = { ITEM: 0, SHIPPING: 0, GIFT_WRAP: 0, COD_FEE: 0, OTHER: 0, DISCOUNT: 0 };
  const split: ItemAmounts['split'] = {};
  let taxTotal = 0n;
  let detailed = false;
  const where = `item ${item.orderItemId}`;
  const problemsBefore = problems.items.length;
  for (const b of item.proceeds?.breakdowns ?? []) {
    const amount = readMoney(b.subtotal, currency, `${where} ${b.type}`, problems);
    if (b.type !== 'TAX') {
      const c = asComponent(b.type);
      given[c] += amount;
      parts[c] += Math.max(1, b.detailedBreakdowns?.length ?? 0);
      const pieces = (b.detailedBreakdowns ?? []).map((d) => ({ subtype: d.subtype ?? '', net: readMoney(d.value, currency, `${where} ${b.type}/${d.subtype}`, problems) }));
      if (pieces.length > 1 && pieces.reduce((sum, p) => sum + p.net, 0n) === amount) split[c] = [...(split[c] ?? []), ...pieces];
      continue;
    }
    taxTotal += amount;
    for (const d of b.detailedBreakdowns ?? []) {
      detailed = true;
      tax[asComponent(d.subtype)] += readMoney(d.value, currency, `${where} TAX/${d.subtype}`, problems);
    }
  }
  const sum = COMPONENTS.reduce((s, c) => s + given[c], 0n);
  const total = item.proceeds?.proceedsTotal ? readMoney(item.proceeds.proceedsTotal, currency, `${where} proceedsTotal`, problems) : undefined;
  // Amounts already reported unreadable say nothing of the shape: no second problem on top of theirs.
  const decided = problems.items.length > problemsBefore ? { shape: 'net_plus_tax' as const } : amountShape(sum, taxTotal, total);
  let shape: AmountShape = 'net_plus_tax';
  if ('unknown' in decided) {
    problems.add('AMOUNT_SHAPE_UNKNOWN', `Item ${item.orderItemId}: ${decided.unknown}`, { orderItemId: item.orderItemId }, `AMOUNT_SHAPE_UNKNOWN:${item.orderItemId}`);
  } else shape = decided.shape;

  const taxSplit = COMPONENTS.reduce((s, c) => s + tax[c], 0n);
  if (!detailed) spreadByBase(taxTotal, given, tax);
  else if (taxSplit !== taxTotal) tax.ITEM += taxTotal - taxSplit; // the subtotal is what Amazon charged
  // Gross components include their tax: the net is what is left once it is taken out (the split too).
  const net = shape === 'gross_tax_given' ? minus(given, tax) : given;
  if (shape === 'gross_tax_given') {
    for (const c of COMPONENTS) {
      const pieces = split[c];
      if (pieces) split[c] = netPieces(pieces, tax[c]);
    }
  }
  return { shape, net, tax, taxTotal, withheld: isTaxWithheld(item), parts, split };
}

/**
 * An untaxed item's amounts as VAT-inclusive gross at `rate`: each component's tax taken out the way a
 * price-included ERP tax computes it (round(gross x r / (1 + r)) per line), so the ERP's total is Amazon's.
 */
export function withIncludedTax(a: ItemAmounts, rate: string): ItemAmounts {
  const bp = rateBasisPoints(rate);
  const inside = (gross: bigint) => divRound(gross * bp, 10000n + bp);
  const tax = zero();
  // Withheld VAT is Amazon's figure, not the ERP's (its lines carry none): Amazon taxes each part of a promotion
  // (on the item, on the shipping) on its own, as its settlement's withheld line has it, so the parts are kept here.
  for (const c of COMPONENTS) tax[c] = a.withheld && a.split[c] ? a.split[c].reduce((s, p) => s + inside(p.net), 0n) : inside(a.net[c]);
  const taxTotal = COMPONENTS.reduce((s, c) => s + tax[c], 0n);
  // The split parts were taxed by nobody: the ERP taxes each component as one line.
  return { ...a, shape: 'gross_tax_computed', rate, net: minus(a.net, tax), tax, taxTotal, split: {} };
}

function minus(x: Record<Component, bigint>, y: Record<Component, bigint>): Record<Component, bigint> {
  const out = zero();
  for (const c of COMPONENTS) out[c] = x[c] - y[c];
  return out;
}

/** A gross split's nets: the component's tax shared in proportion, the last part taking the remainder. */
function netPieces(pieces: Array<{ subtype: string; net: bigint }>, tax: bigint): Array<{ subtype: string; net: bigint }> {
  const whole = pieces.reduce((s, p) => s + p.net, 0n);
  if (whole === 0n) return pieces;
  let left = tax;
  return pieces.map((p, i) => {
    const t = i === pieces.length - 1 ? left : divRound(tax * p.net, whole);
    left -= t;
    return { subtype: p.subtype, net: p.net - t };
  });
}

/** Without a split, the tax is spread in proportion to the components (one rate for the whole item). */
function spreadByBase(taxTotal: bigint, base: Record<Component, bigint>, tax: Record<Component, bigint>): void {
  const sum = COMPONENTS.reduce((s, c) => s + base[c], 0n);
  if (sum === 0n) {
    tax.ITEM = taxTotal;
    return;
  }
  let given = 0n;
  for (const c of COMPONENTS) {
    if (c === 'ITEM') continue;
    tax[c] = divRound(taxTotal * base[c], sum);
    given += tax[c];
  }
  tax.ITEM = taxTotal - given;
}
