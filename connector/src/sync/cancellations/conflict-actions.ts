/**
 * The real actions of the conflicts about cancellations (contract 5), run in the resolving transaction: the
 * decision is written to `order_cancellation` and the ERP work enqueued there (never an ERP call inside it), so a
 * resolution that commits is done exactly once by the cancel task (which reads the ERP again first: something
 * shipped since is a new conflict, never a silent cancellation).
 */
import { PermanentError } from '../../core/errors.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import { createRecordStateStore } from '../../core/record-state/index.ts';
import type { Queryable } from '../../core/sql.ts';
import type { ActionConflict, FlowConflictAction, FlowHookEnv } from '../frame/flow-conflicts.ts';
import { decide, type CancellationSource } from './cancellation-store.ts';
import { CANCELLATIONS_FLOW, Tasks } from './cancellations.payloads.ts';
import { cancellationsOn } from './hand-off.ts';

/** The reason the ERP -> Amazon part sends for an order the seller cancelled on the buyer's request. */
export const BUYER_CANCELED = 'BuyerCanceled';

const diffOf = (c: ActionConflict): Record<string, unknown> => (c.diff && typeof c.diff === 'object' ? (c.diff as Record<string, unknown>) : {});

async function assertFlowOn(env: FlowHookEnv, c: ActionConflict, action: string): Promise<void> {
  if (!cancellationsOn((await env.core.backends.get(c.backendId)).settings)) {
    throw new PermanentError('CONFLICT_ACTION_UNAVAILABLE', `"${action}" needs the cancellations flow switched on for backend ${c.backendId}`, { id: c.id, action });
  }
}

async function markKept(tx: Queryable, c: ActionConflict, by: string, note?: string): Promise<void> {
  await createRecordStateStore(tx).set(c.backendId, CANCELLATIONS_FLOW, [{ key: c.amazonKey, state: 'kept', code: c.code, detail: { by, ...(note ? { note } : {}) } }]);
}

function actionsFor(source: CancellationSource, offered: (c: ActionConflict) => boolean): FlowConflictAction[] {
  const byAmazon = source === 'amazon';
  return [
    {
      action: 'cancel_in_erp',
      description: byAmazon
        ? 'cancel the ERP order and its open deliveries (stock freed); nothing is sent to Amazon, which cancelled it'
        : 'accept the request: cancel the ERP order and its open deliveries; Amazon is told the seller cancelled it (BuyerCanceled)',
      unavailableWhy: 'something of the order shipped (or it is invoiced or locked) in the ERP: return or credit it there, then keep or dismiss',
      available: offered,
      async run(c, tx, env, resolution) {
        await assertFlowOn(env, c, 'cancel_in_erp');
        await decide(tx, c.backendId, c.amazonKey, {
          decision: 'cancel_in_erp',
          by: resolution.by,
          source,
          sellerCancelReason: byAmazon ? null : BUYER_CANCELED,
          amazonCancelled: byAmazon,
        });
        await enqueue(tx, Tasks.cancel, { backendId: c.backendId, amazonOrderId: c.amazonKey }, { jobKey: `cancellations:cancel:${c.backendId}:${c.amazonKey}`, maxAttempts: 10 });
      },
    },
    {
      action: 'keep',
      description: byAmazon ? 'keep the ERP order as it is (handled by hand)' : 'ship it anyway: the request is declined and the ERP order kept',
      async run(c, tx, _env, resolution) {
        await decide(tx, c.backendId, c.amazonKey, { decision: 'keep', by: resolution.by, source, sellerCancelReason: null, amazonCancelled: byAmazon });
        await markKept(tx, c, resolution.by, resolution.note);
      },
    },
  ];
}

/** ORDER_CANCELLED_AFTER_IMPORT (the orders flow's code): cancel_in_erp only when nothing shipped, invoiced or locked. */
export const amazonCancelledActions = actionsFor('amazon', (c) => {
  const d = diffOf(c);
  return !d.shipped && !d.invoiced && !d.locked;
});

/** ORDER_BUYER_CANCEL_REQUESTED: cancel_in_erp only when nothing shipped. */
export const buyerRequestActions = actionsFor('buyer_request', (c) => !diffOf(c).shipped);
