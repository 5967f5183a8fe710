/**
 * Imports a batch of stored Amazon orders (already locked by the caller) into the ERP: the disposition of each
 * order (decided once, `order-disposition.ts`) says where it goes; the create workflow runs over the batch — map,
 * find by reference, customers, create, the drafts' totals checked, confirm, verify — the update workflow over the
 * changed ones, and where each order stands is recorded, a conflict raised per problem and the conflicts of orders
 * now through closed.
 */
import type { RecordStatus } from '../../core/workflow/runner.ts';
import { pipeline, type TypedWorkflowResult } from '../../core/workflow/typed-step.ts';
import type { CoreServices } from '../../core/services.ts';
import type { LockSession } from '../../core/lock.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import { buildOrderContext } from './order-context.ts';
import { ordersSettings } from './orders.settings.ts';
import { orderDisposition } from './order-disposition.ts';
import { fbaOrdersOn } from './fba-switch.ts';
import { setOrderStates, type OrderStateUpdate } from './order-sync-state.ts';
import { orderDocuments } from './order-documents.ts';
import type { ImportDeps, OrderRecord } from './import-records.ts';
import type { ReferenceCache } from './reference-cache.ts';
import { mapOrdersStep } from './steps/map-orders.step.ts';
import { screenOrderText } from './mapping/order-text.ts';
import { findErpOrdersStep } from './steps/find-erp-orders.step.ts';
import { resolveCustomersStep } from './steps/resolve-customers.step.ts';
import { createSaleOrdersStep } from './steps/create-sale-orders.step.ts';
import { checkDraftTotalsStep } from './steps/check-draft-totals.step.ts';
import { confirmSaleOrdersStep } from './steps/confirm-sale-orders.step.ts';
import { verifyImportedStep } from './steps/verify-imported.step.ts';
import { applyOrderChanges, type UpdatedOrder } from './update-orders.workflow.ts';
import { recordOutcomes, snapshot, tally, type ImportResult } from './record-outcomes.ts';
import { beforeCutover, dryRunStep, type WouldWrite } from './steps/go-live.step.ts';
import type { GoLive } from '../frame/flow.ts';
import { cancellationsOn, handAmazonCancellations, handBuyerCancelRequests } from '../cancellations/index.ts';

export type { ImportResult };

/** The create workflow's steps up to the sales order's creation (a run that dies later is finished by the next). */
export function createOrderSteps(deps: ImportDeps, dryRun: WouldWrite[] | null = null) {
  const lookedUp = pipeline<OrderRecord>().then(mapOrdersStep(deps)).then(findErpOrdersStep(deps));
  // GO-LIVE: a dry run's stop before the first ERP write (customers); it takes every record out.
  const guarded = (dryRun ? lookedUp.then(dryRunStep(dryRun)) : lookedUp) as typeof lookedUp;
  return guarded.then(resolveCustomersStep(deps)).then(createSaleOrdersStep(deps));
}

/** The whole create workflow: create, check the drafts' totals, then confirm the ones that hold Amazon's and read back. */
export function importOrderSteps(deps: ImportDeps, dryRun: WouldWrite[] | null = null) {
  return createOrderSteps(deps, dryRun).then(checkDraftTotalsStep(deps)).then(confirmSaleOrdersStep(deps)).then(verifyImportedStep(deps));
}

