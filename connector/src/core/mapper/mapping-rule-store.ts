/**
 * mapping_rule rows per backend and flow, validated on every write and audited in the same statement (the row
 * before and after; the admin panel's API uses this). The table
 * keeps the source kind in its own column and the rest of the source as JSON; rows come back in the engine's
 * format (`source: { kind, ... }`, see mapping-rule.ts).
 */
import { PermanentError } from '../errors.ts';
import type { Queryable } from '../sql.ts';
import { notifyMappingsSql } from '../backend/backend-changes.ts';
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

function checked(input: unknown, targets: readonly string[] | undefined): MappingRule {
  const problems = validateRule(input, targets);
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

/** Who writes (the audit log's actor): `system` when no one says. */
export interface RuleWriteOptions {
  actor?: string;
}

export interface MappingRuleStore {
  /** The backend's rows for `flow`, by position (disabled ones included: the engine skips them). */
  list(backendId: number, flow: string): Promise<StoredMappingRule[]>;
  create(backendId: number, flow: string, rule: unknown, opts?: RuleWriteOptions): Promise<StoredMappingRule>;
  update(backendId: number, id: number, flow: string, rule: unknown, opts?: RuleWriteOptions): Promise<StoredMappingRule>;
  remove(backendId: number, id: number, opts?: RuleWriteOptions): Promise<boolean>;
}

// The audit's view of a row: the rule as written, without timestamps.
const AUDITED = `jsonb_build_object('flow', r.flow, 'target', r.target, 'erpField', r.erp_field, 'sourceKind', r.source_kind,
  'source', r.source, 'transforms', r.transforms, 'onlyCreate', r.only_create, 'enabled', r.enabled, 'position', r.position)`;

export interface MappingRuleStoreOptions {
  /** The mapping targets each flow declares, by flow name (assembled from the flow list by the caller). */
  targets?: Readonly<Record<string, readonly string[]>>;
}

/** The mapping rule store over `db`. */
export function createMappingRuleStore(db: Queryable, options: MappingRuleStoreOptions = {}): MappingRuleStore {
  // A flow that declares no target accepts no row; without the list (core's own tests) any target name is kept.
  const targetsOf = (flow: string) => (options.targets ? (options.targets[flow] ?? []) : undefined);
  return {
    async list(backendId, flow) {
      const { rows } = await db.query<Row>(
        `select ${COLUMNS} from mapping_rule where backend_id = $1 and flow = $2 order by position, id`,
        [backendId, flow],
      );
      return rows.map(fromRow);
    },
    async create(backendId, flow, input, opts = {}) {
      const { rows } = await db.query<Row>(
        `with r as (
           insert into mapping_rule (backend_id, flow, target, erp_field, source_kind, source, transforms, only_create, enabled, position)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *
         ), audit as (
           insert into audit_log (actor, action, backend_id, target, after)
           select $11, 'mapping.rule.create', $1, 'mapping_rule:' || r.id, ${AUDITED} from r
         )
         select ${COLUMNS}, ${notifyMappingsSql('$1')} as notified from r`,
        [backendId, ...values(flow, checked(input, targetsOf(flow))), opts.actor ?? 'system'],
      );
      return fromRow(rows[0]!);
    },
    async update(backendId, id, flow, input, opts = {}) {
      const { rows } = await db.query<Row>(
        `with old as (
           select ${AUDITED} as j from mapping_rule r where backend_id = $1 and id = $2
         ), r as (
           update mapping_rule set flow = $3, target = $4, erp_field = $5, source_kind = $6, source = $7, transforms = $8,
             only_create = $9, enabled = $10, position = $11, updated_at = now()
           where backend_id = $1 and id = $2 returning *
         ), audit as (
           insert into audit_log (actor, action, backend_id, target, before, after)
           select $12, 'mapping.rule.update', $1, 'mapping_rule:' || r.id, (select j from old), ${AUDITED} from r
         )
         select ${COLUMNS}, ${notifyMappingsSql('$1')} as notified from r`,
        [backendId, id, ...values(flow, checked(input, targetsOf(flow))), opts.actor ?? 'system'],
      );
      if (!rows[0]) throw new PermanentError('MAPPING_RULE_INVALID', `mapping rule ${id} does not exist`, { id });
      return fromRow(rows[0]);
    },
    async remove(backendId, id, opts = {}) {
      const { rows } = await db.query<{ n: number }>(
        `with r as (
           delete from mapping_rule where backend_id = $1 and id = $2 returning *
         ), audit as (
           insert into audit_log (actor, action, backend_id, target, before)
           select $3, 'mapping.rule.remove', $1, 'mapping_rule:' || r.id, ${AUDITED} from r
           returning 1
         )
         select (select count(*)::int from audit) as n, (select ${notifyMappingsSql('$1')} from audit) as notified`,
        [backendId, id, opts.actor ?? 'system'],
      );
      return (rows[0]?.n ?? 0) > 0;
    },
  };
}
