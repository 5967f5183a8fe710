/**
 * Odoo domains: prefix notation (`&`, `|`, `!` before their operands, implicit `&` between the rest) parsed into a
 * tree, then compiled into one SQL condition with bound parameters, so a search is a single query.
 */
import { datetimeCondition } from './datetime-domain.ts';
import { invalidField, valueError } from './errors.ts';
import type { FieldDef, Json, ModelDef, Registry } from './types.ts';

export type DomainNode =
  | { op: 'and' | 'or'; children: DomainNode[] }
  | { op: 'not'; child: DomainNode }
  | { op: 'leaf'; field: string; operator: string; value: Json }
  | { op: 'const'; value: boolean };

const OPERATORS = new Set([
  '=', '!=', '<>', '<', '>', '<=', '>=', 'in', 'not in', 'like', 'ilike', 'not like', 'not ilike', '=like', '=ilike',
  '=?', 'child_of', 'parent_of', 'any', 'not any',
]);

/** Python's truthiness, which Odoo's `=?` tests (`not value`: False, None, 0, '', [] and {} are falsy). */
function pyTruthy(v: Json): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return !!v;
}

/** Parses a domain list into a tree; a malformed domain is Odoo's ValueError. */
export function parseDomain(domain: Json): DomainNode {
  if (domain === null || domain === false) return { op: 'const', value: true };
  if (!Array.isArray(domain)) throw valueError(`Invalid domain: ${JSON.stringify(domain)}`);
  const stack: DomainNode[] = [];
  for (let i = domain.length - 1; i >= 0; i--) {
    const el = domain[i];
    if (el === '&' || el === '|') {
      const a = stack.pop();
      const b = stack.pop();
      if (!a || !b) throw valueError(`Invalid domain: ${JSON.stringify(domain)}`);
      stack.push({ op: el === '&' ? 'and' : 'or', children: [a, b] });
    } else if (el === '!') {
      const a = stack.pop();
      if (!a) throw valueError(`Invalid domain: ${JSON.stringify(domain)}`);
      stack.push({ op: 'not', child: a });
    } else stack.push(parseLeaf(el));
  }
  if (stack.length === 0) return { op: 'const', value: true };
  if (stack.length === 1) return stack[0]!;
  return { op: 'and', children: stack.reverse() };
}

function parseLeaf(el: Json | undefined): DomainNode {
  if (!Array.isArray(el) || el.length !== 3) throw valueError(`Invalid leaf ${JSON.stringify(el)}`);
  const [field, operator, value] = el;
  // Odoo's TRUE_LEAF / FALSE_LEAF
  if (field === 1 && operator === '=' && value === 1) return { op: 'const', value: true };
  if (field === 0 && operator === '=' && value === 1) return { op: 'const', value: false };
  if (typeof field !== 'string' || typeof operator !== 'string') throw valueError(`Invalid leaf ${JSON.stringify(el)}`);
  const op = operator.toLowerCase();
  if (!OPERATORS.has(op)) throw valueError(`Invalid operator ${JSON.stringify(operator)}`);
  return { op: 'leaf', field, operator: op === '<>' ? '!=' : op, value: value ?? false };
}

/** True when a leaf of the tree (at any depth) filters on `field`. */
export function mentionsField(node: DomainNode, field: string): boolean {
  if (node.op === 'leaf') return node.field === field;
  if (node.op === 'not') return mentionsField(node.child, field);
  if (node.op === 'and' || node.op === 'or') return node.children.some((c) => mentionsField(c, field));
  return false;
}

/** Collects parameters for one SQL statement. */
export class Params {
  readonly values: unknown[] = [];
  private aliasSeq = 0;
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  alias(): string {
    return `a${++this.aliasSeq}`;
  }
}

/** The call's context (stock figures read `location` / `warehouse_id` from it). */
type Ctx = Record<string, Json>;

