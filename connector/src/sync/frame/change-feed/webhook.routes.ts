/**
 * POST /inbound/erp/:backendId/:secret: what the ERP's webhook rules post (Odoo signs nothing; the per-backend
 * secret in the URL is the credential, compared in constant time; the log shows the path without it). The body is
 * only a trigger (`_model`, `_id`; its values were read before the change completed): the subscribers of that model
 * get `{ backendId, ids: [id] }` queued and re-read the record themselves. Answers at once (Odoo waits 1 s at most,
 * inside the user's request, and never retries; polling catches what a lost post missed). A wrong secret, an
 * unknown or switched-off backend: 404 WEBHOOK_REFUSED, nothing queued.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PermanentError } from '../../../core/errors.ts';
import { enqueue } from '../../../core/queue/enqueue.ts';
import { flowsWaitingForModules } from '../erp-modules.ts';
import type { TaskEnv } from '../task-env.ts';
import { liveSubscriptions, type FeedFlow } from './subscriptions.ts';

const Params = Type.Object({
  backendId: Type.String({ pattern: '^[0-9]{1,9}$', description: 'the backend id' }),
  secret: Type.String({ minLength: 1, maxLength: 200, description: "the backend's webhook secret (never logged)" }),
});

/** The receiving route over `env`, for the subscriptions of `flows()`. */
export function webhookRoutes(env: Pick<TaskEnv, 'core' | 'log'>, flows: () => readonly FeedFlow[]): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/erp/:backendId/:secret',
      {
        config: { access: 'public' },
        schema: {
          tags: ['inbound'],
          summary: "The ERP's webhook (an Odoo automation rule posts a record that reached a state); authenticated by the secret in the path",
          description:
            'The body is a trigger only (`_model`, `_id`): the record is re-read from the ERP. 204 when accepted (the subscribed flows ' +
            'were queued), 404 WEBHOOK_REFUSED for an unknown backend or a wrong or expired secret (nothing queued).',
          security: [],
          params: Params,
          response: { 204: Type.Null({ description: 'accepted' }) },
        },
      },
      async (req, reply) => {
        const backendId = Number(req.params.backendId);
        const refused = () => new PermanentError('WEBHOOK_REFUSED', 'no ERP webhook at this address');
        const state = await env.core.backends.state(backendId);
        // The secret is checked whatever the backend's state, so the answer's timing tells nothing either way.
        const ok = await env.core.changeFeed.secrets.verify(backendId, req.params.secret);
        if (!ok || state !== 'active') throw refused();
        const { model, id } = triggerOf(req.body);
        if (model && id) {
          const backend = await env.core.backends.get(backendId);
          const waiting = await flowsWaitingForModules(env.core, backendId);
          const tasks = [...new Set(liveSubscriptions(flows(), backend.settings, waiting).filter((s) => s.model === model).map((s) => s.task))];
          for (const task of tasks) await enqueue(env.core.pool, task, { backendId, ids: [id] });
          req.log.info({ backendId, model, id, queued: tasks.length }, 'ERP webhook');
        }
        return reply.status(204).send(null);
      },
    );
  };
}

/** The record the body names (`_model`, `_id`); anything else in it is ignored. */
function triggerOf(body: unknown): { model: string | null; id: number | null } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const model = typeof b._model === 'string' && /^[a-z0-9_.]{1,64}$/.test(b._model) ? b._model : null;
  const id = Number.isSafeInteger(b._id) && (b._id as number) > 0 ? (b._id as number) : null;
  return { model, id };
}
