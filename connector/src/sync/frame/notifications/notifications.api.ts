/**
 * The admin routes of the notification channel: `PUT /api/amazon-notifications` stores the SQS queue and AWS keys
 * of an SP-API application (the keys sealed, never answered) and queues the subscription of its backends;
 * `GET` shows the channels, their destination and the backends' subscriptions, without any secret.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../../api/access.ts';
import { errorRef } from '../../../api/routes/common.ts';
import { PermanentError } from '../../../core/errors.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { TaskEnv } from '../task-env.ts';
import { listChannels, putChannel, type Channel } from './channel-store.ts';
import { enqueueSubscribe } from './subscribe.task.ts';

const ChannelBody = Type.Object(
  {
    applicationId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "the SP-API application's LWA client id; may be left out when all backends share one" })),
    queueUrl: Type.String({ minLength: 1, maxLength: 1000, description: 'https://sqs.<region>.amazonaws.com/<account>/<queue>' }),
    queueArn: Type.String({ minLength: 1, maxLength: 1000, description: 'arn:aws:sqs:<region>:<account>:<queue> (the queue lets Amazon send to it)' }),
    awsRegion: Type.String({ minLength: 1, maxLength: 40 }),
    accessKeyId: Type.String({ minLength: 1, maxLength: 128, description: 'AWS keys allowed ReceiveMessage and DeleteMessage on the queue; sealed, never answered' }),
    secretAccessKey: Type.String({ minLength: 1, maxLength: 256, writeOnly: true }),
    sqsEndpoint: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500, description: 'an SQS-compatible service URL instead of AWS' }), Type.Null()])),
  },
  { additionalProperties: false },
);

const ChannelView = Type.Object({
  applicationId: Type.String(),
  queueUrl: Type.String(),
  queueArn: Type.String(),
  awsRegion: Type.String(),
  sqsEndpoint: Type.Union([Type.String(), Type.Null()]),
  destinationId: Type.Union([Type.String(), Type.Null()], { description: "Amazon's destination for the queue, once a set-up found or made it" }),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
  subscriptions: Type.Array(Type.Object({ backendId: Type.Integer(), notificationType: Type.String(), destinationId: Type.String(), checkedAt: Type.String({ format: 'date-time' }) })),
});

const Channels = Type.Object({ channels: Type.Array(ChannelView) });
const Stored = Type.Object({ channel: ChannelView, subscribe: Type.Object({ queuedFor: Type.Array(Type.Integer(), { description: 'the backends whose subscriptions are being made' }) }) });

export function notificationsApiRoutes(env: Pick<TaskEnv, 'core' | 'db'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['amazon-notifications'];
    const read = { access: 'read' as const };
    // The AWS keys of the queue are the operator's, not the panel's: the admin token alone sets them.
    const admin = { access: 'admin' as const };
    app.get('/amazon-notifications', { config: read, schema: { tags, summary: 'The Amazon notification channels (SQS queues per SP-API application) and the subscriptions made, without secrets', response: { 200: Channels } } }, async () => {
      const channels = await listChannels(env.db.pool);
      return { channels: await Promise.all(channels.map((c) => view(env, c))) };
    });
    app.put(
      '/amazon-notifications',
      { config: admin, schema: { tags, summary: "Set an SP-API application's notification channel (its SQS queue and AWS keys); its backends are subscribed", body: ChannelBody, response: { 200: Stored, 400: errorRef } } },
      async (req) => {
        const apps = await applicationsOf(env);
        const applicationId = req.body.applicationId ?? (apps.size === 1 ? [...apps.keys()][0]! : null);
        if (!applicationId) throw new PermanentError('NOTIFICATIONS_APPLICATION_REQUIRED', `the backends use ${apps.size} SP-API applications: give applicationId`);
        const channel = await putChannel(env.db.pool, env.core.secrets, { ...req.body, applicationId }, actorOf(req));
        const backendIds = apps.get(applicationId) ?? [];
        await withTransaction(env.db.pool, async (tx) => {
          for (const id of backendIds) await enqueueSubscribe(tx, id);
        });
        req.log.info({ applicationId, backends: backendIds.length, by: actorOf(req) }, 'notification channel set');
        return { channel: await view(env, channel), subscribe: { queuedFor: backendIds } };
      },
    );
  };
}

/** The backends of each application (LWA client id), from their sealed credentials. */
async function applicationsOf(env: Pick<TaskEnv, 'core'>): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const b of await env.core.backends.list()) {
    const creds = await env.core.backends.credentials(b.id).catch(() => null);
    if (!creds) continue;
    out.set(creds.amazon.lwaClientId, [...(out.get(creds.amazon.lwaClientId) ?? []), b.id]);
  }
  return out;
}

async function view(env: Pick<TaskEnv, 'db'>, c: Channel) {
  const { rows } = await env.db.pool.query(
    `select s.backend_id, s.notification_type, s.destination_id, s.checked_at from amazon_notification_subscription s
      where s.destination_id = $1 order by s.backend_id, s.notification_type`,
    [c.destinationId ?? ''],
  );
  const subscriptions = (rows as Array<{ backend_id: number; notification_type: string; destination_id: string; checked_at: Date }>).map((r) => ({
    backendId: r.backend_id,
    notificationType: r.notification_type,
    destinationId: r.destination_id,
    checkedAt: r.checked_at.toISOString(),
  }));
  return { ...c, updatedAt: c.updatedAt.toISOString(), subscriptions };
}
