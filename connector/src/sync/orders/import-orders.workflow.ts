/**
 * Imports a batch of stored Amazon orders (already locked by the caller) into the ERP: decides per order what
 * to do (wait, ignore, create, update, conflict), runs the create workflow over the batch — map, find by
 * reference, customers, create, confirm, verify — and records where each order stands, raising a conflict per
 * problem and closing the conflicts of orders that now went through.
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { runWorkflow, type RecordStatus } from '../../core/workflow/runner.ts';
import type { CoreServices } from '../../core/services.ts';
import type { LockSession } from '../../core/lock.ts';
import type { BackendRuntime } from './backend-runtime.ts';
import { buildOrderContext } from './order-context.ts';
import { orderDisposition } from './order-state.ts';
import { setOrderStates, type OrderStateUpdate } from './order-sync-state.ts';
import type { OrderWork, ImportDeps } from './order-work.ts';
import { mapOrdersStep } from './steps/map-orders.step.ts';
import { findErpOrdersStep } from './steps/find-erp-orders.step.ts';
import { resolveCustomersStep } from './steps/resolve-customers.step.ts';
import { createSaleOrdersStep } from './steps/create-sale-orders.step.ts';
import { confirmSaleOrdersStep } from './steps/confirm-sale-orders.step.ts';
import { verifyImportedStep } from './steps/verify-imported.step.ts';
import { applyOrderChanges } from './update-orders.ts';
import { splitPii } from '../../db/amazon-order-store.ts';

export interface ImportResult {
  imported: string[];
  /** Orders to try again later (a retryable error), with the shortest wait asked for. */
  retry: string[];
  retryAfterMs: number;
  counts: Record<string, number>;
  /** Conflicts raised and records failed, per stable code (for the metrics). */
  conflictCodes: Record<string, number>;
  failedCodes: Record<string, number>;
}

/** The order as a conflict may keep it: the store hands the workflow buyer and recipient, a conflict never keeps them. */
const snapshot = (order: Record<string, unknown>) => splitPii(order).payload;

const tally = (into: Record<string, number>, code: string) => void (into[code] = (into[code] ?? 0) + 1);

/** Imports `orderIds` of `rt`'s backend; `runId` receives the step log. */
export async function importOrders(
  core: CoreServices,
  rt: BackendRuntime,
  orderIds: readonly string[],
  runId: number,
  locks: LockSession,
): Promise<ImportResult> {
  const backendId = rt.backend.id;
  const stored = await core.amazonOrders.getMany(backendId, orderIds, { withPii: true });
  const bindings = await core.binder.toErpMany(backendId, 'order', [...stored.keys()]);
  const states: OrderStateUpdate[] = [];
  const result: ImportResult = { imported: [], retry: [], retryAfterMs: 2_000, counts: {}, conflictCodes: {}, failedCodes: {} };
  const toCreate: OrderWork[] = [];
  const toUpdate: OrderWork[] = [];
  for (const s of stored.values()) {
    const order = s.order as unknown as Order;
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
      if (binding!.payloadHash === s.contentHash) states.push({ amazonOrderId: s.amazonOrderId, state: 'imported', code: null });
      else toUpdate.push(work);
    } else toCreate.push(work);
  }

  const skus = [...toCreate, ...toUpdate].flatMap((w) => w.order.orderItems.map((i) => i.product.sellerSku ?? ''));
  const ctx = await buildOrderContext(core, rt, skus.filter(Boolean));
  const deps: ImportDeps = { core, rt, ctx, batchSize: rt.backend.settings.batchSize, locks };
  const steps = [mapOrdersStep(deps), findErpOrdersStep(deps), resolveCustomersStep(deps), createSaleOrdersStep(deps), confirmSaleOrdersStep(deps), verifyImportedStep(deps)];
  const run = await runWorkflow(steps, toCreate, { writeSteps: (entries) => core.runs.writeSteps(runId, entries) });
  const updated = toUpdate.length ? await applyOrderChanges(deps, toUpdate, runId) : { outcomes: [], counts: {}, steps: [] };
  for (const o of [...run.outcomes, ...updated.outcomes]) {
    const r = o.record;
    result.counts[o.status] = (result.counts[o.status] ?? 0) + 1;
    if (o.status === 'ok') {
      result.imported.push(r.key);
      states.push({
        amazonOrderId: r.key,
        state: 'imported',
        code: null,
        erpOrderName: r.erpName ?? null,
        total: r.mapped?.expectedTotal.amount ?? null,
        currency: r.mapped?.currency ?? null,
        withheldTax: r.mapped?.withheldTax,
        ...(r.mapped ? { shipped: r.mapped.shipped } : {}),
      });
    } else if (o.status === 'conflict') {
      const problems = r.problems ?? [{ code: o.error!.code, message: o.error!.message, details: o.error!.details }];
      for (const p of problems) {
        await core.conflicts.raise({ backendId, kind: 'order', amazonKey: r.key, code: p.code, message: p.message, diff: p.details, amazonSnapshot: snapshot(r.stored.order) });
        tally(result.conflictCodes, p.code);
      }
      states.push({ amazonOrderId: r.key, state: 'conflict', code: problems[0]!.code });
    } else if (o.status === 'retry') {
      result.retry.push(r.key);
      result.retryAfterMs = Math.max(result.retryAfterMs, (o.error as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 0);
      states.push({ amazonOrderId: r.key, state: 'queued', code: o.error?.code ?? null });
    } else if (o.status === 'failed') {
      states.push({ amazonOrderId: r.key, state: 'failed', code: o.error?.code ?? 'INTERNAL' });
      tally(result.failedCodes, o.error?.code ?? 'INTERNAL');
    }
  }
  await core.runs.record(runId, { steps: [], counts: result.counts as Record<RecordStatus, number> });
  await setOrderStates(core.pool, backendId, states);
  await core.conflicts.resolveOpenForMany(backendId, 'order', result.imported, { action: 'synced', by: 'connector' });
  return result;
}
