/**
 * The Reports core's jobs, one of each per request (job keys `reports:create:<id>`, `reports:poll:<id>`: a later
 * schedule replaces a pending one), enqueued in the caller's transaction.
 */
import { enqueue, type Queryable } from '../../../core/queue/enqueue.ts';
import { taskName } from '../flow.ts';

export const REPORTS_FLOW = 'reports';
export const CREATE_TASK = 'create';
export const POLL_TASK = 'poll';

const at = (inSeconds: number) => new Date(Date.now() + inSeconds * 1000);

export async function scheduleCreate(db: Queryable, backendId: number, requestId: number, inSeconds = 0): Promise<void> {
  await enqueue(db, taskName(REPORTS_FLOW, CREATE_TASK), { backendId, requestId }, { jobKey: `${REPORTS_FLOW}:create:${requestId}`, runAt: at(inSeconds), maxAttempts: 10 });
}

export async function schedulePoll(db: Queryable, backendId: number, requestId: number, inSeconds: number): Promise<void> {
  await enqueue(db, taskName(REPORTS_FLOW, POLL_TASK), { backendId, requestId }, { jobKey: `${REPORTS_FLOW}:poll:${requestId}`, runAt: at(inSeconds), maxAttempts: 20 });
}
