/**
 * Claim candidates, each with no reimbursement recorded for its order and SKU `fbaReturns.claimAfterDays` after the
 * event, while Amazon's claim window (CLAIM_WINDOW_DAYS from it) is still open; read by the API route and the gauge:
 * - damaged: returned units Amazon damaged (its warehouse, carrier or distributor: WAREHOUSE_DAMAGED), from the return;
 * - lost: units of an FBA order (its delivery bound by the fba flow) the buyer was refunded for (the refunds flow's
 *   stored refunds, when that flow is on) that no returns report shows back, from the refund (disposition `LOST`).
 */
import { joinBinding } from '../../core/binding/binding-join.ts';
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

const NOT_REIMBURSED = (order: string, sku: string) =>
  `not exists (select 1 from fba_reimbursement m where m.backend_id = $1 and m.order_id = ${order} and m.sku = ${sku})`;
const WINDOW = (at: string) => `${at} <= now() - make_interval(days => $2) and ${at} > now() - make_interval(days => ${CLAIM_WINDOW_DAYS})`;

/** Both kinds as one statement ($1 backend, $2 claimAfterDays, $3 the Amazon-damaged dispositions). */
const CANDIDATES = `
  select r.row_key as "rowKey", r.order_id as "amazonOrderId", r.sku, r.quantity, r.disposition, r.return_date as at
    from fba_return_row r
   where r.backend_id = $1 and r.disposition = any($3::text[]) and ${WINDOW('r.return_date')} and ${NOT_REIMBURSED('r.order_id', 'r.sku')}
  union all
  select 'lost:' || f.order_id || '/' || f.sku, f.order_id, f.sku, (f.units - coalesce(x.units, 0))::int, 'LOST', f.refunded_at
    from (select d.backend_id, d.payload->>'orderId' as order_id, i->>'sku' as sku, sum((i->>'quantity')::int) as units,
                 max((d.payload->>'postedDate')::timestamptz) as refunded_at
            from fetched_document d cross join lateral jsonb_array_elements(d.payload->'items') i
           where d.backend_id = $1 and d.kind = 'refund' and d.payload->>'orderId' is not null and i->>'sku' is not null
             and jsonb_typeof(i->'quantity') = 'number'
           group by 1, 2, 3) f
    ${joinBinding('fd', { backendId: 'f.backend_id', kind: 'fba_delivery', amazonKey: 'f.order_id' })}
    left join lateral (select sum(quantity)::int as units from fba_return_row r where r.backend_id = $1 and r.order_id = f.order_id and r.sku = f.sku) x on true
   where fd.erp_id is not null and f.units > coalesce(x.units, 0) and ${WINDOW('f.refunded_at')} and ${NOT_REIMBURSED('f.order_id', 'f.sku')}`;

/** A backend's candidates, the nearest deadline first. */
export async function claimCandidates(db: Queryable, backendId: number, claimAfterDays: number, limit = 500): Promise<ClaimCandidate[]> {
  const { rows } = await db.query<ClaimCandidate>(
    `select c."rowKey", c."amazonOrderId", c.sku, c.quantity, c.disposition, c.at as "returnDate", c.at + make_interval(days => ${CLAIM_WINDOW_DAYS}) as "claimDeadline"
       from (${CANDIDATES}) c order by c.at, c."rowKey" limit $4`,
    [backendId, claimAfterDays, [...WAREHOUSE_DAMAGED], limit],
  );
  return rows;
}

/** The number of candidates of each backend, each by its own `claimAfterDays`. */
export async function countClaimCandidates(db: Queryable, backendIds: readonly number[]): Promise<Map<number, number>> {
  const { rows: backends } = await db.query<{ id: number; settings: unknown }>('select id, settings from backend where id = any($1::int[])', [[...backendIds]]);
  const out = new Map<number, number>();
  for (const b of backends) {
    const days = fbaReturnsSettings.of(b.settings as never).claimAfterDays;
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from (${CANDIDATES}) c`, [b.id, days, [...WAREHOUSE_DAMAGED]]);
    out.set(b.id, rows[0]!.n);
  }
  return out;
}
