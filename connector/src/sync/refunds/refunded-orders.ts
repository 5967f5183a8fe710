/** Which of some Amazon orders the refunds flow has seen a refund for (the review-requests flow asks before sending). */
import type { Queryable } from '../../core/sql.ts';
import { refundKind } from './refund-document.ts';

export async function refundedOrderIds(db: Queryable, backendId: number, orderIds: readonly string[]): Promise<Set<string>> {
  if (!orderIds.length) return new Set();
  const { rows } = await db.query<{ order_id: string }>(
    `select distinct payload ->> 'orderId' as order_id from fetched_document
      where backend_id = $1 and kind = $2 and payload ->> 'orderId' = any($3::text[])`,
    [backendId, refundKind.name, [...orderIds]],
  );
  return new Set(rows.map((r) => r.order_id));
}
