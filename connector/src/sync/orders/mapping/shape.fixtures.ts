/** Test helpers for Amazon's money shapes: one sale's proceeds in each shape, and the mapper's ok result. */
import type { OrderItem } from '../../../amazon/models/orders-v2026.ts';
import { divRound } from '../../../core/money.ts';
import type { MappedOrder, MapOrderResult } from './order.mapper.ts';

export type Shape = 'net_plus_tax' | 'gross_tax_given' | 'untaxed';

/** Integer minor units as Amazon's Money text with `digits` decimals. */
export function money(minor: bigint, currency: string, digits = 2) {
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(digits + 1, '0');
  const amount = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
  return { amount: `${neg ? '-' : ''}${amount}`, currencyCode: currency };
}

/**
 * An item's proceeds in one shape, from gross amounts per component at `rate` % (tax of a gross g: round(g r/(1+r))):
 * net_plus_tax lists the nets and adds TAX; gross_tax_given lists the grosses with the TAX inside; untaxed lists
 * the grosses and no TAX at all.
 */
export function proceedsIn(shape: Shape, gross: Record<string, bigint>, rate: string, currency: string, digits = 2): OrderItem['proceeds'] {
  const bp = BigInt(Math.round(Number(rate) * 100));
  const taxOf = (g: bigint) => divRound(g * bp, 10000n + bp);
  const entries = Object.entries(gross);
  const tax = entries.map(([t, g]) => [t, taxOf(g)] as const);
  const taxTotal = tax.reduce((s, [, v]) => s + v, 0n);
  const grossTotal = entries.reduce((s, [, g]) => s + g, 0n);
  const m = (v: bigint) => money(v, currency, digits);
  const taxBreakdown = { type: 'TAX', subtotal: m(taxTotal), detailedBreakdowns: tax.map(([t, v]) => ({ subtype: t, value: m(v) })) };
  if (shape === 'net_plus_tax') {
    return { proceedsTotal: m(grossTotal), breakdowns: [...entries.map(([t, g]) => ({ type: t, subtotal: m(g - taxOf(g)) })), taxBreakdown] };
  }
  const breakdowns = entries.map(([t, g]) => ({ type: t, subtotal: m(g) }));
  return { proceedsTotal: m(grossTotal), breakdowns: shape === 'gross_tax_given' ? [...breakdowns, taxBreakdown] : breakdowns };
}

export function ok(r: MapOrderResult): MappedOrder {
  if (!r.ok) throw new Error(`not mapped: ${JSON.stringify(r.problems)}`);
  return r;
}

