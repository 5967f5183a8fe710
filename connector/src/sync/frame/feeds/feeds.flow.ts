/**
 * The Feeds core as the frame runs it, declared like a flow so the worker, the crontab, the API and the error
 * catalogue assemble it from the one list: the per-backend submit task (the scheduler and the unknown-outcome
 * lookup), the per-feed poll task, a crontab safety net, the `feeds` settings, the `feed` conflict kind and its
 * codes. Always on (it carries only what the switched-on flows queued); it works on the flows' `feeds` declarations
 * (handed over as `flows()`, lazily: the list holds this flow too).
 */
import { Type } from 'typebox';
import { FeedOutcomeUnknown } from '../../../amazon/feeds-api.ts';
import { messageCounts } from '../../../core/feeds/index.ts';
import { defineFlow, defineTask, type FlowDefinition } from '../flow.ts';
import { feedConflictKind } from './feed-conflicts.ts';
import { FEEDS_FLOW, POLL_TASK, SUBMIT_TASK, schedulePoll, scheduleSubmit } from './feed-jobs.ts';
import { feedsApiRoutes, feedsApiSchemas } from './feeds.api.ts';
import { feedsContextOf, feedTypesOf } from './feeds-context.ts';
import { feedsErrorList } from './feeds.errors.ts';
import { feedsSettings } from './feeds.settings.ts';
import { pollFeed } from './poll-feed.ts';
import { runSubmit } from './submit.ts';

const BackendPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }) });
const PollPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), feedId: Type.Integer({ minimum: 1 }) });

/** The Feeds core over the flows `flows()` returns. */
export function feedsFlow(flows: () => readonly Pick<FlowDefinition, 'name' | 'feeds'>[]): FlowDefinition {
  return defineFlow({
    name: FEEDS_FLOW,
    description: "The Feeds core: the flows' feed messages batched per type, createFeed tokens by priority, processing reports read back",
    tasks: [
      defineTask({
        name: SUBMIT_TASK,
        payload: BackendPayload,
        // No go-live switch of its own: it sends only what switched-on flows queued.
        perBackend: false,
        async run(job, p) {
          if ((await job.env.core.backends.state(p.backendId)) !== 'active') return;
          const ctx = await feedsContextOf(job.env, p.backendId, feedTypesOf(flows()));
          try {
            const outcome = await runSubmit(ctx);
            if (outcome.nextInSeconds !== null) await scheduleSubmit(job.env.db.pool, p.backendId, outcome.nextInSeconds);
          } catch (e) {
            // Looked up at the next run, after Amazon had a moment to list the feed (never resent before that).
            if (!(e instanceof FeedOutcomeUnknown)) throw e;
            await scheduleSubmit(job.env.db.pool, p.backendId, 10);
          }
        },
      }),
      defineTask({
        name: POLL_TASK,
        payload: PollPayload,
        perBackend: false,
        async run(job, p) {
          if ((await job.env.core.backends.state(p.backendId)) !== 'active') return;
          await pollFeed(await feedsContextOf(job.env, p.backendId, feedTypesOf(flows())), p.feedId);
        },
      }),
      defineTask({
        name: 'ensure',
        payload: Type.Object({}, { additionalProperties: true }),
        perBackend: false,
        // A submit or poll job lost (deleted by hand, out of attempts) is queued again; an unknown outcome is
        // looked up by the submit run this queues.
        async run({ env }) {
          const { rows } = await env.db.pool.query<{ backend_id: number; feed_id: number | null }>(
            `select distinct m.backend_id, null::int as feed_id from feed_message m join backend b on b.id = m.backend_id
               where m.state = 'queued' and b.enabled and b.deleted_at is null
             union
             select f.backend_id, case when f.state = 'submitted' then f.id::int end from feed f join backend b on b.id = f.backend_id
               where f.state in ('submitting', 'submitted') and b.enabled and b.deleted_at is null`,
          );
          const jobs = await env.db.pool.query<{ key: string }>(`select key from graphile_worker._private_jobs where key like 'feeds:%'`);
          const pending = new Set(jobs.rows.map((r) => r.key));
          for (const r of rows) {
            if (r.feed_id !== null && !pending.has(`feeds:poll:${r.feed_id}`)) await schedulePoll(env.db.pool, r.backend_id, r.feed_id, 0);
            if (r.feed_id === null && !pending.has(`feeds:submit:${r.backend_id}`)) await scheduleSubmit(env.db.pool, r.backend_id, 0);
          }
        },
      }),
    ],
    crontab: [{ pattern: '*/5 * * * *', task: 'ensure', options: '?max=1' }],
    settings: feedsSettings,
    conflictKinds: [feedConflictKind],
    errorCodes: feedsErrorList,
    status: { counts: messageCounts },
    metrics: [
      {
        name: 'aec_feed_messages_queued',
        help: 'Feed messages waiting to be sent, per backend and feed type',
        labels: ['feed_type'],
        async collect(db, backendIds) {
          const { rows } = await db.query<{ backend_id: number; feed_type: string; n: number }>(
            `select backend_id, feed_type, count(*)::int as n from feed_message where state = 'queued' and backend_id = any($1::int[]) group by 1, 2`,
            [[...backendIds]],
          );
          return rows.map((r) => ({ backendId: r.backend_id, labels: { feed_type: r.feed_type }, value: r.n }));
        },
      },
    ],
    apiRoutes: (env) => feedsApiRoutes(env),
    apiSchemas: feedsApiSchemas,
    async onBackendEnabled(backendId, tx) {
      await scheduleSubmit(tx, backendId, 0);
    },
    demo: { describe: 'feeds: the flows’ feed messages batched per type and sent by priority; processing reports read back' },
  });
}
