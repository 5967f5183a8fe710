/**
 * Voiding from the ERP (the change feed's `labels:deliveries-changed`): a delivery whose label was attached and
 * written, and whose tracking number a person then cleared or replaced, or which was cancelled, gets its label
 * voided with Amazon (`void-label.ts`). Only once the ERP side was finished (attachments stored): a label bought
 * but not yet written to the ERP (a crash between the two) is finished by the buy, never voided. Past Amazon's
 * window: conflict `LABEL_VOID_WINDOW_PASSED` (the label stands). A delivery busy with a purchase is left to it.
 */
import { isSyncError } from '../../core/errors.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { labelPickingGateway } from './erp/label-picking.gateway.ts';
import { trackingRefOf } from './erp-side.ts';
import { latestLabels } from './label-store.ts';
import { LABEL_KIND, LABELS_FLOW, labelKey } from './labels.payloads.ts';
import { voidLabel } from './void-label.ts';

type Env = Pick<TaskEnv, 'core' | 'db' | 'runtimes' | 'log'>;

/** Voids the labels the ERP let go of among `ids`; returns the delivery ids handled (voided or refused). */
export async function voidReleasedLabels(env: Env, rt: BackendRuntime, ids: readonly number[]): Promise<number[]> {
  const backendId = rt.backend.id;
  const labelled: number[] = [];
  for (const id of new Set(ids)) if (await env.core.binder.toAmazon(backendId, 'shipping_label', 'stock.picking', id)) labelled.push(id);
  if (!labelled.length) return [];
  const pickings = new Map((await labelPickingGateway(rt.erp).pickings(labelled)).map((p) => [p.id, p]));
  const handled: number[] = [];
  for (const id of labelled) {
    const p = pickings.get(id);
    const bought = (await latestLabels(env.db.pool, backendId, id)).filter((l) => l.state === 'bought' && l.attachmentIds.length > 0);
    if (!bought.length) continue;
    // The delivery holds the labels' tracking numbers joined (one per package): anything else was a person's doing.
    const released = !p || p.state === 'cancel' || p.trackingRef !== trackingRefOf(bought);
    if (!released) continue;
    try {
      await voidLabel(env, backendId, id);
      env.log.info('label voided from the ERP', { backendId, pickingId: id });
    } catch (e) {
      if (!isSyncError(e) || e.kind === 'retryable') continue; // busy or unreachable: the next change or a retry
      await env.core.conflicts.raise({ backendId, kind: LABEL_KIND, amazonKey: labelKey(id), code: e.code, message: e.message, diff: { pickingId: id, ...e.details } });
      await env.core.states.set(backendId, LABELS_FLOW, [{ key: labelKey(id), state: 'conflict', code: e.code, detail: { pickingId: id } }]);
    }
    handled.push(id);
  }
  return handled;
}

/** Deliveries whose label was voided: the change feed does not buy them again by itself (a batch or the API may). */
export async function voidedDeliveries(env: Pick<TaskEnv, 'core'>, backendId: number, ids: readonly number[]): Promise<Set<number>> {
  const states = await env.core.states.get(backendId, LABELS_FLOW, ids.map(labelKey));
  return new Set(ids.filter((id) => states.get(labelKey(id))?.state === 'voided'));
}
