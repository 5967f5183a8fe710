/**
 * "Take Amazon's value" and "keep the ERP's" on an ORDER_EDITED_IN_ERP conflict (Amazon changed an imported order
 * that an ERP user had edited too). Both need the ERP order as it is now, so the resolving transaction only enqueues
 * the task that reads it (never an ERP call inside a DB transaction); the job key makes it one task per order
 * however many times the resolution is retried or sent twice. An order that no longer exists in the ERP offers
 * neither: there is nothing to overwrite or keep (retry re-imports it, dismiss leaves it).
 */
import { enqueue } from '../../../core/queue/enqueue.ts';
import type { ActionConflict, FlowConflictAction } from '../../frame/flow-conflicts.ts';
import { Tasks, type OrderDecisionPayload } from '../orders.payloads.ts';

export const TAKE_AMAZON = 'take_amazon';
export const KEEP_ERP = 'keep_erp';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether the conflict carries the ERP order as the step read it (absent: the order no longer exists there). */
export const hasErpSide = (c: Pick<ActionConflict, 'diff' | 'erpSnapshot' | 'kind' | 'amazonKey'>): boolean =>
  c.kind === 'order' && !c.amazonKey.startsWith('unidentified:') && (isRecord(c.erpSnapshot) || (isRecord(c.diff) && isRecord(c.diff.erp)));

const GONE = 'the ERP order no longer exists: retry imports the order again, or dismiss';

async function enqueueDecision(c: ActionConflict, tx: Parameters<FlowConflictAction['run']>[1], task: string, name: string): Promise<void> {
  const payload: OrderDecisionPayload = { backendId: c.backendId, amazonOrderId: c.amazonKey };
  await enqueue(tx, task, payload, { jobKey: `orders:${name}:${c.backendId}:${c.amazonKey}`, jobKeyMode: 'preserve_run_at', maxAttempts: 10 });
}

export const takeAmazonAction: FlowConflictAction = {
  action: TAKE_AMAZON,
  description:
    "take_amazon: write Amazon's current lines onto the ERP order despite the ERP user's edit (only while nothing of it is delivered, invoiced or cancelled; else a new ORDER_CHANGED_AFTER_IMPORT conflict)",
  unavailableWhy: GONE,
  available: hasErpSide,
  run: (c, tx) => enqueueDecision(c, tx, Tasks.takeAmazon, 'take-amazon'),
};

export const keepErpAction: FlowConflictAction = {
  action: KEEP_ERP,
  description: "keep_erp: accept the ERP order as it is; this Amazon change is not applied and raises no conflict again (a later Amazon change is applied as usual)",
  unavailableWhy: GONE,
  available: hasErpSide,
  run: (c, tx) => enqueueDecision(c, tx, Tasks.keepErp, 'keep-erp'),
};
