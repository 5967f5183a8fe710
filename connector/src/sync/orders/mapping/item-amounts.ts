/**
 * Reads one Amazon order item's proceeds into minor units per component. Amazon's convention: the ITEM,
 * SHIPPING, GIFT_WRAP, COD_FEE, OTHER and DISCOUNT (negative) breakdowns are net of tax; the TAX breakdown is the
 * tax on them, split by `detailedBreakdowns` subtype.
 */
import type { Money, OrderItem } from '../../../amazon/models/orders-v2026.ts';
import { divRound, toMinor } from '../../../core/money.ts';
import type { ProblemList } from './order-map-context.ts';

export const COMPONENTS = ['ITEM', 'SHIPPING', 'GIFT_WRAP', 'COD_FEE', 'OTHER', 'DISCOUNT'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface ItemAmounts {
  net: Record<Component, bigint>;
  tax: Record<Component, bigint>;
  /** The TAX breakdown's subtotal: what the total counts, whatever the split says. */
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

/** Whether Amazon withholds this item's tax (US/CA marketplace facilitator). */
export function isTaxWithheld(item: OrderItem): boolean {
  return item.tax?.taxCollections?.some((c) => c.model === 'MARKETPLACE_FACILITATOR') ?? false;
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
  const net = zero();
  const tax = zero();
  const parts: Record<Component, number> = { ITEM: 0, SHIPPING: 0, GIFT_WRAP: 0, COD_FEE: 0, OTHER: 0, DISCOUNT: 0 };
  const split: ItemAmounts['split'] = {};
  let taxTotal = 0n;
  let detailed = false;
  const where = `item ${item.orderItemId}`;
  for (const b of item.proceeds?.breakdowns ?? []) {
    const amount = readMoney(b.subtotal, currency, `${where} ${b.type}`, problems);
    if (b.type !== 'TAX') {
      const c = asComponent(b.type);
      net[c] += amount;
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
  const taxSplit = COMPONENTS.reduce((s, c) => s + tax[c], 0n);
  if (!detailed) spreadByNet(taxTotal, net, tax);
  else if (taxSplit !== taxTotal) tax.ITEM += taxTotal - taxSplit; // the subtotal is what Amazon charged
  return { net, tax, taxTotal, withheld: isTaxWithheld(item), parts, split };
}

/** Without a split, the tax is spread in proportion to the net components (one rate for the whole item). */
function spreadByNet(taxTotal: bigint, net: Record<Component, bigint>, tax: Record<Component, bigint>): void {
  const base = COMPONENTS.reduce((s, c) => s + net[c], 0n);
  if (base === 0n) {
    tax.ITEM = taxTotal;
    return;
  }
  let given = 0n;
  for (const c of COMPONENTS) {
    if (c === 'ITEM') continue;
    tax[c] = divRound(taxTotal * net[c], base);
    given += tax[c];
  }
  tax.ITEM = taxTotal - given;
}
