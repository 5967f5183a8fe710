import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from './test-database.ts';
import { migrateUp, openDatabase } from './database.ts';
import { MIGRATIONS_DIR, ormConfig } from './orm-config.ts';
import { runWorkerMigrations } from './worker-migrations.ts';

describe('database', () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase(inject('pgAdminUrl'), 'database');
  });
  afterAll(async () => db.drop());

  it('migrates a fresh database, twice at once, and the entities match the migrations exactly', async () => {
    const [a, b] = await Promise.all([migrateUp(db.url), migrateUp(db.url)]);
    // The advisory lock lets one process apply everything and the other find nothing left to do.
    expect([...a!, ...b!].filter((n) => n.startsWith('Migration')).length).toBeGreaterThan(0);
    expect(a!.length === 0 || b!.length === 0).toBe(true);

    const orm = await MikroORM.init(ormConfig(db.url, 1));
    try {
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close(true);
    }
  });

  it('runs every migration file of migrations/ (the static list is complete)', async () => {
    const { migrationsList } = await import('../../../migrations/index.ts');
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^Migration\d+.*\.ts$/.test(f));
    expect(migrationsList.map((m) => `${m.name}.ts`).sort()).toEqual(files.sort());
  });

  it('opens with the ORM and a raw pool on the same tables, and installs the worker schema', async () => {
    const database = await openDatabase(db.url);
    try {
      const em = database.em();
      const { Backend } = await import('./entities/index.ts');
      const created = em.create(Backend, {
        name: 'eu-main',
        amazonRegion: 'eu',
        sellerId: 'A1SELLER',
        marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'],
        erpUrl: 'http://127.0.0.1:8069',
        erpDb: 'demo',
      });
      await em.flush();
      const row = await database.pool.query('select marketplace_ids, settings from backend where id = $1', [created.id]);
      expect(row.rows[0]).toEqual({ marketplace_ids: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'], settings: {} });

      await runWorkerMigrations(db.url);
      await runWorkerMigrations(db.url);
      const jobs = await database.pool.query(`select to_regclass('graphile_worker._private_jobs') as t`);
      expect(jobs.rows[0].t).toBe('graphile_worker._private_jobs');
    } finally {
      await database.close();
    }
  });
});
