/**
 * A refund credited: its record state `credited` and, while its kind is still to read, the paced kind job
 * (fill-kind.ts), in one transaction (a crash cannot leave a credited refund whose kind is never read); then its
 * open conflict resolved. `more`: the credit notes of a refund over several invoices (credit-shares.ts).
 */
import { createRecordStateStore } from '../../core/record-state/index.ts';
import { withTransaction } from '../../core/tx.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { enqueueKind } from './fill-kind.ts';
import { kindReadable } from './refund-kind.ts';
import type { RefundDocument } from './refund-document.ts';
import { REFUND_KIND, REFUNDS_FLOW } from './refunds.payloads.ts';

export async function recordCredited(env: Pick<TaskEnv, 'core' | 'runtimes' | 'db'>, backendId: number, doc: RefundDocument, moveId: number, invoicePaymentState: string | null, more: Record<string, unknown> = {}): Promise<void> {
  const { core } = env;
  const rt = await env.runtimes.get(backendId);
  const before = (await core.states.get(backendId, REFUNDS_FLOW, [doc.refundId])).get(doc.refundId);
  // Read once per refund (`kindReadAt`): a credit task run again on a credited refund queues no second look-up.
  const kindDue = kindReadable(rt.backend.settings, doc) && !before?.detail.kindReadAt;
  await withTransaction(env.db.pool, async (tx) => {
    await createRecordStateStore(tx).set(backendId, REFUNDS_FLOW, [{ key: doc.refundId, state: 'credited', code: null, detail: { orderId: doc.orderId, moveId, invoicePaymentState, ...more } }]);
    if (kindDue) await enqueueKind(tx, backendId, doc.refundId);
  });
  await core.conflicts.resolveOpenForMany(backendId, REFUND_KIND, [doc.refundId], { action: 'synced', by: REFUNDS_FLOW });
}