/** Compiles a domain tree over `model` (table alias `alias`) into a SQL boolean expression. */
export function compileDomain(reg: Registry, model: ModelDef, node: DomainNode, alias: string, p: Params, ctx: Ctx = {}): string {
  switch (node.op) {
    case 'const':
      return node.value ? 'TRUE' : 'FALSE';
    case 'not':
      return `NOT (${compileDomain(reg, model, node.child, alias, p, ctx)})`;
    case 'and':
    case 'or':
      return `(${node.children.map((c) => compileDomain(reg, model, c, alias, p, ctx)).join(node.op === 'and' ? ' AND ' : ' OR ')})`;
    case 'leaf':
      return compileLeaf(reg, model, node.field, node.operator, node.value, alias, p, ctx);
  }
}

function compileLeaf(reg: Registry, model: ModelDef, path: string, op: string, value: Json, alias: string, p: Params, ctx: Ctx): string {
  // Odoo: `a =? b` <=> `not b or a = b`
  if (op === '=?') {
    if (!pyTruthy(value)) return 'TRUE';
    op = '=';
  }
  const [head, ...rest] = path.split('.');
  if (head === 'id') {
    if (op === 'child_of' || op === 'parent_of') return `${alias}.id IN (${hierarchySql(model, op, value, p)})`;
    if (op === 'any' || op === 'not any') throw valueError(`Invalid operator ${JSON.stringify(op)} for field 'id'`);
    return scalar(`${alias}.id`, 'integer', op, value, p);
  }
  if (head === 'display_name') return scalar(model.displayName(alias), 'char', op, value, p);
  const f = model.fields[head!];
  if (!f) throw invalidField(model.name, head!);
  const relational = f.type === 'many2one' || f.type === 'one2many' || f.type === 'many2many';
  if (rest.length > 0 || (f.type === 'many2one' && typeof value === 'string' && !op.startsWith('=') && op !== 'child_of' && op !== 'parent_of')) {
    // a path through a relation, or a name search on a many2one: a sub-select on the related model
    if (!relational) throw invalidField(model.name, path);
    const relName = f.relation!;
    const rel = reg.models.get(relName)!;
    const sub = p.alias();
    const inner = rest.length > 0 ? rest.join('.') : 'display_name';
    const cond = compileLeaf(reg, rel, inner, op, value, sub, p, ctx);
    return relationIn(model, f, head!, alias, `SELECT ${sub}.id FROM ${rel.table} ${sub} WHERE ${cond}`, reg);
  }
  if (op === 'any' || op === 'not any') {
    if (!relational) throw valueError(`Invalid operator ${JSON.stringify(op)} for field ${model.name}.${head}: a relational field is expected`);
    // a sub-domain over the related model: `any` some related record matches, `not any` none does (an empty
    // many2one included). x2many sub-searches see active records only, as Odoo's comodel search does.
    const rel = reg.models.get(f.relation!)!;
    const sub = p.alias();
    let cond = compileDomain(reg, rel, parseDomain(value), sub, p, ctx);
    if (f.type !== 'many2one' && rel.fields.active && ctx.active_test !== false && !mentionsField(parseDomain(value), 'active')) {
      cond = `(${cond}) AND ${sub}.active IS TRUE`;
    }
    const positive = relationIn(model, f, head!, alias, `SELECT ${sub}.id FROM ${rel.table} ${sub} WHERE ${cond}`, reg);
    return op === 'any' ? positive : `NOT coalesce(${positive}, FALSE)`;
  }
  if (op === 'child_of' || op === 'parent_of') {
    if (!relational) throw valueError(`Invalid operator ${JSON.stringify(op)} for field ${model.name}.${head}`);
    return relationIn(model, f, head!, alias, hierarchySql(reg.models.get(f.relation!)!, op, value, p), reg);
  }
  if (f.compute) {
    if (f.sql) return scalar(f.sql(alias, ctx), f.type, op, value, p);
    throw valueError(`Non-stored field ${model.name}.${head} cannot be searched.`);
  }
  if (f.type === 'one2many' || f.type === 'many2many') return x2many(reg, model, f, head!, op, value, alias, p);
  if (f.type === 'datetime') {
    const cond = datetimeCondition(`${alias}.${f.column ?? head}`, op, value, p);
    if (cond) return cond;
  }
  return scalar(`${alias}.${f.column ?? head}`, f.type, op, value, p);
}

/**
 * The ids of `child_of` (the records and all their descendants) or `parent_of` (the records and all their
 * ancestors) along the model's parent field, as one recursive sub-select. The value is an id, a list of ids, or
 * names (matched as Odoo's name search does); no starting record matches nothing.
 */
