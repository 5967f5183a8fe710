/** /api/backends: seller account + ERP endpoint pairs, their settings, set-up and sync state. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { BackendConnectionPatch } from '../backend-connection.schemas.ts';
import { Queued, SetupReport, ref } from '../components.ts';
import { Backend, backendCreate, settingsPatch } from '../backend.schemas.ts';
import { ErpCompanyId, Nullable } from '../schemas.ts';
import { BackendIdParams, conflict, missing, notFound, upstream } from './common.ts';

export function backendRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['backends'];
    const read = { access: 'read' as const };
    const write = { access: 'write' as const };
    const BackendCreate = backendCreate(deps.settings.patchSchema);
    const BackendSettingsPatch = settingsPatch(deps.settings.patchSchema);
    app.get('/backends', { config: read, schema: { tags, summary: 'All backends with their sync state', description: "Each flow's record counts by state (`sync.flows` and the compatibility fields derived from them) may be up to 5 s old: they count every record of every backend, so the list reuses them for 5 s; the rest is read live. `GET /backends/{id}` counts live.", response: { 200: Type.Array(ref(Backend)) } } }, () =>
      deps.backends.list(),
    );
    app.post(
      '/backends',
      {
        config: write,
        schema: { tags, summary: 'Connect a seller account to an ERP (credentials are stored encrypted)', body: BackendCreate, response: { 201: ref(Backend), ...conflict } },
      },
      async (req, reply) => reply.status(201).send(await deps.backends.create(req.body, actorOf(req))),
    );
    app.get('/backends/:id', { config: read, schema: { tags, summary: 'One backend', params: BackendIdParams, response: { 200: ref(Backend), ...notFound } } }, async (req, reply) => {
      const b = await deps.backends.get(req.params.id);
      return b ? b : reply.status(404).send(missing('backend', req.params.id));
    });
    app.patch(
      '/backends/:id',
      {
        config: write,
        schema: {
          tags,
          summary: "Change settings (a merge patch per namespace: null removes a key or resets it to its default) or the ERP company",
          params: BackendIdParams,
          body: Type.Object(
            {
              settings: Type.Optional(BackendSettingsPatch),
              erp: Type.Optional(Type.Object({ companyId: Nullable(ErpCompanyId) }, { additionalProperties: false })),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: ref(Backend), ...notFound },
        },
      },
      async (req, reply) => {
        const b = await deps.backends.updateSettings(req.params.id, req.body.settings, actorOf(req), req.body.erp);
        return b ? b : reply.status(404).send(missing('backend', req.params.id));
      },
    );
    app.patch(
      '/backends/:id/connection',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change the seller account, the ERP endpoint or their secrets (a secret only when a new one is given; never answered)',
          description:
            'Audited as backend.update without any secret (only `credentials: replaced`). Every process drops its clients of the old ' +
            'connection; a new ERP URL or database makes the connector detect the ERP version again and queues its set-up. The answer says which secrets are set.',
          params: BackendIdParams,
          body: BackendConnectionPatch,
          response: { 200: ref(Backend), ...notFound },
        },
      },
      async (req, reply) => {
        const b = await deps.backends.updateConnection(req.params.id, req.body, actorOf(req));
        return b ? b : reply.status(404).send(missing('backend', req.params.id));
      },
    );
    app.post(
      '/backends/:id/setup',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create in the ERP what the flows need; report what cannot be created',
          description:
            'Safe to run again. Without consent it creates only the connector\'s own records (service products, sales team, pricelists) ' +
            'and reports every missing accounting piece with the steps to do it by hand; with `createMissing` (or the backend setting ' +
            '`erpSetup.createMissing`) it also activates currencies and creates tax groups, VAT taxes and fiscal positions, and sets per-line tax rounding.',
          params: BackendIdParams,
          // No body at all (Fastify passes null) is a run without options.
          body: Type.Union([
            Type.Object(
              { createMissing: Type.Optional(Type.Boolean({ description: "this run's consent to create what the ERP lacks (default: the backend setting erpSetup.createMissing)" })) },
              { additionalProperties: false },
            ),
            Type.Null(),
          ]),
          response: { 200: ref(SetupReport), ...notFound, ...upstream },
        },
      },
      (req) => deps.backends.runSetup(req.params.id, actorOf(req), req.body ?? {}),
    );
    app.post(
      '/backends/:id/setup/fixes/:fixId',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: "Apply one of the set-up report's fixes: a set-up run with that fix's consent (create-accounting, install-modules)",
          params: Type.Object({ id: BackendIdParams.properties.id, fixId: Type.String({ pattern: '^[a-z][a-z-]{0,63}$', description: 'a fix id of the report' }) }),
          response: { 200: ref(SetupReport), ...notFound, ...upstream },
        },
      },
      (req) => deps.backends.applySetupFix(req.params.id, req.params.fixId, actorOf(req)),
    );
    app.post(
      '/backends/:id/sweep',
      {
        config: write,
        schema: { tags, summary: 'Run the order sweep now (409 BACKEND_DISABLED while disabled)', params: BackendIdParams, response: { 202: ref(Queued), ...notFound, ...conflict } },
      },
      async (req, reply) => reply.status(202).send(await deps.backends.requestSweep(req.params.id)),
    );
  };
}
