/**
 * "Activate and retry" on a PRODUCT_ARCHIVED conflict (a SKU whose ERP product is archived): the resolving
 * transaction enqueues one task per order (job key), which activates the product in the ERP (its template first
 * when archived too) and then re-runs the order as a followable resync run. The ERP write happens in the task,
 * never inside the transaction; activating twice writes nothing the second time (it reads first).
 */
import { PermanentError } from '../../../core/errors.ts';
import { enqueue } from '../../../core/queue/enqueue.ts';
import { withTransaction } from '../../../core/tx.ts';
import { defineTask, type ActionConflict, type FlowConflictAction } from '../../frame/flow.ts';
import { activateProduct } from '../erp/product-state.gateway.ts';
import { ActivateProductPayload, TaskNames, Tasks } from '../orders.payloads.ts';
import { enqueueResync } from '../resync-order.task.ts';

export const ACTIVATE_AND_RETRY = 'activate_and_retry';

/** The archived product a PRODUCT_ARCHIVED conflict names (the order-lines mapper's `{ sku, productId, product }`). */
export const archivedProductOf = (diff: unknown): number | null => {
  const id = diff !== null && typeof diff === 'object' ? (diff as { productId?: unknown }).productId : undefined;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : null;
};

const fits = (c: ActionConflict): boolean => c.kind === 'order' && !c.amazonKey.startsWith('unidentified:') && archivedProductOf(c.diff) !== null;

export const activateAndRetryAction: FlowConflictAction = {
  action: ACTIVATE_AND_RETRY,
  description: 'activate_and_retry: make the archived ERP product active again (its template too when archived) and import the order again',
  unavailableWhy: 'the conflict names no ERP product: activate it in the ERP, then retry',
  available: fits,
  async run(c, tx) {
    const productId = archivedProductOf(c.diff);
    if (productId === null) throw new PermanentError('CONFLICT_INPUT_MISSING', 'activate_and_retry needs the conflict to name the archived product', { id: c.id });
    const payload: ActivateProductPayload = { backendId: c.backendId, amazonOrderId: c.amazonKey, productId };
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
    await withTransaction(job.env.db.pool, (tx) => enqueueResync(tx, job.env.core.runs, p.backendId, p.amazonOrderId, 'conflict-resolved'));
  },
});
