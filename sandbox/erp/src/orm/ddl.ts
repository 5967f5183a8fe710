/**
 * The database schema, derived from the model registry (a column per stored field, magic columns, indexes,
 * foreign keys added once all tables exist) plus the sandbox's own tables and sequences.
 */
import type { PoolClient } from 'pg';
import type { Registry } from './types.ts';
import { sqlType } from './values.ts';

/** Creates every table, index, foreign key and sequence that does not exist yet. */
export async function ensureSchema(tx: PoolClient, reg: Registry): Promise<void> {
  const tables: string[] = [];
  const statements: string[] = [];
  const fks: Array<{ table: string; col: string; sql: string }> = [];
  /** Columns added since a database was created (a sandbox restarted on an older database gets them). */
  const added: string[] = [];
  const seen = new Set<string>();
  const declared = new Set<string>();
  for (const m of reg.models.values()) {
    // a second model over the same table (product.template over product_product) adds its own columns to it
    const shared = declared.has(m.table);
    declared.add(m.table);
    const cols: string[] = ['id serial PRIMARY KEY'];
    for (const [name, f] of Object.entries(m.fields)) {
      const type = sqlType(f);
      const col = f.column ?? name;
      if (!type || seen.has(`${m.table}.${col}`)) continue;
      seen.add(`${m.table}.${col}`);
      let def = `${col} ${type}`;
      if (name === 'create_date' || name === 'write_date') def += ` DEFAULT sandbox_now()`;
      if (type === 'integer[]') def += ` DEFAULT '{}'`;
      cols.push(def);
      added.push(`ALTER TABLE ${m.table} ADD COLUMN IF NOT EXISTS ${def}`);
      if (shared) statements.unshift(`ALTER TABLE ${m.table} ADD COLUMN IF NOT EXISTS ${def}`);
      if (f.type === 'many2one') {
        const rel = reg.models.get(f.relation!)!;
        fks.push({ table: m.table, col, sql: `ALTER TABLE ${m.table} ADD CONSTRAINT ${m.table}_${col}_fkey FOREIGN KEY (${col}) REFERENCES ${rel.table}(id) ON DELETE ${(f.ondelete ?? "set null").toUpperCase()} DEFERRABLE INITIALLY IMMEDIATE` });
      }
      if (f.index || f.type === 'many2one') statements.push(`CREATE INDEX IF NOT EXISTS ${m.table}_${col}_idx ON ${m.table} (${col})`);
    }
    if (!shared) tables.push(`CREATE TABLE IF NOT EXISTS ${m.table} (${cols.join(', ')})`);
  }
  statements.push(
    'CREATE UNIQUE INDEX IF NOT EXISTS stock_quant_product_location_uniq ON stock_quant (product_id, location_id)',
    'CREATE INDEX IF NOT EXISTS account_move_line_sale_line_ids_idx ON account_move_line USING gin (sale_line_ids)',
    'CREATE INDEX IF NOT EXISTS res_partner_email_lower_idx ON res_partner (lower(email))',
    'CREATE SEQUENCE IF NOT EXISTS sale_order_name_seq',
    `CREATE TABLE IF NOT EXISTS sandbox_credential (uid int PRIMARY KEY REFERENCES res_users(id), login text UNIQUE NOT NULL,
       password text NOT NULL, api_key text UNIQUE)`,
  );
  // a lock so two sandboxes starting on one empty database do not race on CREATE TABLE
  await tx.query('SELECT pg_advisory_xact_lock(8069)');
  const exists = await tx.query(`SELECT to_regclass('sandbox_credential') IS NOT NULL AS ok`);
  // columns there before: a module installed later adds tables and columns, which get their foreign keys (only
  // new, empty columns: an older database's columns are left as they are)
  const before = await tx.query(`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()`);
  const had = new Set(before.rows.map((r) => r.c as string));
  await tx.query(SANDBOX_NOW);
  for (const s of tables) await tx.query(s);
  if (exists.rows[0].ok) {
    for (const s of added) await tx.query(s);
    await widenTimestamps(tx);
  }
  for (const s of statements) await tx.query(s);
  for (const fk of fks) if (!exists.rows[0].ok || !had.has(`${fk.table}.${fk.col}`)) await tx.query(fk.sql);
}

/**
 * "Now" of the records (`write_date`, `date_done`, ...): the transaction's start in UTC with microseconds, as Odoo's
 * `cr.now()`, unless the call pinned it (`sandbox.now`, set by a sandbox started with a `now` source: replays).
 */
const SANDBOX_NOW = `CREATE OR REPLACE FUNCTION sandbox_now() RETURNS timestamp LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('sandbox.now', true), '')::timestamp, now() at time zone 'utc') $$`;

/** Databases made before datetimes kept microseconds (timestamp(0), which also rounds) get microsecond columns. */
async function widenTimestamps(tx: PoolClient): Promise<void> {
  const r = await tx.query(`SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone' AND datetime_precision = 0`);
  for (const c of r.rows) await tx.query(`ALTER TABLE ${c.table_name as string} ALTER COLUMN ${c.column_name as string} TYPE timestamp`);
}
