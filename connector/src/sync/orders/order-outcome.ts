/** Where one stored order stands for the person who asked about it: its state, ERP order or open conflict. */
import { createBinder } from '../../core/binding/binder.ts';
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
  const { rows } = await db.query<{ state: OrderSyncState; code: string | null; erp_name: string | null; conflict: { code: string; message: string } | null }>(
    `select o.state, o.code, o.detail ->> 'erpName' as erp_name,
            (select json_build_object('code', c.code, 'message', c.message) from sync_conflict c
              where c.backend_id = o.backend_id and c.kind = 'order' and c.amazon_key = o.key and c.status = 'open'
              order by c.updated_at desc limit 1) as conflict
       from record_state o
      where o.backend_id = $1 and o.flow = 'orders' and o.key = $2`,
    [backendId, amazonOrderId],
  );
  const r = rows[0];
  if (!r) return null;
  // The ERP order through the binder (the only reader of bindings), not a join of its table.
  const bound = await createBinder(db).toErp(backendId, 'order', amazonOrderId);
  return { amazonOrderId, state: r.state, code: r.code, erp: bound ? { id: bound.erpId, name: r.erp_name } : null, conflict: r.state === 'conflict' ? r.conflict : null };
}
