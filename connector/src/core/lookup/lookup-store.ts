/**
 * Lookup tables per backend: name -> key -> JSON value. Reads are batched (one query for a whole order batch's
 * SKUs); writes validate the values of the declared tables (LookupTableSpec, handed in by the flows) and are
 * audited in the same statement or transaction (the entries whose value changed, before and after). A table
 * declared with `binding` is stored as bindings (lookup-bindings.ts); the others as lookup entries.
 */
import type pg from 'pg';
import type { Queryable } from '../sql.ts';
import { notifyMappingsSql } from '../backend/backend-changes.ts';
import { countBindings, putBindings, readBindings, removeBindings, type BindingSpec } from './lookup-bindings.ts';
import { checkTableName, checkValues, compileSpecs, type LookupEntryInput, type LookupTableSpec } from './lookup-table-spec.ts';

/** Who writes (the audit log's actor): `system` when no one says. */
export interface WriteOptions {
  actor?: string;
  /** Write in this transaction (the caller's), not in one of the store's own. */
  tx?: Queryable;
}

export interface LookupStore {
  /** Inserts or replaces entries (creating the table on first use); one statement or transaction, audit included. */
  put(backendId: number, table: string, entries: readonly LookupEntryInput[], opts?: WriteOptions): Promise<void>;
  remove(backendId: number, table: string, keys: readonly string[], opts?: WriteOptions): Promise<number>;
  /** The values of `keys` in one query; missing keys are absent from the map. T: the table's value type. */
  getMany<T = unknown>(backendId: number, table: string, keys: readonly string[]): Promise<Map<string, T>>;
  /** Whole tables (for mapping rules, which may read any key), one query for the lookup-entry tables. */
  loadTables(backendId: number, names: readonly string[]): Promise<Map<string, Map<string, unknown>>>;
  listTables(backendId: number): Promise<{ name: string; entries: number }[]>;
  /** The declared tables (name, description, value schema, binding). */
  readonly tables: readonly LookupTableSpec[];
}

export interface LookupStoreOptions {
  /** The tables the flows declare; any other name is a free-form table (values unchecked). */
  tables?: readonly LookupTableSpec[];
}

/** The lookup store over `pool`. */
export function createLookupStore(pool: pg.Pool, options: LookupStoreOptions = {}): LookupStore {
  const db = pool;
  const specs = compileSpecs(options.tables ?? []);
  const bound = (table: string) => {
    const spec = specs.get(table);
    return spec?.binding ? (spec as BindingSpec) : undefined;
  };
  const store: LookupStore = {
    tables: options.tables ?? [],
    async put(backendId, table, entries, opts = {}) {
      checkTableName(table);
      checkValues(table, specs.get(table)?.check, entries);
      const b = bound(table);
      if (b) return putBindings(pool, backendId, b, entries, opts.actor ?? 'system', opts.tx);
      const last = new Map(entries.map((e) => [e.key, e.value]));
      // Every sub-statement sees the table as it was before: `old` holds the values being replaced.
      await (opts.tx ?? db).query(
        `with t as (
           insert into lookup_table (backend_id, name) values ($1, $2)
           on conflict (backend_id, name) do update set name = excluded.name returning id
         ), input as (
           select k, v from unnest($3::text[], $4::jsonb[]) as e(k, v)
         ), old as (
           select e.key, e.value from lookup_entry e join t on e.table_id = t.id where e.key = any($3::text[])
         ), up as (
           insert into lookup_entry (table_id, key, value)
           select t.id, k, v from t, input
           on conflict (table_id, key) do update set value = excluded.value, updated_at = now()
         ), changed as (
           select i.k, o.value as before, i.v as after from input i left join old o on o.key = i.k
            where o.value is distinct from i.v
         ), audit as (
           insert into audit_log (actor, action, backend_id, target, before, after)
           select $5, 'mapping.lookup.put', $1, 'lookup:' || $2,
                  jsonb_object_agg(k, before) filter (where before is not null), jsonb_object_agg(k, after)
             from changed having count(*) > 0
           returning 1
         )
         -- Every process drops its cached reference data of the backend (when something changed).
         select (select ${notifyMappingsSql('$1')} from audit) as notified`,
        [backendId, table, [...last.keys()], [...last.values()].map((v) => JSON.stringify(v)), opts.actor ?? 'system'],
      );
    },
    async remove(backendId, table, keys, opts = {}) {
      const b = bound(table);
      if (b) return removeBindings(pool, backendId, b, keys, opts.actor ?? 'system');
      const { rows } = await db.query<{ n: number }>(
        `with gone as (
           delete from lookup_entry e using lookup_table t
            where e.table_id = t.id and t.backend_id = $1 and t.name = $2 and e.key = any($3::text[])
           returning e.key, e.value
         ), audit as (
           insert into audit_log (actor, action, backend_id, target, before)
           select $4, 'mapping.lookup.remove', $1, 'lookup:' || $2, jsonb_object_agg(key, value) from gone having count(*) > 0
           returning 1
         )
         -- Every process drops its cached reference data of the backend (when something was removed).
         select (select count(*)::int from gone) as n, (select ${notifyMappingsSql('$1')} from audit) as notified`,
        [backendId, table, [...keys], opts.actor ?? 'system'],
      );
      return rows[0]?.n ?? 0;
    },
    async getMany<T>(backendId: number, table: string, keys: readonly string[]) {
      const map = new Map<string, T>();
      if (keys.length === 0) return map;
      const b = bound(table);
      if (b) return (await readBindings(db, backendId, b, keys)) as Map<string, T>;
      const { rows } = await db.query<{ key: string; value: T }>(
        `select e.key, e.value from lookup_entry e join lookup_table t on t.id = e.table_id
          where t.backend_id = $1 and t.name = $2 and e.key = any($3::text[])`,
        [backendId, table, [...new Set(keys)]],
      );
      for (const r of rows) map.set(r.key, r.value);
      return map;
    },
    async loadTables(backendId, names) {
      const out = new Map<string, Map<string, unknown>>(names.map((n) => [n, new Map()]));
      for (const n of names) {
        const b = bound(n);
        if (b) out.set(n, await readBindings(db, backendId, b));
      }
      const rest = names.filter((n) => !bound(n));
      if (rest.length === 0) return out;
      const { rows } = await db.query<{ name: string; key: string; value: unknown }>(
        `select t.name, e.key, e.value from lookup_entry e join lookup_table t on t.id = e.table_id
          where t.backend_id = $1 and t.name = any($2::text[])`,
        [backendId, rest],
      );
      for (const r of rows) out.get(r.name)!.set(r.key, r.value);
      return out;
    },
    async listTables(backendId) {
      const { rows } = await db.query<{ name: string; entries: number }>(
        `select t.name, count(e.id)::int as entries from lookup_table t left join lookup_entry e on e.table_id = t.id
          where t.backend_id = $1 group by t.name order by t.name`,
        [backendId],
      );
      // A binding-backed table's lookup_table row says it exists; its entries are bindings.
      for (const r of rows) {
        const b = bound(r.name);
        if (b) r.entries = await countBindings(db, backendId, b);
      }
      return rows;
    },
  };
  return store;
}
