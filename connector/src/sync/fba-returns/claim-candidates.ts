/**
 * Claim candidates: returned units Amazon damaged (its warehouse, carrier or distributor: WAREHOUSE_DAMAGED) with no
 * reimbursement recorded for their order and SKU `fbaReturns.claimAfterDays` after the return, while Amazon's claim
 * window (CLAIM_WINDOW_DAYS from the return) is still open. Read by the API route and the /metrics gauge.
 */
import type { Queryable } from '../../core/sql.ts';
import { CLAIM_WINDOW_DAYS, WAREHOUSE_DAMAGED } from './dispositions.ts';
import { fbaReturnsSettings } from './fba-returns.settings.ts';

export interface ClaimCandidate {
  rowKey: string;
  amazonOrderId: string;
  sku: string;
  quantity: number;
  disposition: string;
  returnDate: Date;
  claimDeadline: Date;
}

const WHERE = `r.backend_id = $1 and r.disposition = any($2::text[])
  and r.return_date <= now() - make_interval(days => $3) and r.return_date > now() - make_interval(days => ${CLAIM_WINDOW_DAYS})
  and not exists (select 1 from fba_reimbursement m where m.backend_id = r.backend_id and m.order_id = r.order_id and m.sku = r.sku)`;

/** A backend's candidates, the nearest deadline first. */
export async function claimCandidates(db: Queryable, backendId: number, claimAfterDays: number, limit = 500): Promise<ClaimCandidate[]> {
  const { rows } = await db.query<ClaimCandidate>(
    `select r.row_key as "rowKey", r.order_id as "amazonOrderId", r.sku, r.quantity, r.disposition, r.return_date as "returnDate",
            r.return_date + make_interval(days => ${CLAIM_WINDOW_DAYS}) as "claimDeadline"
       from fba_return_row r where ${WHERE} order by r.return_date, r.row_key limit $4`,
    [backendId, [...WAREHOUSE_DAMAGED], claimAfterDays, limit],
  );
  return rows;
}

/** The number of candidates of each backend, each by its own `claimAfterDays`. */
export async function countClaimCandidates(db: Queryable, backendIds: readonly number[]): Promise<Map<number, number>> {
  const { rows: backends } = await db.query<{ id: number; settings: unknown }>('select id, settings from backend where id = any($1::int[])', [[...backendIds]]);
  const out = new Map<number, number>();
  for (const b of backends) {
    const days = fbaReturnsSettings.of(b.settings as never).claimAfterDays;
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from fba_return_row r where ${WHERE}`, [b.id, [...WAREHOUSE_DAMAGED], days]);
    out.set(b.id, rows[0]!.n);
  }
  return out;
}
