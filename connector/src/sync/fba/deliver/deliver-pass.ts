/**
 * One delivery pass of a backend: its imported FBA orders still waiting for their delivery, each under its own
 * lock and, around its ERP write, its pool's (a busy one is left to the next pass: another worker, a snapshot or an
 * approved count of the pool has it), validated once (validate-delivery.ts), its
 * outcome recorded as this flow's record state; a validated delivery asks the invoices flow for its invoice
 * (contract C2); a conflict is raised for what a person must look at.
 */
import type { TaskEnv } from '../../frame/task-env.ts';
import { withTransaction } from '../../../core/tx.ts';
import { requestInvoice } from '../../invoices/index.ts';
import { FBA_FLOW } from '../fba.payloads.ts';
import { withRecordLock } from '../record-lock.ts';
import { pendingDeliveries } from './pending-deliveries.ts';
import { validateFbaDelivery, type DeliveryOutcome } from './validate-delivery.ts';

export interface DeliverResult {
  delivered: number;
  waiting: number;
  conflicts: number;
  busy: number;
}

const PAGE = 50;

/** Runs one pass over at most `maxOrders` pending orders of `backendId`. */
export async function deliverFbaOrders(env: TaskEnv, backendId: number, maxOrders = 500): Promise<DeliverResult> {
  const result: DeliverResult = { delivered: 0, waiting: 0, conflicts: 0, busy: 0 };
  const rt = await env.runtimes.get(backendId);
  const tried = new Set<string>();
  const busyPools = new Set<string>();
  while (tried.size < maxOrders) {
    const ids = (await pendingDeliveries(env.core.pool, backendId, PAGE + tried.size)).filter((id) => !tried.has(id));
    if (!ids.length) break;
    for (const id of ids) {
      tried.add(id);
      // null: the order's lock or its pool's lock is busy (another worker; a snapshot or an approved count)
      const outcome = await withRecordLock(env.core, `fba-delivery:${backendId}:${id}`, (lock) => validateFbaDelivery(env, rt, id, lock, busyPools));
      if (!outcome) result.busy += 1;
      else await record(env, backendId, id, outcome, result);
    }
  }
  return result;
}

async function record(env: TaskEnv, backendId: number, amazonOrderId: string, o: DeliveryOutcome, result: DeliverResult): Promise<void> {
  const { core } = env;
  if (o.state === 'delivered') {
    result.delivered += 1;
    // Contract C2, dated on Amazon's ship date; idempotent per shipment key, so asked again after any crash
    // between the binding and here (a delivery bound before is asked again, and nothing changes).
    await withTransaction(env.db.pool, (tx) => requestInvoice(tx, { backendId, amazonOrderId, shipmentKey: `fba:${amazonOrderId}`, shipDate: o.shipDate }));
    await core.states.set(backendId, FBA_FLOW, [{ key: amazonOrderId, state: 'delivered', code: null, detail: { pickingId: o.pickingId, shipDate: o.shipDate, how: o.how } }]);
    await core.conflicts.resolveOpenForMany(backendId, 'fba_delivery', [amazonOrderId], { action: 'synced', by: 'connector' });
    return;
  }
  if (o.state === 'waiting') {
    result.waiting += 1;
    await core.states.set(backendId, FBA_FLOW, [{ key: amazonOrderId, state: 'waiting', code: o.code }], { stamp: false });
    return;
  }
  result.conflicts += 1;
  await core.conflicts.raise({ backendId, kind: 'fba_delivery', amazonKey: amazonOrderId, code: o.code, message: o.reason });
  await core.states.set(backendId, FBA_FLOW, [{ key: amazonOrderId, state: 'conflict', code: o.code }]);
  env.metrics.conflictsRaised.inc({ backend: String(backendId), code: o.code });
}