function hierarchySql(model: ModelDef, op: 'child_of' | 'parent_of', value: Json, p: Params): string {
  const parentName = model.parentName ?? 'parent_id';
  const pf = model.fields[parentName];
  if (!pf || pf.type !== 'many2one' || pf.relation !== model.name) throw invalidField(model.name, parentName);
  const col = pf.column ?? parentName;
  const list = Array.isArray(value) ? value : [value];
  const ids = list.filter((v): v is number => typeof v === 'number');
  const names = list.filter((v): v is string => typeof v === 'string');
  const byName = names.map((n) => `${model.displayName('s')} ILIKE ${p.add(`%${n}%`)}`);
  const start = `SELECT s.id FROM ${model.table} s WHERE ${['s.id = ANY(' + p.add(ids) + '::int[])', ...byName].join(' OR ')}`;
  const step = op === 'child_of'
    ? `SELECT c.id FROM ${model.table} c JOIN h ON c.${col} = h.id`
    : `SELECT c.${col} FROM ${model.table} c JOIN h ON c.id = h.id`;
  return `WITH RECURSIVE h(id) AS (${start} UNION ${step}) SELECT h.id FROM h WHERE h.id IS NOT NULL`;
}

function relationIn(model: ModelDef, f: FieldDef, name: string, alias: string, subSql: string, reg: Registry): string {
  if (f.type === 'many2one') return `${f.compute && f.sql ? f.sql(alias, {}) : `${alias}.${f.column ?? name}`} IN (${subSql})`;
  if (f.type === 'many2many') return `${alias}.${f.column ?? name} && ARRAY(${subSql})`;
  const child = reg.models.get(f.relation!)!;
  const inv = child.fields[f.inverse!]!;
  const only = f.childWhere ? ` AND ${f.childWhere('c')}` : '';
  return `${alias}.id IN (SELECT c.${inv.column ?? f.inverse} FROM ${child.table} c WHERE c.id IN (${subSql})${only})`;
}

function x2many(reg: Registry, model: ModelDef, f: FieldDef, name: string, op: string, value: Json, alias: string, p: Params): string {
  const ids = Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : typeof value === 'number' ? [value] : [];
  if (value === false || (Array.isArray(value) && value.length === 0)) {
    // "no related record" / "some related record"
    const empty = f.type === 'many2many'
      ? `cardinality(coalesce(${alias}.${f.column ?? name}, '{}')) = 0`
      : `NOT EXISTS (SELECT 1 FROM ${reg.models.get(f.relation!)!.table} c WHERE c.${f.inverse} = ${alias}.id${f.childWhere ? ` AND ${f.childWhere('c')}` : ''})`;
    return op === '=' || op === 'in' ? empty : `NOT (${empty})`;
  }
  const subSql = `SELECT unnest(${p.add(ids)}::int[])`;
  const positive = relationIn(model, f, name, alias, subSql, reg);
  if (op === '=' || op === 'in') return positive;
  if (op === '!=' || op === 'not in') return `NOT (${positive})`;
  throw valueError(`Invalid operator ${op} for ${model.name}.${name}`);
}