/** Imports `orderIds` of `rt`'s backend; `runId` receives the step log; reference data comes from `cache`. */
export async function importOrders(
  core: CoreServices,
  rt: BackendRuntime,
  cache: ReferenceCache,
  orderIds: readonly string[],
  runId: number,
  locks: LockSession,
  goLive: GoLive | null = null,
  signal?: AbortSignal,
): Promise<ImportResult> {
  const backendId = rt.backend.id;
  const fba = fbaOrdersOn(rt.backend.settings);
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
  const toCreate: OrderRecord[] = [];
  const toUpdate: OrderRecord[] = [];
  // With the cancellations flow on, Amazon's cancellations and buyers' requests of imported orders are its to handle.
  const cancellations = cancellationsOn(rt.backend.settings);
  const cancelledAtAmazon: OrderRecord[] = [];
  const unchanged: OrderRecord[] = [];
  for (const s of stored.values()) {
    // Text no database can hold (NUL, lone surrogates), before anything reads the order: cleaned in free text, a
    // conflict in what identifies things (mapping/order-text.ts); the stored order keeps what Amazon sent.
    const screened = screenOrderText(s.order);
    if (!screened.ok) {
      const p = screened.problem;
      await core.conflicts.raise({ backendId, kind: 'order', amazonKey: s.amazonOrderId, code: p.code, message: p.message, diff: p.details, amazonSnapshot: snapshot(s.order) });
      tally(result.conflictCodes, p.code);
      states.push({ amazonOrderId: s.amazonOrderId, state: 'conflict', code: p.code });
      continue;
    }
    const record: OrderRecord = { key: s.amazonOrderId, stored: s, order: screened.order, textReplaced: screened.replaced };
    // GO-LIVE: an order placed before the cut-over is left alone (an imported one keeps its state).
    if (beforeCutover(record.order, goLive)) {
      if (!bindings.has(s.amazonOrderId)) states.push({ amazonOrderId: s.amazonOrderId, state: 'not_imported', code: 'BEFORE_CUTOVER' });
      continue;
    }
    const d = orderDisposition(record.order, bindings.get(s.amazonOrderId), s.contentHash, { fba });
    switch (d.action) {
      case 'wait':
        states.push({ amazonOrderId: s.amazonOrderId, state: 'waiting', code: d.code });
        break;
      case 'ignore':
        states.push({ amazonOrderId: s.amazonOrderId, state: d.state, code: d.code });
        break;
      case 'conflict':
        if (cancellations && d.code === 'ORDER_CANCELLED_AFTER_IMPORT') {
          cancelledAtAmazon.push(record);
          states.push({ amazonOrderId: s.amazonOrderId, state: 'imported', code: d.code });
          break;
        }
        await core.conflicts.raise({ backendId, kind: 'order', amazonKey: s.amazonOrderId, code: d.code, message: d.reason, amazonSnapshot: snapshot(s.order) });
        tally(result.conflictCodes, d.code);
        states.push({ amazonOrderId: s.amazonOrderId, state: 'conflict', code: d.code });
        break;
      case 'unchanged':
        unchanged.push(record);
        states.push({ amazonOrderId: s.amazonOrderId, state: 'imported', code: null, shipped: d.shipped });
        break;
      case 'create':
        toCreate.push(record);
        break;
      case 'update':
        toUpdate.push(record);
        break;
    }
  }

  if (toCreate.length || toUpdate.length) {
    const skus = [...toCreate, ...toUpdate].flatMap((w) => w.order.orderItems.map((i) => i.product.sellerSku ?? ''));
    const ctx = await buildOrderContext(core, rt, cache, skus.filter(Boolean));
    const deps: ImportDeps = { core, rt, ctx, batchSize: ordersSettings.of(rt.backend.settings).batchSize, locks, ...(signal ? { signal } : {}) };
    // GO-LIVE: a dry run stops after the look-ups, before the first ERP write, noting what it would write.
    const wouldWrite: WouldWrite[] | null = goLive?.dryRun ? [] : null;
    const run: TypedWorkflowResult<OrderRecord, UpdatedOrder> = await importOrderSteps(deps, wouldWrite).run(toCreate, { writeSteps: (entries) => core.runs.writeSteps(runId, entries) });
    // GO-LIVE: a dry run changes no imported order either; it notes which ones it would update.
    if (wouldWrite) wouldWrite.push(...toUpdate.map((w) => ({ amazonOrderId: w.key, action: 'update' as const, total: null, currency: null, lines: 0 })));
    const updated = toUpdate.length && !wouldWrite ? await applyOrderChanges(deps, toUpdate, runId) : { outcomes: [] };
    if (wouldWrite?.length) result.dryRun = wouldWrite;
    await recordOutcomes(core, backendId, [...run.outcomes, ...updated.outcomes], states, result);
  }
  await core.runs.record(runId, { steps: [], counts: result.counts as Record<RecordStatus, number> });
  // Each state is about the order version read here (lists of a state sort on its time).
  await setOrderStates(core.pool, backendId, states.map((s) => ({ ...s, sourceUpdatedAt: stored.get(s.amazonOrderId)?.lastUpdatedAt })));
  await core.conflicts.resolveOpenForMany(backendId, 'order', result.imported, { action: 'synced', by: 'connector' });
  if (cancellations && !goLive?.dryRun) {
    await handAmazonCancellations(core.pool, rt.backend, cancelledAtAmazon.map((r) => r.order));
    // A buyer's request is noted once the ERP order exists: imported now, or before and unchanged or updated since.
    const imported = new Set(result.imported);
    await handBuyerCancelRequests(core.pool, backendId, [...unchanged, ...toCreate, ...toUpdate].filter((r) => imported.has(r.key) || unchanged.includes(r)).map((r) => r.order));
  }
  return result;
}
