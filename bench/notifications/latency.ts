/**
 * The bench's stopwatch: from a change made in the Amazon sandbox (in this process, so the start time is exact) to
 * the moment the connector's database shows the order imported (`sync_state = 'imported'`: the ERP order is
 * confirmed, the import writes that state after `action_confirm` answered), polled every 50 ms (figures +-50 ms).
 * The poll reads the connector's database, not the ERP: the ERP sandbox's cost model would count it.
 */
import type { Queryable } from '../../connector/src/core/sql.ts';

export interface Watched {
  orderId: string;
  kind: 'new' | 'status';
  changedAt: number;
}

export interface LatencyFigures {
  n: number;
  p50: number;
  p95: number;
  max: number;
  /** Orders not imported before the deadline (counted apart, not in the figures). */
  missing: number;
}

export const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN; };
export const round2 = (x: number) => Math.round(x * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until every watched order is imported or `deadline` (epoch ms) passes; returns seconds per order. */
export async function watchImports(db: Queryable, backendId: number, watched: () => Watched[], until: () => boolean, deadline: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (;;) {
    const list = watched().filter((w) => !seen.has(w.orderId));
    if (list.length) {
      const { rows } = await db.query<{ amazon_order_id: string }>(
        `select amazon_order_id from amazon_order where backend_id = $1 and sync_state = 'imported' and amazon_order_id = any($2)`,
        [backendId, list.map((w) => w.orderId)],
      );
      const now = Date.now();
      for (const r of rows) seen.set(r.amazon_order_id, (now - list.find((w) => w.orderId === r.amazon_order_id)!.changedAt) / 1000);
    }
    if ((until() && watched().every((w) => seen.has(w.orderId))) || Date.now() > deadline) return seen;
    await sleep(50);
  }
}

export function figures(seconds: number[], missing: number): LatencyFigures {
  return { n: seconds.length, p50: round2(quantile(seconds, 0.5)), p95: round2(quantile(seconds, 0.95)), max: round2(Math.max(...seconds)), missing };
}
