/**
 * The kind of a credited refund (refund, chargeback, A-to-z claim), read after its credit note, out of its path:
 * the credit note does not depend on it (every kind is credited the same way, README "The kind"), and the v0
 * events that tell it are served at 0.5 requests/s (burst 30), which held a burst of credit notes to that pace.
 *
 * Paced: the kind jobs of one backend share a named queue (one at a time, one worker slot), and each waits for a
 * token of the shared v0 bucket; a burst of refunds is credited at the ERP's pace while the kinds follow at
 * Amazon's. Exactly once in effect: the look-up is a read, the record's kind an absolute write, and the credit
 * note's reference rewritten only where it does not yet name the kind.
 */
import { enqueue, type Queryable } from '../../core/queue/enqueue.ts';
import { RetryableError } from '../../core/errors.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { creditNoteGateway, KINDS_IN_REFERENCE } from './erp/credit-note.gateway.ts';
import { lookUpKind, type RefundKindName } from './refund-kind.ts';
import { refundKind, type RefundDocument } from './refund-document.ts';
import { REFUNDS_FLOW, Tasks } from './refunds.payloads.ts';

/** Queues the kind look-up of a credited refund: one pending job per refund, one running per backend. */
export const enqueueKind = (db: Queryable, backendId: number, refundId: string) =>
  enqueue(db, Tasks.kind, { backendId, refundId }, { jobKey: `${Tasks.kind}:${backendId}:${refundId}`, queueName: `${Tasks.kind}:${backendId}`, maxAttempts: 10 });

export type KindOutcome = { state: 'missing' | 'not_credited' } | { state: 'known'; kind: RefundKindName; referenceWritten: boolean };

type KindEnv = Pick<TaskEnv, 'core' | 'runtimes' | 'log'>;

export async function fillKind(env: KindEnv, backendId: number, refundId: string): Promise<KindOutcome> {
  const { core } = env;
  const stored = (await core.documents.of(refundKind).getMany(backendId, [refundId])).get(refundId);
  if (!stored) return { state: 'missing' };
  const doc = stored.document as unknown as RefundDocument;
  // The read first, outside the refund's lock: it may wait seconds for a v0 token.
  const kind = await lookUpKind(env, backendId, doc);
  const session = await core.locker.session();
  try {
    const { obtained } = await session.tryLock([`refund:${backendId}:${refundId}`]);
    if (!obtained.length) throw new RetryableError('LOCK_BUSY', `refund ${refundId} is being handled by another worker`);
    const state = (await core.states.get(backendId, REFUNDS_FLOW, [refundId])).get(refundId);
    // Queued only once credited; a refund put back (a conflict's re-run) is queued again when credited.
    if (state?.state !== 'credited') return { state: 'not_credited' };
    const moveId = (await core.binder.toErp(backendId, 'refund', refundId))?.erpId ?? null;
    // A refund over several invoices has a credit note per invoice (credit-shares.ts: `moveIds` in its record).
    const moveIds = moveId !== null ? [moveId] : Array.isArray(state.detail.moveIds) ? (state.detail.moveIds as number[]) : [];
    let referenceWritten = false;
    if (KINDS_IN_REFERENCE.has(kind)) {
      const gw = creditNoteGateway((await env.runtimes.get(backendId)).erp);
      for (const id of moveIds) referenceWritten = (await gw.nameKind(id, refundId, kind)) || referenceWritten;
    }
    // After the ERP: a crash in between reads the kind again and finds the reference already written.
    await core.states.set(backendId, REFUNDS_FLOW, [{ key: refundId, state: 'credited', code: state.code, detail: { kind, kindReadAt: new Date().toISOString() } }], { stamp: false });
    return { state: 'known', kind, referenceWritten };
  } finally {
    await session.close();
  }
}
