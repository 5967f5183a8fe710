/**
 * How a rule sees every write, whatever the code path: a PostgreSQL row trigger on the table of each model that
 * has an active rule copies the row before and after each insert and update into `sandbox_automation_event`, in
 * the writing transaction. The ORM's `write`, business SQL (`UPDATE stock_picking SET state = 'done'` in a
 * validation) and wizards all land there; a call that rolls back leaves no event, as Odoo sends nothing then.
 * The call's runner reads its transaction's events before committing (./rule-run.ts).
 */
import type { PoolClient } from 'pg';
import type { Env } from '../orm/types.ts';

const TRIGGER = 'sandbox_automation';

/** The event table and the trigger function (once per database, at start). */
export async function ensureAutomationSchema(tx: PoolClient): Promise<void> {
  await tx.query(`CREATE UNLOGGED TABLE IF NOT EXISTS sandbox_automation_event (
    id bigserial PRIMARY KEY, txid bigint NOT NULL DEFAULT txid_current(), model text NOT NULL, record_id int NOT NULL,
    op text NOT NULL, old_row jsonb, new_row jsonb)`);
  await tx.query('CREATE INDEX IF NOT EXISTS sandbox_automation_event_txid_idx ON sandbox_automation_event (txid)');
  await tx.query(`CREATE OR REPLACE FUNCTION sandbox_automation_capture() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO sandbox_automation_event (model, record_id, op, new_row) VALUES (TG_ARGV[0], NEW.id, 'create', to_jsonb(NEW));
      ELSE
        INSERT INTO sandbox_automation_event (model, record_id, op, old_row, new_row) VALUES (TG_ARGV[0], NEW.id, 'write', to_jsonb(OLD), to_jsonb(NEW));
      END IF;
      RETURN NULL;
    END $fn$`);
}

/** Puts the row trigger on the tables of models with an active rule and takes it off the others (in the call's transaction). */
export async function syncRuleTriggers(env: Env): Promise<void> {
  const wanted = await env.tx.query(
    'SELECT DISTINCT m.model FROM base_automation a JOIN ir_model m ON m.id = a.model_id WHERE a.active IS TRUE');
  const tables = new Map<string, string>();
  for (const r of wanted.rows) {
    const model = env.registry.models.get(r.model as string);
    if (model) tables.set(model.table, model.name);
  }
  const present = await env.tx.query(`SELECT c.relname AS tbl FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = $1`, [TRIGGER]);
  const have = new Set(present.rows.map((r) => r.tbl as string));
  for (const [table, model] of tables) {
    if (have.has(table)) continue;
    await env.tx.query(`CREATE OR REPLACE TRIGGER ${TRIGGER} AFTER INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION sandbox_automation_capture('${model.replace(/'/g, "''")}')`);
  }
  for (const table of have) if (!tables.has(table)) await env.tx.query(`DROP TRIGGER IF EXISTS ${TRIGGER} ON ${table}`);
}
