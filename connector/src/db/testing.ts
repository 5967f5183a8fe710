/** For tests only: a fresh, migrated connector database on the run's PostgreSQL, dropped afterwards. */
import { inject } from 'vitest';
import { createTestDatabase, templateDatabase } from './test-database.ts';
import { migrateUp, openDatabase, type Database } from './database.ts';
import { runWorkerMigrations } from './worker-migrations.ts';

/**
 * A new database named after `label` with every migration applied (and graphile-worker's schema when `worker`),
 * copied from the run's template (migrated once per run: seconds saved per database).
 */
export async function createMigratedTestDatabase(adminUrl: string, label: string, opts: { worker?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const key = opts.worker ? 'connector_worker' : 'connector';
  const template = await templateDatabase(adminUrl, inject('testRunId'), key, async (url) => {
    await migrateUp(url);
    if (opts.worker) await runWorkerMigrations(url);
  });
  return createTestDatabase(adminUrl, label, template);
}

/** Creates, migrates and opens a database named after `label`; `drop()` closes and removes it. */
export async function openTestDatabase(label: string): Promise<Database & { drop(): Promise<void> }> {
  const created = await createMigratedTestDatabase(inject('pgAdminUrl'), label);
  const db = await openDatabase(created.url, { poolMax: 6, ormPoolMax: 2 });
  return {
    ...db,
    async drop() {
      await db.close();
      await created.drop();
    },
  };
}

/** Inserts a minimal backend row (no credentials) and returns its id. */
export async function insertTestBackend(db: Database, name = 'test', sellerId = 'A2TESTSELLER'): Promise<number> {
  const { rows } = await db.pool.query<{ id: number }>(
    `insert into backend (name, amazon_region, seller_id, marketplace_ids, erp_url, erp_db)
     values ($1, 'eu', $2, '{A1PA6795UKMFR9}', 'http://127.0.0.1:8069', 'demo') returning id`,
    [name, sellerId],
  );
  return rows[0]!.id;
}
