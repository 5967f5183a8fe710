/**
 * The change feed's admin routes: its state per backend (cursors per model, webhooks on or off and where they
 * post, without the secret) and the rotation of a backend's webhook secret (the previous one is still accepted for
 * the grace period while the ERP's rules are rewritten by the next poll, queued at once).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BackendIdParams, notFound } from '../../../api/routes/common.ts';
import { actorOf } from '../../../api/access.ts';
import { cursorsOf } from '../../../core/change-feed/index.ts';
import type { TaskEnv } from '../task-env.ts';
import { schedulePoll } from './poll.task.ts';

const FeedState = Type.Object({
  webhooks: Type.Boolean({ description: 'true when the connector has a public URL (CONNECTOR_PUBLIC_URL): rules are installed for webhook subscriptions' }),
  models: Type.Array(Type.Object({
    model: Type.String(),
    cursor: Type.String({ description: "the write_date second polled from (Odoo's format, UTC)" }),
    polledAt: Type.String({ format: 'date-time' }),
    subscribers: Type.Array(Type.String(), { description: 'the queue tasks handed its changes' }),
  })),
});

const Rotated = Type.Object({
  previousAcceptedUntil: Type.String({ format: 'date-time', description: 'the previous secret is accepted until then' }),
  rulesUpdate: Type.Literal('queued'),
});

export function changeFeedApiRoutes(env: Pick<TaskEnv, 'core' | 'db'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['erp-changes'];
    const read = { access: 'read' as const };
    const write = { access: 'write' as const };
    app.get(
      '/backends/:id/erp-changes',
      { config: read, schema: { tags, summary: "The ERP change feed of a backend: its write_date cursors per model, webhooks on or off", params: BackendIdParams, response: { 200: FeedState, ...notFound } } },
      async (req) => {
        await env.core.backends.get(req.params.id);
        const models = await cursorsOf(env.db.pool, req.params.id);
        return { webhooks: env.core.changeFeed.publicUrl !== null, models: models.map((m) => ({ ...m, polledAt: m.polledAt.toISOString() })) };
      },
    );
    app.post(
      '/backends/:id/erp-webhook/rotate',
      {
        config: write,
        schema: {
          tags,
          summary: "Rotate the backend's ERP webhook secret: the old one still works for the grace period while the rules are rewritten",
          params: BackendIdParams,
          response: { 200: Rotated, ...notFound },
        },
      },
      async (req) => {
        await env.core.backends.get(req.params.id);
        const { previousUntil } = await env.core.changeFeed.secrets.rotate(req.params.id, env.core.changeFeed.secretGraceSeconds);
        await schedulePoll(env.db.pool, req.params.id, 0);
        req.log.info({ backendId: req.params.id, by: actorOf(req) }, 'ERP webhook secret rotated');
        return { previousAcceptedUntil: previousUntil, rulesUpdate: 'queued' as const };
      },
    );
  };
}
