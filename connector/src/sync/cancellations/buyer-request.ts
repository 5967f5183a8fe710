/**
 * A buyer's cancel request, once per request: an internal note on the ERP order and on each of its open deliveries
 * (whoever ships sees it before shipping), then a conflict ORDER_BUYER_CANCEL_REQUESTED with both states for a
 * person to answer (cancel_in_erp or keep). Under the order's lock; a run that died after posting is found out by
 * `note_started_at` and the note's marker (the ERP is searched before posting again), so no record gets two notes.
 */
import type { TaskEnv } from '../frame/task-env.ts';
import { cancellationOf, updateCancellation } from './cancellation-store.ts';
import { buyerNoteText, cancellationsSettings } from './cancellations.settings.ts';
import { erpSnapshot } from './cancel-erp-order.ts';
import { openDeliveries, PICKING, SALE_ORDER, saleCancelGateway, somethingShipped, type SaleCancelGateway } from './erp/sale-cancel.gateway.ts';
import { CANCELLATION_KIND, CANCELLATIONS_FLOW } from './cancellations.payloads.ts';
import { withOrderLock } from './record-lock.ts';

export type RequestOutcome = 'asked' | 'not-requested' | 'not-imported' | 'gone';

/** The marker every note of the request carries: how a note posted before a crash is found again. */
export const noteMarker = (amazonOrderId: string): string => `[amazon-cancel-request ${amazonOrderId}]`;

/** Notes the buyer's request on the ERP order and its open deliveries once, and raises the conflict. */
export async function noteBuyerRequest(env: TaskEnv, backendId: number, amazonOrderId: string): Promise<RequestOutcome> {
  const { core } = env;
  return withOrderLock(core, backendId, amazonOrderId, async (lock) => {
    const row = await cancellationOf(core.pool, backendId, amazonOrderId);
    if (!row || row.state !== 'requested') return 'not-requested';
    const bound = await core.binder.toErp(backendId, 'order', amazonOrderId);
    if (!bound) return 'not-imported';
    const rt = await env.runtimes.get(backendId);
    const gw = saleCancelGateway(rt.erp);
    const order = await gw.orderState(bound.erpId);
    if (!order) return 'gone';
    const marker = noteMarker(amazonOrderId);
    const body = `${buyerNoteText(cancellationsSettings.of(rt.backend.settings).buyerRequestNote, amazonOrderId, row.requestReason)} ${marker}`;
    const targets: Array<[string, number]> = [[SALE_ORDER, order.id], ...openDeliveries(order).map((d): [string, number] => [PICKING, d.id])];
    // A run that started posting may have posted some notes: those records are searched first.
    const retrying = row.noteStartedAt !== null;
    if (!retrying) await updateCancellation(core.pool, backendId, amazonOrderId, { noteStartedAt: new Date(), erpOrderId: order.id });
    await lock.ensureHeld();
    for (const [model, id] of targets) await postOnce(gw, model, id, body, marker, retrying);
    await updateCancellation(core.pool, backendId, amazonOrderId, { state: 'asked', notedAt: new Date() });
    await core.conflicts.raise({
      backendId,
      kind: CANCELLATION_KIND,
      amazonKey: amazonOrderId,
      code: 'ORDER_BUYER_CANCEL_REQUESTED',
      message: `The buyer asked to cancel the order (${row.requestReason?.trim() || 'no reason given'}): cancel it in the ERP (cancel_in_erp) or ship it anyway (keep)`,
      amazonSnapshot: row.amazon,
      erpSnapshot: erpSnapshot(order),
      diff: { shipped: somethingShipped(order), erpOrderId: order.id, notedOn: targets.map(([model, id]) => ({ model, id })) },
    });
    await core.states.set(backendId, CANCELLATIONS_FLOW, [{ key: amazonOrderId, state: 'asked', code: 'ORDER_BUYER_CANCEL_REQUESTED', detail: { source: row.source, erpName: order.name } }]);
    return 'asked';
  });
}

async function postOnce(gw: SaleCancelGateway, model: string, id: number, body: string, marker: string, lookFirst: boolean): Promise<void> {
  if (lookFirst && (await gw.notesWith(model, id, marker)).length) return;
  await gw.postNote(model, id, body);
}
