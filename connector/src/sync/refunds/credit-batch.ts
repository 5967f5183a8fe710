/**
 * The queue of a backend's refunds (task `refunds:credit-batch`, job key per backend): rounds of up to
 * CREDIT_BATCH refunds in record state `queued` (oldest first), each refund's lock taken (those another worker
 * holds are left to it), their state read again after locking (one credited meanwhile is left alone), then
 * credited together (credit-refunds.ts: one wizard, one posting call). The record state is the queue's ledger: a
 * crash mid-batch leaves the refunds `queued` and their drafts in the ERP, and the job's retry looks them up by
 * their reference and binds them, never making a second. A lone refund is a batch of one, run at once.
 */
import { throwIfAborted } from '../../core/abort.ts';
import { enqueue, type Queryable } from '../../core/queue/enqueue.ts';
import type { FlowJob } from '../frame/flow.ts';
import { CREDIT_BATCH, creditRefunds } from './credit-refunds.ts';
import { refundKind, type RefundDocument } from './refund-document.ts';
import { REFUNDS_FLOW, Tasks } from './refunds.payloads.ts';

/** Rounds per job at most (a backlog beyond it goes on in a new job, so one job never runs for ever). */
const MAX_ROUNDS = 20;
/** Refunds another worker holds: a new job looks again this much later. */
const BUSY_RETRY_MS = 2_000;

/**
 * Queues the backend's batch job (one pending job per backend: a burst of refunds makes one job; one added while
 * a job runs makes the next). Call it after the refunds' state `queued` is written (their job reads the state).
 */
export const enqueueCreditBatch = (db: Queryable, backendId: number, delayMs = 0) =>
  enqueue(db, Tasks.creditBatch, { backendId }, { jobKey: `${Tasks.creditBatch}:${backendId}`, ...(delayMs ? { runAt: new Date(Date.now() + delayMs) } : {}) });

export interface BatchResult { rounds: number; refunds: number; credited: number }

export async function creditBatch(job: FlowJob, backendId: number): Promise<BatchResult> {
  const { env } = job;
  const { core } = env;
  const lockKey = (id: string) => `refund:${backendId}:${id}`;
  const locks = await core.locker.session();
  const result: BatchResult = { rounds: 0, refunds: 0, credited: 0 };
  try {
    for (; result.rounds < MAX_ROUNDS; result.rounds++) {
      throwIfAborted(job.signal, 'the refunds batch');
      const queued = await core.states.list(backendId, REFUNDS_FLOW, 'queued', CREDIT_BATCH * 4);
      if (!queued.length) return result;
      const { obtained, busy } = await locks.tryLock(queued.map(lockKey));
      const mine = queued.filter((k) => obtained.includes(lockKey(k))).slice(0, CREDIT_BATCH);
      const extra = obtained.filter((k) => !mine.some((m) => lockKey(m) === k));
      if (extra.length) await locks.unlock(extra);
      if (!mine.length) {
        // All held by other jobs: look again shortly (they may stop on an error and leave them).
        await enqueueCreditBatch(env.db.pool, backendId, BUSY_RETRY_MS);
        return result;
      }
      // A backlog beyond this round: a second job takes the next batch meanwhile (the modelled Odoo is then never
      // idle while this job does its own part); one pending job per backend at most (the job key).
      if (busy.length || queued.length > mine.length) await enqueueCreditBatch(env.db.pool, backendId);
      try {
        // Fresh after locking: another worker may have credited some meanwhile.
        const states = await core.states.get(backendId, REFUNDS_FLOW, mine);
        const still = mine.filter((k) => states.get(k)?.state === 'queued');
        const stored = await core.documents.of(refundKind).getMany(backendId, still);
        const docs = still.flatMap((k) => (stored.has(k) ? [stored.get(k)!.document as unknown as RefundDocument] : []));
        const outcomes = await creditRefunds(env, backendId, docs);
        result.refunds += docs.length;
        result.credited += [...outcomes.values()].filter((o) => o.state === 'credited').length;
        // A refund without its document (never: the sweep stores it first) must not hold the queue.
        const lost = still.filter((k) => !stored.has(k));
        if (lost.length) await core.states.set(backendId, REFUNDS_FLOW, lost.map((key) => ({ key, state: 'conflict', code: 'INTERNAL', detail: { why: 'no stored refund document' } })));
      } finally {
        await locks.unlock(mine.map(lockKey));
      }
    }
    // A backlog beyond this job's rounds: a new job goes on with it.
    await enqueueCreditBatch(env.db.pool, backendId);
    return result;
  } finally {
    await locks.close();
  }
}
