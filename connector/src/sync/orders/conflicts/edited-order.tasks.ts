/**
 * The work behind take_amazon and keep_erp (edited-order.actions.ts), run by a worker after the resolution
 * committed: each reads the ERP order again first, so what it decides is about the order as it is now.
 *
 * take_amazon does not write the lines itself: it moves the binding's write_date to the ERP's current one (the
 * person accepted that edit as the base) and re-runs the order (a followable resync run). The import then does what
 * it does for any Amazon change: maps the order fresh, refuses a delivered, invoiced or cancelled order
 * (ORDER_CHANGED_AFTER_IMPORT), else replaces the lines with the gateway's one write and rebinds (Amazon's update
 * time, payload hash, the ERP's new write_date). So there is one code path that writes lines, and a second copy of
 * the task only re-runs an order whose lines are already Amazon's (the import finds it unchanged).
 *
 * keep_erp rebinds to both sides as they are now (the ERP's write_date, the stored Amazon version and its hash), so
 * the import sees this Amazon version as synced, and records the order as `kept`.
 */
import { createBinder } from '../../../core/binding/binder.ts';
import { withTransaction } from '../../../core/tx.ts';
import { defineTask, type FlowJob } from '../../frame/flow.ts';
import { SALE_ORDER_MODEL, saleOrderGateway, type SaleOrderSide } from '../erp/sale-order.gateway.ts';
import { orderDocuments } from '../order-documents.ts';
import { getOrderState, setOrderStates } from '../order-sync-state.ts';
import { erpAmount } from '../record-outcomes.ts';
import { OrderDecisionPayload, TaskNames } from '../orders.payloads.ts';
import { enqueueResync } from '../resync-order.task.ts';

/** The order's binding and its ERP order as it is now (side null: gone from the ERP). */
async function erpSideOf(job: FlowJob, p: OrderDecisionPayload): Promise<{ erpId: number; side: SaleOrderSide | null } | null> {
  const binding = await job.env.core.binder.toErp(p.backendId, 'order', p.amazonOrderId);
  if (!binding) return null;
  const rt = await job.env.runtimes.get(p.backendId);
  const side = (await saleOrderGateway(rt.erp).readForUpdate([binding.erpId])).get(binding.erpId) ?? null;
  return { erpId: binding.erpId, side };
}

/** Whether Amazon's lines may still go onto the order (the import checks it again before writing). */
const stillOpen = (s: SaleOrderSide): boolean => s.state !== 'cancel' && !s.delivered && !s.invoiced;

export const takeAmazonTask = defineTask({
  name: TaskNames.takeAmazon,
  payload: OrderDecisionPayload,
  async run(job, p) {
    const bound = await erpSideOf(job, p);
    const side = bound?.side ?? null;
    await withTransaction(job.env.db.pool, async (tx) => {
      if (side && stillOpen(side)) {
        await createBinder(tx).bind(p.backendId, { kind: 'order', amazonKey: p.amazonOrderId, erpModel: SALE_ORDER_MODEL, erpId: side.id, erpWriteDate: side.writeDate });
      }
      // Delivered, invoiced, cancelled or gone meanwhile: the re-run raises the conflict that says so.
      await enqueueResync(tx, job.env.core.runs, p.backendId, p.amazonOrderId, 'conflict-resolved');
    });
    job.env.log.info('take_amazon', { backendId: p.backendId, amazonOrderId: p.amazonOrderId, applied: Boolean(side && stillOpen(side)) });
  },
});

export const keepErpTask = defineTask({
  name: TaskNames.keepErp,
  payload: OrderDecisionPayload,
  async run(job, p) {
    const { env } = job;
    const binding = await env.core.binder.toErp(p.backendId, 'order', p.amazonOrderId);
    const rt = binding ? await env.runtimes.get(p.backendId) : null;
    // Name, write_date and total of the ERP order as it is now (one call): the total is what the Orders screen shows.
    const so = binding && rt ? (await saleOrderGateway(rt.erp).readImported([binding.erpId])).get(binding.erpId) : undefined;
    if (!so) {
      // Nothing to keep any more: the re-run raises "no longer exists in the ERP" (or imports it) for a person.
      await withTransaction(env.db.pool, (tx) => enqueueResync(tx, env.core.runs, p.backendId, p.amazonOrderId, 'conflict-resolved'));
      return;
    }
    const stored = (await orderDocuments(env.core.documents).getMany(p.backendId, [p.amazonOrderId])).found.get(p.amazonOrderId);
    const currency = (await getOrderState(env.db.pool, p.backendId, p.amazonOrderId))?.detail.currency ?? null;
    await withTransaction(env.db.pool, async (tx) => {
      await createBinder(tx).bind(p.backendId, {
        kind: 'order', amazonKey: p.amazonOrderId, erpModel: SALE_ORDER_MODEL, erpId: so.id, erpWriteDate: so.writeDate,
        ...(stored ? { amazonUpdatedAt: stored.lastUpdatedAt, payloadHash: stored.contentHash } : {}),
      });
      await setOrderStates(tx, p.backendId, [{
        amazonOrderId: p.amazonOrderId, state: 'kept', code: 'ORDER_EDITED_IN_ERP', erpOrderName: so.name,
        ...(currency ? { erpTotal: erpAmount(so.amountTotal, currency) } : {}),
      }]);
    });
  },
});
