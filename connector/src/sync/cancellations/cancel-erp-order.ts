/**
 * Cancels the ERP order of one Amazon order exactly once, as its `order_cancellation` row says (Amazon cancelled
 * it, or a person chose cancel_in_erp): under the order's lock, the row first (cancelled before: nothing to do),
 * then the ERP order as it is now — already cancelled (a person, or a run that died before recording) is only
 * recorded; anything shipped, invoiced or locked is a conflict with both states, never a silent change (Odoo 19's
 * `action_cancel` would cancel even a delivered order) — and only then `action_cancel`, read back. The write is
 * noted as the connector's own so the ERP change feed does not hand it back as a seller cancellation.
 */
import { RetryableError } from '../../core/errors.ts';
import { noteOwnWrites } from '../frame/change-feed/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { cancellationOf, updateCancellation, type CancellationRow } from './cancellation-store.ts';
import { openDeliveries, PICKING, SALE_ORDER, saleCancelGateway, somethingShipped, type ErpOrderState } from './erp/sale-cancel.gateway.ts';
import { CANCELLATION_KIND, CANCELLATIONS_FLOW } from './cancellations.payloads.ts';
import { withOrderLock } from './record-lock.ts';

export type CancelOutcome = 'cancelled' | 'found-cancelled' | 'already' | 'conflict' | 'not-pending' | 'not-imported';

/** The ERP's side as a conflict shows it (no buyer data: names, states, quantities). */
export const erpSnapshot = (o: ErpOrderState | null) =>
  o ? { id: o.id, name: o.name, state: o.state, locked: o.locked, invoiceStatus: o.invoiceStatus, deliveries: o.deliveries.map(({ writeDate: _w, ...d }) => d) } : null;

/** Why the order cannot be cancelled silently, or null when it can. */
export function blockers(o: ErpOrderState): { shipped: boolean; invoiced: boolean; locked: boolean } | null {
  const b = { shipped: somethingShipped(o), invoiced: o.invoiceStatus === 'invoiced', locked: o.locked };
  return b.shipped || b.invoiced || b.locked ? b : null;
}

/** Cancels the ERP order of `amazonOrderId` once (see above); the outcome says what was done. */
export async function cancelErpOrder(env: TaskEnv, backendId: number, amazonOrderId: string): Promise<CancelOutcome> {
  const { core } = env;
  return withOrderLock(core, backendId, amazonOrderId, async (lock) => {
    const row = await cancellationOf(core.pool, backendId, amazonOrderId);
    if (!row || row.state === 'cancelled') return 'already';
    if (row.state !== 'pending') return 'not-pending';
    const bound = await core.binder.toErp(backendId, 'order', amazonOrderId);
    if (!bound) return 'not-imported';
    const rt = await env.runtimes.get(backendId);
    const gw = saleCancelGateway(rt.erp);
    const before = await gw.orderState(bound.erpId);
    if (!before || before.state === 'cancel') {
      // Most likely our own cancellation whose run died before recording it: not a change for the feed either.
      if (before) await noteOwnWrites(core.pool, backendId, SALE_ORDER, [{ id: before.id, writeDate: before.writeDate }]);
      return record(env, row, before, bound.erpId, 'found-cancelled');
    }
    const blocked = blockers(before);
    // The setting `ask` (no decision yet): a person decides, with both states in front of them.
    if (blocked || row.decision === null) return conflict(env, row, before, blocked ?? { shipped: false, invoiced: false, locked: false });
    // The last moment to find out another worker took the order over (our lock connection died).
    await lock.ensureHeld();
    await gw.cancel(before.id);
    const after = await gw.orderState(before.id);
    if (after?.state !== 'cancel') throw new RetryableError('ERP_UNAVAILABLE', `ERP order ${before.name ?? before.id} is ${after?.state ?? 'gone'} after action_cancel`, { erpOrderId: before.id });
    // Our own cancellation is no seller cancellation: the change feed must not send it to Amazon.
    await noteOwnWrites(core.pool, backendId, SALE_ORDER, [{ id: after.id, writeDate: after.writeDate }]);
    const cancelled = after.deliveries.filter((d) => openDeliveries(before).some((o) => o.id === d.id));
    await noteOwnWrites(core.pool, backendId, PICKING, cancelled.map((d) => ({ id: d.id, writeDate: d.writeDate })));
    return record(env, row, after, before.id, 'cancelled');
  });
}

/** Records the ERP order as cancelled (the row, the record state) and closes the order's open conflicts. */
async function record(env: TaskEnv, row: CancellationRow, o: ErpOrderState | null, erpOrderId: number, outcome: CancelOutcome): Promise<CancelOutcome> {
  const { core } = env;
  await updateCancellation(core.pool, row.backendId, row.amazonOrderId, { state: 'cancelled', erpOrderId, erpCancelledAt: new Date() });
  await core.states.set(row.backendId, CANCELLATIONS_FLOW, [{ key: row.amazonOrderId, state: 'cancelled', code: null, detail: { source: row.source, erpName: o?.name ?? null, how: outcome } }]);
  const closed = { action: 'synced', by: 'connector', note: 'the ERP order is cancelled' };
  await core.conflicts.resolveOpenFor(row.backendId, CANCELLATION_KIND, row.amazonOrderId, closed);
  // An ORDER_CANCELLED_AFTER_IMPORT raised before the flow was on (or other problems of the order) is moot now.
  await core.conflicts.resolveOpenFor(row.backendId, 'order', row.amazonOrderId, closed);
  return outcome;
}

/** Something left or was invoiced: a conflict with both states; cancel_in_erp is then not offered (diff.shipped...). */
async function conflict(env: TaskEnv, row: CancellationRow, o: ErpOrderState, blocked: NonNullable<ReturnType<typeof blockers>>): Promise<CancelOutcome> {
  const { core } = env;
  const why = [blocked.shipped && 'something shipped', blocked.invoiced && 'it is invoiced', blocked.locked && 'it is locked'].filter(Boolean).join(', ');
  const byAmazon = row.source === 'amazon';
  const message = why
    ? `${byAmazon ? 'Amazon cancelled' : 'The buyer asked to cancel'} the order, but the ERP order ${o.name ?? o.id} cannot be cancelled silently: ${why}`
    : `Amazon cancelled the order and the backend asks first (cancellations.whenAmazonCancels = ask): cancel ERP order ${o.name ?? o.id} (cancel_in_erp) or keep it`;
  await core.conflicts.raise({
    backendId: row.backendId,
    kind: byAmazon ? 'order' : CANCELLATION_KIND,
    amazonKey: row.amazonOrderId,
    code: byAmazon ? 'ORDER_CANCELLED_AFTER_IMPORT' : 'ORDER_BUYER_CANCEL_REQUESTED',
    message,
    amazonSnapshot: row.amazon,
    erpSnapshot: erpSnapshot(o),
    diff: { ...blocked, erpOrderId: o.id },
  });
  await updateCancellation(core.pool, row.backendId, row.amazonOrderId, { state: 'conflict', erpOrderId: o.id });
  await core.states.set(row.backendId, CANCELLATIONS_FLOW, [{ key: row.amazonOrderId, state: 'conflict', code: byAmazon ? 'ORDER_CANCELLED_AFTER_IMPORT' : 'ORDER_BUYER_CANCEL_REQUESTED', detail: { source: row.source, erpName: o.name } }]);
  return 'conflict';
}
