/** Which of some Amazon orders had FBA customer returns (the review-requests flow asks before sending). */
import type { Queryable } from '../../core/sql.ts';

export async function fbaReturnedOrderIds(db: Queryable, backendId: number, orderIds: readonly string[]): Promise<Set<string>> {
  if (!orderIds.length) return new Set();
  const { rows } = await db.query<{ order_id: string }>(
    'select distinct order_id from fba_return_row where backend_id = $1 and order_id = any($2::text[])',
    [backendId, [...orderIds]],
  );
  return new Set(rows.map((r) => r.order_id));
}
