/**
 * The orders held by SKUs that just got a product: their open SKU_UNMAPPED conflicts are resolved as a retry, so
 * core's re-run hook (the orders flow's resync) enqueues them in the resolving transaction. An order that still
 * sells another unmapped SKU is raised again by its re-run, with that SKU.
 */
import type { CoreServices } from '../../../core/services.ts';
import type { Queryable } from '../../../core/sql.ts';

/** Retries the orders waiting on any of `skus`; returns how many conflicts were re-run (0 while the backend is disabled). */
export async function retryHeldOrders(db: Queryable, core: Pick<CoreServices, 'conflicts' | 'backends'>, backendId: number, skus: readonly string[], actor: string): Promise<number> {
  if (!skus.length) return 0;
  // A disabled backend's jobs do nothing: its conflicts stay open, to be retried once it is enabled.
  if ((await core.backends.state(backendId)) !== 'active') return 0;
  const { rows } = await db.query<{ id: number }>(
    `select c.id::int from sync_conflict c
      where c.backend_id = $1 and c.status = 'open' and c.code = 'SKU_UNMAPPED' and c.kind = 'order'
        and exists (select 1 from unnest($2::text[]) k
                     where c.amazon_snapshot -> 'orderItems' @> jsonb_build_array(jsonb_build_object('product', jsonb_build_object('sellerSku', k))))`,
    [backendId, [...new Set(skus)]],
  );
  if (!rows.length) return 0;
  const note = skus.length === 1 ? `SKU ${skus[0]} mapped` : `${skus.length} SKUs mapped`;
  const done = await core.conflicts.resolveWhere({ backendId, ids: rows.map((r) => r.id) }, { action: 'retry', by: actor, note });
  return done.count;
}
