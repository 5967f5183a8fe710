/**
 * The delivered orders a sweep looks at: the backend's stored Amazon orders (the orders flow's documents) that are
 * SHIPPED, whose earliest delivery date is `delayDays` old or more but less than 60 days (Amazon's window closes 30
 * days after the latest delivery date), with no final review_request row, and not asked about in the last 20 hours
 * (once a day per order). A row left `sending` (an unknown outcome) always comes back. Oldest delivery first.
 */
import type { Queryable } from '../../core/sql.ts';
import { ORDER_DOCUMENT } from '../orders/index.ts';

const ISO = `'^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)$'`;
const EARLIEST = `(case when o.payload #>> '{fulfillment,deliverByWindow,earliestDateTime}' ~ ${ISO}
  then (o.payload #>> '{fulfillment,deliverByWindow,earliestDateTime}')::timestamptz end)`;

export interface Candidate {
  orderId: string;
  marketplaceId: string;
  /** The stored order without buyer data (dates, packages, items). */
  order: unknown;
  rowState: string | null;
}

export async function reviewCandidates(db: Queryable, backendId: number, q: { delayDays: number; limit: number }): Promise<Candidate[]> {
  const { rows } = await db.query<{ key: string; marketplace_id: string | null; payload: unknown; state: string | null }>(
    `select o.key, o.summary ->> 'marketplaceId' as marketplace_id, o.payload, r.state
       from fetched_document o
       left join review_request r on r.backend_id = o.backend_id and r.amazon_order_id = o.key
      where o.backend_id = $1 and o.kind = $2 and o.summary ->> 'status' = 'SHIPPED'
        and ${EARLIEST} between now() - interval '60 days' and now() - make_interval(days => $3::int)
        and (r.state is null or r.state = 'sending'
             or (r.state = 'waiting' and (r.checked_at is null or r.checked_at < now() - interval '20 hours')))
      order by ${EARLIEST}, o.key
      limit $4`,
    [backendId, ORDER_DOCUMENT.name, q.delayDays, q.limit],
  );
  return rows.map((r) => ({ orderId: r.key, marketplaceId: r.marketplace_id ?? '', order: r.payload, rowState: r.state }));
}
