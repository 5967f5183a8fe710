/**
 * `reorder_stock_sample` / `reorder_stock_day` (migration Migration20261211010000): the hours each backend's stock
 * was sampled per UTC day, and per SKU the hours it was at zero. A sample ORs its hour's bit in, so a repeat of the
 * same hour (a retried job) changes nothing, and two samples of one hour keep "at zero" if either saw it.
 */
import type { Queryable } from '../../../core/sql.ts';
import { daysOutPerWeek, isOutOfStockDay } from '../mapping/stock-days.ts';

/** Records one hour's sample: `zeroSkus` were at zero at hour `hour` (0-23, UTC) of `day` (run it in a transaction). */
export async function recordSample(tx: Queryable, backendId: number, day: string, hour: number, zeroSkus: readonly string[]): Promise<void> {
  const bit = 1 << hour;
  await tx.query(
    `insert into reorder_stock_sample (backend_id, day, hours) values ($1, $2::date, $3)
     on conflict (backend_id, day) do update set hours = reorder_stock_sample.hours | excluded.hours, sampled_at = now()`,
    [backendId, day, bit],
  );
  if (!zeroSkus.length) return;
  await tx.query(
    `insert into reorder_stock_day (backend_id, sku, day, zero_hours) select $1, sku, $2::date, $3 from unnest($4::text[]) as s(sku)
     on conflict (backend_id, sku, day) do update set zero_hours = reorder_stock_day.zero_hours | excluded.zero_hours`,
    [backendId, day, bit, [...zeroSkus]],
  );
}

/**
 * Days out of stock per SKU and week (its Monday) for the days [from, until), by the day rule (mapping/stock-days.ts).
 * A day never sampled counts as in stock: nothing says otherwise (the record starts when the task first runs).
 */
export async function daysOutOfStock(db: Queryable, backendId: number, from: string, until: string, skus?: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const { rows } = await db.query<{ sku: string; day: string; zero_hours: number; hours: number }>(
    `select d.sku, to_char(d.day, 'YYYY-MM-DD') as day, d.zero_hours, s.hours
       from reorder_stock_day d join reorder_stock_sample s on s.backend_id = d.backend_id and s.day = d.day
      where d.backend_id = $1 and d.day >= $2::date and d.day < $3::date and ($4::text[] is null or d.sku = any($4::text[]))`,
    [backendId, from, until, skus ? [...skus] : null],
  );
  const days = new Map<string, string[]>();
  for (const r of rows) if (isOutOfStockDay(r.zero_hours, r.hours)) days.set(r.sku, [...(days.get(r.sku) ?? []), r.day]);
  return new Map([...days].map(([sku, list]) => [sku, daysOutPerWeek(list)]));
}
