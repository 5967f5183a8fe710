/**
 * The merchant returns buyers asked for, per order, as the returns report staged them (`merchant_return`): what the
 * care flow turns into one ERP activity per order (a person answers the request, authorises the label, refunds).
 */
import type { Queryable } from '../../core/sql.ts';

export interface ReturnRequest {
  amazonOrderId: string;
  rmaIds: string[];
  reasons: string[];
  requestedAt: Date | null;
}

/** The backend's returns requested (or first seen) within `sinceDays`, one entry per order. */
export async function returnRequests(db: Queryable, backendId: number, sinceDays: number): Promise<ReturnRequest[]> {
  const { rows } = await db.query<ReturnRequest>(
    `select order_id as "amazonOrderId", array_agg(distinct rma_id order by rma_id) as "rmaIds", array_agg(distinct reason order by reason) as reasons,
            min(requested_at) as "requestedAt"
       from merchant_return
      where backend_id = $1 and coalesce(requested_at, first_seen_at) > now() - make_interval(days => $2::int)
      group by order_id order by order_id`,
    [backendId, sinceDays],
  );
  return rows;
}
