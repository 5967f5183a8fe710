/**
 * The mapping editor's service (api/mapping-deps.ts) over core's rule and lookup stores, the backends' ERP
 * connections (fields_get) and the flows' previewers. Rows are validated by core (MAPPING_RULE_INVALID with every
 * problem); a saved row is announced (NOTIFY) so every process drops its cached rows and the next sync reads it.
 */
import type { MappingsApi } from '../api/mapping-deps.ts';
import type { MappingPreviewT, MappingRuleViewT } from '../api/mapping-schemas.ts';
import { PermanentError } from '../core/errors.ts';
import { applyRules, checkOnRecord, rulesFor, validateRule, type KnownField, type MappingRule } from '../core/mapper/index.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { createErpFieldsCache } from './erp-fields-cache.ts';
import { flows as allFlows, type AssembledFlow } from './flow-list.ts';
import { lookupService } from './lookup-service.ts';
import { backendMustExist } from '../core/backend/must-exist.ts';

const notFound = (message: string) => new PermanentError('NOT_FOUND', message);

/** The service over `env` for the flows of `list`. */
export function createMappingService(env: TaskEnv, list: readonly AssembledFlow[] = allFlows): MappingsApi {
  const { core } = env;
  const fieldsCache = createErpFieldsCache();
  const mustExist = async (id: number) => {
    await backendMustExist(core.backends, id);
  };
  const flowOf = (name: string) => {
    const f = list.find((x) => x.name === name && x.mappingTargets?.length);
    if (!f) throw notFound(`flow ${name} has no mapping targets`);
    return f;
  };
  const targetOf = (flow: AssembledFlow, target: string) => {
    const t = flow.mappingTargets!.find((x) => x.model === target);
    if (!t) throw notFound(`flow ${flow.name} has no mapping target ${target}`);
    return { target: t.model, erpModel: t.erpModel ?? t.model };
  };
  const ownRule = async (backendId: number, flow: string, id: number) => {
    if (!(await core.mappingRules.list(backendId, flow)).some((r) => r.id === id)) throw notFound(`mapping rule ${id} does not exist in flow ${flow}`);
  };
  const erpFields = async (backendId: number, flow: AssembledFlow, target: string, fresh: boolean) => {
    const t = targetOf(flow, target);
    const rt = await env.runtimes.get(backendId);
    return { ...t, fields: await fieldsCache.fields(backendId, rt.erp, t.erpModel, fresh) };
  };

  return {
    flows: () =>
      list.filter((f) => f.mappingTargets?.length).map((f) => ({
        flow: f.name,
        description: f.description,
        targets: f.mappingTargets!.map((t) => ({ target: t.model, erpModel: t.erpModel ?? t.model, description: t.description })),
      })),
    async list(backendId, flow) {
      await mustExist(backendId);
      flowOf(flow);
      return (await core.mappingRules.list(backendId, flow)) as MappingRuleViewT[];
    },
    async create(backendId, flow, rule, actor) {
      await mustExist(backendId);
      flowOf(flow);
      return (await core.mappingRules.create(backendId, flow, rule, { actor })) as MappingRuleViewT;
    },
    async update(backendId, flow, id, rule, actor) {
      await mustExist(backendId);
      flowOf(flow);
      await ownRule(backendId, flow, id);
      return (await core.mappingRules.update(backendId, id, flow, rule, { actor })) as MappingRuleViewT;
    },
    async remove(backendId, flow, id, actor) {
      await mustExist(backendId);
      flowOf(flow);
      await ownRule(backendId, flow, id);
      await core.mappingRules.remove(backendId, id, { actor });
    },
    async erpFields(backendId, flow, target, fresh) {
      await mustExist(backendId);
      return erpFields(backendId, flowOf(flow), target, fresh);
    },
    async preview(backendId, flowName, body) {
      await mustExist(backendId);
      const flow = flowOf(flowName);
      if (!flow.mappingPreview) throw notFound(`flow ${flowName} offers no preview`);
      const targets = flow.mappingTargets!.map((t) => t.model);
      // Invalid rows are reported and left out of the run, like the store would refuse them.
      const checked = body.rules.map((rule, index) => ({ index, rule, problems: validateRule(rule, targets) }));
      const valid = checked.filter((c) => c.problems.length === 0).map((c) => ({ index: c.index, rule: c.rule as MappingRule }));
      const creating = body.creating ?? true;
      const result = await flow.mappingPreview(env)(backendId, { rules: valid.map((v) => v.rule), creating, ...(body.amazonOrderId ? { key: body.amazonOrderId } : {}) });
      if (!result) throw notFound(body.amazonOrderId ? `order ${body.amazonOrderId} is not stored for backend ${backendId}` : `backend ${backendId} has no stored record yet`);
      // The ERP's fields of the targets the rows name; a target whose fields cannot be read is not checked.
      const fields = new Map<string, Map<string, KnownField>>();
      for (const target of new Set(valid.map((v) => v.rule.target))) {
        const got = await erpFields(backendId, flow, target, false).catch(() => null);
        if (got) fields.set(target, new Map(got.fields.map((f) => [f.name, f])));
      }
      const ruleProblems: MappingPreviewT['ruleProblems'] = [
        ...checked.flatMap((c) => c.problems.map((p) => ({ index: c.index, field: p.field, message: p.message, severity: 'error' as const }))),
        ...checkOnRecord({ rules: valid, inputs: result.inputs, lookups: result.lookups, fields }),
      ].sort((a, b) => a.index - b.index);
      const complete = result.mapperProblems.length === 0;
      const rules = valid.map((v) => v.rule);
      // The mapper refused the record: what the rows alone would set still shows, per record they read.
      const targetsOut = complete ? result.targets : targets.map((target) => ({
        target,
        records: result.inputs.filter((i) => i.target === target).map((i) => {
          const vals = applyRules(rulesFor(rules, target), i.source, result.lookups, { creating });
          return { label: i.label, vals, fromRules: Object.keys(vals) };
        }),
      }));
      return { record: result.record, complete, targets: targetsOut, mapperProblems: result.mapperProblems, ruleProblems };
    },
    ...lookupService(core, mustExist),
  };
}
