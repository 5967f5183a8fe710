/**
 * The Feeds core's jobs: one submit job per backend (job key `feeds:submit:<id>`; the task also holds a session
 * lock, since a job key does not stop a running copy), one poll job per submitted feed, and the owning flow's
 * result task once a feed's outcome is known. All enqueued in the caller's transaction.
 */
import { enqueue, type Queryable } from '../../../core/queue/enqueue.ts';
import { taskName } from '../flow.ts';
import type { OwnedFeedType } from './feeds-context.ts';

export const FEEDS_FLOW = 'feeds';
export const SUBMIT_TASK = 'submit';
export const POLL_TASK = 'poll';

/** The backend's submit job in `inSeconds` (one pending per backend: a later request replaces it). */
export async function scheduleSubmit(db: Queryable, backendId: number, inSeconds = 0): Promise<void> {
  await enqueue(db, taskName(FEEDS_FLOW, SUBMIT_TASK), { backendId }, {
    jobKey: `${FEEDS_FLOW}:submit:${backendId}`,
    runAt: new Date(Date.now() + inSeconds * 1000),
    maxAttempts: 10,
  });
}

export async function schedulePoll(db: Queryable, backendId: number, feedId: number, inSeconds: number): Promise<void> {
  await enqueue(db, taskName(FEEDS_FLOW, POLL_TASK), { backendId, feedId }, {
    jobKey: `${FEEDS_FLOW}:poll:${feedId}`,
    runAt: new Date(Date.now() + inSeconds * 1000),
    maxAttempts: 20,
  });
}

/** Tells the owning flow that the feed's outcome is known (`{ backendId, feedId }`); nothing when none owns it. */
export async function enqueueResult(db: Queryable, type: OwnedFeedType, backendId: number, feedId: number): Promise<void> {
  if (!type.flow || !type.resultTask) return;
  await enqueue(db, taskName(type.flow, type.resultTask), { backendId, feedId }, { jobKey: `${type.flow}:${type.resultTask}:feed:${feedId}` });
}
