/**
 * "Activate and retry" on a PRODUCT_ARCHIVED conflict (a SKU whose ERP product is archived): the resolving
 * transaction enqueues one task per order (job key), which activates the product in the ERP (its template first
 * when archived too) and then re-runs the order as a followable resync run. The ERP write happens in the task,
 * never inside the transaction; activating twice writes nothing the second time (it reads first). The backend's
 * other open PRODUCT_ARCHIVED conflicts naming the same product are closed with it (one audit entry each) and their
 * orders re-run by the same task once the product is active: one activation cures every order that waited on it.
 */
import { PermanentError } from '../../../core/errors.ts';
import { recordAuditMany } from '../../../core/audit/audit-log.ts';
import type { Queryable } from '../../../core/sql.ts';
import { enqueue } from '../../../core/queue/enqueue.ts';
import { withTransaction } from '../../../core/tx.ts';
import { defineTask } from '../../frame/flow.ts';
import type { ActionConflict, FlowConflictAction } from '../../frame/flow-conflicts.ts';
import { activateProduct } from '../erp/product-state.gateway.ts';
import { ActivateProductPayload, TaskNames, Tasks } from '../orders.payloads.ts';
import { enqueueResync, enqueueResyncMany } from '../resync-order.task.ts';

export const ACTIVATE_AND_RETRY = 'activate_and_retry';

/** The archived product a PRODUCT_ARCHIVED conflict names (the order-lines mapper's `{ sku, productId, product }`). */
export const archivedProductOf = (diff: unknown): number | null => {
  const id = diff !== null && typeof diff === 'object' ? (diff as { productId?: unknown }).productId : undefined;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : null;
};

const fits = (c: ActionConflict): boolean => c.kind === 'order' && !c.amazonKey.startsWith('unidentified:') && archivedProductOf(c.diff) !== null;

/** Closes the backend's other open PRODUCT_ARCHIVED conflicts on `productId` (audited); their orders' keys. */
async function closeOthers(tx: Queryable, c: ActionConflict, productId: number, by: string): Promise<string[]> {
  const resolution = { action: ACTIVATE_AND_RETRY, by, note: `product ${productId} activated on conflict ${c.id}`, data: { productId } };
  const { rows } = await tx.query<{ id: number; amazon_key: string }>(
    `update sync_conflict set status = 'resolved', resolved_at = now(), updated_at = now(), resolution = $4
      where backend_id = $1 and kind = 'order' and code = 'PRODUCT_ARCHIVED' and status = 'open' and id <> $2
        and diff ->> 'productId' = $3 and amazon_key not like 'unidentified:%'
      returning id::int, amazon_key`,
    [c.backendId, c.id, String(productId), JSON.stringify(resolution)],
  );
  await recordAuditMany(tx, rows.map((r) => ({
    actor: by, action: 'conflict.resolve', backendId: c.backendId, target: `conflict:${r.id}`,
    before: { status: 'open', code: 'PRODUCT_ARCHIVED', kind: 'order', amazonKey: r.amazon_key },
    after: { status: 'resolved', resolution: { ...resolution, via: c.id } },
  })));
  return rows.map((r) => r.amazon_key).filter((k) => k !== c.amazonKey);
}

export const activateAndRetryAction: FlowConflictAction = {
  action: ACTIVATE_AND_RETRY,
  description: 'activate_and_retry: make the archived ERP product active again (its template too when archived) and import the order again',
  unavailableWhy: 'the conflict names no ERP product: activate it in the ERP, then retry',
  available: fits,
  async run(c, tx, _env, resolution) {
    const productId = archivedProductOf(c.diff);
    if (productId === null) throw new PermanentError('CONFLICT_INPUT_MISSING', 'activate_and_retry needs the conflict to name the archived product', { id: c.id });
    const others = await closeOthers(tx, c, productId, resolution.by);
    const payload: ActivateProductPayload = { backendId: c.backendId, amazonOrderId: c.amazonKey, productId, ...(others.length ? { others } : {}) };
    await enqueue(tx, Tasks.activateProduct, payload, { jobKey: `orders:activate-product:${c.backendId}:${c.amazonKey}`, maxAttempts: 10 });
  },
};

export const activateProductTask = defineTask({
  name: TaskNames.activateProduct,
  payload: ActivateProductPayload,
  async run(job, p) {
    const rt = await job.env.runtimes.get(p.backendId);
    const wrote = await activateProduct(rt.erp, p.productId);
    // A product deleted meanwhile: the re-run raises what the order meets now (SKU_UNMAPPED, or the ERP's refusal).
    job.env.log.info('activate_and_retry', { backendId: p.backendId, productId: p.productId, found: wrote !== null, ...(wrote ?? {}) });
    await withTransaction(job.env.db.pool, async (tx) => {
      await enqueueResync(tx, job.env.core.runs, p.backendId, p.amazonOrderId, 'conflict-resolved');
      if (p.others?.length) await enqueueResyncMany(tx, job.env.core.runs, p.backendId, p.others, 'conflict-resolved');
    });
  },
});