function scalar(col: string, type: string, op: string, value: Json, p: Params): string {
  const isBool = type === 'boolean';
  if (isBool && (op === 'in' || op === 'not in')) {
    // a boolean `in [True, False]`: False is a value (stored false or unset), not an empty field
    const list = Array.isArray(value) ? value : [value];
    const parts = [...new Set(list.map((v) => !!v))].map((v) => (v ? `${col} = TRUE` : `(${col} IS NULL OR ${col} = FALSE)`));
    const inSql = parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
    return op === 'in' ? inSql : `NOT ${inSql}`;
  }
  if (op === 'in' || op === 'not in') {
    const list = Array.isArray(value) ? value : [value];
    const hasFalse = list.some((v) => v === false || v === null);
    const vals = list.filter((v) => v !== false && v !== null);
    const arr = vals.length ? `${col} = ANY(${p.add(vals)})` : 'FALSE';
    const inSql = hasFalse ? `(${arr} OR ${col} IS NULL)` : arr;
    if (op === 'in') return inSql;
    return hasFalse ? `NOT ${inSql}` : `(${col} IS NULL OR NOT (${arr}))`;
  }
  if (value === false || value === null) {
    if (op === '=') return isBool ? `(${col} IS NULL OR ${col} = FALSE)` : `${col} IS NULL`;
    if (op === '!=') return isBool ? `${col} = TRUE` : `${col} IS NOT NULL`;
  }
  if (isBool && op === '=' && value === true) return `${col} = TRUE`;
  if (isBool && op === '!=' && value === true) return `(${col} IS NULL OR ${col} = FALSE)`;
  switch (op) {
    case '=':
      return `${col} = ${p.add(value)}`;
    case '!=':
      return `(${col} IS NULL OR ${col} <> ${p.add(value)})`;
    case '<': case '>': case '<=': case '>=':
      return `${col} ${op} ${p.add(value)}`;
    case 'like': case 'ilike': case 'not like': case 'not ilike': {
      const sqlOp = op.endsWith('ilike') ? 'ILIKE' : 'LIKE';
      const expr = `${col}::text ${sqlOp} ${p.add(`%${String(value)}%`)}`;
      return op.startsWith('not') ? `(${col} IS NULL OR NOT (${expr}))` : expr;
    }
    case '=like':
      return `${col}::text LIKE ${p.add(String(value))}`;
    case '=ilike':
      return `${col}::text ILIKE ${p.add(String(value))}`;
  }
  throw valueError(`Invalid operator ${op}`);
}

/** One ORDER BY term: an SQL expression and its direction. */
interface OrderTerm {
  expr: string;
  desc: boolean;
  nulls: string;
}

const INVALID_ORDER = (order: string | undefined) => valueError(
  `Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`);

/**
 * The terms of an order spec over `alias`. A many2one sorts by the related model's own order (partner_id by the
 * partner's name), its directions reversed under `desc`, as Odoo's `_order_to_sql` joins the comodel; registries
 * not given (unit use) sort many2ones by the id.
 */
function orderTerms(reg: Registry | undefined, model: ModelDef, spec: string, alias: string, reverse: boolean, order: string | undefined, depth: number): OrderTerm[] {
  return spec.split(',').map((s) => s.trim()).filter(Boolean).flatMap((item): OrderTerm[] => {
    const m = /^([a-z_][a-z0-9_]*)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?$/i.exec(item);
    if (!m) throw valueError(`Invalid "order" specified (${order}).`);
    const name = m[1]!;
    const desc = (m[2] ?? 'asc').toLowerCase() === 'desc' !== reverse;
    const nulls = m[3] ? ` NULLS ${m[3].toUpperCase()}` : '';
    if (name === 'id') return [{ expr: `${alias}.id`, desc, nulls }];
    const f = model.fields[name];
    if (!f || f.type === 'one2many' || f.type === 'many2many' || (f.compute && !(f.store && f.sql))) throw INVALID_ORDER(order);
    if (f.compute) return [{ expr: f.sql!(alias, {}), desc, nulls }];
    const col = `${alias}.${f.column ?? name}`;
    const rel = f.type === 'many2one' && reg ? reg.models.get(f.relation!) : undefined;
    if (!rel || rel.order.trim() === 'id' || depth >= 3) return [{ expr: col, desc, nulls }];
    const sub = `${alias}_${depth}${name}`;
    return orderTerms(reg, rel, rel.order, sub, desc, order, depth + 1)
      .map((t) => ({ ...t, expr: `(SELECT ${t.expr} FROM ${rel.table} ${sub} WHERE ${sub}.id = ${col})`, nulls: t.nulls || nulls }));
  });
}

/** Compiles an Odoo `order` string ("name desc, id") into SQL, refusing unknown or unstored fields. */
export function compileOrder(model: ModelDef, order: string | undefined, alias: string, reg?: Registry): string {
  const spec = order && order.trim() ? order : model.order;
  const terms = orderTerms(reg, model, spec, alias, false, order, 0);
  return [...terms.map((t) => `${t.expr} ${t.desc ? 'DESC' : 'ASC'}${t.nulls}`), `${alias}.id ASC`].join(', ');
}
