/**
 * The reorder advice of one backend as the API shows it, read-only: its weekly sales (the last `weeks` complete
 * weeks: stored orders, and the kept sums of weeks older than the retention) through the forecast core, with the backend's `reorder` terms. No ERP or Amazon call: the
 * stock figures (cover, quantity to order) come with the stock slice, till then `stock` is null.
 */
import type { Queryable } from '../../core/sql.ts';
import type { BackendSettings } from '../../core/backend/settings/index.ts';
import { retentionSettings } from '../../core/backend/settings/index.ts';
import { completeFrom, salesHistory } from './history/kept-sales.ts';
import { backendAdvice, type SkuAdvice } from './mapping/backend-advice.ts';
import { addWeeks, mondayOf, weeklySeries } from './mapping/weekly-series.ts';
import { reorderSettings, termsFor } from './reorder.settings.ts';

export interface AdviceQuery {
  /** Complete weeks of history to read (the current week is never counted: it is not over). */
  weeks: number;
  sku?: string;
  now?: Date;
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
  const rows = await salesHistory(db, backendId, { from, until, complete }, q.sku ? [q.sku] : undefined);
  const items = backendAdvice(weeklySeries(rows, until), (sku) => termsFor(settings, sku));
  return { enabled: reorderSettings.of(settings).enabled, from, until, items };
}
