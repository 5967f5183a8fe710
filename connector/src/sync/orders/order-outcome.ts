/** Where one stored order stands for the person who asked about it: its state, ERP order or open conflict. */
import type { Queryable } from '../../core/sql.ts';
import type { OrderSyncState } from './order-sync-state.ts';

export interface OrderOutcome {
  amazonOrderId: string;
  state: OrderSyncState;
  /** Why it waits, failed or is in conflict (a stable code). */
  code: string | null;
  erp: { id: number; name: string | null } | null;
  conflict: { code: string; message: string } | null;
}

/** Where the order stands now, with its ERP order and its newest open conflict. */
export async function orderOutcome(db: Queryable, backendId: number, amazonOrderId: string): Promise<OrderOutcome | null> {
  const { rows } = await db.query<{ state: OrderSyncState; code: string | null; erp_id: number | null; erp_name: string | null; conflict: { code: string; message: string } | null }>(
    `select o.state, o.code, b.erp_id, o.detail ->> 'erpName' as erp_name,
            (select json_build_object('code', c.code, 'message', c.message) from sync_conflict c
              where c.backend_id = o.backend_id and c.kind = 'order' and c.amazon_key = o.key and c.status = 'open'
              order by c.updated_at desc limit 1) as conflict
       from record_state o
       left join binding b on b.backend_id = o.backend_id and b.kind = 'order' and b.amazon_key = o.key
      where o.backend_id = $1 and o.flow = 'orders' and o.key = $2`,
    [backendId, amazonOrderId],
  );
  const r = rows[0];
  if (!r) return null;
  return { amazonOrderId, state: r.state, code: r.code, erp: r.erp_id === null ? null : { id: r.erp_id, name: r.erp_name }, conflict: r.state === 'conflict' ? r.conflict : null };
}
