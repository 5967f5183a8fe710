/**
 * The one MikroORM configuration: the connector's entities, PostgreSQL, and TypeScript migrations kept in the
 * repository's top-level `migrations/` folder. Used by openDatabase() and by the migration CLI.
 */
import { join } from 'node:path';
import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities/index.ts';
import { migrationsList } from '../../../migrations/index.ts';
import { RepoMigrationGenerator } from './migration-generator.ts';

/** `<repo root>/migrations`, wherever the repository was cloned. */
export const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', '..', 'migrations');

/** Builds the ORM options for one database URL (pool sizes stay small: hot paths use their own pg.Pool). */
export function ormConfig(clientUrl: string, poolMax = 4) {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    preferTs: true,
    debug: false,
    allowGlobalContext: false,
    pool: { min: 0, max: poolMax },
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      // A static list (migrations/index.ts), not a glob: loads the same under tsx, vitest and plain Node.
      migrationsList,
      emit: 'ts',
      generator: RepoMigrationGenerator,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      // Diff against the live database, not a committed snapshot: the schema test proves they agree.
      snapshot: false,
      silent: true,
    },
  });
}
