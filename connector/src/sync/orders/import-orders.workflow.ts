/**
 * Imports a batch of stored Amazon orders (already locked by the caller) into the ERP: decides per order what
 * to do (wait, ignore, create, update, conflict), runs the create workflow over the batch — map, find by
 * reference, customers, create, confirm, verify — and records where each order stands, raising a conflict per
 * problem and closing the conflicts of orders that now went through.
 */
import { runWorkflow, type RecordStatus } from '../../core/workflow/runner.ts';
import type { CoreServices } from '../../core/services.ts';
import type { LockSession } from '../../core/lock.ts';
import type { BackendRuntime } from './backend-runtime.ts';
import { buildOrderContext } from './order-context.ts';
import { ordersSettings } from './orders.settings.ts';
import { orderDisposition } from './order-state.ts';
import { setOrderStates, type OrderStateUpdate } from './order-sync-state.ts';
import { orderDocuments } from './order-documents.ts';
import type { OrderWork, ImportDeps } from './order-work.ts';
import { mapOrdersStep } from './steps/map-orders.step.ts';
import { findErpOrdersStep } from './steps/find-erp-orders.step.ts';
import { resolveCustomersStep } from './steps/resolve-customers.step.ts';
import { createSaleOrdersStep } from './steps/create-sale-orders.step.ts';
import { confirmSaleOrdersStep } from './steps/confirm-sale-orders.step.ts';
import { verifyImportedStep } from './steps/verify-imported.step.ts';
import { applyOrderChanges } from './update-orders.ts';
import { recordOutcomes, snapshot, tally, type ImportResult } from './record-outcomes.ts';

export type { ImportResult };

/** Imports `orderIds` of `rt`'s backend; `runId` receives the step log. */
export async function importOrders(
  core: CoreServices,
  rt: BackendRuntime,
  orderIds: readonly string[],
  runId: number,
  locks: LockSession,
): Promise<ImportResult> {
  const backendId = rt.backend.id;
  const { found: stored, malformed } = await orderDocuments(core.documents).getMany(backendId, orderIds, { withPii: true });
  const bindings = await core.binder.toErpMany(backendId, 'order', [...stored.keys()]);
  const states: OrderStateUpdate[] = [];
  const result: ImportResult = { imported: [], retry: [], retryAfterMs: 2_000, counts: {}, conflictCodes: {}, failedCodes: {} };
  // Stored, then no longer matching the model (edited by hand, or a model change): a conflict, never a cast.
  for (const [id, problems] of malformed) {
    await core.conflicts.raise({ backendId, kind: 'order', amazonKey: id, code: 'ORDER_MALFORMED', message: `The stored order does not match its model: ${problems.slice(0, 3).join('; ')}`, diff: { problems } });
    tally(result.conflictCodes, 'ORDER_MALFORMED');
    states.push({ amazonOrderId: id, state: 'conflict', code: 'ORDER_MALFORMED' });
  }
  const toCreate: OrderWork[] = [];
  const toUpdate: OrderWork[] = [];
  for (const s of stored.values()) {
    const order = s.order;
    const binding = bindings.get(s.amazonOrderId);
    const d = orderDisposition(order, binding !== undefined);
    const work: OrderWork = { key: s.amazonOrderId, stored: s, order };
    if (d.action === 'wait') states.push({ amazonOrderId: s.amazonOrderId, state: 'waiting', code: d.code });
    else if (d.action === 'ignore') {
      states.push({ amazonOrderId: s.amazonOrderId, state: order.fulfillment?.fulfilledBy === 'AMAZON' ? 'ignored' : 'not_imported', code: d.code });
    } else if (d.action === 'conflict') {
      await core.conflicts.raise({ backendId, kind: 'order', amazonKey: s.amazonOrderId, code: d.code!, message: d.reason, amazonSnapshot: snapshot(s.order) });
      tally(result.conflictCodes, d.code!);
      states.push({ amazonOrderId: s.amazonOrderId, state: 'conflict', code: d.code });
    } else if (d.action === 'update') {
      // Bound but never verified: a run died between create (or confirm) and verify. Finish that import; its
      // steps find the ERP order by reference, so nothing is created twice and a draft still gets confirmed.
      if (binding!.erpWriteDate === null) toCreate.push(work);
      // Unchanged since its import: still say what shipped, since a run killed between verify and recording
      // left the order without it (the shipment lifecycle reads it).
      else if (binding!.payloadHash === s.contentHash) states.push({ amazonOrderId: s.amazonOrderId, state: 'imported', code: null, shipped: d.shipped });
      else toUpdate.push(work);
    } else toCreate.push(work);
  }

  if (toCreate.length || toUpdate.length) {
    const skus = [...toCreate, ...toUpdate].flatMap((w) => w.order.orderItems.map((i) => i.product.sellerSku ?? ''));
    const ctx = await buildOrderContext(core, rt, skus.filter(Boolean));
    const deps: ImportDeps = { core, rt, ctx, batchSize: ordersSettings.of(rt.backend.settings).batchSize, locks };
    const steps = [mapOrdersStep(deps), findErpOrdersStep(deps), resolveCustomersStep(deps), createSaleOrdersStep(deps), confirmSaleOrdersStep(deps), verifyImportedStep(deps)];
    const run = await runWorkflow(steps, toCreate, { writeSteps: (entries) => core.runs.writeSteps(runId, entries) });
    const updated = toUpdate.length ? await applyOrderChanges(deps, toUpdate, runId) : { outcomes: [] };
    await recordOutcomes(core, backendId, [...run.outcomes, ...updated.outcomes], states, result);
  }
  await core.runs.record(runId, { steps: [], counts: result.counts as Record<RecordStatus, number> });
  // Each state is about the order version read here (lists of a state sort on its time).
  await setOrderStates(core.pool, backendId, states.map((s) => ({ ...s, sourceUpdatedAt: stored.get(s.amazonOrderId)?.lastUpdatedAt })));
  await core.conflicts.resolveOpenForMany(backendId, 'order', result.imported, { action: 'synced', by: 'connector' });
  return result;
}
