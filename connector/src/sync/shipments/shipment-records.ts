/**
 * What the flow writes about one delivery, each change in ONE transaction: the `shipment` binding (ERP side: the
 * picking; Amazon side: `<orderId>/<packageRef>`) whose state is the exactly-once marker (`sending` before the
 * call, `confirmed` after), the delivery's record state, its conflicts, and the invoice request (contract C2).
 */
import type pg from 'pg';
import { createBinder, type Binding } from '../../core/binding/binder.ts';
import type { ErrorCode } from '../../core/errors.ts';
import { createRecordStateStore } from '../../core/record-state/index.ts';
import { withTransaction } from '../../core/tx.ts';
import type { ConfirmShipmentRequest } from '../../amazon/shipments-api.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { SHIPMENTS_FLOW, shipmentKey } from './shipments.payloads.ts';
import { onPackageConfirmed } from './package-confirmed.ts';

/** The binding's state: what was (or is being) sent for the delivery. */
export interface ShipmentState {
  status: 'sending' | 'confirmed';
  amazonOrderId: string;
  request: ConfirmShipmentRequest;
  /** How Amazon's acceptance was learnt: its 204, or the package found on the order after an unknown outcome. */
  via?: 'answer' | 'read_back';
  confirmedAt?: string;
}

/** A delivery's shipment binding with its state read back. */
export interface ShipmentBinding {
  binding: Binding;
  state: ShipmentState;
}

/** The binding of the delivery `pickingId`, if any. */
export async function shipmentOf(env: Pick<TaskEnv, 'core'>, backendId: number, pickingId: number): Promise<ShipmentBinding | null> {
  const b = await env.core.binder.toAmazon(backendId, 'shipment', 'stock.picking', pickingId);
  return b ? { binding: b, state: b.state as ShipmentState } : null;
}

/** The next package reference: a positive number, never given twice (the sequence, see its migration). */
async function nextPackageRef(tx: pg.PoolClient): Promise<string> {
  const { rows } = await tx.query<{ ref: string }>(`select nextval('shipment_package_ref_seq')::text as ref`);
  return rows[0]!.ref;
}

/**
 * Marks the delivery `sending` before anything leaves: a fresh package reference and the binding holding the
 * exact body, committed together. From here on a retry never builds another package for this delivery: it reads
 * Amazon back and sends this same body again only when Amazon does not have it.
 */
export async function markSending(
  env: Pick<TaskEnv, 'db'>,
  backendId: number,
  pickingId: number,
  amazonOrderId: string,
  build: (packageRef: string) => ConfirmShipmentRequest,
): Promise<ShipmentBinding> {
  return withTransaction(env.db.pool, async (tx) => {
    const ref = await nextPackageRef(tx);
    const state: ShipmentState = { status: 'sending', amazonOrderId, request: build(ref) };
    const binding = await createBinder(tx).bind(backendId, { kind: 'shipment', amazonKey: `${amazonOrderId}/${ref}`, erpModel: 'stock.picking', erpId: pickingId, state });
    await createRecordStateStore(tx).set(backendId, SHIPMENTS_FLOW, [{ key: shipmentKey(pickingId), state: 'sending', code: null, detail: detailOf(state) }], { stamp: false });
    return { binding, state };
  });
}

/** Amazon has the package: the binding confirmed, the record synced, its conflicts closed, the invoice asked for. */
export async function markConfirmed(env: Pick<TaskEnv, 'db' | 'core'>, backendId: number, pickingId: number, sb: ShipmentBinding, via: 'answer' | 'read_back'): Promise<void> {
  const state: ShipmentState = { ...sb.state, status: 'confirmed', via, confirmedAt: new Date().toISOString() };
  await withTransaction(env.db.pool, async (tx) => {
    await createBinder(tx).bind(backendId, { kind: 'shipment', amazonKey: sb.binding.amazonKey, erpModel: 'stock.picking', erpId: pickingId, state });
    await createRecordStateStore(tx).set(backendId, SHIPMENTS_FLOW, [{ key: shipmentKey(pickingId), state: 'confirmed', code: null, detail: detailOf(state) }]);
    await env.core.conflicts.resolveOpenFor(backendId, 'shipment', shipmentKey(pickingId), { action: 'synced', by: 'shipments', note: 'confirmed to Amazon' }, tx);
    await onPackageConfirmed(tx, { backendId, amazonOrderId: state.amazonOrderId, shipmentKey: shipmentKey(pickingId), shipDate: state.request.packageDetail.shipDate });
  });
}

/**
 * The delivery cannot be confirmed as it is: a conflict (kind `shipment`, key `mfn:<pickingId>`) and the record
 * in `conflict`; a binding left by a refused send is removed in the same transaction (Amazon has no package of
 * it), so the retry after a person's fix builds the package again.
 */
export async function markConflict(
  env: Pick<TaskEnv, 'db' | 'core'>,
  backendId: number,
  pickingId: number,
  c: { code: ErrorCode; message: string; diff?: Record<string, unknown>; erpSnapshot?: unknown; unbind?: string },
): Promise<void> {
  await withTransaction(env.db.pool, async (tx) => {
    if (c.unbind) await createBinder(tx).unbind(backendId, 'shipment', c.unbind);
    await env.core.conflicts.raise(
      { backendId, kind: 'shipment', amazonKey: shipmentKey(pickingId), code: c.code, message: c.message, diff: c.diff ?? {}, erpSnapshot: c.erpSnapshot ?? null },
      tx,
    );
    await createRecordStateStore(tx).set(backendId, SHIPMENTS_FLOW, [{ key: shipmentKey(pickingId), state: 'conflict', code: c.code }]);
  });
}

/** A delivery left alone for now (dry run, before the cut-over): its record says why. */
export async function markSkipped(env: Pick<TaskEnv, 'core'>, backendId: number, pickingId: number, state: 'dry_run' | 'before_cutover' | 'label_bought', code: ErrorCode | null, detail: Record<string, unknown>): Promise<void> {
  await env.core.states.set(backendId, SHIPMENTS_FLOW, [{ key: shipmentKey(pickingId), state, code, detail }], { stamp: false });
}

const detailOf = (s: ShipmentState) => ({
  amazonOrderId: s.amazonOrderId,
  packageReferenceId: s.request.packageDetail.packageReferenceId,
  carrierCode: s.request.packageDetail.carrierCode,
  trackingNumber: s.request.packageDetail.trackingNumber,
  shipDate: s.request.packageDetail.shipDate,
});
