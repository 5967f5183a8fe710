/**
 * Voids a delivery's bought labels, every package's (the API's POST .../labels/{pickingId}/void): cancelShipment with Amazon first
 * (it refuses once the void window has passed: LABEL_VOID_WINDOW_PASSED, the label stands), then the row marked
 * voided and the binding removed (the shipments flow confirms this delivery again when it is validated), then the
 * ERP side: the label's attachments removed and the tracking number cleared (when it is still this label's).
 * Under the delivery's lock, so no purchase of the same delivery runs meanwhile.
 */
import { ConflictError, PermanentError, RetryableError } from '../../core/errors.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { labelPickingGateway } from './erp/label-picking.gateway.ts';
import { trackingRefOf } from './erp-side.ts';
import { latestLabels, markVoided } from './label-store.ts';
import { mfnColumns } from './mfn-store.ts';
import { LABELS_FLOW, labelKey, labelLockOf } from './labels.payloads.ts';

export interface VoidResult {
  pickingId: number;
  voided: { shipmentId: string; trackingId: string | null }[];
}

export async function voidLabel(env: Pick<TaskEnv, 'core' | 'db' | 'runtimes'>, backendId: number, pickingId: number): Promise<VoidResult> {
  const session = await env.core.locker.session();
  try {
    const { obtained } = await session.tryLock([labelLockOf(backendId, pickingId)]);
    if (!obtained.length) throw new RetryableError('LOCK_BUSY', `a label of delivery ${pickingId} is being bought: try again in a moment`);
    const bought = (await latestLabels(env.db.pool, backendId, pickingId)).filter((l) => l.state === 'bought' && l.shipmentId);
    if (!bought.length) throw new PermanentError('LABEL_NOT_FOUND', `delivery ${pickingId} has no bought label`, { pickingId });
    const rt = await env.runtimes.get(backendId);
    const gw = labelPickingGateway(rt.erp);
    const voided: VoidResult['voided'] = [];
    for (const l of bought) {
      try {
        if ((await mfnColumns(env.db.pool, backendId, l.idempotencyKey)).transport === 'merchantFulfillment') await rt.amazon.merchantFulfillment.cancelShipment(l.shipmentId!);
        else await rt.amazon.shipping.cancelShipment(l.shipmentId!);
      } catch (e) {
        if (!(e instanceof PermanentError) || e.code !== 'AMAZON_INVALID_REQUEST') throw e;
        const said = String(e.details.amazonMessage ?? '');
        throw new ConflictError(/window|no longer/i.test(said) ? 'LABEL_VOID_WINDOW_PASSED' : 'LABEL_REFUSED', `Amazon refused to void label ${l.shipmentId}: ${said}`, { shipmentId: l.shipmentId, pickingId });
      }
      await markVoided(env.db.pool, backendId, l.idempotencyKey);
      await env.core.binder.unbind(backendId, 'shipping_label', l.shipmentId!);
      await gw.clearLabel(pickingId, l.attachmentIds, null);
      voided.push({ shipmentId: l.shipmentId!, trackingId: l.trackingId });
    }
    // The tracking numbers of all the packages, cleared once they are all voided (only if still the labels').
    await gw.clearLabel(pickingId, [], trackingRefOf(bought));
    await env.core.states.set(backendId, LABELS_FLOW, [{ key: labelKey(pickingId), state: 'voided', code: null, detail: { voided } }]);
    return { pickingId, voided };
  } finally {
    await session.close();
  }
}
