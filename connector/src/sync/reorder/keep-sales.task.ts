/**
 * `reorder:keep-sales`, daily: for every backend, the weekly sales of the weeks whose orders are all still stored
 * are kept (history/kept-sales.ts), before the retention prune takes the oldest orders away. Not per backend (a
 * loop, like the other safety nets); it reads and writes the connector's own tables only, so it runs for every
 * backend whether or not `reorder.enabled` is on: a backend switched on later has its past seasons.
 */
import { retentionSettings } from '../../core/backend/settings/index.ts';
import { withTransaction } from '../../core/tx.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { completeFrom, keepWeeklySales } from './history/kept-sales.ts';
import { mondayOf } from './mapping/weekly-series.ts';

/** Keeps every backend's complete weeks; returns the rows written per backend. */
export async function keepSalesOfEveryBackend(env: Pick<TaskEnv, 'db' | 'core'>, now = new Date()): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const b of await env.core.backends.list()) {
    const from = completeFrom(now, retentionSettings.of(b.settings).documentsDays);
    out.set(b.id, await withTransaction(env.db.pool, (tx) => keepWeeklySales(tx, b.id, from, mondayOf(now))));
  }
  return out;
}
