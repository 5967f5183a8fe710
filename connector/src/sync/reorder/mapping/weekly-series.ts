/**
 * Weekly sales rows -> one consecutive series per SKU and marketplace (weeks without sales as zero), from the
 * SKU's first week with a sale (earlier weeks are before it was sold, not weeks of no demand) up to the last
 * complete week. Stock-out days are not known from orders alone: 0 until stock snapshots feed them. Pure.
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

/** Series per SKU and marketplace; `until` is the Monday after the last complete week (excluded). */
export function weeklySeries(rows: ReadonlyArray<SeriesKey & { week: string; units: number }>, until: string): Array<SeriesKey & { weeks: WeekSales[] }> {
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
    for (let w = g.first; w < until; w = addWeeks(w, 1)) weeks.push({ week: w, units: g.units.get(w) ?? 0, daysOutOfStock: 0 });
    out.push({ ...g.key, weeks });
  }
  return out.sort((a, b) => (a.sku === b.sku ? a.marketplaceId.localeCompare(b.marketplaceId) : a.sku.localeCompare(b.sku)));
}
