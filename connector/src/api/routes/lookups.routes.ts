/**
 * A backend's lookup tables (what `lookup` mapping rows and the flows read): list the tables, page through a
 * table's entries, put entries (checked against the table's declaration, audited) and delete one. Generic on
 * purpose: a table with its own screen (SKUs, marketplaces) may have richer routes of its own.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { ref } from '../components.ts';
import { LookupEntryPage, LookupTableList } from '../mapping-schemas.ts';
import { BackendId } from '../schemas.ts';
import { BackendIdParams, errorRef, notFound } from './common.ts';

const TableName = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z][a-z0-9_]*$' });
const TableParams = Type.Object({ id: BackendId, table: TableName });
const Key = Type.String({ minLength: 1, maxLength: 200 });

export function lookupRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['lookups'];
    const m = deps.mappings;
    app.get(
      '/backends/:id/lookups',
      { config: { access: 'read' }, schema: { tags, summary: "A backend's lookup tables (declared ones too, even empty) with their entry counts", params: BackendIdParams, response: { 200: ref(LookupTableList), ...notFound } } },
      async (req) => ({ items: await m.lookupTables(req.params.id) }),
    );
    app.get(
      '/backends/:id/lookups/:table',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: "A lookup table's entries by key",
          params: TableParams,
          querystring: Type.Object({
            prefix: Type.Optional(Type.String({ maxLength: 200, description: 'keys starting with this' })),
            cursor: Type.Optional(Key),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          }),
          response: { 200: ref(LookupEntryPage), ...notFound },
        },
      },
      (req) => {
        const { prefix, cursor, limit } = req.query;
        return m.lookupEntries(req.params.id, req.params.table, { limit: limit ?? 100, ...(prefix ? { prefix } : {}), ...(cursor ? { after: cursor } : {}) });
      },
    );
    app.put(
      '/backends/:id/lookups/:table',
      {
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Insert or replace entries (the table is created on first use; values checked against its declaration)',
          params: TableParams,
          body: Type.Object({ entries: Type.Array(Type.Object({ key: Key, value: Type.Unknown() }), { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ count: Type.Integer({ minimum: 0 }) }), 400: errorRef, ...notFound },
        },
      },
      async (req) => ({ count: await m.putLookupEntries(req.params.id, req.params.table, req.body.entries, actorOf(req)) }),
    );
    app.delete(
      '/backends/:id/lookups/:table/:key',
      {
        config: { access: 'write' },
        schema: { tags, summary: 'Delete one entry', params: Type.Object({ id: BackendId, table: TableName, key: Key }), response: { 204: Type.Null({ description: 'deleted' }), ...notFound } },
      },
      async (req, reply) => {
        const gone = await m.removeLookupEntry(req.params.id, req.params.table, req.params.key, actorOf(req));
        return gone ? reply.status(204).send(null) : reply.status(404).send({ code: 'NOT_FOUND', message: `no entry ${req.params.key} in ${req.params.table}` });
      },
    );
  };
}
