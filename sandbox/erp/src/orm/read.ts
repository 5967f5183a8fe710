/**
 * `read` and `search` over the emulated models: one query for the stored columns, one per related model for the
 * many2one display names, one per one2many field, and each computed field batched over all ids.
 */
import { companyRuleSql } from './company-scope.ts';
import { compileDomain, compileOrder, mentionsField, Params, parseDomain } from './domain.ts';
import { invalidField } from './errors.ts';
import type { Env, Json, ModelDef, Vals } from './types.ts';
import { fromDb } from './values.ts';

/** Looks a model up; unknown models are the caller's problem (each transport words it its own way). */
export function getModel(env: Env, name: string): ModelDef {
  const m = env.registry.models.get(name);
  if (!m) throw new Error(`model ${name} not registered`);
  return m;
}

/** Reads `fields` (all when absent) of `ids`, in the order of `ids`; missing ids are left out, as Odoo does. */
export async function readRecords(env: Env, model: ModelDef, ids: number[], fields?: string[] | null): Promise<Vals[]> {
  const names = fields && fields.length ? fields.filter((f) => f !== 'id') : Object.keys(model.fields);
  for (const n of names) if (n !== 'display_name' && !model.fields[n]) throw invalidField(model.name, n);
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const stored = names.filter((n) => {
    const f = model.fields[n];
    return f && !f.compute && f.type !== 'one2many';
  });
  const cols = ['t.id', ...stored.map((n) => `t.${model.fields[n]!.column ?? n} AS "${n}"`)];
  if (names.includes('display_name')) cols.push(`${model.displayName('t')} AS display_name`);
  const r = await env.tx.query(`SELECT ${cols.join(', ')} FROM ${model.table} t WHERE t.id = ANY($1)`, [unique]);
  const byId = new Map<number, Record<string, unknown>>(r.rows.map((row) => [row.id as number, row]));
  const found = unique.filter((id) => byId.has(id));
  const extra = new Map<string, Map<number, Json>>();
  for (const n of names) {
    const f = model.fields[n];
    if (!f) continue;
    if (f.compute) extra.set(n, await f.compute(env, found));
    else if (f.type === 'one2many') extra.set(n, await readOne2many(env, model, n, found));
  }
  const m2oNames = await many2oneNames(env, model, stored, r.rows);
  return found.map((id) => {
    const row = byId.get(id)!;
    const out: Vals = { id };
    for (const n of names) {
      if (n === 'display_name') {
        out[n] = (row.display_name as string | null) ?? false;
        continue;
      }
      const f = model.fields[n]!;
      if (extra.has(n)) out[n] = extra.get(n)!.get(id) ?? (f.type === 'one2many' ? [] : false);
      else if (f.type === 'many2one') {
        const v = row[n] as number | null;
        out[n] = v == null ? false : [v, m2oNames.get(f.relation!)?.get(v) ?? false];
      } else out[n] = fromDb(f, row[n]);
    }
    return out;
  });
}

async function many2oneNames(env: Env, model: ModelDef, stored: string[], rows: Array<Record<string, unknown>>) {
  const wanted = new Map<string, Set<number>>();
  for (const n of stored) {
    const f = model.fields[n]!;
    if (f.type !== 'many2one') continue;
    const set = wanted.get(f.relation!) ?? new Set<number>();
    for (const row of rows) if (row[n] != null) set.add(row[n] as number);
    wanted.set(f.relation!, set);
  }
  const out = new Map<string, Map<number, Json>>();
  for (const [rel, set] of wanted) {
    if (set.size === 0) continue;
    const rm = getModel(env, rel);
    const r = await env.tx.query(`SELECT t.id, ${rm.displayName('t')} AS dn FROM ${rm.table} t WHERE t.id = ANY($1)`, [[...set]]);
    out.set(rel, new Map(r.rows.map((x) => [x.id as number, (x.dn as string | null) ?? false])));
  }
  return out;
}

async function readOne2many(env: Env, model: ModelDef, name: string, ids: number[]): Promise<Map<number, Json>> {
  const f = model.fields[name]!;
  const child = getModel(env, f.relation!);
  const inv = child.fields[f.inverse!]!.column ?? f.inverse!;
  const r = await env.tx.query(
    `SELECT t.id, t.${inv} AS parent FROM ${child.table} t WHERE t.${inv} = ANY($1)${f.childWhere ? ` AND ${f.childWhere('t')}` : ''} ORDER BY ${compileOrder(child, undefined, 't')}`,
    [ids],
  );
  const out = new Map<number, Json>(ids.map((id) => [id, [] as number[]]));
  for (const row of r.rows) (out.get(row.parent as number) as number[]).push(row.id as number);
  return out;
}

export interface SearchOpts {
  limit?: number | null;
  offset?: number | null;
  order?: string | null;
}

/** Builds the WHERE clause of a search, adding Odoo's implicit `active = True` unless told otherwise. */
export function whereClause(env: Env, model: ModelDef, domain: Json, p: Params): string {
  const tree = parseDomain(domain ?? []);
  let sql = compileDomain(env.registry, model, tree, 't', p, env.context);
  if (model.fields.active && env.context.active_test !== false && !mentionsField(tree, 'active')) {
    sql = `(${sql}) AND t.active IS TRUE`;
  }
  const implicit = model.implicitWhere?.('t', (field) => mentionsField(tree, field));
  if (implicit) sql = `(${sql}) AND ${implicit}`;
  const companyRule = companyRuleSql(env, model, 't');
  return companyRule ? `(${sql}) AND ${companyRule}` : sql;
}

/** Ids matching `domain`, ordered and paged like Odoo's `search`. */
export async function searchIds(env: Env, model: ModelDef, domain: Json, opts: SearchOpts = {}): Promise<number[]> {
  const p = new Params();
  const where = whereClause(env, model, domain, p);
  let sql = `SELECT t.id FROM ${model.table} t WHERE ${where} ORDER BY ${compileOrder(model, opts.order ?? undefined, 't', env.registry)}`;
  if (opts.limit != null && opts.limit !== false as unknown) sql += ` LIMIT ${p.add(opts.limit)}`;
  if (opts.offset) sql += ` OFFSET ${p.add(opts.offset)}`;
  const r = await env.tx.query(sql, p.values);
  return r.rows.map((x) => x.id as number);
}

/** Number of records matching `domain`. */
export async function searchCount(env: Env, model: ModelDef, domain: Json, limit?: number | null): Promise<number> {
  const p = new Params();
  const where = whereClause(env, model, domain, p);
  const inner = `SELECT 1 FROM ${model.table} t WHERE ${where}${limit ? ` LIMIT ${p.add(limit)}` : ''}`;
  const r = await env.tx.query(`SELECT count(*)::int AS n FROM (${inner}) s`, p.values);
  return r.rows[0].n as number;
}
