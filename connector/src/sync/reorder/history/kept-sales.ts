/**
 * Weekly sales kept past the retention prune of the order documents (`reorder_weekly_sales`): a year-earlier
 * season needs more history than `retention.documentsDays` keeps. Only weeks whose orders are all still stored are
 * kept (created on or after now - documentsDays: an order is fetched after it is created and the prune goes by fetch
 * time), each time replaced as a whole (absolute: a repeat or a later cancellation leaves the right sums). The
 * history reads the documents for those weeks and the kept sums before them, the documents again for a week never
 * kept (a backend older than its first keeping).
 */
import type { Queryable } from '../../../core/sql.ts';
import { addWeeks, mondayOf } from '../mapping/weekly-series.ts';
import { WEEKLY_SALES_SELECT, weeklySales, type WeeklySalesRow } from './weekly-sales.query.ts';

const DAY = 86_400_000;

/** The first Monday from which every order is still stored, given the backend's document retention. */
export const completeFrom = (now: Date, documentsDays: number): string => addWeeks(mondayOf(new Date(now.getTime() - documentsDays * DAY)), 1);

/** Replaces the kept sums of the weeks [from, until) with the documents' (run it in a transaction). */
export async function keepWeeklySales(tx: Queryable, backendId: number, from: string, until: string): Promise<number> {
  if (from >= until) return 0;
  await tx.query(`delete from reorder_weekly_sales where backend_id = $1 and week >= $2::date and week < $3::date`, [backendId, from, until]);
  const r = await tx.query(
    `insert into reorder_weekly_sales (backend_id, sku, marketplace_id, week, units)
     select $1, sku, marketplace_id, week, units from (${WEEKLY_SALES_SELECT}) s where units > 0`,
    [backendId, from, until, null],
  );
  return r.rowCount ?? 0;
}

/** The weekly sales of [from, until): documents from `complete` on, kept sums before (documents where none kept). */
export async function salesHistory(db: Queryable, backendId: number, range: { from: string; until: string; complete: string }, skus?: readonly string[]): Promise<WeeklySalesRow[]> {
  const cut = range.complete < range.from ? range.from : range.complete > range.until ? range.until : range.complete;
  const recent = cut < range.until ? await weeklySales(db, backendId, cut, range.until, skus) : [];
  if (range.from >= cut) return recent;
  const kept = await db.query<{ sku: string; marketplace_id: string; week: string; units: number }>(
    `select sku, marketplace_id, to_char(week, 'YYYY-MM-DD') as week, units from reorder_weekly_sales
      where backend_id = $1 and week >= $2::date and week < $3::date and ($4::text[] is null or sku = any($4::text[]))`,
    [backendId, range.from, cut, skus ? [...skus] : null],
  );
  const keptWeeks = await db.query<{ week: string }>(
    `select distinct to_char(week, 'YYYY-MM-DD') as week from reorder_weekly_sales where backend_id = $1 and week >= $2::date and week < $3::date`,
    [backendId, range.from, cut],
  );
  const known = new Set(keptWeeks.rows.map((r) => r.week));
  const older = (await weeklySales(db, backendId, range.from, cut, skus)).filter((r) => !known.has(r.week));
  return [...kept.rows.map((r) => ({ sku: r.sku, marketplaceId: r.marketplace_id, week: r.week, units: Number(r.units) })), ...older, ...recent];
}
