/**
 * Weekly sales rows -> one consecutive series per SKU and marketplace (weeks without sales as zero), from the
 * SKU's first week with a sale (earlier weeks are before it was sold, not weeks of no demand) up to the last
 * complete week, each week with its days out of stock from the stock-out record (orders alone cannot tell "nobody
 * wanted it" from "nothing to sell": a week the record does not cover has 0). Pure.
 */
import type { WeekSales } from './velocity.ts';

const DAY = 86_400_000;

/** The Monday (UTC) of the week holding `at`, YYYY-MM-DD. */
export function mondayOf(at: Date): string {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * DAY).toISOString().slice(0, 10);
}

/** `monday` moved by `weeks` weeks. */
export const addWeeks = (monday: string, weeks: number): string => new Date(Date.parse(`${monday}T00:00:00Z`) + weeks * 7 * DAY).toISOString().slice(0, 10);

export interface SeriesKey {
  sku: string;
  marketplaceId: string;
}

/** SKU -> week (its Monday) -> days out of stock (0-7): the stock-out record, as stock-day-store.ts reads it. */
export type DaysOutOfStock = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * Series per SKU and marketplace; `until` is the Monday after the last complete week (excluded). The stock is the
 * SKU's (its marketplaces share it), so every marketplace's series of a SKU gets the same days out.
 */
export function weeklySeries(rows: ReadonlyArray<SeriesKey & { week: string; units: number }>, until: string, daysOut: DaysOutOfStock = new Map()): Array<SeriesKey & { weeks: WeekSales[] }> {
  const groups = new Map<string, { key: SeriesKey; units: Map<string, number>; first: string }>();
  for (const r of rows) {
    if (r.week >= until) continue;
    const id = `${r.sku}\u0000${r.marketplaceId}`;
    const g = groups.get(id) ?? { key: { sku: r.sku, marketplaceId: r.marketplaceId }, units: new Map<string, number>(), first: r.week };
    g.units.set(r.week, (g.units.get(r.week) ?? 0) + r.units);
    if (r.week < g.first) g.first = r.week;
    groups.set(id, g);
  }
  const out: Array<SeriesKey & { weeks: WeekSales[] }> = [];
  for (const g of groups.values()) {
    const weeks: WeekSales[] = [];
    const skuDaysOut = daysOut.get(g.key.sku);
    for (let w = g.first; w < until; w = addWeeks(w, 1)) weeks.push({ week: w, units: g.units.get(w) ?? 0, daysOutOfStock: Math.min(7, skuDaysOut?.get(w) ?? 0) });
    out.push({ ...g.key, weeks });
  }
  return out.sort((a, b) => (a.sku === b.sku ? a.marketplaceId.localeCompare(b.marketplaceId) : a.sku.localeCompare(b.sku)));
}
