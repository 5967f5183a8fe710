/**
 * Buyers' cancel requests nobody has answered yet (`order_cancellation` rows of source buyer_request still
 * requested or asked): what the care flow turns into one ERP activity per order, so a person decides in time.
 */
import type { Queryable } from '../../core/sql.ts';

export interface OpenBuyerRequest {
  amazonOrderId: string;
  reason: string | null;
  requestedAt: Date;
}

export async function openBuyerRequests(db: Queryable, backendId: number): Promise<OpenBuyerRequest[]> {
  const { rows } = await db.query<OpenBuyerRequest>(
    `select amazon_order_id as "amazonOrderId", request_reason as reason, created_at as "requestedAt"
       from order_cancellation where backend_id = $1 and source = 'buyer_request' and state in ('requested', 'asked')
      order by created_at, amazon_order_id`,
    [backendId],
  );
  return rows;
}
