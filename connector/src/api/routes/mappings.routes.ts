/**
 * The mapping editor's routes: the flows and their targets, a backend's rows per flow (create, replace, delete:
 * each validated, refused with MAPPING_RULE_INVALID and every problem, audited, applied from the next sync), the
 * ERP's fields of a target (fields_get, custom `x_` fields included) and the preview on a stored record.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { ref } from '../components.ts';
import { ErpFieldList, MappingFlowList, MappingPreview, MappingRuleList, MappingRuleView } from '../mapping-schemas.ts';
import { BackendId, Id } from '../schemas.ts';
import { errorRef, notFound, upstream } from './common.ts';

const FlowName = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z][a-z0-9_-]*$' });
const FlowParams = Type.Object({ id: BackendId, flow: FlowName });
const RuleParams = Type.Object({ id: BackendId, flow: FlowName, ruleId: Id });
const TargetParams = Type.Object({ id: BackendId, flow: FlowName, target: Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z][a-z0-9_.]*$' }) });
// The row is checked by core's validator, which names every problem (MAPPING_RULE_INVALID), not by the schema.
const RuleBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'a mapping row: { target, erpField, source, transforms, onlyCreate, enabled, position } (MappingRuleView without id and flow)',
});
const refused = { 400: errorRef };

export function mappingRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['mappings'];
    const m = deps.mappings;
    app.get(
      '/mapping-flows',
      { config: { access: 'read' }, schema: { tags, summary: 'The flows whose ERP writes mapping rows can change, with their targets', response: { 200: ref(MappingFlowList) } } },
      () => ({ items: m.flows() }),
    );
    app.get(
      '/backends/:id/mappings/:flow',
      { config: { access: 'read' }, schema: { tags, summary: "A backend's mapping rows of one flow, by position", params: FlowParams, response: { 200: ref(MappingRuleList), ...notFound } } },
      async (req) => ({ items: await m.list(req.params.id, req.params.flow) }),
    );
    app.post(
      '/backends/:id/mappings/:flow',
      {
        config: { access: 'write' },
        schema: { tags, summary: 'Add a mapping row (applies from the next sync)', params: FlowParams, body: RuleBody, response: { 201: ref(MappingRuleView), ...refused, ...notFound } },
      },
      async (req, reply) => reply.status(201).send(await m.create(req.params.id, req.params.flow, req.body, actorOf(req))),
    );
    app.put(
      '/backends/:id/mappings/:flow/:ruleId',
      {
        config: { access: 'write' },
        schema: { tags, summary: 'Replace a mapping row (applies from the next sync)', params: RuleParams, body: RuleBody, response: { 200: ref(MappingRuleView), ...refused, ...notFound } },
      },
      (req) => m.update(req.params.id, req.params.flow, req.params.ruleId, req.body, actorOf(req)),
    );
    app.delete(
      '/backends/:id/mappings/:flow/:ruleId',
      {
        config: { access: 'write' },
        schema: { tags, summary: 'Delete a mapping row', params: RuleParams, response: { 204: Type.Null({ description: 'deleted' }), ...notFound } },
      },
      async (req, reply) => {
        await m.remove(req.params.id, req.params.flow, req.params.ruleId, actorOf(req));
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/backends/:id/mappings/:flow/targets/:target/fields',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: "The ERP fields of a target, from the backend's ERP (fields_get; custom x_ fields included; kept a minute)",
          params: TargetParams,
          querystring: Type.Object({ fresh: Type.Optional(Type.Boolean({ description: 'ask the ERP again rather than the minute-old list' })) }),
          response: { 200: ref(ErpFieldList), ...notFound, ...upstream },
        },
      },
      (req) => m.erpFields(req.params.id, req.params.flow, req.params.target, req.query.fresh ?? false),
    );
    app.post(
      '/backends/:id/mappings/:flow/preview',
      {
        // It shows the buyer's data as the ERP would get it: for those who may edit mappings.
        config: { access: 'write' },
        schema: {
          tags,
          summary: 'Run the flow\'s mapper with these (unsaved) rows on a stored record and show the ERP values it would write',
          params: FlowParams,
          body: Type.Object(
            {
              rules: Type.Array(RuleBody, { maxItems: 200 }),
              amazonOrderId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the stored order to run on; absent: the latest one' })),
              creating: Type.Optional(Type.Boolean({ description: 'as for a new ERP record (default true: onlyCreate rows apply)' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: ref(MappingPreview), ...notFound, ...upstream },
        },
      },
      (req) => m.preview(req.params.id, req.params.flow, req.body),
    );
  };
}
