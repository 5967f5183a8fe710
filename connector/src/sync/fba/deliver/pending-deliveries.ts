/**
 * The imported FBA orders whose delivery the connector has not validated yet: the order flow's record states
 * (`imported`) of stored orders Amazon fulfils, without this flow's `delivered` or `conflict` state. One statement,
 * oldest import first.
 */
import type { Queryable } from '../../../core/sql.ts';
import { ORDER_DOCUMENT, ORDERS_FLOW } from '../../orders/index.ts';
import { FBA_FLOW } from '../fba.payloads.ts';

/** Up to `limit` Amazon order ids of `backendId` waiting for their delivery to be validated. */
export async function pendingDeliveries(db: Queryable, backendId: number, limit: number): Promise<string[]> {
  const r = await db.query<{ key: string }>(
    `select o.key from record_state o
       join fetched_document d on d.backend_id = o.backend_id and d.kind = $3 and d.key = o.key
       left join record_state f on f.backend_id = o.backend_id and f.flow = $4 and f.key = o.key
      where o.backend_id = $1 and o.flow = $2 and o.state = 'imported'
        and d.summary->>'fulfilledBy' = 'AMAZON' and d.summary->>'status' = 'SHIPPED'
        and (f.key is null or f.state not in ('delivered', 'conflict'))
      order by o.id limit $5`,
    [backendId, ORDERS_FLOW, ORDER_DOCUMENT.name, FBA_FLOW, limit],
  );
  return r.rows.map((x) => x.key);
}
