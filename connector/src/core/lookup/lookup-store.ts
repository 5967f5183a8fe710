/**
 * Lookup tables per backend: name -> key -> JSON value. Reads are batched (one query for a whole order batch's
 * SKUs); writes validate the values of the fixed tables (sku_map, tax_map, marketplace_map) and are audited in the
 * same statement (the entries whose value changed, before and after).
 */
import { Compile } from 'typebox/compile';
import { PermanentError } from '../errors.ts';
import type { Queryable } from '../sql.ts';
import { notifyMappingsSql } from '../backend/backend-changes.ts';
import { FIXED_TABLES, type MarketplaceMapValue, type SkuMapValue, type TaxMapValue } from './fixed-tables.ts';

const validators = Object.fromEntries(Object.entries(FIXED_TABLES).map(([name, schema]) => [name, Compile(schema)]));

export interface LookupEntryInput {
  key: string;
  value: unknown;
}

/** Value types of the fixed tables, for typed reads. */
export interface FixedTableValues {
  sku_map: SkuMapValue;
  tax_map: TaxMapValue;
  marketplace_map: MarketplaceMapValue;
}

/** Who writes (the audit log's actor): `system` when no one says. */
export interface WriteOptions {
  actor?: string;
}

export interface LookupStore {
  /** Inserts or replaces entries (creating the table on first use); one statement, audit included. */
  put(backendId: number, table: string, entries: readonly LookupEntryInput[], opts?: WriteOptions): Promise<void>;
  remove(backendId: number, table: string, keys: readonly string[], opts?: WriteOptions): Promise<number>;
  /** The values of `keys` in one query; missing keys are absent from the map. */
  getMany<T = unknown>(backendId: number, table: string, keys: readonly string[]): Promise<Map<string, T>>;
  /** Typed getMany for the fixed tables. */
  getFixed<N extends keyof FixedTableValues>(backendId: number, table: N, keys: readonly string[]): Promise<Map<string, FixedTableValues[N]>>;
  /** Whole tables (for mapping rules, which may read any key), one query for all of them. */
  loadTables(backendId: number, names: readonly string[]): Promise<Map<string, Map<string, unknown>>>;
  listTables(backendId: number): Promise<{ name: string; entries: number }[]>;
}

/** The lookup store over `db`. */
export function createLookupStore(db: Queryable): LookupStore {
  const store: LookupStore = {
    async put(backendId, table, entries, opts = {}) {
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(table)) {
        throw new PermanentError('MAPPING_RULE_INVALID', `invalid lookup table name ${table}`, { table });
      }
      const check = validators[table];
      const bad = check ? entries.filter((e) => !check.Check(e.value)).map((e) => e.key) : [];
      if (bad.length) {
        throw new PermanentError('MAPPING_RULE_INVALID', `invalid ${table} values for keys: ${bad.slice(0, 10).join(', ')}`, {
          table,
          keys: bad,
        });
      }
      const last = new Map(entries.map((e) => [e.key, e.value]));
      // Every sub-statement sees the table as it was before: `old` holds the values being replaced.
      await db.query(
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
      const { rows } = await db.query<{ key: string; value: T }>(
        `select e.key, e.value from lookup_entry e join lookup_table t on t.id = e.table_id
          where t.backend_id = $1 and t.name = $2 and e.key = any($3::text[])`,
        [backendId, table, [...new Set(keys)]],
      );
      for (const r of rows) map.set(r.key, r.value);
      return map;
    },
    getFixed(backendId, table, keys) {
      return store.getMany(backendId, table, keys);
    },
    async loadTables(backendId, names) {
      const out = new Map<string, Map<string, unknown>>(names.map((n) => [n, new Map()]));
      if (names.length === 0) return out;
      const { rows } = await db.query<{ name: string; key: string; value: unknown }>(
        `select t.name, e.key, e.value from lookup_entry e join lookup_table t on t.id = e.table_id
          where t.backend_id = $1 and t.name = any($2::text[])`,
        [backendId, [...names]],
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
      return rows;
    },
  };
  return store;
}
