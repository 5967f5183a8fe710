/** mapping_rule rows per backend and flow, validated on every write (the admin panel's future API uses this). */
import { PermanentError } from '../errors.ts';
import type { Queryable } from '../sql.ts';
import { parseMappingRule, type MappingRule } from './mapping-rule.ts';

const COLUMNS = `id, flow, target, erp_field as "erpField", source_kind as "sourceKind", source, transforms,
  only_create as "onlyCreate", enabled, position`;

export interface MappingRuleStore {
  /** The backend's rows for `flow`, by position (disabled ones included: the evaluator skips them). */
  list(backendId: number, flow: string): Promise<MappingRule[]>;
  create(backendId: number, rule: unknown): Promise<MappingRule>;
  update(backendId: number, id: number, rule: unknown): Promise<MappingRule>;
  remove(backendId: number, id: number): Promise<boolean>;
}

/** The mapping rule store over `db`. */
export function createMappingRuleStore(db: Queryable): MappingRuleStore {
  const values = (r: MappingRule) => [r.flow, r.target, r.erpField, r.sourceKind, JSON.stringify(r.source), JSON.stringify(r.transforms), r.onlyCreate, r.enabled, r.position];
  return {
    async list(backendId, flow) {
      const { rows } = await db.query<MappingRule>(
        `select ${COLUMNS} from mapping_rule where backend_id = $1 and flow = $2 order by position, id`,
        [backendId, flow],
      );
      return rows;
    },
    async create(backendId, input) {
      const rule = parseMappingRule(input);
      const { rows } = await db.query<MappingRule>(
        `insert into mapping_rule (backend_id, flow, target, erp_field, source_kind, source, transforms, only_create, enabled, position)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${COLUMNS}`,
        [backendId, ...values(rule)],
      );
      return rows[0]!;
    },
    async update(backendId, id, input) {
      const rule = parseMappingRule(input);
      const { rows } = await db.query<MappingRule>(
        `update mapping_rule set flow = $3, target = $4, erp_field = $5, source_kind = $6, source = $7, transforms = $8,
           only_create = $9, enabled = $10, position = $11, updated_at = now()
         where backend_id = $1 and id = $2 returning ${COLUMNS}`,
        [backendId, id, ...values(rule)],
      );
      if (!rows[0]) throw new PermanentError('MAPPING_RULE_INVALID', `mapping rule ${id} does not exist`, { id });
      return rows[0];
    },
    async remove(backendId, id) {
      const r = await db.query('delete from mapping_rule where backend_id = $1 and id = $2', [backendId, id]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}
