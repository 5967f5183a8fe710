/**
 * The advice of a backend from its series: per SKU, the demand of each marketplace it sells on (velocity,
 * seasonality, with their inputs) and their sum, the min/max a reordering rule would get, and, when the stock is
 * read, days of cover and the quantity to order (per product: stock-advice.ts). Several marketplaces share one stock (Pan-EU, one ERP
 * warehouse), so cover and quantity are per SKU, never per marketplace. Pure.
 */
import { dailyDemand, type ForecastTerms } from './forecast.ts';
import { orderpointLevels } from './reorder-quantity.ts';
import type { SkuStock } from './stock-advice.ts';
import type { Seasonality } from './seasonality.ts';
import type { WeekUsed } from './velocity.ts';
import type { SeriesKey } from './weekly-series.ts';
import type { WeekSales } from './velocity.ts';

export interface MarketplaceDemand {
  marketplaceId: string;
  dailyDemand: number;
  unitsPerDay: number;
  historyWeeks: number;
  weeksUsed: WeekUsed[];
  weeksExcluded: string[];
  /** Days in stock and days out of stock over the weeks the velocity looked at (used and excluded). */
  inStockDays: number;
  daysOutOfStock: number;
  seasonality: Seasonality;
}

export interface SkuAdvice {
  sku: string;
  dailyDemand: number;
  orderpoint: { min: number; max: number };
  terms: ForecastTerms;
  /**
   * The SKU's days in stock and out of stock over the velocity's weeks (its longest series: the marketplaces share
   * the stock, so their days out are the same days).
   */
  inStockDays: number;
  daysOutOfStock: number;
  marketplaces: MarketplaceDemand[];
  /** Null until the stock is read for the SKU (stock-advice.ts). */
  stock: SkuStock | null;
}

/** Advice per SKU, `stock` null: the stock figures need every SKU's demand first (stock-advice.ts). */
export function backendAdvice(series: ReadonlyArray<SeriesKey & { weeks: WeekSales[] }>, termsOf: (sku: string) => ForecastTerms): SkuAdvice[] {
  const bySku = new Map<string, Array<SeriesKey & { weeks: WeekSales[] }>>();
  for (const s of series) bySku.set(s.sku, [...(bySku.get(s.sku) ?? []), s]);
  return [...bySku].map(([sku, list]) => {
    const terms = termsOf(sku);
    const ahead = Math.max(1, Math.ceil((terms.leadTimeDays + terms.targetCoverDays) / 7));
    const marketplaces = list.map((s): MarketplaceDemand => {
      const d = dailyDemand(s.weeks, terms.halfLifeWeeks, ahead);
      return {
        marketplaceId: s.marketplaceId, dailyDemand: d.demand, unitsPerDay: d.velocity.unitsPerDay, historyWeeks: s.weeks.length,
        weeksUsed: d.velocity.used, weeksExcluded: d.velocity.excluded,
        inStockDays: d.velocity.inStockDays, daysOutOfStock: d.velocity.daysOutOfStock, seasonality: d.seasonality,
      };
    });
    const demand = marketplaces.reduce((a, m) => a + m.dailyDemand, 0);
    const longest = marketplaces.reduce((a, m) => (m.inStockDays + m.daysOutOfStock > a.inStockDays + a.daysOutOfStock ? m : a));
    return {
      sku, dailyDemand: demand, orderpoint: orderpointLevels(demand, terms), terms,
      inStockDays: longest.inStockDays, daysOutOfStock: longest.daysOutOfStock, marketplaces, stock: null,
    };
  });
}
