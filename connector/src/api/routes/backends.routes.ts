/** /api/backends: seller account + ERP endpoint pairs, their settings, set-up and sync state. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiDeps } from '../deps.ts';
import { actorOf } from '../access.ts';
import { Backend, BackendCreate, BackendSettingsPatch } from '../schemas.ts';
import { IdParams, errorRef, missing, notFound } from './common.ts';

const SetupReport = Type.Object({
  ok: Type.Boolean(),
  created: Type.Array(Type.Object({ what: Type.String(), erpModel: Type.String(), erpId: Type.Integer() })),
  found: Type.Array(Type.Object({ what: Type.String(), erpModel: Type.String(), erpId: Type.Integer() })),
  problems: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
});

export function backendRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['backends'];
    app.get('/backends', { schema: { tags, summary: 'All backends with their sync state', response: { 200: Type.Array(Backend) } } }, () =>
      deps.backends.list(),
    );
    app.post(
      '/backends',
      { schema: { tags, summary: 'Connect a seller account to an ERP (credentials are stored encrypted)', body: BackendCreate, response: { 201: Backend, 400: errorRef } } },
      async (req, reply) => reply.status(201).send(await deps.backends.create(req.body, actorOf(req))),
    );
    app.get('/backends/:id', { schema: { tags, summary: 'One backend', params: IdParams, response: { 200: Backend, ...notFound } } }, async (req, reply) => {
      const b = await deps.backends.get(req.params.id);
      return b ? b : reply.status(404).send(missing('backend', req.params.id));
    });
    app.patch(
      '/backends/:id',
      {
        schema: {
          tags,
          summary: 'Change settings: a merge patch per namespace (null removes a key or resets it to its default)',
          params: IdParams,
          body: Type.Object({ settings: BackendSettingsPatch }, { additionalProperties: false }),
          response: { 200: Backend, 400: errorRef, ...notFound },
        },
      },
      async (req, reply) => {
        const b = await deps.backends.updateSettings(req.params.id, req.body.settings, actorOf(req));
        return b ? b : reply.status(404).send(missing('backend', req.params.id));
      },
    );
    app.post(
      '/backends/:id/setup',
      { schema: { tags, summary: 'Create in the ERP what the flows need; report what cannot be created', params: IdParams, response: { 200: SetupReport, ...notFound } } },
      (req) => deps.backends.runSetup(req.params.id, actorOf(req)),
    );
    app.post(
      '/backends/:id/sweep',
      { schema: { tags, summary: 'Run the order sweep now (409 BACKEND_DISABLED while disabled)', params: IdParams, response: { 202: Type.Object({ queued: Type.Boolean() }), 409: errorRef, ...notFound } } },
      async (req, reply) => reply.status(202).send(await deps.backends.requestSweep(req.params.id)),
    );
  };
}
