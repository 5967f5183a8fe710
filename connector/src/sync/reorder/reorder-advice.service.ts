/**
 * The reorder advice of one backend as the API shows it, read-only: its weekly sales (the last `weeks` complete
 * weeks: stored orders, and the kept sums of weeks older than the retention; the days out of stock from the
 * hourly stock samples) through the forecast core, with the
 * backend's `reorder` terms; with a stock reader, the stock figures per product (the ERP warehouses read now, the
 * FBA pools as their last snapshot stored them: stock-advice.ts). No Amazon call.
 */
import type { Queryable } from '../../core/sql.ts';
import type { BackendSettings } from '../../core/backend/settings/index.ts';
import { retentionSettings } from '../../core/backend/settings/index.ts';
import { completeFrom, salesHistory } from './history/kept-sales.ts';
import { backendAdvice, type SkuAdvice } from './mapping/backend-advice.ts';
import { stockFigures, type StockInputs } from './mapping/stock-advice.ts';
import { addWeeks, mondayOf, weeklySeries } from './mapping/weekly-series.ts';
import { daysOutOfStock } from './stock-days/stock-day-store.ts';
import { reorderSettings, termsFor } from './reorder.settings.ts';

export interface AdviceQuery {
  /** Complete weeks of history to read (the current week is never counted: it is not over). */
  weeks: number;
  sku?: string;
  now?: Date;
  /** Reads the stock of these SKUs; absent: `stock` stays null. */
  stock?: (skus: string[]) => Promise<StockInputs>;
}

export interface BackendAdvice {
  enabled: boolean;
  /** The first and the last-plus-one Monday of the weeks read. */
  from: string;
  until: string;
  items: SkuAdvice[];
}

/** The advice of `backendId`, whose parsed settings are `settings`. */
export async function adviceOfBackend(db: Queryable, backendId: number, settings: BackendSettings, q: AdviceQuery): Promise<BackendAdvice> {
  const now = q.now ?? new Date();
  const until = mondayOf(now);
  const from = addWeeks(until, -q.weeks);
  const complete = completeFrom(now, retentionSettings.of(settings).documentsDays);
  const skus = q.sku ? [q.sku] : undefined;
  const rows = await salesHistory(db, backendId, { from, until, complete }, skus);
  // the days each SKU had nothing to sell: the velocity and the seasonality leave them out (stock-days/)
  const daysOut = await daysOutOfStock(db, backendId, from, until, skus);
  const termsOf = (sku: string) => termsFor(settings, sku);
  let items = backendAdvice(weeklySeries(rows, until, daysOut), termsOf);
  if (q.stock && items.length) {
    const figures = stockFigures(items, await q.stock(items.map((i) => i.sku)), termsOf);
    items = items.map((i) => ({ ...i, stock: figures.get(i.sku) ?? null }));
  }
  return { enabled: reorderSettings.of(settings).enabled, from, until, items };
}
