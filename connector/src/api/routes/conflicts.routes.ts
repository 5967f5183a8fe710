/** /api/conflicts: every record that could not sync and needs a person; one conflict has both sides and the diff. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { resolveRights } from '../auth/resolve-rights.ts';
import { assembleCatalogue } from '../errors/error-catalogue.ts';
import { ConflictPage, ref } from '../components.ts';
import { BackendId } from '../schemas.ts';
import { ConflictBulkResult, ConflictFacets, ConflictView, conflictResolveBodies } from '../conflict.schemas.ts';
import { IdParams, PageQuery, conflict, missing, notFound } from './common.ts';

export function conflictRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['conflicts'];
    const read = { access: 'read' as const };
    // Resolving: integrators and the admin token any conflict, accountants money conflicts (auth/resolve-rights.ts).
    const resolve = { access: 'resolve' as const };
    const rights = resolveRights(assembleCatalogue(deps.flows).moneyCodes);
    const Filters = {
      backendId: Type.Optional(BackendId),
      status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('dismissed')])),
      code: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$', description: 'one conflict code, e.g. SKU_UNMAPPED' })),
      kind: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'one conflict kind, e.g. order' })),
      flow: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the conflicts of this flow's kinds, e.g. orders (400 for an unknown flow)" })),
      money: Type.Optional(Type.Boolean({ description: 'money conflicts only (true) or the others (false)' })),
    };
    const bodies = conflictResolveBodies(deps.flows.flatMap((f) => f.conflictActions ?? []));
    app.get(
      '/conflicts',
      {
        config: read,
        schema: {
          tags,
          summary: 'Conflicts, most urgent first, as summaries (the snapshots and diff are in GET /api/conflicts/{id})',
          description:
            'Most urgent first (sort=urgency, the default when status is given; it needs status): money conflicts, then the soonest ship-by ' +
            'deadline (dueAt), then the oldest; sort=newest (the default without status): newest first. Filters by backend, status, code, kind, ' +
            'flow and money; paged by the opaque nextCursor of the same sort.',
          querystring: Type.Object({
            ...Filters,
            sort: Type.Optional(Type.Union([Type.Literal('urgency'), Type.Literal('newest')])),
            ...PageQuery,
          }),
          response: { 200: ref(ConflictPage) },
        },
      },
      (req) => {
        const { limit, cursor, sort, ...filters } = req.query;
        return deps.conflicts.list({ ...filters, ...(sort ? { sort } : {}), limit: limit ?? 50, ...(cursor !== undefined ? { cursor } : {}) });
      },
    );
    app.get(
      '/conflicts/facets',
      {
        config: read,
        schema: {
          tags,
          summary: 'How many conflicts per code, flow and backend (open ones unless status says otherwise): the filter chips',
          querystring: Type.Object(Filters),
          response: { 200: ref(ConflictFacets) },
        },
      },
      (req) => deps.conflicts.facets(req.query),
    );
    app.post(
      '/conflicts/resolve',
      {
        config: resolve,
        schema: {
          tags,
          summary: "Retry or dismiss every open conflict of a backend the filter selects, or count them (dryRun)",
          description:
            'Each conflict is retried or dismissed exactly as by POST /api/conflicts/{id}/resolve (its re-run, an audit entry), all in one ' +
            'transaction. 404 BACKEND_NOT_FOUND; 409 BACKEND_DISABLED for a retry while the backend is disabled (its jobs would do nothing). ' +
            'The accountant role must name `codes`, all of them money codes (403 FORBIDDEN_ROLE otherwise).',
          body: bodies.many,
          response: { 200: ref(ConflictBulkResult), ...notFound, ...conflict },
        },
      },
      (req) => {
        rights.assertMany(req, req.body.codes);
        return deps.conflicts.resolveMany(req.body, actorOf(req));
      },
    );
    app.get('/conflicts/:id', { config: read, schema: { tags, summary: 'One conflict', params: IdParams, response: { 200: ref(ConflictView), ...notFound } } }, async (req, reply) => {
      const c = await deps.conflicts.get(req.params.id);
      return c ? c : reply.status(404).send(missing('conflict', req.params.id));
    });
    app.post(
      '/conflicts/:id/resolve',
      {
        config: resolve,
        schema: {
          tags,
          summary: 'Resolve a conflict: retry, dismiss, ignore (with a reason), or an action of its flow (409 CONFLICT_NOT_OPEN when it is closed already)',
          description:
            "Recorded on the conflict (resolution: action, by, note, data) and in the audit log; retry and the flow actions re-run the record's sync. " +
            'map_sku takes productId (and sku when the conflict names several): the SKU table gets the row and the order is imported again. ' +
            'The integrator role and the admin token resolve any conflict; the accountant role money conflicts only (codes marked money in the error catalogue), else 403 FORBIDDEN_ROLE.',
          params: IdParams,
          body: bodies.one,
          response: { 200: ref(ConflictView), ...notFound, ...conflict },
        },
      },
      async (req, reply) => {
        if (!rights.resolvesAll(req)) {
          const open = await deps.conflicts.get(req.params.id);
          if (!open) return reply.status(404).send(missing('conflict', req.params.id));
          rights.assertOne(req, open.code);
        }
        const c = await deps.conflicts.resolve(req.params.id, req.body, actorOf(req));
        return c ? c : reply.status(404).send(missing('conflict', req.params.id));
      },
    );
  };
}
