/**
 * mapping_rule rows per backend and flow, validated on every write (the admin panel's API uses this). The table
 * keeps the source kind in its own column and the rest of the source as JSON; rows come back in the engine's
 * format (`source: { kind, ... }`, see mapping-rule.ts).
 */
import { PermanentError } from '../errors.ts';
import type { Queryable } from '../sql.ts';
import type { MappingRule, MappingSource } from './mapping-rule.ts';
import { validateRule } from './validate-rule.ts';

export interface StoredMappingRule extends MappingRule {
  id: number;
  flow: string;
}

interface Row {
  id: number;
  flow: string;
  target: MappingRule['target'];
  erp_field: string;
  source_kind: MappingSource['kind'];
  source: Record<string, unknown>;
  transforms: MappingRule['transforms'];
  only_create: boolean;
  enabled: boolean;
  position: number;
}

const COLUMNS = 'id, flow, target, erp_field, source_kind, source, transforms, only_create, enabled, position';

function fromRow(r: Row): StoredMappingRule {
  return {
    id: r.id,
    flow: r.flow,
    target: r.target,
    erpField: r.erp_field,
    source: { ...r.source, kind: r.source_kind } as MappingSource,
    transforms: r.transforms,
    onlyCreate: r.only_create,
    enabled: r.enabled,
    position: r.position,
  };
}

function checked(input: unknown): MappingRule {
  const problems = validateRule(input);
  if (problems.length) {
    throw new PermanentError('MAPPING_RULE_INVALID', `invalid mapping rule: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
      problems,
    });
  }
  return input as MappingRule;
}

function values(flow: string, rule: MappingRule): unknown[] {
  const { kind, ...rest } = rule.source;
  return [flow, rule.target, rule.erpField, kind, JSON.stringify(rest), JSON.stringify(rule.transforms), rule.onlyCreate, rule.enabled, rule.position];
}

export interface MappingRuleStore {
  /** The backend's rows for `flow`, by position (disabled ones included: the engine skips them). */
  list(backendId: number, flow: string): Promise<StoredMappingRule[]>;
  create(backendId: number, flow: string, rule: unknown): Promise<StoredMappingRule>;
  update(backendId: number, id: number, flow: string, rule: unknown): Promise<StoredMappingRule>;
  remove(backendId: number, id: number): Promise<boolean>;
}

/** The mapping rule store over `db`. */
export function createMappingRuleStore(db: Queryable): MappingRuleStore {
  return {
    async list(backendId, flow) {
      const { rows } = await db.query<Row>(
        `select ${COLUMNS} from mapping_rule where backend_id = $1 and flow = $2 order by position, id`,
        [backendId, flow],
      );
      return rows.map(fromRow);
    },
    async create(backendId, flow, input) {
      const { rows } = await db.query<Row>(
        `insert into mapping_rule (backend_id, flow, target, erp_field, source_kind, source, transforms, only_create, enabled, position)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${COLUMNS}`,
        [backendId, ...values(flow, checked(input))],
      );
      return fromRow(rows[0]!);
    },
    async update(backendId, id, flow, input) {
      const { rows } = await db.query<Row>(
        `update mapping_rule set flow = $3, target = $4, erp_field = $5, source_kind = $6, source = $7, transforms = $8,
           only_create = $9, enabled = $10, position = $11, updated_at = now()
         where backend_id = $1 and id = $2 returning ${COLUMNS}`,
        [backendId, id, ...values(flow, checked(input))],
      );
      if (!rows[0]) throw new PermanentError('MAPPING_RULE_INVALID', `mapping rule ${id} does not exist`, { id });
      return fromRow(rows[0]);
    },
    async remove(backendId, id) {
      const r = await db.query('delete from mapping_rule where backend_id = $1 and id = $2', [backendId, id]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}
