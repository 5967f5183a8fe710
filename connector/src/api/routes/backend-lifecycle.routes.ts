/**
 * Disable, enable and delete a backend. A disabled backend is neither swept nor imported (its pending jobs do
 * nothing and say so) but stays listed; a deleted one disappears (its name can be reused, its sealed credentials
 * are destroyed) while its orders, runs, conflicts and audit entries remain. Every change is audited.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { ref } from '../components.ts';
import { Backend } from '../backend.schemas.ts';
import { BackendIdParams, missing, notFound } from './common.ts';

export function backendLifecycleRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['backends'];
    for (const [verb, enabled] of [['disable', false], ['enable', true]] as const) {
      app.post(
        `/backends/:id/${verb}`,
        {
          config: { access: 'write' },
          schema: {
            tags,
            summary: enabled
              ? 'Enable a disabled backend: its sweep is scheduled and the orders that waited are imported'
              : 'Disable a backend: no sweep, no import (pending jobs do nothing) until enabled; it stays listed',
            params: BackendIdParams,
            response: { 200: ref(Backend), ...notFound },
          },
        },
        async (req, reply) => {
          const b = await deps.backendLifecycle.setEnabled(req.params.id, enabled, actorOf(req));
          return b ? b : reply.status(404).send(missing('backend', req.params.id));
        },
      );
    }
    app.delete(
      '/backends/:id',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Delete a backend: gone from lists, name reusable, credentials destroyed; its history stays',
          params: BackendIdParams,
          response: { 204: Type.Null({ description: 'deleted' }), ...notFound },
        },
      },
      async (req, reply) => {
        const done = await deps.backendLifecycle.remove(req.params.id, actorOf(req));
        return done ? reply.status(204).send(null) : reply.status(404).send(missing('backend', req.params.id));
      },
    );
  };
}
