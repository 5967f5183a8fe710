/**
 * The per-backend scheduler: first the lookup of any feed whose createFeed outcome is unknown (nothing is resubmitted
 * before it), then, while messages are queued, one feed at a time for the highest-priority type that is ready (its
 * batch window passed or a full feed waiting). createFeed tokens are shared by every feed type of the seller, so a
 * type below `reservePriority` goes only while the bucket holds more than `reserveTokens`: stock feeds never drain
 * what a cancellation or a refund needs. The token itself is taken by the call (the shared PostgreSQL gate).
 */
import { feedCodec } from '../../../amazon/feeds/index.ts';
import { queuedTypes, submittingFeeds } from '../../../core/feeds/feed-store.ts';
import { withSessionLock } from '../../../core/session-lock.ts';
import { typeOf, type FeedsContext, type OwnedFeedType } from './feeds-context.ts';
import { recoverFeed } from './recover-feed.ts';
import { submitBatch } from './submit-batch.ts';

/** How long a type waits when no token (or only the reserve, for a low-priority one) is left: 0.0083/s = one per 2 min. */
const RESERVE_WAIT_SECONDS = 30;

export interface SubmitOutcome {
  submitted: number;
  /** Seconds until the next run is worth it (a batch window, the reserve); null when nothing is queued. */
  nextInSeconds: number | null;
}

/** One scheduler run for the context's backend (see the file's comment). */
export async function runSubmit(ctx: FeedsContext, now: () => number = Date.now): Promise<SubmitOutcome> {
  return withSessionLock(ctx.pool, `feeds:submit:${ctx.backendId}`, async () => {
    for (const feed of await submittingFeeds(ctx.pool, ctx.backendId)) await recoverFeed(ctx, feed);
    let submitted = 0;
    for (;;) {
      const pick = await nextType(ctx, now());
      if (pick.type === null) return { submitted, nextInSeconds: pick.waitSeconds };
      // Nothing claimed: another run holds those rows (it will go on with them); stop rather than spin.
      if (!(await submitBatch(ctx, pick.type))) return { submitted, nextInSeconds: 1 };
      submitted += 1;
    }
  });
}

/** The type to send now, or how long until one is (null: nothing queued). */
async function nextType(ctx: FeedsContext, now: number): Promise<{ type: OwnedFeedType; waitSeconds: null } | { type: null; waitSeconds: number | null }> {
  const queued = (await queuedTypes(ctx.pool, ctx.backendId))
    .map((q) => ({ ...q, type: typeOf(ctx, q.feedType) }))
    .sort((a, b) => b.type.priority - a.type.priority || a.oldest.getTime() - b.oldest.getTime());
  let wait: number | null = null;
  const later = (s: number) => (wait = Math.max(1, Math.min(wait ?? s, s)));
  let tokens: number | undefined;
  for (const q of queued) {
    const max = feedCodec(q.feedType)?.maxMessages ?? 1;
    const age = (now - q.oldest.getTime()) / 1000;
    if (q.count < max && age < ctx.settings.batchWindowSeconds) {
      later(Math.ceil(ctx.settings.batchWindowSeconds - age));
      continue;
    }
    tokens ??= await ctx.feeds.createFeedTokens();
    // No token at all: claiming and uploading now would only wait at the gate (or give the batch back on QUOTA_WAIT).
    const floor = q.type.priority < ctx.settings.reservePriority ? ctx.settings.reserveTokens + 1 : 1;
    if (tokens < floor) {
      later(RESERVE_WAIT_SECONDS);
      continue;
    }
    return { type: q.type, waitSeconds: null };
  }
  return { type: null, waitSeconds: wait };
}
